// Renders that consume a narration run: its track and cue-timed captions, burned into the
// picture or written beside it as captions.mode says; the run record naming the narration
// run and its hashes; damaged narration runs ending in a failed run; explicit caption lines
// without any narration.
#include "rendertestsupport.h"

#include "common/hashing.h"
#include "cues/captionbuilder.h"
#include "cues/cuetimeline.h"
#include "cues/subtitleparser.h"
#include "cues/timebase.h"
#include "narration/narrationrunner.h"
#include "run/manifest.h"
#include "spec/videospec.h"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kWidth = 320;
constexpr int kHeight = 180;

QByteArray specText(const QByteArray &id, const QByteArray &captions, bool narration = true)
{
    QByteArray text = R"({
  "schemaVersion": 1, "id": ")" +
                      id + R"(", "title": "Captions", "format": "landscape-explainer",
  "canvas": {"width": 320, "height": 180, "fps": {"num": 30, "den": 1}},
  "durationFrames": 150,
  "scenes": [
    {"id": "a", "role": "hook", "durationFrames": 75, "background": {"type": "color", "color": "#20304A"},
     "layers": [{"type": "text", "id": "t", "content": "Top", "style": {"sizePx": 20}, "box": {"x": 20, "y": 10, "width": 200, "height": 40}}]},
    {"id": "b", "role": "body", "durationFrames": 75, "background": {"type": "gradient", "from": "#10151C", "to": "#2FBF71"}}
  ],
)";
    if (narration)
        text += R"(  "narration": {"voice": "en-us", "runtimeClass": "local", "segments": [
    {"scene": "a", "text": "Hello from the caption test."},
    {"scene": "b", "text": "Captions stay in their box."}]},
)";
    return text + R"(  "captions": )" + captions + "\n}\n";
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// The luma plane of every frame, decoded (exact for a lossless render).
QList<QByteArray> lumaFrames(const QString &video)
{
    const test::ProcessResult r =
        test::run(QStringLiteral("ffmpeg"),
                  {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), video,
                   QStringLiteral("-map"), QStringLiteral("0:v"), QStringLiteral("-f"),
                   QStringLiteral("rawvideo"), QStringLiteral("-pix_fmt"), QStringLiteral("gray"),
                   QStringLiteral("-")});
    QList<QByteArray> frames;
    const int size = kWidth * kHeight;
    for (qsizetype at = 0; at + size <= r.out.size(); at += size)
        frames.append(r.out.mid(at, size));
    return frames;
}

struct Diff
{
    int pixels = 0; // luma samples that differ
    QRect bounds;   // where
};

Diff diffOf(const QByteArray &a, const QByteArray &b)
{
    Diff d;
    for (int y = 0; y < kHeight; ++y)
        for (int x = 0; x < kWidth; ++x)
            if (a[y * kWidth + x] != b[y * kWidth + x]) {
                ++d.pixels;
                d.bounds = d.bounds.united(QRect(x, y, 1, 1));
            }
    return d;
}

QString why(const RunRecord &r)
{
    const auto e = r.lastError();
    return toString(r.status) +
           (e ? QStringLiteral(" ") + e->code + QStringLiteral(": ") + e->message : QString());
}

} // namespace

class TestRenderCaptions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void burnInChangesOnlyCaptionPixels();
    void sidecarWritesCueTimes();
    void runRecordNamesTheNarrationRun();
    void damagedNarrationRunFails_data();
    void damagedNarrationRunFails();
    void cliTakesARunId();
    void linesWithoutNarration();

private:
    RunRecord render(const QString &spec, const QString &narrationRun, int qp = -1, int chunks = 1,
                     QString *dir = nullptr);
    QList<CaptionCue> expectedCues(const QString &specPath) const;

    QTemporaryDir m_tmp;
    QString m_project;
    QString m_narrationRun;
    QString m_narrationRunId;
    QString m_burnDir;
    QString m_sideDir;
    RunRecord m_burn;
    RunRecord m_side;
};

RunRecord TestRenderCaptions::render(const QString &spec, const QString &narrationRun, int qp,
                                     int chunks, QString *dir)
{
    RenderRunner runner;
    RenderRequest request;
    request.specPath = m_project + QStringLiteral("/specs/") + spec;
    request.narrationRun = narrationRun;
    request.options.chunks = chunks;
    if (qp >= 0)
        request.options.encoder.qp = qp;
    const RunRecord r = test::renderToEnd(runner, request);
    if (dir)
        *dir = runner.runDir();
    return r;
}

QList<CaptionCue> TestRenderCaptions::expectedCues(const QString &specPath) const
{
    Result<VideoSpec> spec = loadVideoSpec(specPath);
    Result<CueTimeline> cues = loadCueTimeline(m_narrationRun + QStringLiteral("/cues.json"));
    if (!spec || !cues)
        return {};
    return captionsForSpec(*spec, *cues);
}

void TestRenderCaptions::initTestCase()
{
    m_project = test::copyDemo(m_tmp.path());
    QVERIFY(!m_project.isEmpty());
    const QByteArray style = R"("style": {"maxCharsPerLine": 24, "maxLines": 2})";
    QVERIFY(
        writeFile(m_project + QStringLiteral("/specs/cap-burn.json"),
                  specText("cap", R"({"source": "narration", "mode": "burn-in", )" + style + "}")));
    QVERIFY(
        writeFile(m_project + QStringLiteral("/specs/cap-side.json"),
                  specText("cap", R"({"source": "narration", "mode": "sidecar", )" + style + "}")));
    // A line near the end of scene a, lengthened by minDurationFrames across the cut at 75
    // up to where the next line starts; that one runs to the end of scene b.
    QVERIFY(writeFile(m_project + QStringLiteral("/specs/cap-lines.json"),
                      specText("cap-lines", R"({"source": "lines", "mode": "both",
    "style": {"minDurationFrames": 30, "text": {"sizePx": 16, "color": "#FFE600", "background": "#1B2430"}},
    "lines": [{"id": "first", "scene": "a", "text": "First line, across the cut", "startFrame": 60, "endFrame": 70},
              {"scene": "b", "text": "Second line", "startFrame": 15}]})",
                               false)));

    NarrationRequest n;
    n.specPath = m_project + QStringLiteral("/specs/cap-burn.json");
    n.projectRoot = m_project;
    const NarrationOutcome o = NarrationRunner(n).run(CancelToken());
    QVERIFY2(!o.refused, qPrintable(o.refusal.toString()));
    QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o.record)));
    m_narrationRun = o.runDir;
    m_narrationRunId = o.record.id;
    QVERIFY(expectedCues(n.specPath).size() >= 2);

    // Lossless, so that decoded pictures show exactly what was drawn.
    m_burn = render(QStringLiteral("cap-burn.json"), m_narrationRun, 0, 1, &m_burnDir);
    QVERIFY2(m_burn.status == RunStatus::Succeeded, qPrintable(why(m_burn)));
    m_side = render(QStringLiteral("cap-side.json"), m_narrationRun, 0, 1, &m_sideDir);
    QVERIFY2(m_side.status == RunStatus::Succeeded, qPrintable(why(m_side)));
}

void TestRenderCaptions::burnInChangesOnlyCaptionPixels()
{
    const QList<CaptionCue> cues = expectedCues(m_project + QStringLiteral("/specs/cap-burn.json"));
    Result<Json> props = readJsonFile(m_burnDir + QStringLiteral("/props.json"));
    QVERIFY(props.ok());
    const Json &burned = (*props)["burnedCaptions"];
    QCOMPARE(burned["cues"].size(), size_t(cues.size()));

    const QList<QByteArray> withCaptions = lumaFrames(m_burnDir + QStringLiteral("/output.mp4"));
    const QList<QByteArray> without = lumaFrames(m_sideDir + QStringLiteral("/output.mp4"));
    QCOMPARE(withCaptions.size(), 150);
    QCOMPARE(without.size(), 150);

    // The title-safe area: the inner 90% of the picture.
    const QRect titleSafe(kWidth / 20, kHeight / 20, kWidth - kWidth / 10, kHeight - kHeight / 10);
    int captionFrames = 0;
    for (int f = 0; f < 150; ++f) {
        qsizetype shown = -1;
        for (qsizetype i = 0; i < cues.size(); ++i)
            if (f >= cues[i].startFrame && f < cues[i].endFrame)
                shown = i;
        const Diff d = diffOf(withCaptions[f], without[f]);
        if (shown < 0) {
            QVERIFY2(d.pixels == 0,
                     qPrintable(QStringLiteral("frame %1 changed without a caption").arg(f)));
            continue;
        }
        ++captionFrames;
        const Json &cue = burned["cues"][size_t(shown)];
        QCOMPARE(cue["startFrame"].get<qint64>(), cues[shown].startFrame);
        QCOMPARE(cue["endFrame"].get<qint64>(), cues[shown].endFrame);
        const Json &p = cue["plate"];
        const QRect plate(p["x"].get<int>(), p["y"].get<int>(), p["width"].get<int>(),
                          p["height"].get<int>());
        QVERIFY2(titleSafe.contains(plate),
                 qPrintable(QStringLiteral("plate %1,%2 %3x%4 outside the title-safe area")
                                .arg(plate.x())
                                .arg(plate.y())
                                .arg(plate.width())
                                .arg(plate.height())));
        // The plate and its text change a good part of the plate, and nothing outside it.
        QVERIFY2(
            d.pixels > plate.width() * plate.height() / 3,
            qPrintable(QStringLiteral("frame %1: only %2 pixels changed").arg(f).arg(d.pixels)));
        QVERIFY2(plate.contains(d.bounds),
                 qPrintable(QStringLiteral("frame %1 changed outside the plate").arg(f)));
    }
    QVERIFY(captionFrames > 30);

    // Rendering again gives the same file.
    const RunRecord again = render(QStringLiteral("cap-burn.json"), m_narrationRun, 0);
    QVERIFY2(again.status == RunStatus::Succeeded, qPrintable(why(again)));
    QCOMPARE(again.artifacts.first().sha256, m_burn.artifacts.first().sha256);

    // For people: a frame with a caption.
    const int f = int((cues.first().startFrame + cues.first().endFrame) / 2);
    QImage image(reinterpret_cast<const uchar *>(withCaptions[f].constData()), kWidth, kHeight,
                 kWidth, QImage::Format_Grayscale8);
    image.save(test::outputDir(QStringLiteral("render-captions")) +
               QStringLiteral("/burned-caption.png"));

    // The burned render writes no sidecars; the narration run's track is mixed in.
    QVERIFY(!QFileInfo::exists(m_burnDir + QStringLiteral("/captions.vtt")));
    const test::VideoFacts v = test::probeVideo(m_burnDir + QStringLiteral("/output.mp4"));
    QCOMPARE(v.audioSampleRate, 48000);
    Result<Json> plan = readJsonFile(m_burnDir + QStringLiteral("/plan.json"));
    QVERIFY(plan.ok());
    QCOMPARE((*plan)["audio"]["narration"], "clips");
    QCOMPARE((*plan)["captions"].size(), size_t(cues.size()));
}

void TestRenderCaptions::sidecarWritesCueTimes()
{
    const QList<CaptionCue> cues = expectedCues(m_project + QStringLiteral("/specs/cap-side.json"));
    QVERIFY(!cues.isEmpty());
    QFile vttFile(m_sideDir + QStringLiteral("/captions.vtt"));
    QVERIFY(vttFile.open(QIODevice::ReadOnly));
    Result<ParsedSubtitles> vtt = SubtitleParser::parse(vttFile.readAll(), vttFile.fileName());
    QVERIFY2(vtt.ok(), qPrintable(vtt ? QString() : vtt.error().toString()));
    QCOMPARE(vtt->format, QStringLiteral("webvtt"));
    QCOMPARE(vtt->cues.size(), cues.size());
    const TimeBase tb{48000, {30, 1}};
    for (qsizetype i = 0; i < cues.size(); ++i) {
        QCOMPARE(vtt->cues[i].startMs, tb.framesToMs(cues[i].startFrame));
        QCOMPARE(vtt->cues[i].endMs, tb.framesToMs(cues[i].endFrame));
        QCOMPARE(vtt->cues[i].lines, cues[i].lines);
    }
    QFile srtFile(m_sideDir + QStringLiteral("/captions.srt"));
    QVERIFY(srtFile.open(QIODevice::ReadOnly));
    Result<ParsedSubtitles> srt = SubtitleParser::parse(srtFile.readAll(), srtFile.fileName());
    QVERIFY(srt.ok());
    QCOMPARE(srt->cues.size(), cues.size());
    QCOMPARE(srt->cues.last().endMs, vtt->cues.last().endMs);

    // Artifacts of the run, in its record and its manifest.
    QStringList artifacts;
    for (const RunArtifact &a : m_side.artifacts)
        if (a.role == QLatin1String("captions"))
            artifacts.append(a.path);
    QCOMPARE(artifacts,
             (QStringList{QStringLiteral("captions.vtt"), QStringLiteral("captions.srt")}));
    QVERIFY(verifyManifest(m_sideDir).isEmpty());
    Result<Json> manifest = readJsonFile(m_sideDir + QStringLiteral("/manifest.json"));
    QVERIFY(manifest.ok());
    bool listed = false;
    for (const Json &f : (*manifest)["files"])
        listed = listed || (f["path"] == "captions.vtt" && f["role"] == "captions");
    QVERIFY(listed);

    // Nothing is burned in for a sidecar render.
    Result<Json> props = readJsonFile(m_sideDir + QStringLiteral("/props.json"));
    QVERIFY(props.ok());
    QVERIFY(!props->contains("burnedCaptions"));
}

void TestRenderCaptions::runRecordNamesTheNarrationRun()
{
    for (const RunRecord &r : {m_burn, m_side}) {
        const RunInput *audio = nullptr;
        const RunInput *cues = nullptr;
        for (const RunInput &in : r.inputs) {
            if (in.role == QLatin1String("narration-audio"))
                audio = &in;
            if (in.role == QLatin1String("narration-cues"))
                cues = &in;
        }
        QVERIFY(audio && cues);
        QCOMPARE(audio->id, m_narrationRunId);
        QCOMPARE(audio->path, QStringLiteral("runs/%1/narration.wav").arg(m_narrationRunId));
        QCOMPARE(audio->sha256, *sha256File(m_narrationRun + QStringLiteral("/narration.wav")));
        QCOMPARE(cues->id, m_narrationRunId);
        QCOMPARE(cues->sha256, *sha256File(m_narrationRun + QStringLiteral("/cues.json")));
    }
    Result<Json> runJson = readJsonFile(m_burnDir + QStringLiteral("/run.json"));
    QVERIFY(runJson.ok());
    const QStringList errors = test::schemaErrors(*runJson, QStringLiteral("run.schema.json"));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
}

void TestRenderCaptions::damagedNarrationRunFails_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("cues.json missing") << "remove-cues"
                                       << "render.narration.unreadable"
                                       << "cues.json";
    QTest::newRow("cues.json not JSON") << "garble-cues"
                                        << "render.narration.invalid"
                                        << "cues.json";
    QTest::newRow("cues.json not a cue timeline") << "empty-cues"
                                                  << "render.narration.invalid"
                                                  << "cues.json";
    QTest::newRow("cues of another spec") << "other-spec"
                                          << "render.narration.invalid"
                                          << "\"other\"";
    QTest::newRow("narration.wav changed") << "change-wav"
                                           << "render.narration.invalid"
                                           << "narration.wav";
    QTest::newRow("not a narration run") << "render-run"
                                         << "render.narration.invalid"
                                         << "not a narration";
    QTest::newRow("no run.json") << "remove-run"
                                 << "render.narration.unreadable"
                                 << "run.json";
}

void TestRenderCaptions::damagedNarrationRunFails()
{
    QFETCH(QString, damage);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    const QString copy = m_tmp.filePath(QStringLiteral("damaged-") + damage);
    QVERIFY(
        test::copyTree(damage == QLatin1String("render-run") ? m_sideDir : m_narrationRun, copy));
    const QString cues = copy + QStringLiteral("/cues.json");
    if (damage == QLatin1String("remove-cues")) {
        QVERIFY(QFile::remove(cues));
    } else if (damage == QLatin1String("garble-cues")) {
        QVERIFY(writeFile(cues, "{\"schemaVersion\": 1, \"segments\": [ {"));
    } else if (damage == QLatin1String("empty-cues")) {
        QVERIFY(writeFile(cues, "{\"schemaVersion\": 1}"));
    } else if (damage == QLatin1String("other-spec")) {
        Result<CueTimeline> t = loadCueTimeline(cues);
        QVERIFY(t.ok());
        t->specId = QStringLiteral("other");
        QVERIFY(saveCueTimeline(cues, *t).ok());
    } else if (damage == QLatin1String("change-wav")) {
        QFile wav(copy + QStringLiteral("/narration.wav"));
        QVERIFY(wav.open(QIODevice::ReadWrite));
        wav.seek(wav.size() - 2);
        wav.write("\x7f\x7f", 2);
    } else if (damage == QLatin1String("remove-run")) {
        QVERIFY(QFile::remove(copy + QStringLiteral("/run.json")));
    }

    QString dir;
    const RunRecord r = render(QStringLiteral("cap-burn.json"), copy, -1, 1, &dir);
    QCOMPARE(toString(r.status), QStringLiteral("failed"));
    QVERIFY(r.lastError().has_value());
    QCOMPARE(r.lastError()->code, code);
    QVERIFY2(r.lastError()->message.contains(mentions), qPrintable(r.lastError()->message));
    QVERIFY(!dir.contains(QLatin1String("/.staging/")));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/output.mp4")));
    QVERIFY(verifyManifest(dir).isEmpty());
    Result<RunRecord> onDisk = loadRunRecord(dir + QStringLiteral("/run.json"));
    QVERIFY(onDisk.ok());
    QCOMPARE(toString(onDisk->status), QStringLiteral("failed"));
    QCOMPARE(onDisk->lastError()->code, code);
}

void TestRenderCaptions::cliTakesARunId()
{
    const test::ProcessResult r = test::runCli(
        {QStringLiteral("render"), QStringLiteral("--json"), QStringLiteral("--narration"),
         m_narrationRunId, m_project + QStringLiteral("/specs/cap-side.json")});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    const QByteArray lastLine = r.out.trimmed().split('\n').last();
    Result<Json> finished = parseJson(lastLine, QStringLiteral("stdout"));
    QVERIFY(finished.ok());
    QCOMPARE((*finished)["status"], "succeeded");
    const QString dir = toQString((*finished)["runDir"].get<std::string>());
    // The same narration and spec give the same sidecar as the render above.
    QCOMPARE(*sha256File(dir + QStringLiteral("/captions.vtt")),
             *sha256File(m_sideDir + QStringLiteral("/captions.vtt")));

    const test::ProcessResult missing =
        test::runCli({QStringLiteral("render"), QStringLiteral("--narration"),
                      QStringLiteral("20990101T000000Z-tts-000000"),
                      m_project + QStringLiteral("/specs/cap-side.json")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY(missing.err.contains("no narration run"));
}

void TestRenderCaptions::linesWithoutNarration()
{
    QString single, chunked;
    const RunRecord one = render(QStringLiteral("cap-lines.json"), QString(), -1, 1, &single);
    QVERIFY2(one.status == RunStatus::Succeeded, qPrintable(why(one)));
    const RunRecord two = render(QStringLiteral("cap-lines.json"), QString(), -1, 2, &chunked);
    QVERIFY2(two.status == RunStatus::Succeeded, qPrintable(why(two)));
    QCOMPARE(two.chunks, 2);
    for (const RunInput &in : one.inputs)
        QVERIFY(!in.role.startsWith(QLatin1String("narration")));

    // Scene-relative frames: 60 in scene a, lengthened to 30 frames, so across the cut at 75;
    // 15 in scene b, to its end.
    Result<Json> props = readJsonFile(single + QStringLiteral("/props.json"));
    QVERIFY(props.ok());
    const Json &burned = (*props)["burnedCaptions"]["cues"];
    QCOMPARE(burned.size(), size_t(2));
    QCOMPARE(burned[0]["startFrame"], 60);
    QCOMPARE(burned[0]["endFrame"], 90);
    QCOMPARE(burned[1]["startFrame"], 90);
    QCOMPARE(burned[1]["endFrame"], 150);
    QCOMPARE((*props)["burnedCaptions"]["style"]["color"], "#FFE600");

    QFile vtt(single + QStringLiteral("/captions.vtt"));
    QVERIFY(vtt.open(QIODevice::ReadOnly));
    const QByteArray text = vtt.readAll();
    QVERIFY2(text.contains("00:00:02.000 --> 00:00:03.000\nFirst line, across the cut\n"),
             text.constData());
    QVERIFY(text.contains("00:00:03.000 --> 00:00:05.000\nSecond line\n"));

    // A caption across the chunk boundary is drawn in both chunks: same pictures.
    const QByteArray a = test::decodedFrameHashes(single + QStringLiteral("/output.mp4"));
    QVERIFY(!a.isEmpty());
    QCOMPARE(test::decodedFrameHashes(chunked + QStringLiteral("/output.mp4")), a);
    QCOMPARE(*sha256File(chunked + QStringLiteral("/captions.vtt")),
             *sha256File(single + QStringLiteral("/captions.vtt")));
}

QTEST_GUILESS_MAIN(TestRenderCaptions)
#include "tst_rendercaptions.moc"
