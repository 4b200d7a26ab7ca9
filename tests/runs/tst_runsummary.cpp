// The run history loader as the desk uses it: from tasks on the global thread pool, several
// at once (a window closing while its history loads and the next one opening). Each load
// reads its run folders on that same pool, so a load must never hold a pool thread while it
// waits for its reads, or every thread ends up waiting and the desk freezes.
#include "runs/runsummary.h"

#include <QDir>
#include <QFile>
#include <QFuture>
#include <QTemporaryDir>
#include <QThreadPool>
#include <QtConcurrent>
#include <QtTest>

using namespace greenlight;

class TestRunSummary : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loadsNewestFirstAndNamesUnreadableRuns();
    void concurrentLoadsOnAFullPoolFinish();
};

namespace {

constexpr int kRuns = 40;

// A project with kRuns run folders whose run.json cannot be read as a run record: the
// history still lists each one, with the reason.
QString makeProject(QTemporaryDir &dir)
{
    for (int i = 0; i < kRuns; ++i) {
        const QString run = dir.path() + QStringLiteral("/runs/20261124T0900%1Z-render-%2")
                                             .arg(i, 2, 10, QLatin1Char('0'))
                                             .arg(i, 6, 16, QLatin1Char('0'));
        if (!QDir().mkpath(run))
            return {};
        QFile json(run + QStringLiteral("/run.json"));
        if (!json.open(QIODevice::WriteOnly))
            return {};
        json.write("{\"schemaVersion\": 1, \"truncated");
    }
    QDir().mkpath(dir.path() + QStringLiteral("/runs/.staging/x"));
    return dir.path();
}

} // namespace

void TestRunSummary::loadsNewestFirstAndNamesUnreadableRuns()
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    QVERIFY(!root.isEmpty());
    const QList<RunSummary> runs = RunSummary::loadProject(root);
    QCOMPARE(runs.size(), kRuns);
    QVERIFY(runs.constFirst().id > runs.constLast().id);
    for (const RunSummary &run : runs) {
        QVERIFY(!run.readable);
        QVERIFY2(!run.problem.isEmpty(), qPrintable(run.id));
    }
}

void TestRunSummary::concurrentLoadsOnAFullPoolFinish()
{
    QTemporaryDir dir;
    const QString root = makeProject(dir);
    QVERIFY(!root.isEmpty());

    // The pool of a two-core machine, and twice as many loads in flight as it has threads.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    pool->setMaxThreadCount(2);
    const auto restore = qScopeGuard([pool, threads] { pool->setMaxThreadCount(threads); });

    QList<QFuture<QList<RunSummary>>> loads;
    for (int i = 0; i < 4; ++i)
        loads.append(QtConcurrent::run(pool, [root] { return RunSummary::loadProject(root); }));
    const auto allFinished = [&loads] {
        return std::all_of(loads.cbegin(), loads.cend(), [](const auto &f) { return f.isFinished(); });
    };
    // On a deadlock nothing finishes; a healthy load takes milliseconds.
    QTRY_VERIFY_WITH_TIMEOUT(allFinished(), 60000);
    for (const auto &load : loads)
        QCOMPARE(load.result().size(), kRuns);
}

QTEST_GUILESS_MAIN(TestRunSummary)
#include "tst_runsummary.moc"
