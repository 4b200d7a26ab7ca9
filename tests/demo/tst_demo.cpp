// The headless demo (`make run` without a display): validate, voice, render with the
// narration, run the deterministic QA stage, and leave run folders that verify.
#include "testsupport.h"

#include "common/hashing.h"
#include "common/jsonio.h"
#include "ledger/ledger.h"
#include "qa/runqa.h"
#include "run/manifest.h"
#include "run/runrecord.h"
#include "runbook/runbook.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestDemo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headlessDemoRendersAndChecks();
};

void TestDemo::headlessDemoRendersAndChecks()
{
    QTemporaryDir tmp;
    const QString out = tmp.filePath(QStringLiteral("demo"));
    const auto r = test::runCli({QStringLiteral("demo"), test::sourceDir() + QStringLiteral("/resources/demo"),
                                 QStringLiteral("--out"), out});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    QVERIFY(r.out.contains("Outputs are in"));

    const QString runs = out + QStringLiteral("/runs");
    // The base spec and its 'light' variant are each voiced and rendered.
    QCOMPARE(QDir(runs).entryList({QStringLiteral("*-render-*")}, QDir::Dirs).size(), 2);
    QCOMPARE(QDir(runs).entryList({QStringLiteral("*-tts-*")}, QDir::Dirs).size(), 2);
    const QString tts = test::demoBaseRun(out, QStringLiteral("tts"));
    const QString render = test::demoBaseRun(out, QStringLiteral("render"));
    QVERIFY(!tts.isEmpty());
    QVERIFY(!render.isEmpty());
    for (const char *f : {"narration.wav", "cues.json", "captions.vtt", "manifest.json"})
        QVERIFY2(QFile::exists(QDir(tts).filePath(QLatin1String(f))), f);
    for (const char *f : {"output.mp4", "findings.json", "signals.json", "props.json", "plan.json"})
        QVERIFY2(QFile::exists(QDir(render).filePath(QLatin1String(f))), f);
    QVERIFY(QFile(QDir(tts).filePath(QStringLiteral("captions.vtt"))).size() > 20);

    // QA state is recorded and the re-sealed folder still verifies.
    auto record = loadRunRecord(QDir(render).filePath(QStringLiteral("run.json")));
    QVERIFY(record.ok());
    QVERIFY(record->qa.state != QLatin1String("not-run"));
    QCOMPARE(record->qa.findingsPath, QStringLiteral("findings.json"));
    QVERIFY(verifyManifest(render).isEmpty());

    // The narration was brought to the runbook's loudness, so QA finds no loudness problem.
    auto findings = readJsonFile(QDir(render).filePath(QStringLiteral("findings.json")));
    QVERIFY(findings.ok());
    for (const Json &f : (*findings)["findings"])
        QVERIFY2(f["code"] != "qa.loudness.out-of-range" && f["code"] != "qa.true-peak.too-high",
                 f.dump().c_str());

    // The demo ends at the gate with one recorded decision naming the render as it is now.
    auto ledger = Ledger::open(out + QStringLiteral("/ledger.sqlite"), Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger.ok());
    QVERIFY(ledger->verify().ok());
    auto decisions = ledger->list();
    QVERIFY(decisions.ok());
    QCOMPARE(decisions->size(), 1);
    const Decision &d = decisions->first();
    QCOMPARE(d.runId, record->id);
    QCOMPARE(d.manifestSha256, *sha256File(QDir(render).filePath(QStringLiteral("manifest.json"))));
    QVERIFY(d.outcome == Outcome::Revise); // the required semantic review has not been done
    QVERIFY(d.reasons.join(u' ').contains(QStringLiteral("gate.semantic.not-run")));
    QVERIFY(r.out.contains("Step 5: publish gate"));

    // A rendered output changed after the fact is caught by the next QA pass.
    QFile video(QDir(render).filePath(QStringLiteral("output.mp4")));
    QVERIFY(video.open(QIODevice::ReadWrite));
    video.seek(video.size() / 2);
    video.write("tampered");
    video.close();
    auto runbook = Runbook::load(Runbook::defaultPath());
    QVERIFY(runbook.ok());
    auto qa = runDeterministicQa(render, *runbook);
    QVERIFY(qa.ok());
    bool caught = false;
    for (const Finding &f : qa->findings)
        caught = caught || f.code == QLatin1String("qa.artifact.hash-mismatch");
    QVERIFY(caught);
}

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
