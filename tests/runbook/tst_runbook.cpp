// Runbook policy: the shipped default loads and says what the prose runbooks say; broken
// policies are refused with the place they break.
#include "testsupport.h"

#include "runbook/runbook.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestRunbook : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultPolicyLoads();
    void everyShippedRunbookValidates();
    void rerouteFollowsFallbackOrder();
    void rolesDecideAndWaive();
    void projectRunbookOverridesDefault();
    void brokenPolicyIsRefused();
};

void TestRunbook::defaultPolicyLoads()
{
    auto rb = Runbook::load(Runbook::defaultPath());
    QVERIFY2(rb.ok(), qPrintable(rb.ok() ? QString() : rb.error().toString()));
    QCOMPARE(rb->id(), QStringLiteral("default"));
    const Workload *narration = rb->workload(QStringLiteral("final-narration"));
    QVERIFY(narration);
    QCOMPARE(narration->runtimeClasses.first(), QStringLiteral("remote-api"));
    QCOMPARE(narration->engineFor(QStringLiteral("local")), QStringLiteral("espeak-ng"));
    QCOMPARE(narration->retry.maxAttempts, 4);
    QVERIFY(narration->cache);
    QCOMPARE(rb->workloadIds(QStringLiteral("tts")),
             (QStringList{QStringLiteral("draft-narration"), QStringLiteral("final-narration")}));
    QCOMPARE(rb->qaThresholds()["loudnessTargetLufs"].get<double>(), -14.0);
}

void TestRunbook::everyShippedRunbookValidates()
{
    const QDir dir(test::sourceDir() + QStringLiteral("/runbooks"));
    const QStringList files = dir.entryList({QStringLiteral("*.runbook.json")});
    QVERIFY(!files.isEmpty());
    for (const QString &f : files) {
        auto rb = Runbook::load(dir.filePath(f));
        QVERIFY2(rb.ok(), qPrintable(f + QStringLiteral(": ") + (rb.ok() ? QString() : rb.error().toString())));
    }
}

void TestRunbook::rerouteFollowsFallbackOrder()
{
    auto rb = Runbook::load(Runbook::defaultPath());
    QVERIFY(rb.ok());
    const Workload *w = rb->workload(QStringLiteral("final-narration"));
    QCOMPARE(w->rerouteAfter(QStringLiteral("remote-api"), QStringLiteral("tts.rate-limited")).value_or(QString()),
             QStringLiteral("remote-self-hosted"));
    QCOMPARE(w->rerouteAfter(QStringLiteral("remote-self-hosted"), QStringLiteral("tts.timeout")).value_or(QString()),
             QStringLiteral("local"));
    QVERIFY(!w->rerouteAfter(QStringLiteral("local"), QStringLiteral("tts.timeout")).has_value()); // last class
    QVERIFY(!w->rerouteAfter(QStringLiteral("remote-api"), QStringLiteral("tts.auth")).has_value()); // not listed
    // No key on this machine: the work moves on to the self-hosted server.
    QCOMPARE(w->rerouteAfter(QStringLiteral("remote-api"), QStringLiteral("tts.auth.missing-key")),
             std::optional<QString>(QStringLiteral("remote-self-hosted")));
    const Workload *draft = rb->workload(QStringLiteral("draft-preview"));
    QVERIFY(!draft->rerouteAfter(QStringLiteral("local"), QStringLiteral("render.failed")).has_value());
}

void TestRunbook::rolesDecideAndWaive()
{
    auto rb = Runbook::load(Runbook::defaultPath());
    QVERIFY(rb.ok());
    QVERIFY(rb->mayDecide(QStringLiteral("qa-lead"), QStringLiteral("pass")));
    QVERIFY(!rb->mayDecide(QStringLiteral("editor"), QStringLiteral("pass")));
    QVERIFY(rb->mayDecide(QStringLiteral("editor"), QStringLiteral("revise")));
    QVERIFY(rb->mayWaive(QStringLiteral("producer"), QStringLiteral("qa.loudness.out-of-range")));
    QVERIFY(!rb->mayWaive(QStringLiteral("producer"), QStringLiteral("qa.black.span")));
    QVERIFY(rb->mayWaive(QStringLiteral("qa-lead"), QStringLiteral("qa.black.span")));
    QVERIFY(!rb->mayWaive(QStringLiteral("qa-lead"), QStringLiteral("qa.artifact.hash-mismatch"))); // never waivable
}

void TestRunbook::projectRunbookOverridesDefault()
{
    QTemporaryDir tmp;
    auto def = Runbook::forProject(tmp.path());
    QVERIFY(def.ok());
    QCOMPARE(def->source(), Runbook::defaultPath());
    Json custom = def->toJson();
    custom["id"] = "studio";
    custom["roles"]["pass"] = Json::array({"qa-lead", "producer"});
    QVERIFY(writeJsonFile(tmp.filePath(QStringLiteral("runbook.json")), custom).ok());
    auto own = Runbook::forProject(tmp.path());
    QVERIFY(own.ok());
    QCOMPARE(own->id(), QStringLiteral("studio"));
    QVERIFY(own->mayDecide(QStringLiteral("producer"), QStringLiteral("pass")));
}

void TestRunbook::brokenPolicyIsRefused()
{
    auto def = Runbook::load(Runbook::defaultPath());
    QVERIFY(def.ok());
    Json noEngine = def->toJson();
    noEngine["workloads"][0]["runtimeClasses"] = Json::array({"local", "remote-api"});
    auto r1 = Runbook::fromJson(noEngine, QStringLiteral("x.json"));
    QVERIFY(!r1.ok());
    QCOMPARE(r1.error().code, QStringLiteral("runbook.invalid"));
    QVERIFY(r1.error().message.contains(QLatin1String("remote-api")));

    Json badClass = def->toJson();
    badClass["workloads"][0]["runtimeClasses"] = Json::array({"cloud"});
    auto r2 = Runbook::fromJson(badClass, QStringLiteral("x.json"));
    QVERIFY(!r2.ok());
    QVERIFY2(r2.error().message.contains(QLatin1String("/workloads/0/runtimeClasses/0")), qPrintable(r2.error().message));
}

QTEST_GUILESS_MAIN(TestRunbook)
#include "tst_runbook.moc"
