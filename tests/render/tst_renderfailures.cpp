// Bad input and bad luck: an asset deleted after validation, ffmpeg missing, killed or
// cancelled, the disk "full" (a file-size limit), SIGINT to the CLI, specs with blockers.
// Each ends in a final run folder whose run.json says failed/cancelled in words a person can
// act on, with the log kept and no output.mp4; never a crash, never a leftover process.
#include "rendertestsupport.h"

#include "run/manifest.h"
#include "spec/specvalidator.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestRenderFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shortSpecRenders();
    void missingAssetAfterValidation();
    void ffmpegMissing();
    void cancelMidRender();
    void ffmpegKilled();
    void destroyingRunnerKillsFfmpeg();
    void diskFull();
    void cliCancelsOnSigint();
    void cliRefusesBlockers();

private:
    static void writeFile(const QString &path, const QByteArray &bytes);
    static void checkEndedWithoutOutput(const RunRecord &r, const QString &dir, RunStatus status, const QString &code);
    QString freshProject(const QString &name);

    QTemporaryDir m_tmp;
};

void TestRenderFailures::writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

// A demo copy with generated noise media and two short specs.
QString TestRenderFailures::freshProject(const QString &name)
{
    const QString p = test::copyDemo(m_tmp.path(), name);
    const QString assets = p + QStringLiteral("/assets/");
    QFile::copy(m_tmp.filePath(QStringLiteral("noise.png")), assets + QStringLiteral("noise.png"));
    QFile::copy(m_tmp.filePath(QStringLiteral("noise.mp4")), assets + QStringLiteral("noise.mp4"));
    writeFile(p + QStringLiteral("/specs/short.json"), R"({
  "schemaVersion": 1, "id": "short", "title": "Short", "format": "landscape-explainer",
  "canvas": {"width": 320, "height": 180, "fps": {"num": 30, "den": 1}},
  "durationFrames": 30,
  "assets": [{"id": "noise", "kind": "image", "path": "assets/noise.png"},
             {"id": "clip", "kind": "video", "path": "assets/noise.mp4"},
             {"id": "logo", "kind": "image", "path": "assets/logo.png"}],
  "scenes": [
    {"id": "a", "role": "hook", "durationFrames": 15, "background": {"type": "asset", "asset": "noise", "fit": "cover"},
     "layers": [{"type": "text", "id": "t", "content": "Hello", "style": {"sizePx": 24, "background": "#00000080", "paddingPx": 4},
                 "box": {"x": 20, "y": 20, "width": 200, "height": 40}}]},
    {"id": "b", "role": "cta", "durationFrames": 15, "background": {"type": "color", "color": "#1B2430"},
     "transitionIn": {"type": "fade", "durationFrames": 5},
     "layers": [{"type": "video", "id": "v", "asset": "clip", "fit": "contain", "box": {"x": 10, "y": 10, "width": 160, "height": 160}},
                {"type": "image", "id": "l", "asset": "logo", "fit": "cover", "box": {"x": 200, "y": 40, "width": 100, "height": 60},
                 "startFrame": 5, "endFrame": 12}]}
  ]
})");
    writeFile(p + QStringLiteral("/specs/slow.json"), R"({
  "schemaVersion": 1, "id": "slow", "title": "Slow", "format": "landscape-explainer",
  "canvas": {"width": 1280, "height": 720, "fps": {"num": 30, "den": 1}},
  "durationFrames": 300,
  "assets": [{"id": "clip", "kind": "video", "path": "assets/noise.mp4"}],
  "scenes": [
    {"id": "a", "role": "hook", "durationFrames": 300, "background": {"type": "asset", "asset": "clip", "fit": "fill"},
     "layers": [{"type": "text", "id": "t", "content": "Noise", "box": {"x": 40, "y": 40, "width": 600, "height": 100}}]}
  ]
})");
    return p;
}

void TestRenderFailures::checkEndedWithoutOutput(const RunRecord &r, const QString &dir, RunStatus status, const QString &code)
{
    QCOMPARE(toString(r.status), toString(status));
    QVERIFY(!r.attempts.isEmpty());
    QCOMPARE(toString(r.attempts.last().outcome), toString(status));
    QVERIFY(r.lastError().has_value());
    QCOMPARE(r.lastError()->code, code);
    QVERIFY(r.lastError()->message.size() > 30);
    QVERIFY2(!dir.contains(QLatin1String("/.staging/")), qPrintable(dir));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/run.json")));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/output.mp4")));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/chunks")));
    QVERIFY(verifyManifest(dir).isEmpty());
    Result<RunRecord> onDisk = loadRunRecord(dir + QStringLiteral("/run.json"));
    QVERIFY(onDisk.ok());
    QCOMPARE(toString(onDisk->status), toString(status));
    Result<Json> json = readJsonFile(dir + QStringLiteral("/run.json"));
    const QStringList errors = test::schemaErrors(*json, QStringLiteral("run.schema.json"));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
}

void TestRenderFailures::initTestCase()
{
    QVERIFY(test::ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                          QStringLiteral("color=c=gray:s=320x180,noise=alls=100:allf=u"), QStringLiteral("-frames:v"),
                          QStringLiteral("1"), m_tmp.filePath(QStringLiteral("noise.png"))}));
    QVERIFY(test::ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                          QStringLiteral("color=c=gray:s=320x180:r=30,noise=alls=100:allf=t+u"), QStringLiteral("-t"),
                          QStringLiteral("10"), QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-preset"),
                          QStringLiteral("ultrafast"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"),
                          m_tmp.filePath(QStringLiteral("noise.mp4"))}));
}

// The control case: the short spec renders, with a narration clip placed at scene "b".
void TestRenderFailures::shortSpecRenders()
{
    const QString p = freshProject(QStringLiteral("ok"));
    const SpecValidator validator;
    const Findings findings = validator.validateFile(p + QStringLiteral("/specs/short.json"), p);
    QVERIFY2(!hasOpenBlocker(findings), findings.isEmpty() ? "" : qPrintable(findings.first().message));
    QVERIFY(test::ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                          QStringLiteral("sine=frequency=1000:sample_rate=44100:duration=0.3"),
                          p + QStringLiteral("/assets/narration-b.wav")}));
    RenderRunner runner;
    RenderRequest request;
    request.specPath = p + QStringLiteral("/specs/short.json");
    request.options.narration = {{QStringLiteral("assets/narration-b.wav"), 15, QStringLiteral("b")}};
    const RunRecord r = test::renderToEnd(runner, request);
    GL_COMPARE_ENUM(r.status, RunStatus::Succeeded);
    const QString dir = runner.runDir();
    const QString output = dir + QStringLiteral("/output.mp4");
    const test::VideoFacts v = test::probeVideo(output);
    QCOMPARE(v.frames, 30);
    QCOMPARE(v.width, 320);
    QCOMPARE(v.height, 180);
    QCOMPARE(v.audioSampleRate, 48000);
    Result<Json> plan = readJsonFile(dir + QStringLiteral("/plan.json"));
    QVERIFY(plan.ok());
    QVERIFY((*plan)["jobs"][0]["args"].dump().find("\"-t\"") != std::string::npos); // the video input is bounded
    bool narrationInput = false;
    for (const RunInput &in : r.inputs)
        narrationInput = narrationInput || (in.role == QLatin1String("narration-audio") && in.path == QLatin1String("assets/narration-b.wav"));
    QVERIFY(narrationInput);

    // Silence until scene "b" starts at frame 15 (0.5 s), the tone after it.
    auto maxVolume_dB = [&](const QString &from_s, const QString &to_s) {
        const test::ProcessResult vr = test::run(QStringLiteral("ffmpeg"),
            {QStringLiteral("-hide_banner"), QStringLiteral("-i"), output, QStringLiteral("-map"), QStringLiteral("0:a"),
             QStringLiteral("-af"), QStringLiteral("atrim=%1:%2,volumedetect").arg(from_s, to_s), QStringLiteral("-f"),
             QStringLiteral("null"), QStringLiteral("-")});
        const QString text = QString::fromUtf8(vr.err);
        const qsizetype at = text.indexOf(QLatin1String("max_volume:"));
        return at < 0 ? 0.0 : text.mid(at + 11).trimmed().section(QLatin1Char(' '), 0, 0).toDouble();
    };
    QVERIFY(maxVolume_dB(QStringLiteral("0"), QStringLiteral("0.45")) < -80.0);
    QVERIFY(maxVolume_dB(QStringLiteral("0.55"), QStringLiteral("0.75")) > -40.0); // sine at -18 dBFS, -3 dB upmixed
}

void TestRenderFailures::missingAssetAfterValidation()
{
    const QString p = freshProject(QStringLiteral("missing"));
    const SpecValidator validator;
    QVERIFY(!hasOpenBlocker(validator.validateFile(p + QStringLiteral("/specs/short.json"), p)));
    QVERIFY(QFile::remove(p + QStringLiteral("/assets/noise.png"))); // deleted after validation

    RenderRunner runner;
    QSignalSpy started(&runner, &RenderRunner::ffmpegStarted);
    RenderRequest request;
    request.specPath = p + QStringLiteral("/specs/short.json");
    const RunRecord r = test::renderToEnd(runner, request);
    checkEndedWithoutOutput(r, runner.runDir(), RunStatus::Failed, QStringLiteral("render.asset.missing"));
    QVERIFY(r.lastError()->message.contains(QLatin1String("assets/noise.png")));
    QCOMPARE(started.size(), 0);
}

void TestRenderFailures::ffmpegMissing()
{
    const QString p = freshProject(QStringLiteral("noffmpeg"));
    RenderRunner runner;
    RenderRequest request;
    request.specPath = p + QStringLiteral("/specs/short.json");
    request.options.program = QStringLiteral("/nonexistent/bin/ffmpeg");
    const RunRecord r = test::renderToEnd(runner, request);
    checkEndedWithoutOutput(r, runner.runDir(), RunStatus::Failed, QStringLiteral("render.ffmpeg.missing"));
}

void TestRenderFailures::cancelMidRender()
{
    const QString p = freshProject(QStringLiteral("cancel"));
    RenderRunner runner;
    qint64 pid = 0;
    connect(&runner, &RenderRunner::ffmpegStarted, this, [&](qint64 p) { pid = p; });
    connect(&runner, &RenderRunner::progress, this, [&](double, qint64 frame, qint64) {
        if (frame > 0)
            runner.cancel();
    });
    RenderRequest request;
    request.specPath = p + QStringLiteral("/specs/slow.json");
    const RunRecord r = test::renderToEnd(runner, request);
    checkEndedWithoutOutput(r, runner.runDir(), RunStatus::Cancelled, QStringLiteral("render.cancelled"));
    QVERIFY(pid > 0);
    QVERIFY(!test::processExists(pid));
    QVERIFY(QFileInfo::exists(runner.runDir() + QStringLiteral("/logs/ffmpeg-render.log")));
    QVERIFY(QFileInfo::exists(runner.runDir() + QStringLiteral("/plan.json")));
}

void TestRenderFailures::ffmpegKilled()
{
    const QString p = freshProject(QStringLiteral("killed"));
    RenderRunner runner;
    bool killed = false;
    connect(&runner, &RenderRunner::progress, this, [&](double, qint64 frame, qint64) {
        if (frame > 0 && !killed && runner.ffmpegPid() > 0)
            killed = ::kill(pid_t(runner.ffmpegPid()), SIGKILL) == 0;
    });
    RenderRequest request;
    request.specPath = p + QStringLiteral("/specs/slow.json");
    const RunRecord r = test::renderToEnd(runner, request);
    QVERIFY(killed);
    checkEndedWithoutOutput(r, runner.runDir(), RunStatus::Failed, QStringLiteral("render.ffmpeg.crashed"));
    QVERIFY(r.lastError()->message.contains(QLatin1String("SIGKILL")));
    QVERIFY(QFileInfo(runner.runDir() + QStringLiteral("/logs/ffmpeg-render.log")).size() > 0);
}

void TestRenderFailures::destroyingRunnerKillsFfmpeg()
{
    const QString p = freshProject(QStringLiteral("destroyed"));
    auto *runner = new RenderRunner;
    qint64 pid = 0;
    QEventLoop loop;
    connect(runner, &RenderRunner::progress, &loop, [&](double, qint64 frame, qint64) {
        if (frame > 0 && pid == 0) {
            pid = runner->ffmpegPid();
            loop.quit();
        }
    });
    RenderRequest request;
    request.specPath = p + QStringLiteral("/specs/slow.json");
    QVERIFY(runner->start(request).ok());
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    loop.exec();
    QVERIFY(pid > 0);
    QVERIFY(test::processExists(pid));
    delete runner; // the owner goes away mid-render
    QVERIFY(!test::processExists(pid));
}

void TestRenderFailures::diskFull()
{
    const QString p = freshProject(QStringLiteral("full"));
    // 64 KiB per file: the sidecars fit, the video does not; writes fail with EFBIG.
    const QString command = QStringLiteral("ulimit -f 64; exec \"$0\" render --json \"$1\"");
    const test::ProcessResult r = test::run(QStringLiteral("bash"),
                                            {QStringLiteral("-c"), command, test::cliPath(),
                                             p + QStringLiteral("/specs/short.json")});
    QCOMPARE(r.exitCode, 1);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    Result<Json> finished = parseJson(lines.last(), QStringLiteral("stdout"));
    QVERIFY(finished.ok());
    QCOMPARE((*finished)["status"], "failed");
    QCOMPARE((*finished)["error"]["code"], "render.disk.full");
    const QString dir = toQString((*finished)["runDir"].get<std::string>());
    Result<RunRecord> rec = loadRunRecord(dir + QStringLiteral("/run.json"));
    QVERIFY(rec.ok());
    checkEndedWithoutOutput(*rec, dir, RunStatus::Failed, QStringLiteral("render.disk.full"));
    QVERIFY(rec->lastError()->message.contains(QLatin1String("File too large")));
}

void TestRenderFailures::cliCancelsOnSigint()
{
    const QString p = freshProject(QStringLiteral("sigint"));
    QProcess cli;
    cli.start(test::cliPath(), {QStringLiteral("render"), QStringLiteral("--json"), p + QStringLiteral("/specs/slow.json")});
    QVERIFY(cli.waitForStarted());
    QByteArray out;
    bool sent = false;
    while (!sent && cli.waitForReadyRead(60000)) {
        out += cli.readAllStandardOutput();
        if (out.contains("\"event\":\"progress\"")) {
            ::kill(pid_t(cli.processId()), SIGINT);
            sent = true;
        }
    }
    QVERIFY(sent);
    QVERIFY(cli.waitForFinished(60000));
    out += cli.readAllStandardOutput();
    QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
    QCOMPARE(cli.exitCode(), 4);
    Result<Json> finished = parseJson(out.trimmed().split('\n').last(), QStringLiteral("stdout"));
    QVERIFY(finished.ok());
    QCOMPARE((*finished)["status"], "cancelled");
    const QString dir = toQString((*finished)["runDir"].get<std::string>());
    Result<RunRecord> rec = loadRunRecord(dir + QStringLiteral("/run.json"));
    QVERIFY(rec.ok());
    checkEndedWithoutOutput(*rec, dir, RunStatus::Cancelled, QStringLiteral("render.cancelled"));
}

void TestRenderFailures::cliRefusesBlockers()
{
    const QString p = freshProject(QStringLiteral("blockers"));
    Result<Json> spec = readJsonFile(p + QStringLiteral("/specs/short.json"));
    QVERIFY(spec.ok());
    (*spec)["durationFrames"] = 31; // scenes add up to 30
    writeFile(p + QStringLiteral("/specs/bad.json"), toJsonText(*spec));
    test::ProcessResult r = test::runCli({QStringLiteral("render"), p + QStringLiteral("/specs/bad.json")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(QByteArray(r.out + r.err).contains("spec.duration.mismatch"));
    QVERIFY(!QFileInfo::exists(p + QStringLiteral("/runs")));

    r = test::runCli({QStringLiteral("render"), QStringLiteral("--variant"), QStringLiteral("nope"),
                      p + QStringLiteral("/specs/launch-teaser.greenlight.json")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("square"));
    r = test::runCli({QStringLiteral("render"), p + QStringLiteral("/specs/absent.json")});
    QCOMPARE(r.exitCode, 2);
    r = test::runCli({QStringLiteral("render"), QStringLiteral("--chunks"), QStringLiteral("0"),
                      p + QStringLiteral("/specs/short.json")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!QFileInfo::exists(p + QStringLiteral("/runs")));
}

QTEST_GUILESS_MAIN(TestRenderFailures)
#include "tst_renderfailures.moc"
