// Retention as the runbook says: what goes, what always stays (decided runs, inputs of kept
// runs, the newest run of each variant, runs in flight), and removal that never leaves a
// half-deleted folder looking like a run.
#include "testsupport.h"

#include "common/hashing.h"
#include "ledger/ledger.h"
#include "retention/retention.h"
#include "run/runrecord.h"
#include "runbook/runbook.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

class TestRetention : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void policyDecidesEachRun();
    void pruneRemovesOnlyThePlan();
    void cliDryRunAndApply();

private:
    const QDateTime m_now = QDateTime(QDate(2026, 11, 24), QTime(12, 0), Qt::UTC);

    // A run folder with a run.json created `daysAgo` before m_now.
    QString addRun(const QString &id, RunKind kind, RunStatus status, int daysAgo, const QString &variant = {},
                   const QString &narrationRun = {})
    {
        RunRecord r;
        r.id = id;
        r.kind = kind;
        r.status = status;
        r.project = QStringLiteral("p");
        r.spec = {QStringLiteral("specs/a.json"), QStringLiteral("a"), variant, QString(64, QLatin1Char('0'))};
        r.createdAt = r.startedAt = r.endedAt = m_now.addDays(-daysAgo).toString(Qt::ISODate);
        if (!narrationRun.isEmpty())
            r.inputs.append({QStringLiteral("narration-audio"), {}, QStringLiteral("runs/") + narrationRun + QStringLiteral("/narration.wav"),
                             QString(64, QLatin1Char('1'))});
        const QString dir = m_project + QStringLiteral("/runs/") + id;
        if (!QDir().mkpath(dir + QStringLiteral("/logs")) || !saveRunRecord(dir + QStringLiteral("/run.json"), r))
            qFatal("cannot write %s", qPrintable(dir));
        QFile log(dir + QStringLiteral("/logs/run.log"));
        if (log.open(QIODevice::WriteOnly))
            log.write(QByteArray(1000, 'x'));
        return dir;
    }
    Runbook runbook(int keepLast, int maxAgeDays, int keepFailedDays)
    {
        Json j = Runbook::forProject(m_project)->toJson();
        j["retention"] = {{"keepLastRunsPerVariant", keepLast}, {"maxAgeDays", maxAgeDays},
                          {"keepDecidedRuns", true}, {"keepFailedRunsDays", keepFailedDays}};
        return *Runbook::fromJson(j, QStringLiteral("test"));
    }
    static const RetentionItem *item(const RetentionPlan &plan, const QString &id)
    {
        for (const RetentionItem &it : plan.items)
            if (it.runId == id)
                return &it;
        return nullptr;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
};

void TestRetention::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_project = m_dir->path();
    QVERIFY(QDir().mkpath(m_project + QStringLiteral("/specs")));
    QVERIFY(QDir().mkpath(m_project + QStringLiteral("/runs/.staging/in-progress")));
}

void TestRetention::policyDecidesEachRun()
{
    // Base variant renders, newest first r5 .. r1; r4 is decided; r5 used the narration t1.
    addRun(QStringLiteral("r1"), RunKind::Render, RunStatus::Succeeded, 50);
    addRun(QStringLiteral("r2"), RunKind::Render, RunStatus::Succeeded, 40);
    addRun(QStringLiteral("r3"), RunKind::Render, RunStatus::Succeeded, 30);
    addRun(QStringLiteral("r4"), RunKind::Render, RunStatus::Succeeded, 20);
    addRun(QStringLiteral("r5"), RunKind::Render, RunStatus::Succeeded, 10, {}, QStringLiteral("t1"));
    addRun(QStringLiteral("t1"), RunKind::Tts, RunStatus::Succeeded, 41);
    addRun(QStringLiteral("t2"), RunKind::Tts, RunStatus::Succeeded, 5);
    addRun(QStringLiteral("t3"), RunKind::Tts, RunStatus::Succeeded, 60);
    // Another variant, old: its only run stays (the newest of its variant).
    addRun(QStringLiteral("v1"), RunKind::Render, RunStatus::Succeeded, 400, QStringLiteral("square"));
    // Failures: one recent, one old; a run still going.
    addRun(QStringLiteral("f1"), RunKind::Render, RunStatus::Failed, 3);
    addRun(QStringLiteral("f2"), RunKind::Render, RunStatus::Cancelled, 20);
    addRun(QStringLiteral("g1"), RunKind::Render, RunStatus::Running, 100);
    QVERIFY(QDir().mkpath(m_project + QStringLiteral("/runs/not-a-run")));

    {
        auto ledger = Ledger::open(m_project + QStringLiteral("/ledger.sqlite"));
        QVERIFY(ledger);
        DecisionInput in;
        in.specId = QStringLiteral("a");
        in.specPath = QStringLiteral("specs/a.json");
        in.variant = QStringLiteral("base");
        in.runId = QStringLiteral("r4");
        in.manifestSha256 = in.specSha256 = QString(64, QLatin1Char('2'));
        in.outcome = Outcome::Pass;
        in.reasons = {QStringLiteral("ok")};
        in.reviewer = QStringLiteral("ann");
        in.role = QStringLiteral("qa-lead");
        QVERIFY(ledger->append(in));
    }

    // Keep the newest 2 per variant and kind, nothing older than 35 days, failures 14 days.
    auto plan = planRetention(m_project, runbook(2, 35, 14), m_now);
    QVERIFY2(plan, qPrintable(plan ? QString() : plan.error().toString()));
    QCOMPARE(plan->items.size(), 13); // hidden folders (.staging) are not runs
    QStringList removed;
    for (const RetentionItem &it : plan->items)
        if (it.remove)
            removed << it.runId;
    removed.sort();
    // r5 newest, r4 decided (does not take a slot), r3 second newest within 35 days: kept.
    // r2 and r1 are beyond the newest two. t2 newest tts; t1 is 41 days old but r5 uses it;
    // t3 is too old. v1 is the only run of its variant. f1 is a recent failure, f2 an old one.
    // g1 is still running; not-a-run has no run.json.
    QCOMPARE(removed, (QStringList{QStringLiteral("f2"), QStringLiteral("r1"), QStringLiteral("r2"), QStringLiteral("t3")}));
    QVERIFY(item(*plan, QStringLiteral("r4"))->reason.contains(QStringLiteral("ledger")));
    QVERIFY(item(*plan, QStringLiteral("t1"))->reason.contains(QStringLiteral("input")));
    QVERIFY(item(*plan, QStringLiteral("g1"))->reason.contains(QStringLiteral("running")));
    QCOMPARE(item(*plan, QStringLiteral("not-a-run"))->status, QStringLiteral("unreadable"));
}

void TestRetention::pruneRemovesOnlyThePlan()
{
    addRun(QStringLiteral("r1"), RunKind::Render, RunStatus::Succeeded, 50, {}, QStringLiteral("t1"));
    addRun(QStringLiteral("r2"), RunKind::Render, RunStatus::Succeeded, 1);
    addRun(QStringLiteral("t1"), RunKind::Tts, RunStatus::Succeeded, 51);
    addRun(QStringLiteral("t2"), RunKind::Tts, RunStatus::Succeeded, 2);
    auto plan = planRetention(m_project, runbook(5, 30, 14), m_now);
    QVERIFY(plan);
    QVERIFY(item(*plan, QStringLiteral("r1"))->remove); // 50 days > 30
    QVERIFY(item(*plan, QStringLiteral("t1"))->remove); // its only user goes too
    QVERIFY(!item(*plan, QStringLiteral("r2"))->remove);
    QVERIFY(!item(*plan, QStringLiteral("t2"))->remove);
    QVERIFY(plan->removeBytes >= 2000);
    auto removed = applyRetention(*plan);
    QVERIFY(removed);
    QCOMPARE(*removed, (QStringList{QStringLiteral("r1"), QStringLiteral("t1")}));
    const QStringList left = QDir(m_project + QStringLiteral("/runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden);
    QCOMPARE(left, (QStringList{QStringLiteral(".staging"), QStringLiteral("r2"), QStringLiteral("t2")}));
}

void TestRetention::cliDryRunAndApply()
{
    // The CLI judges against the real clock: runs dated from now.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int days = int(m_now.daysTo(now));
    addRun(QStringLiteral("recent-fail"), RunKind::Render, RunStatus::Failed, -days + 1);
    addRun(QStringLiteral("old-fail"), RunKind::Render, RunStatus::Failed, -days + 30);
    ProcessResult r = runCli({QStringLiteral("runs"), QStringLiteral("prune"), QStringLiteral("--project"), m_project,
                              QStringLiteral("--dry-run"), QStringLiteral("--verbose")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("keep recent-fail"), r.out.constData());
    QVERIFY2(r.out.contains("would remove old-fail"), r.out.constData());
    QVERIFY(QFileInfo::exists(m_project + QStringLiteral("/runs/old-fail")));
    r = runCli({QStringLiteral("runs"), QStringLiteral("prune"), QStringLiteral("--project"), m_project});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("1 of 2 runs removed"), r.out.constData());
    QVERIFY(!QFileInfo::exists(m_project + QStringLiteral("/runs/old-fail")));
    QVERIFY(QFileInfo::exists(m_project + QStringLiteral("/runs/recent-fail/run.json")));
    QCOMPARE(runCli({QStringLiteral("runs"), QStringLiteral("prune"), QStringLiteral("--project"),
                     m_project + QStringLiteral("/nowhere")})
                 .exitCode,
             2);
}

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
