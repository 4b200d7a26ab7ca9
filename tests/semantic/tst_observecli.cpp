// `greenlight-cli observe` as a user runs it: add, list (exit 1 on open blockers), waive,
// import, compare, unusable input (exit 2), and the model review against a loopback server
// with the key taken from the environment and never printed or written.
#include "testsupport.h"

#include "chatcompletionsserver.h"

#include "common/jsonio.h"
#include "common/jsonschema.h"

#include <QDirIterator>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using test::ChatCompletionsServer;

namespace {
const QByteArray kKey = "sk-cli-test-0123456789abcdef-SECRET";

QString write(const QString &path, const QByteArray &text)
{
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text);
    return path;
}
} // namespace

class TestObserveCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void addListWaiveImportCompare();
    void unusableInputExitsTwo();
    void modelReviewFromTheCommandLine();

private:
    static test::ProcessResult observe(const QString &runDir, const QStringList &args)
    {
        return test::runCli(QStringList{QStringLiteral("observe"), runDir} + args, 60000);
    }
    // Runs the CLI while this thread keeps serving the loopback server.
    static test::ProcessResult observeAsync(const QString &runDir, const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("GREENLIGHT_REVIEWER_API_KEY"), QString::fromLatin1(kKey));
        p.setProcessEnvironment(env);
        QEventLoop loop;
        connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(120000, &loop, &QEventLoop::quit);
        p.start(test::cliPath(), QStringList{QStringLiteral("observe"), runDir} + args);
        loop.exec();
        test::ProcessResult r;
        r.exitCode = p.state() == QProcess::NotRunning && p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = p.readAllStandardError();
        return r;
    }
};

void TestObserveCli::addListWaiveImportCompare()
{
    QTemporaryDir run;
    auto added = observe(run.path(), {QStringLiteral("add"), QStringLiteral("--frames"), QStringLiteral("10-40"),
                                      QStringLiteral("--category"), QStringLiteral("contradiction"), QStringLiteral("--severity"),
                                      QStringLiteral("blocker"), QStringLiteral("--text"), QStringLiteral("Price and voice disagree."),
                                      QStringLiteral("--reviewer"), QStringLiteral("ana"), QStringLiteral("--cue-ids"),
                                      QStringLiteral("cue-1,cue-2")});
    QVERIFY2(added.exitCode == 0, added.err.constData());
    const QString id = QString::fromUtf8(added.out).trimmed();
    QVERIFY(id.startsWith(QLatin1String("obs-")));

    auto listed = observe(run.path(), {QStringLiteral("list")});
    QCOMPARE(listed.exitCode, 1); // an open blocker
    QVERIFY(listed.out.contains(id.toUtf8()));
    QVERIFY(listed.out.contains("frames 10–40"));

    write(run.filePath(QStringLiteral("model.json")), R"({"reviewer": {"kind": "model", "name": "vision", "model": "gpt-4o"},
      "observations": [{"frames": {"start": 20, "end": 40}, "category": "contradiction", "severity": "blocker", "text": "Says free, shows $19."},
                       {"frames": {"start": 80, "end": 90}, "category": "brand", "severity": "info", "text": "Logo small."}]})");
    auto imported = observe(run.path(), {QStringLiteral("import"), run.filePath(QStringLiteral("model.json"))});
    QVERIFY2(imported.exitCode == 0, imported.err.constData());
    QVERIFY(imported.out.contains("imported 2 observations"));

    auto compared = observe(run.path(), {QStringLiteral("compare"), QStringLiteral("--json")});
    QCOMPARE(compared.exitCode, 0);
    const nlohmann::json c = nlohmann::json::parse(compared.out.toStdString());
    QCOMPARE(c["agreements"].size(), size_t(1));
    QCOMPARE(c["agreements"][0]["iou"].get<double>(), 0.6667);
    QCOMPARE(c["disagreements"].size(), size_t(1));
    QCOMPARE(c["disagreements"][0]["kind"].get<std::string>(), std::string("unmatched"));
    auto comparedText = observe(run.path(), {QStringLiteral("compare")});
    QVERIFY(comparedText.out.contains("1 agree"));

    // Waive the human blocker (by a shortened id), resolve the model's: no open blocker left.
    auto waived = observe(run.path(), {QStringLiteral("waive"), id.left(10), QStringLiteral("--reason"),
                                       QStringLiteral("Price changes next week; approved."), QStringLiteral("--by"), QStringLiteral("lead")});
    QVERIFY2(waived.exitCode == 0, waived.err.constData());
    auto json = observe(run.path(), {QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 1);
    const nlohmann::json doc = nlohmann::json::parse(json.out.toStdString());
    std::string modelBlocker;
    for (const auto &f : doc["findings"])
        if (f["reviewer"]["kind"] == "model" && f["severity"] == "blocker")
            modelBlocker = f["id"].get<std::string>();
    QVERIFY(!modelBlocker.empty());
    QCOMPARE(observe(run.path(), {QStringLiteral("resolve"), QString::fromStdString(modelBlocker)}).exitCode, 0);
    QCOMPARE(observe(run.path(), {QStringLiteral("list")}).exitCode, 0);

    auto schema = JsonSchema::load(QStringLiteral(":/schemas/findings.schema.json"));
    auto onDisk = readJsonFile(run.filePath(QStringLiteral("observations.json")));
    QVERIFY(schema.ok() && onDisk.ok());
    QVERIFY((*schema)->validate(*onDisk).isEmpty());
    QCOMPARE((*onDisk)["findings"].size(), size_t(3));
    QCOMPARE((*onDisk)["findings"][0]["waiverReason"].get<std::string>(), std::string("Price changes next week; approved."));
}

void TestObserveCli::unusableInputExitsTwo()
{
    QTemporaryDir run;
    write(run.filePath(QStringLiteral("bad.json")), R"({"reviewer": {"kind": "model", "name": "m"},
      "observations": [{"frames": {"start": 1, "end": 9}, "category": "brand", "severity": "severe", "text": "x"}]})");
    auto bad = observe(run.path(), {QStringLiteral("import"), run.filePath(QStringLiteral("bad.json"))});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("/observations/0/severity"), bad.err.constData());
    QVERIFY(bad.err.contains("nothing imported"));
    QVERIFY(!QFile::exists(run.filePath(QStringLiteral("observations.json"))));

    const QStringList add = {QStringLiteral("add"), QStringLiteral("--category"), QStringLiteral("brand"),
                             QStringLiteral("--severity"), QStringLiteral("info"), QStringLiteral("--text"),
                             QStringLiteral("x"), QStringLiteral("--reviewer"), QStringLiteral("ana"), QStringLiteral("--frames")};
    QCOMPARE(observe(run.path(), add + QStringList{QStringLiteral("20-10")}).exitCode, 2);
    QCOMPARE(observe(run.path(), add + QStringList{QStringLiteral("ten")}).exitCode, 2);
    QCOMPARE(observe(run.path(), {QStringLiteral("waive"), QStringLiteral("obs-000000000000"), QStringLiteral("--reason"),
                                  QStringLiteral("r")}).exitCode, 2);
    QCOMPARE(observe(run.path(), {QStringLiteral("waive"), QStringLiteral("obs-000000000000")}).exitCode, 2);
    QCOMPARE(observe(run.path(), {QStringLiteral("frobnicate")}).exitCode, 2);
    QCOMPARE(observe(run.filePath(QStringLiteral("nope")), {QStringLiteral("list")}).exitCode, 2);
    QCOMPARE(observe(run.path(), {QStringLiteral("review"), QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9"),
                                  QStringLiteral("--model"), QStringLiteral("m")}).exitCode, 2); // no output.mp4
    QCOMPARE(observe(run.path(), {QStringLiteral("list")}).exitCode, 0);
}

void TestObserveCli::modelReviewFromTheCommandLine()
{
    QTemporaryDir run;
    QVERIFY(test::ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                          QStringLiteral("testsrc2=size=256x144:rate=30:duration=2"), QStringLiteral("-c:v"),
                          QStringLiteral("libx264"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"),
                          run.filePath(QStringLiteral("output.mp4"))}));
    write(run.filePath(QStringLiteral("cues.json")), R"({"schemaVersion": 1, "sampleRate": 22050, "fps": {"num": 30, "den": 1},
      "segments": [{"id": "hook-0", "sourceText": "Greenlight ships your video today.", "spokenText": "Greenlight ships your video today.",
                    "charStart": 0, "charEnd": 34, "startSample": 0, "endSample": 22050, "startFrame": 0, "endFrame": 30, "words": []}]})");
    write(run.filePath(QStringLiteral("props.json")), R"({"schemaVersion": 1, "title": "Launch teaser", "cta": {"text": "Try it now", "scene": "cta"},
      "scenes": [{"id": "hook", "startFrame": 0, "durationFrames": 60,
                  "layers": [{"type": "text", "id": "headline", "startFrame": 0, "endFrame": 60, "content": "50% faster reviews"}]}]})");

    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue(ChatCompletionsServer::completion(R"({"observations": [{"frames": {"start": 0, "end": 30},
        "category": "promise-delivery-mismatch", "severity": "warning", "text": "Nothing shows the 50% claim.",
        "evidence": {"frames": [7], "cueIds": ["hook-0"]}}]})", "vision-2024"));
    const QStringList args = {QStringLiteral("review"), QStringLiteral("--endpoint"), server.baseUrl().toString(),
                              QStringLiteral("--model"), QStringLiteral("vision"), QStringLiteral("--frames"), QStringLiteral("3")};
    auto r = observeAsync(run.path(), args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.contains("1 observations from vision-2024"));
    QCOMPARE(server.requests().size(), 1);
    QCOMPARE(server.requests()[0].headers.value("authorization"), QByteArray("Bearer " + kKey));
    const QByteArray body = server.requests()[0].body;
    for (const char *needle : {"Greenlight ships your video today.", "hook-0", "Launch teaser", "Try it now",
                               "50% faster reviews", "Frame 10 ", "Frame 30 ", "Frame 50 "})
        QVERIFY2(body.contains(needle), needle);

    server.enqueue(ChatCompletionsServer::error(401, "Incorrect API key provided: " + kKey));
    auto refused = observeAsync(run.path(), args);
    QCOMPARE(refused.exitCode, 3);
    QVERIFY(refused.err.contains("401"));

    for (const auto &p : {r, refused}) {
        QVERIFY(!p.out.contains(kKey));
        QVERIFY2(!p.err.contains(kKey), p.err.constData());
    }
    QDirIterator files(run.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(kKey), qPrintable(f.fileName()));
    }
    auto listed = observe(run.path(), {QStringLiteral("list"), QStringLiteral("--json")});
    QCOMPARE(listed.exitCode, 0);
    QVERIFY(listed.out.contains("\"version\": \"vision-2024\""));
}

QTEST_GUILESS_MAIN(TestObserveCli)
#include "tst_observecli.moc"
