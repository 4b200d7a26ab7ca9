// qa_realtime_x / qa_realtime_x_nobaseline: how many times faster than real time the
// deterministic QA analysis (one decode pass: luma signals, black/frozen, silence, EBU R128
// with true peak, and with a baseline also per-frame SSIM against a second decode) runs on a
// 60 s 1080p30 H.264 + AAC clip. Median of several runs. The clip and its baseline are
// generated once with ffmpeg and cached in <build>/bench-cache/qa.
#include "media/mediaprobe.h"
#include "media/signalanalyzer.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace greenlight;

namespace {

constexpr double kClipSeconds = 60.0;

bool generate(const QString &clip, const QString &baseline)
{
    // One ffmpeg run, two encodes of the same picture; the baseline lacks a box that the
    // clip shows over frames 600-899 (so SSIM has something to find).
    const QStringList args{
        QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"), QStringLiteral("-y"),
        QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
        QStringLiteral("testsrc2=size=1920x1080:rate=30:duration=60"),
        QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
        QStringLiteral("anoisesrc=color=pink:amplitude=0.25:r=48000:d=60,pan=stereo|c0=c0|c1=0.7*c0"),
        QStringLiteral("-filter_complex"),
        QStringLiteral("[0:v]split[a][b];[a]drawbox=x=400:y=300:w=800:h=400:color=red:t=fill:"
                       "enable='between(n,600,899)'[clip];[1:a]asplit[a1][a2]"),
        QStringLiteral("-map"), QStringLiteral("[clip]"), QStringLiteral("-map"), QStringLiteral("[a1]"),
        QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"), QStringLiteral("veryfast"),
        QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), QStringLiteral("-c:a"), QStringLiteral("aac"), clip,
        QStringLiteral("-map"), QStringLiteral("[b]"), QStringLiteral("-map"), QStringLiteral("[a2]"),
        QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"), QStringLiteral("veryfast"),
        QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), QStringLiteral("-c:a"), QStringLiteral("aac"), baseline};
    QProcess p;
    p.start(QStringLiteral("ffmpeg"), args);
    if (!p.waitForFinished(30 * 60 * 1000) || p.exitCode() != 0) {
        std::fprintf(stderr, "bench_qa: ffmpeg failed: %s\n", p.readAllStandardError().constData());
        return false;
    }
    return true;
}

// CPU seconds of this process so far (all threads, user + system).
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double loadAverage()
{
    double load[1] = {0.0};
    return getloadavg(load, 1) == 1 ? load[0] : -1.0;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString dir = QStringLiteral(GREENLIGHT_BINARY_DIR "/bench-cache/qa");
    QDir().mkpath(dir);
    const QString clip = dir + QStringLiteral("/clip-1080p30-60s.mp4");
    const QString baseline = dir + QStringLiteral("/baseline-1080p30-60s.mp4");
    if (!QFileInfo::exists(clip) || !QFileInfo::exists(baseline) || !probeMedia(clip) || !probeMedia(baseline)) {
        std::fprintf(stderr, "bench_qa: generating the 60 s 1080p30 clip and baseline (once)...\n");
        QFile::remove(clip);
        QFile::remove(baseline);
        if (!generate(clip, baseline))
            return 1;
    }
    const Result<MediaInfo> info = probeMedia(clip);
    if (!info) {
        std::fprintf(stderr, "bench_qa: %s\n", qPrintable(info.error().toString()));
        return 1;
    }
    const int runs = std::max(1, qEnvironmentVariableIntValue("GREENLIGHT_BENCH_RUNS") > 0
                                     ? qEnvironmentVariableIntValue("GREENLIGHT_BENCH_RUNS")
                                     : 3);

    const auto measure = [&](const QString &baselinePath, const char *label) -> std::vector<double> {
        AnalysisOptions o;
        o.baselinePath = baselinePath;
        const SignalAnalyzer analyzer(o);
        std::vector<double> factors;
        for (int i = 0; i < runs; ++i) {
            QElapsedTimer t;
            const double cpuBefore = cpuSeconds();
            t.start();
            const Result<SignalAnalysis> a = analyzer.analyze(clip, *info);
            const double seconds = double(t.nsecsElapsed()) / 1e9;
            const double cpu = cpuSeconds() - cpuBefore;
            if (!a) {
                std::fprintf(stderr, "bench_qa: %s\n", qPrintable(a.error().toString()));
                return {};
            }
            factors.push_back(kClipSeconds / seconds);
            // The machine may be shared: CPU time and load say how much of it the run had.
            std::fprintf(stderr,
                         "bench_qa: %s run %d: %.2f s wall (%.2fx), %.2f s CPU (%.2fx per core), load %.1f, "
                         "%lld frames, changed spans %lld\n",
                         label, i + 1, seconds, kClipSeconds / seconds, cpu, kClipSeconds / cpu, loadAverage(),
                         static_cast<long long>(a->series.frameCount), static_cast<long long>(a->changedSpans.size()));
        }
        return factors;
    };
    const std::vector<double> with = measure(baseline, "baseline");
    const std::vector<double> without = measure(QString(), "no baseline");
    if (with.empty() || without.empty())
        return 1;
    std::printf("qa_realtime_x %.2f x\n", median(with));
    std::printf("qa_realtime_x_nobaseline %.2f x\n", median(without));
    return 0;
}
