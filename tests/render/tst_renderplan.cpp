// Resolved props and render plans without a full render: escaping that ffmpeg accepts,
// baselines where core/text puts them, chunk boundaries, plan structure, progress parsing.
#include "rendertestsupport.h"

#include "render/captionburnin.h"
#include "render/ffmpegprogressparser.h"
#include "render/filterescape.h"
#include "render/renderplanner.h"
#include "render/resolvedprops.h"
#include "text/fontresolver.h"
#include "text/textlayout.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestRenderPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void escapesSurviveFfmpeg();
    void baselineMatchesLayout();
    void resolvesTeaser();
    void resolvesVariantAndMissingAsset();
    void singlePlan();
    void chunkedPlan();
    void chunkBoundariesKeepScenesWhole();
    void captionsFollowTheirChunk();
    void captionsDefaultToTheTitleSafeArea();
    void parsesProgress();

private:
    QTemporaryDir m_tmp;
    QString m_project;
    Json m_teaser;
};

void TestRenderPlan::initTestCase()
{
    m_project = test::copyDemo(m_tmp.path());
    QVERIFY(!m_project.isEmpty());
    Result<Json> j = readJsonFile(m_project + QStringLiteral("/specs/launch-teaser.greenlight.json"));
    QVERIFY(j.ok());
    m_teaser = *j;
}

void TestRenderPlan::escapesSurviveFfmpeg()
{
    QCOMPARE(escapeFilterValue(QStringLiteral("a:b")), QStringLiteral("a\\\\:b")); // a\\:b
    QCOMPARE(ffmpegColor(QStringLiteral("#1b2430cc")), QStringLiteral("0x1B2430CC"));
    QCOMPARE(shellQuote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
    QCOMPARE(shellQuote(QStringLiteral("-c:v")), QStringLiteral("-c:v"));

    // A font and a text file at paths full of filtergraph syntax still load.
    const QString weird = m_tmp.filePath(QStringLiteral("we:ird [dir], 'q'; x"));
    QVERIFY(QDir().mkpath(weird));
    const QString font = weird + QStringLiteral("/font, 'b':c.ttf");
    QVERIFY(QFile::copy(QStringLiteral("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"), font));
    const QString text = weird + QStringLiteral("/t;e[x]t.txt");
    QFile t(text);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("50% of 'quotes', colons: and %{pts} stay literal");
    t.close();
    const QString graph = QStringLiteral("color=c=black:s=320x64:r=1,trim=end_frame=1,drawtext=fontfile=%1:textfile=%2:"
                                         "expansion=none:fontsize=12:fontcolor=white:x=2:y=40-max_glyph_a[v]")
                              .arg(escapeFilterValue(font), escapeFilterValue(text));
    const QString script = m_tmp.filePath(QStringLiteral("graph.txt"));
    QFile g(script);
    QVERIFY(g.open(QIODevice::WriteOnly));
    g.write(graph.toUtf8());
    g.close();
    const test::ProcessResult r = test::run(QStringLiteral("ffmpeg"),
                                            {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-filter_complex_script"),
                                             script, QStringLiteral("-map"), QStringLiteral("[v]"), QStringLiteral("-f"),
                                             QStringLiteral("null"), QStringLiteral("-")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

// drawtext's y is the top of the glyph box: with y=<baseline>-max_glyph_a, the bottom of
// an "H" (no descender) lands on the row just above the baseline core/text computed.
void TestRenderPlan::baselineMatchesLayout()
{
    const QString font = QStringLiteral("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
    TextLayoutRequest req;
    req.fontFile = font;
    req.sizePx = 60;
    req.boxWidth = 300;
    req.boxHeight = 200;
    req.text = QStringLiteral("HHH");
    req.verticalAlign = QStringLiteral("middle");
    Result<TextLayoutResult> layout = layoutText(req);
    QVERIFY(layout.ok());
    const int baseline = 20 + layout->lines.first().baselineY;
    const QString textFile = m_tmp.filePath(QStringLiteral("hhh.txt"));
    QFile t(textFile);
    QVERIFY(t.open(QIODevice::WriteOnly));
    t.write("HHH");
    t.close();
    const QString graph = QStringLiteral("drawtext=fontfile=%1:textfile=%2:fontsize=60:fontcolor=white:x=10:y=%3-max_glyph_a")
                              .arg(escapeFilterValue(font), escapeFilterValue(textFile))
                              .arg(baseline);
    const test::ProcessResult r = test::run(
        QStringLiteral("ffmpeg"), {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-f"), QStringLiteral("lavfi"),
                                   QStringLiteral("-i"), QStringLiteral("color=c=black:s=320x240:r=1"), QStringLiteral("-vf"),
                                   graph, QStringLiteral("-frames:v"), QStringLiteral("1"), QStringLiteral("-pix_fmt"),
                                   QStringLiteral("gray"), QStringLiteral("-f"), QStringLiteral("rawvideo"), QStringLiteral("-")});
    QCOMPARE(r.out.size(), 320 * 240);
    int lowestLitRow = -1;
    for (int y = 0; y < 240; ++y)
        for (int x = 0; x < 320; ++x)
            if (quint8(r.out[y * 320 + x]) > 128)
                lowestLitRow = y;
    QCOMPARE(lowestLitRow, baseline - 1);
}

void TestRenderPlan::resolvesTeaser()
{
    Result<ResolvedProps> props = resolveProps(m_teaser, QString(), m_project);
    QVERIFY2(props.ok(), qPrintable(props.ok() ? QString() : props.error().toString()));
    QCOMPARE(props->durationFrames, 390);
    QCOMPARE(props->durationSamples, 390 * 1600);
    QCOMPARE(props->scenes.size(), 5);
    QCOMPARE(props->scenes[1].startFrame, 75);
    QCOMPARE(props->scenes[0].transitionType, QStringLiteral("cut"));   // the scene's own
    QCOMPARE(props->scenes[1].transitionType, QStringLiteral("fade"));  // spec.defaults
    QCOMPARE(props->scenes[1].transitionFrames, 6);
    const ResolvedLayer &headline = props->scenes[0].layers[0];
    QVERIFY(headline.style.bold);
    QCOMPARE(headline.style.sizePx, 72);
    QVERIFY(headline.fontFile.endsWith(QLatin1String("DejaVuSans-Bold.ttf")));
    QVERIFY(headline.lines.size() >= 2);
    for (const ResolvedTextLine &line : headline.lines) {
        QVERIFY(line.x >= 60 && line.x + line.widthPx <= 660);
        QVERIFY(line.baselineY > 420 && line.baselineY < 720);
    }
    const ResolvedLayer &screen = props->scenes[2].layers[0];
    QCOMPARE(screen.asset.id, QStringLiteral("product"));
    QVERIFY(screen.asset.width > 0);
    const Json j = props->toJson();
    QCOMPARE(j["scenes"][0]["layers"][0]["style"]["weight"], "bold");
    QCOMPARE(j["narration"]["segments"][1]["startFrame"], 75);
    QVERIFY(j["scenes"][0]["layers"][0]["lines"].size() >= 2);
}

void TestRenderPlan::resolvesVariantAndMissingAsset()
{
    Result<ResolvedProps> square = resolveProps(m_teaser, QStringLiteral("square"), m_project);
    QVERIFY(square.ok());
    QCOMPARE(square->canvas.height, 720);
    QCOMPARE(square->scenes[0].layers[0].box.y, 200);
    Result<ResolvedProps> shortCta = resolveProps(m_teaser, QStringLiteral("short-cta"), m_project);
    QVERIFY(shortCta.ok());
    QCOMPARE(shortCta->durationFrames, 285);
    QCOMPARE(shortCta->scenes.size(), 4);
    QVERIFY(!resolveProps(m_teaser, QStringLiteral("nope"), m_project).ok());

    QTemporaryDir other;
    const QString project = test::copyDemo(other.path());
    QVERIFY(QFile::remove(project + QStringLiteral("/assets/product.png")));
    Result<ResolvedProps> missing = resolveProps(m_teaser, QString(), project);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QStringLiteral("render.asset.missing"));
    QVERIFY(missing.error().message.contains(QLatin1String("assets/product.png")));
    QCOMPARE(missing.error().location, QStringLiteral("/scenes/2/layers/0/asset"));
}

void TestRenderPlan::singlePlan()
{
    Result<ResolvedProps> props = resolveProps(m_teaser, QString(), m_project);
    QVERIFY(props.ok());
    Result<RenderPlan> plan = buildRenderPlan(*props, RenderOptions{});
    QVERIFY(plan.ok());
    QCOMPARE(plan->jobs.size(), 1);
    const PlanJob &job = plan->jobs.first();
    QCOMPARE(job.frameCount, 390);
    QCOMPARE(job.output, QStringLiteral("output.mp4"));
    const QString args = job.args.join(QLatin1Char(' '));
    for (const char *needle : {"-filter_complex_script filters/render.txt", "-threads 2", "-r 30/1", "-fps_mode passthrough",
                               "-fflags +bitexact", "-flags:v +bitexact", "-flags:a +bitexact", "-map_metadata -1",
                               "-movflags +faststart", "-pix_fmt yuv420p", "-c:v libx264", "-c:a aac",
                               "expr:eq(n,0)+eq(n,75)+eq(n,180)+eq(n,255)+eq(n,315)"})
        QVERIFY2(args.contains(QLatin1String(needle)), needle);
    QByteArray script;
    int textFiles = 0;
    for (const PlanFile &f : plan->files) {
        if (f.path == job.filterScript)
            script = f.content;
        textFiles += f.path.startsWith(QLatin1String("text/"));
    }
    QVERIFY(!script.isEmpty());
    int lines = 0;
    for (const ResolvedScene &s : props->scenes)
        for (const ResolvedLayer &l : s.layers)
            lines += int(l.lines.size());
    QCOMPARE(int(script.count("drawtext=")), lines);
    QCOMPARE(textFiles, lines);
    QVERIFY(!script.contains("geq"));
    QVERIFY(script.contains("anullsrc=r=48000:cl=stereo,atrim=end_sample=624000[a]"));
    QVERIFY(script.contains("concat=n=5:v=1:a=0,settb=expr=1/30,setpts=N[v]"));
    QVERIFY(script.contains("-max_glyph_a"));
    QVERIFY(script.contains("fade=t=in:s=0:n=6"));
    const Json j = plan->toJson();
    QCOMPARE(j["jobs"][0]["args"].size(), size_t(job.args.size()));
    QVERIFY(j["jobs"][0]["commandLine"].get<std::string>().rfind("ffmpeg ", 0) == 0);
    QCOMPARE(j["scenes"].size(), size_t(5));
}

void TestRenderPlan::chunkedPlan()
{
    Result<ResolvedProps> props = resolveProps(m_teaser, QString(), m_project);
    QVERIFY(props.ok());
    RenderOptions options;
    options.chunks = 3;
    options.narration = {{QStringLiteral("/tmp/n.wav"), 75, QStringLiteral("problem")}};
    Result<RenderPlan> plan = buildRenderPlan(*props, options);
    QVERIFY(plan.ok());
    QCOMPARE(plan->chunks, 3);
    QCOMPARE(plan->jobs.size(), 4);
    qint64 frames = 0;
    for (int i = 0; i < 3; ++i) {
        const PlanJob &job = plan->jobs[i];
        QCOMPARE(job.role, QStringLiteral("chunk"));
        QCOMPARE(job.firstFrame, frames);
        frames += job.frameCount;
        // A chunk stands alone: its own filter script and inputs, video only, IDR first.
        QVERIFY(job.args.contains(QStringLiteral("filters/chunk-%1.txt").arg(i, 3, 10, QLatin1Char('0'))));
        QVERIFY(!job.args.contains(QStringLiteral("[a]")));
        QVERIFY(job.args[job.args.indexOf(QStringLiteral("-force_key_frames")) + 1].startsWith(QLatin1String("expr:eq(n,0)")));
        QVERIFY(!job.args.contains(QStringLiteral("/tmp/n.wav")));
    }
    QCOMPARE(frames, 390);
    const PlanJob &concat = plan->jobs.last();
    QCOMPARE(concat.role, QStringLiteral("concat"));
    const QString args = concat.args.join(QLatin1Char(' '));
    QVERIFY(args.contains(QLatin1String("-f concat -safe 0 -auto_convert 0 -i chunks/list.txt")));
    QVERIFY(args.contains(QLatin1String("-c:v copy")));
    QVERIFY(args.contains(QLatin1String("-i /tmp/n.wav")));
    QByteArray audio;
    for (const PlanFile &f : plan->files)
        if (f.path == QLatin1String("filters/audio.txt"))
            audio = f.content;
    QVERIFY(audio.contains("adelay=delays=120000S:all=1"));
    QVERIFY(audio.contains("amix=inputs=2:duration=first:dropout_transition=0:normalize=0"));
    QCOMPARE(plan->intermediates.size(), 4);
    QByteArray list;
    for (const PlanFile &f : plan->files)
        if (f.path == QLatin1String("chunks/list.txt"))
            list = f.content;
    QVERIFY(list.startsWith("ffconcat version 1.0\nfile 'chunk-000.mp4'\nduration "));
    QCOMPARE(int(list.count("duration ")), 3);

    // At 30000/1001 a chunk's duration is not a whole number of milliseconds; the list
    // carries it to the microsecond.
    Result<Json> explainer = readJsonFile(m_project + QStringLiteral("/specs/feature-explainer.greenlight.json"));
    QVERIFY(explainer.ok());
    Result<ResolvedProps> ntsc = resolveProps(*explainer, QString(), m_project);
    QVERIFY(ntsc.ok());
    RenderOptions two;
    two.chunks = 2;
    Result<RenderPlan> ntscPlan = buildRenderPlan(*ntsc, two);
    QVERIFY(ntscPlan.ok());
    for (const PlanFile &f : ntscPlan->files)
        if (f.path == QLatin1String("chunks/list.txt"))
            QVERIFY2(f.content.contains("duration 7.507500\n"), f.content.constData()); // 225 frames
}

void TestRenderPlan::chunkBoundariesKeepScenesWhole()
{
    auto scenes = [](std::initializer_list<qint64> durations) {
        QList<ResolvedScene> out;
        int i = 0;
        for (qint64 d : durations) {
            ResolvedScene s;
            s.index = i++;
            s.durationFrames = d;
            out.append(s);
        }
        return out;
    };
    QCOMPARE(chunkBoundaries(scenes({75, 105, 75, 60, 75}), 1), (QList<int>{0}));
    QCOMPARE(chunkBoundaries(scenes({75, 105, 75, 60, 75}), 2), (QList<int>{0, 2}));
    QCOMPARE(chunkBoundaries(scenes({75, 105, 75, 60, 75}), 5), (QList<int>{0, 1, 2, 3, 4}));
    QCOMPARE(chunkBoundaries(scenes({75, 105, 75, 60, 75}), 9), (QList<int>{0, 1, 2, 3, 4}));
    QCOMPARE(chunkBoundaries(scenes({10, 10, 10, 10, 1000}), 2), (QList<int>{0, 4}));
    QCOMPARE(chunkBoundaries(scenes({1000, 10, 10, 10}), 3), (QList<int>{0, 1, 2}));
}

// Burned captions are drawn on each chunk's own frame numbers; a cue across a chunk
// boundary is drawn in both chunks, its text files written once.
void TestRenderPlan::captionsFollowTheirChunk()
{
    Result<Json> explainer = readJsonFile(m_project + QStringLiteral("/specs/feature-explainer.greenlight.json"));
    QVERIFY(explainer.ok());
    Result<ResolvedProps> props = resolveProps(*explainer, QString(), m_project);
    QVERIFY(props.ok());
    Result<VideoSpec> spec = VideoSpec::fromJson(props->resolvedSpec);
    QVERIFY(spec.ok());
    CaptionCue across; // scene "spec" ends at frame 225, where the second chunk starts
    across.startFrame = 200;
    across.endFrame = 250;
    across.lines = {QStringLiteral("Across the cut")};
    CaptionCue later;
    later.startFrame = 300;
    later.endFrame = 320;
    later.lines = {QStringLiteral("Later"), QStringLiteral("on two lines")};
    QList<RenderWarning> warnings;
    Result<ResolvedCaptions> captions = resolveCaptions(*spec, {across, later}, m_project, warnings);
    QVERIFY(captions.ok());
    QVERIFY(warnings.isEmpty());
    QCOMPARE(captions->cues.size(), 2);
    QCOMPARE(captions->cues[1].lines.size(), 2);
    props->captions = *captions;

    RenderOptions two;
    two.chunks = 2;
    Result<RenderPlan> plan = buildRenderPlan(*props, two);
    QVERIFY(plan.ok());
    QCOMPARE(plan->jobs[1].firstFrame, 225);
    QByteArray first, second;
    int textFiles = 0;
    for (const PlanFile &f : plan->files) {
        if (f.path == QLatin1String("filters/chunk-000.txt"))
            first = f.content;
        if (f.path == QLatin1String("filters/chunk-001.txt"))
            second = f.content;
        textFiles += f.path.startsWith(QLatin1String("text/captions/"));
    }
    QCOMPARE(textFiles, 3);
    QVERIFY2(first.contains("drawbox") && first.contains("enable=between(n\\,200\\,224)"), first.constData());
    QVERIFY(!first.contains("cue-0001"));
    QVERIFY2(second.contains("enable=between(n\\,0\\,24)"), second.constData());
    QVERIFY(second.contains("enable=between(n\\,75\\,94)"));
    QVERIFY(second.contains("textfile=text/captions/cue-0001-1.txt"));
    QCOMPARE(plan->toJson()["captions"].size(), size_t(2));

    // Without captions the graph is as before.
    props->captions = {};
    Result<RenderPlan> plain = buildRenderPlan(*props, two);
    QVERIFY(plain.ok());
    for (const PlanFile &f : plain->files)
        QVERIFY(!f.content.contains("text/captions/"));
}

void TestRenderPlan::captionsDefaultToTheTitleSafeArea()
{
    for (const QString &file : {QStringLiteral("feature-explainer.greenlight.json"), QStringLiteral("launch-teaser.greenlight.json")}) {
        Result<VideoSpec> spec = loadVideoSpec(m_project + QStringLiteral("/specs/") + file);
        QVERIFY(spec.ok());
        const EffectiveTextStyle style = captionTextStyle(*spec);
        const Box box = captionBox(*spec, style);
        const int w = spec->canvas.width, h = spec->canvas.height;
        const QRect titleSafe(w / 20, h / 20, w - w / 10, h - h / 10);
        QVERIFY2(titleSafe.contains(QRect(box.x, box.y, box.width, box.height)), qPrintable(file));
        QCOMPARE(style.align, QStringLiteral("center"));
        QVERIFY(!style.background.isEmpty());
        // A line of maxCharsPerLine characters of ordinary text fits the box.
        const QString text = QStringLiteral("Producers shape the spec in forms, with errors at the field")
                                 .left(spec->captions->style->maxCharsPerLine.value_or(42));
        Result<int> width = measureTextWidth(*resolveFontFile(style.fontFamily, style.bold), style.sizePx, text);
        QVERIFY(width.ok());
        QVERIFY2(*width <= box.width - 2 * style.paddingPx, qPrintable(file));
    }
    // The spec's own style and box win.
    Result<VideoSpec> spec = loadVideoSpec(m_project + QStringLiteral("/specs/feature-explainer.greenlight.json"));
    QVERIFY(spec.ok());
    TextStyle own;
    own.sizePx = 30;
    own.align = QStringLiteral("left");
    spec->captions->style->text = own;
    spec->captions->style->box = Box{10, 20, 300, 100};
    const EffectiveTextStyle style = captionTextStyle(*spec);
    QCOMPARE(style.sizePx, 30);
    QCOMPARE(style.align, QStringLiteral("left"));
    QCOMPARE(style.fontFamily, QStringLiteral("DejaVu Sans")); // the spec's default text style
    QCOMPARE(captionBox(*spec, style).width, 300);
}

void TestRenderPlan::parsesProgress()
{
    FfmpegProgressParser p;
    QVERIFY(p.feed("frame=12\nfps=30.0\nout_time_us=400000\nprog").isEmpty());
    QList<FfmpegProgress> done = p.feed("ress=continue\nframe=24\nout_time_us=800000\nprogress=end\n");
    QCOMPARE(done.size(), 2);
    QCOMPARE(done[0].frame, 12);
    QCOMPARE(done[0].outTime_us, 400000);
    QVERIFY(!done[0].end);
    QCOMPARE(done[1].frame, 24);
    QVERIFY(done[1].end);
}

QTEST_GUILESS_MAIN(TestRenderPlan)
#include "tst_renderplan.moc"
