// Real renders of the demo project: run folder and sidecars, manifest, exact frame count,
// size and rate (30 and 30000/1001), determinism, chunked == single, the CLI's JSON events.
#include "rendertestsupport.h"

#include "common/hashing.h"
#include "run/manifest.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestRender : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rendersTeaser();
    void isDeterministic();
    void tamperedOutputFailsVerification();
    void chunkedEqualsSingle();
    void rendersVariant();
    void rendersNtscRate();
    void rendersNtscChunksThroughCli();

private:
    QTemporaryDir m_tmp;
    QString m_project;
    QString m_teaser;
    RunRecord m_first;
    QString m_ntscSingle;
};

void TestRender::initTestCase()
{
    m_project = test::copyDemo(m_tmp.path());
    QVERIFY(!m_project.isEmpty());
    m_teaser = m_project + QStringLiteral("/specs/launch-teaser.greenlight.json");
}

void TestRender::rendersTeaser()
{
    RenderRunner runner;
    RenderRequest request;
    request.specPath = m_teaser;
    QSignalSpy progress(&runner, &RenderRunner::progress);
    QSignalSpy created(&runner, &RenderRunner::runCreated);
    m_first = test::renderToEnd(runner, request);
    GL_COMPARE_ENUM(m_first.status, RunStatus::Succeeded);
    QCOMPARE(created.size(), 1);
    QVERIFY(progress.size() >= 2);
    QCOMPARE(progress.last().at(0).toDouble(), 1.0);

    const QString dir = runner.runDir();
    QCOMPARE(dir, m_project + QStringLiteral("/runs/") + m_first.id);
    QVERIFY(!QFileInfo::exists(m_project + QStringLiteral("/runs/.staging/") + m_first.id));
    for (const char *f : {"run.json", "props.json", "plan.json", "warnings.json", "manifest.json", "output.mp4",
                          "logs/ffmpeg-render.log", "filters/render.txt"})
        QVERIFY2(QFileInfo::exists(dir + QLatin1Char('/') + QLatin1String(f)), f);
    QVERIFY(!QDir(dir + QStringLiteral("/text")).isEmpty());
    const QList<ManifestProblem> problems = verifyManifest(dir);
    QVERIFY(problems.isEmpty());

    Result<Json> runJson = readJsonFile(dir + QStringLiteral("/run.json"));
    QVERIFY(runJson.ok());
    QStringList errors = test::schemaErrors(*runJson, QStringLiteral("run.schema.json"));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    Result<Json> manifest = readJsonFile(dir + QStringLiteral("/manifest.json"));
    errors = test::schemaErrors(*manifest, QStringLiteral("manifest.schema.json"));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));

    GL_COMPARE_ENUM(m_first.runtimeClass, RuntimeClass::Local);
    QCOMPARE(m_first.spec.path, QStringLiteral("specs/launch-teaser.greenlight.json"));
    QCOMPARE(m_first.spec.specId, QStringLiteral("launch-teaser"));
    QCOMPARE(m_first.spec.sha256, *sha256File(m_teaser));
    QVERIFY(!m_first.provenance.ffmpegVersion.isEmpty());
    QVERIFY(m_first.provenance.ffmpegConfiguration.contains(QLatin1String("--enable-libx264")));
    QCOMPARE(m_first.qa.state, QStringLiteral("not-run"));
    int assets = 0, fonts = 0;
    for (const RunInput &in : m_first.inputs) {
        assets += in.role == QLatin1String("asset");
        fonts += in.role == QLatin1String("font");
    }
    QCOMPARE(assets, 2);
    QCOMPARE(fonts, 2); // DejaVu Sans regular and bold
    QCOMPARE(m_first.artifacts.first().path, QStringLiteral("output.mp4"));
    QCOMPARE(m_first.artifacts.first().sha256, *sha256File(dir + QStringLiteral("/output.mp4")));

    const test::VideoFacts v = test::probeVideo(dir + QStringLiteral("/output.mp4"));
    QCOMPARE(v.frames, 390);
    QCOMPARE(v.width, 720);
    QCOMPARE(v.height, 1280);
    QCOMPARE(v.frameRate, QStringLiteral("30/1"));
    QCOMPARE(v.avgFrameRate, QStringLiteral("30/1"));
    QCOMPARE(v.pixelFormat, QStringLiteral("yuv420p"));
    QCOMPARE(v.duration_s, 13.0);
    QCOMPARE(v.audioSampleRate, 48000);
    QCOMPARE(v.audioChannels, 2);
}

void TestRender::isDeterministic()
{
    const RunRecord second = test::renderSpec(m_teaser);
    GL_COMPARE_ENUM(second.status, RunStatus::Succeeded);
    QVERIFY(second.id != m_first.id);
    QCOMPARE(second.artifacts.first().sha256, m_first.artifacts.first().sha256);
}

void TestRender::tamperedOutputFailsVerification()
{
    // Work on a copy of the first run folder.
    const QString original = m_project + QStringLiteral("/runs/") + m_first.id;
    const QString copy = m_tmp.filePath(QStringLiteral("tampered"));
    QVERIFY(test::copyTree(original, copy));
    QVERIFY(verifyManifest(copy).isEmpty());
    QFile f(copy + QStringLiteral("/output.mp4"));
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(f.size() / 2);
    const char byte = f.peek(1).at(0);
    f.write(QByteArray(1, char(byte ^ 0x5A)));
    f.close();
    const QList<ManifestProblem> problems = verifyManifest(copy);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().path, QStringLiteral("output.mp4"));
    GL_COMPARE_ENUM(problems.first().kind, ManifestProblem::Kind::HashMismatch);

    // The same check from the command line.
    test::ProcessResult r = test::runCli({QStringLiteral("render"), QStringLiteral("--verify"), original});
    QCOMPARE(r.exitCode, 0);
    r = test::runCli({QStringLiteral("render"), QStringLiteral("--json"), QStringLiteral("--verify"), copy});
    QCOMPARE(r.exitCode, 1);
    Result<Json> report = parseJson(r.out, QStringLiteral("stdout"));
    QVERIFY(report.ok());
    QCOMPARE((*report)["verified"], false);
    QCOMPARE((*report)["problems"][0]["kind"], "hash-mismatch");
}

void TestRender::chunkedEqualsSingle()
{
    const RunRecord chunked = test::renderSpec(m_teaser, QString(), 3);
    GL_COMPARE_ENUM(chunked.status, RunStatus::Succeeded);
    QCOMPARE(chunked.chunks, 3);
    const QString dir = m_project + QStringLiteral("/runs/") + chunked.id;
    QVERIFY(verifyManifest(dir).isEmpty());
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/chunks"))); // intermediates removed
    for (const char *f : {"logs/ffmpeg-chunk-000.log", "logs/ffmpeg-chunk-002.log", "logs/ffmpeg-concat.log",
                          "filters/chunk-001.txt", "filters/audio.txt"})
        QVERIFY2(QFileInfo::exists(dir + QLatin1Char('/') + QLatin1String(f)), f);

    const QString single = m_project + QStringLiteral("/runs/") + m_first.id + QStringLiteral("/output.mp4");
    const QString joined = dir + QStringLiteral("/output.mp4");
    const test::VideoFacts a = test::probeVideo(single);
    const test::VideoFacts b = test::probeVideo(joined);
    QCOMPARE(b.frames, a.frames);
    QCOMPARE(b.duration_s, a.duration_s);
    QCOMPARE(b.frameRate, a.frameRate);
    QCOMPARE(b.audioSampleRate, a.audioSampleRate);
    // Constant QP, no B-frames and an IDR at every scene start: the chunks decode to the
    // very same pictures as the single render.
    const QByteArray ha = test::decodedFrameHashes(single);
    QVERIFY(!ha.isEmpty());
    QCOMPARE(test::decodedFrameHashes(joined), ha);
    QVERIFY(test::ssimAll(single, joined) >= 0.99);
}

void TestRender::rendersVariant()
{
    const RunRecord r = test::renderSpec(m_teaser, QStringLiteral("square"));
    GL_COMPARE_ENUM(r.status, RunStatus::Succeeded);
    QCOMPARE(r.spec.variant, QStringLiteral("square"));
    const QString dir = m_project + QStringLiteral("/runs/") + r.id;
    const test::VideoFacts v = test::probeVideo(dir + QStringLiteral("/output.mp4"));
    QCOMPARE(v.width, 720);
    QCOMPARE(v.height, 720);
    QCOMPARE(v.frames, 390);
    Result<Json> props = readJsonFile(dir + QStringLiteral("/props.json"));
    QVERIFY(props.ok());
    QCOMPARE((*props)["variant"], "square");
    QCOMPARE((*props)["scenes"][0]["layers"][0]["box"]["y"], 200);
}

void TestRender::rendersNtscRate()
{
    const RunRecord r = test::renderSpec(m_project + QStringLiteral("/specs/feature-explainer.greenlight.json"));
    GL_COMPARE_ENUM(r.status, RunStatus::Succeeded);
    QCOMPARE(r.media->fps, (Rational{30000, 1001}));
    QCOMPARE(r.media->durationSamples, 816816); // 510 frames at 30000/1001 in 48 kHz samples
    const QString output = m_project + QStringLiteral("/runs/") + r.id + QStringLiteral("/output.mp4");
    const test::VideoFacts v = test::probeVideo(output);
    QCOMPARE(v.width, 1280);
    QCOMPARE(v.height, 720);
    QCOMPARE(v.frameRate, QStringLiteral("30000/1001"));
    QCOMPARE(v.avgFrameRate, QStringLiteral("30000/1001"));
    QCOMPARE(v.frames, 510);
    QVERIFY(std::abs(v.duration_s - 510.0 * 1001.0 / 30000.0) < 1e-3);
    m_ntscSingle = output;
}

// The CLI with --json and --chunks at 30000/1001: chunk durations are not whole
// milliseconds, yet the joined file keeps the exact rate and the same pictures.
void TestRender::rendersNtscChunksThroughCli()
{
    const test::ProcessResult r = test::runCli({QStringLiteral("render"), QStringLiteral("--json"), QStringLiteral("--chunks"),
                                                QStringLiteral("2"), m_project + QStringLiteral("/specs/feature-explainer.greenlight.json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QList<Json> events;
    for (const QByteArray &line : r.out.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        Result<Json> e = parseJson(line, QStringLiteral("stdout"));
        QVERIFY2(e.ok(), line.constData());
        events.append(*e);
    }
    QVERIFY(events.size() >= 3);
    QCOMPARE(events.first()["event"], "started");
    int progressEvents = 0;
    for (const Json &e : events)
        if (e["event"] == "progress") {
            ++progressEvents;
            QCOMPARE(e["totalFrames"], 510);
            QVERIFY(e["fraction"].get<double>() >= 0.0 && e["fraction"].get<double>() <= 1.0);
        }
    QVERIFY(progressEvents >= 1);
    const Json &last = events.last();
    QCOMPARE(last["event"], "finished");
    QCOMPARE(last["status"], "succeeded");
    const QString dir = toQString(last["runDir"].get<std::string>());
    QVERIFY(verifyManifest(dir).isEmpty());
    const test::VideoFacts v = test::probeVideo(dir + QStringLiteral("/output.mp4"));
    QCOMPARE(v.width, 1280);
    QCOMPARE(v.height, 720);
    QCOMPARE(v.frameRate, QStringLiteral("30000/1001"));
    QCOMPARE(v.avgFrameRate, QStringLiteral("30000/1001"));
    QCOMPARE(v.frames, 510);
    QVERIFY(std::abs(v.duration_s - 510.0 * 1001.0 / 30000.0) < 1e-3);
    QVERIFY(!m_ntscSingle.isEmpty());
    QCOMPARE(test::decodedFrameHashes(dir + QStringLiteral("/output.mp4")), test::decodedFrameHashes(m_ntscSingle));
}

QTEST_GUILESS_MAIN(TestRender)
#include "tst_render.moc"
