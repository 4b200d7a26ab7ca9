// The demo teaser rendered by RenderRunner (spec -> props -> plan -> ffmpeg -> sealed run
// folder) against one hand-written ffmpeg command drawing the same frames with the same
// encoder settings, measured alternately; medians of five runs each. Prints:
//   render_s <median> s
//   render_ffmpeg_baseline_s <median> s
//   render_ratio <ratio> x
// and, on stderr, whether both produced the same decoded frames.
#include "testsupport.h"

#include "render/renderrunner.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace greenlight;

namespace {

constexpr int kRounds = 5;

// Written by hand from the teaser: one chain per scene, text placed where the layout puts
// its baselines, images scaled once, scenes concatenated.
const char *kBaselineGraph = R"(
gradients=s=720x1280:r=30:c0=0x1B2430:c1=0x2FBF71:x0=0:y0=0:x1=0:y1=1279:n=2:seed=0,trim=end_frame=1,format=yuv420p,loop=loop=74:size=1,setpts=N,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text=Ship AI video:fontsize=72:fontcolor=white:x=92:y=487-max_glyph_a,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text=you can trust:fontsize=72:fontcolor=white:x=91:y=577-max_glyph_a[h];
color=c=0x1B2430:s=720x1280:r=30,trim=end_frame=105,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:text=Generating is easy.:fontsize=56:fontcolor=white:x=92:y=412-max_glyph_a,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:text=Knowing what:fontsize=56:fontcolor=white:x=161:y=482-max_glyph_a,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:text=shipped is hard.:fontsize=56:fontcolor=white:x=135:y=552-max_glyph_a,
 fade=t=in:s=0:n=6[p];
[0:v]scale=640:400:flags=lanczos,format=yuva420p[shot];
color=c=0x10151C:s=720x1280:r=30,trim=end_frame=75[pbg];
[pbg][shot]overlay=40:300,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:text=Every frame checked:fontsize=48:fontcolor=white:x=106:y=805-max_glyph_a,
 fade=t=in:s=0:n=6[s];
gradients=s=720x1280:r=30:c0=0x2FBF71:c1=0x1B2430:x0=0:y0=0:x1=0:y1=1279:n=2:seed=0,trim=end_frame=1,format=yuv420p,loop=loop=59:size=1,setpts=N,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text=One ledger for:fontsize=56:fontcolor=white:x=130:y=512-max_glyph_a,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text=every decision:fontsize=56:fontcolor=white:x=131:y=582-max_glyph_a,
 fade=t=in:s=0:n=6[pr];
[1:v]scale=200:200:flags=lanczos,format=yuva420p[logo];
color=c=0x1B2430:s=720x1280:r=30,trim=end_frame=75[cbg];
[cbg][logo]overlay=260:300,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text=Try Greenlight:fontsize=60:fontcolor=0x2FBF71:x=117:y=616-max_glyph_a,
 drawtext=fontfile=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf:text=today:fontsize=60:fontcolor=0x2FBF71:x=265:y=691-max_glyph_a,
 fade=t=in:s=0:n=6[c];
[h][p][s][pr][c]concat=n=5:v=1:a=0,settb=1/30,setpts=N[v];
anullsrc=r=48000:cl=stereo,atrim=end_sample=624000[a]
)";

QStringList baselineArgs(const QString &project, const QString &output)
{
    return {QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-y"),
            QStringLiteral("-i"), project + QStringLiteral("/assets/product.png"),
            QStringLiteral("-i"), project + QStringLiteral("/assets/logo.png"),
            QStringLiteral("-filter_complex"), QString::fromLatin1(kBaselineGraph).simplified(),
            QStringLiteral("-map"), QStringLiteral("[v]"), QStringLiteral("-map"), QStringLiteral("[a]"),
            QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"), QStringLiteral("veryfast"),
            QStringLiteral("-qp"), QStringLiteral("20"), QStringLiteral("-threads"), QStringLiteral("2"),
            QStringLiteral("-x264-params"), QStringLiteral("keyint=60:scenecut=0:bframes=0:open-gop=0:forced-idr=1"),
            QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), QStringLiteral("-r"), QStringLiteral("30"),
            QStringLiteral("-fps_mode"), QStringLiteral("passthrough"),
            QStringLiteral("-force_key_frames"), QStringLiteral("expr:eq(n,0)+eq(n,75)+eq(n,180)+eq(n,255)+eq(n,315)"),
            QStringLiteral("-c:a"), QStringLiteral("aac"), QStringLiteral("-b:a"), QStringLiteral("160k"),
            QStringLiteral("-ar"), QStringLiteral("48000"), QStringLiteral("-ac"), QStringLiteral("2"),
            QStringLiteral("-fflags"), QStringLiteral("+bitexact"), QStringLiteral("-flags:v"), QStringLiteral("+bitexact"),
            QStringLiteral("-flags:a"), QStringLiteral("+bitexact"), QStringLiteral("-map_metadata"), QStringLiteral("-1"),
            QStringLiteral("-movflags"), QStringLiteral("+faststart"), output};
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0.0 : v[v.size() / 2];
}

// Renders the teaser with RenderRunner; returns seconds, or -1 on failure.
double timeRenderer(const QString &spec, QString *output)
{
    RenderRunner runner;
    RenderRequest request;
    request.specPath = spec;
    QEventLoop loop;
    RunRecord record;
    QObject::connect(&runner, &RenderRunner::finished, &loop, [&](const RunRecord &r) {
        record = r;
        loop.quit();
    });
    QElapsedTimer clock;
    clock.start();
    if (!runner.start(request))
        return -1;
    loop.exec();
    const double seconds = clock.nsecsElapsed() / 1e9;
    if (record.status != RunStatus::Succeeded)
        return -1;
    *output = runner.runDir() + QStringLiteral("/output.mp4");
    return seconds;
}

QByteArray frameHashes(const QString &path)
{
    const QByteArray out = test::run(QStringLiteral("ffmpeg"),
                                     {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), path,
                                      QStringLiteral("-map"), QStringLiteral("0:v"), QStringLiteral("-f"),
                                      QStringLiteral("framemd5"), QStringLiteral("-")})
                               .out;
    QByteArray frames;
    for (const QByteArray &line : out.split('\n'))
        if (!line.startsWith('#'))
            frames += line + '\n';
    return frames;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir tmp;
    const QString project = tmp.filePath(QStringLiteral("demo"));
    if (!test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project))
        return 1;
    const QString spec = project + QStringLiteral("/specs/launch-teaser.greenlight.json");
    const QString baselineOut = tmp.filePath(QStringLiteral("baseline.mp4"));

    QList<double> renderer, baseline;
    QString rendered;
    for (int i = 0; i < kRounds; ++i) {
        const double r = timeRenderer(spec, &rendered);
        if (r < 0) {
            std::fprintf(stderr, "bench_render: the renderer failed\n");
            return 1;
        }
        renderer.append(r);
        QElapsedTimer clock;
        clock.start();
        const test::ProcessResult b = test::run(QStringLiteral("ffmpeg"), baselineArgs(project, baselineOut));
        if (b.exitCode != 0) {
            std::fprintf(stderr, "bench_render: the baseline failed: %s\n", b.err.constData());
            return 1;
        }
        baseline.append(clock.nsecsElapsed() / 1e9);
    }
    const bool same = frameHashes(rendered) == frameHashes(baselineOut);
    std::fprintf(stderr, "bench_render: renderer and baseline frames %s\n", same ? "identical" : "DIFFER");
    std::fflush(stderr);
    const double r = median(renderer), b = median(baseline);
    std::printf("render_s %.3f s\n", r);
    std::printf("render_ffmpeg_baseline_s %.3f s\n", b);
    std::printf("render_ratio %.3f x\n", b > 0 ? r / b : 0.0);
    std::fflush(stdout);
    return 0;
}
