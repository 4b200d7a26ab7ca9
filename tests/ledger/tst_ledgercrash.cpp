// Durability and concurrency with real processes: an appender killed with SIGKILL at random
// moments, over and over, never loses a decision whose append reported success and never
// leaves a broken chain; two processes appending at once both succeed on one linear chain.
#include "ledgertestutil.h"
#include "testsupport.h"

#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QDir>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

class TestLedgerCrash : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void killNineLoop();
    void twoProcessesAppendAtOnce();
    void twoCliLoopsAppendAtOnce();
};

namespace {

QString appender() { return QString::fromUtf8(LEDGER_APPENDER); }

// Complete "<seq> <hash>" lines only: a line cut by the kill has no newline.
QMap<qint64, QString> committed(const QByteArray &output)
{
    QMap<qint64, QString> out;
    const qsizetype end = output.lastIndexOf('\n');
    if (end < 0)
        return out;
    for (const QByteArray &line : output.left(end).split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() == 2)
            out.insert(parts[0].toLongLong(), QString::fromLatin1(parts[1]));
    }
    return out;
}

} // namespace

void TestLedgerCrash::killNineLoop()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ledger.sqlite"));
    const quint32 seed = QRandomGenerator::global()->generate();
    qInfo("kill timing seed %u", seed);
    QRandomGenerator rng(seed);
    QMap<qint64, QString> acknowledged;
    int killedWithCommits = 0;
    constexpr int kIterations = 30;
    for (int i = 0; i < kIterations; ++i) {
        QProcess p;
        p.start(appender(), {path, QStringLiteral("0"), QStringLiteral("kill-%1").arg(i)});
        QVERIFY(p.waitForStarted(10000));
        // Random moments: early ones land in start-up and migration, later ones mid-append.
        QThread::msleep(rng.bounded(5, i < 3 ? 60 : 400));
        p.kill(); // SIGKILL
        QVERIFY(p.waitForFinished(10000));
        QVERIFY2(p.exitStatus() == QProcess::CrashExit,
                 qPrintable(QStringLiteral("appender exited on its own: ") + QString::fromUtf8(p.readAllStandardError())));
        const QMap<qint64, QString> now = committed(p.readAllStandardOutput());
        if (!now.isEmpty())
            ++killedWithCommits;
        for (auto it = now.cbegin(); it != now.cend(); ++it) {
            QVERIFY2(!acknowledged.contains(it.key()), "a seq was reported committed twice");
            acknowledged.insert(it.key(), it.value());
        }

        // Alternate read-only and read-write opens: both must recover the WAL after a kill.
        const auto mode = i % 2 ? Ledger::OpenMode::ReadOnly : Ledger::OpenMode::ReadWrite;
        if (acknowledged.isEmpty() && !QFileInfo::exists(path))
            continue;
        auto ledger = Ledger::open(path, mode);
        if (!ledger && mode == Ledger::OpenMode::ReadOnly && ledger.error().code == QLatin1String("ledger.not-found"))
            continue; // killed before the schema was committed: nothing to check yet
        QVERIFY2(ledger, ledger ? "" : qPrintable(ledger.error().toString()));
        const VerifyReport report = ledger->verify();
        QVERIFY2(report.ok(), qPrintable(report.firstBreak ? report.firstBreak->message
                                         : report.error    ? report.error->toString()
                                                           : QString()));
        for (auto it = acknowledged.cbegin(); it != acknowledged.cend(); ++it) {
            auto d = ledger->show(it.key());
            QVERIFY2(d, qPrintable(QStringLiteral("acknowledged decision %1 lost").arg(it.key())));
            QCOMPARE(d->rowHash, it.value());
        }
        QVERIFY(report.tipSeq >= (acknowledged.isEmpty() ? 0 : acknowledged.lastKey()));
    }
    qInfo("%d kills, %d of them after commits; %lld acknowledged decisions, all present", kIterations,
          killedWithCommits, qint64(acknowledged.size()));
    QVERIFY(killedWithCommits >= kIterations / 2);
}

void TestLedgerCrash::twoProcessesAppendAtOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("ledger.sqlite")); // both race to create it too
    constexpr int kEach = 200;
    QProcess a;
    QProcess b;
    a.start(appender(), {path, QString::number(kEach), QStringLiteral("a")});
    b.start(appender(), {path, QString::number(kEach), QStringLiteral("b")});
    QVERIFY(a.waitForFinished(240000));
    QVERIFY(b.waitForFinished(240000));
    QVERIFY2(a.exitStatus() == QProcess::NormalExit && a.exitCode() == 0, a.readAllStandardError().constData());
    QVERIFY2(b.exitStatus() == QProcess::NormalExit && b.exitCode() == 0, b.readAllStandardError().constData());
    const QMap<qint64, QString> fromA = committed(a.readAllStandardOutput());
    const QMap<qint64, QString> fromB = committed(b.readAllStandardOutput());
    QCOMPARE(fromA.size(), kEach);
    QCOMPARE(fromB.size(), kEach);
    QMap<qint64, QString> all = fromA;
    all.insert(fromB);
    QCOMPARE(all.size(), 2 * kEach); // no seq handed out twice
    QCOMPARE(all.firstKey(), 1);
    QCOMPARE(all.lastKey(), 2 * kEach);

    auto ledger = Ledger::open(path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger);
    const VerifyReport report = ledger->verify();
    QVERIFY(report.ok());
    QCOMPARE(report.rowsChecked, 2 * kEach);
    LedgerFilter onlyA;
    onlyA.variant = QStringLiteral("a");
    QCOMPARE(ledger->list(onlyA)->size(), kEach);
    for (auto it = all.cbegin(); it != all.cend(); ++it)
        QCOMPARE(ledger->show(it.key())->rowHash, it.value());
}

void TestLedgerCrash::twoCliLoopsAppendAtOnce()
{
    // Two reviewers recording decisions on the same run from two shells at once.
    QTemporaryDir dir;
    const QString project = dir.filePath(QStringLiteral("project"));
    QVERIFY(copyTree(sourceDir() + QStringLiteral("/resources/demo"), project));
    const ProcessResult rendered = runCli({QStringLiteral("render"), project + QStringLiteral("/specs/launch-teaser.greenlight.json")});
    QVERIFY2(rendered.exitCode == 0, rendered.err.constData());
    const QStringList runs = QDir(project + QStringLiteral("/runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(runs.size(), 1);
    const QString run = project + QStringLiteral("/runs/") + runs.first();
    auto loop = [&](const QString &who) {
        auto *p = new QProcess(this);
        p->start(QStringLiteral("sh"),
                 {QStringLiteral("-c"),
                  QStringLiteral("for i in $(seq 15); do \"$0\" gate \"$1\" --decide revise --reason \"try $i\" "
                                 "--reviewer \"$2\" --role editor || exit 1; done"),
                  cliPath(), run, who});
        return p;
    };
    QProcess *a = loop(QStringLiteral("ann"));
    QProcess *b = loop(QStringLiteral("bob"));
    QVERIFY(a->waitForFinished(180000) && b->waitForFinished(180000));
    QVERIFY2(a->exitCode() == 0, a->readAllStandardError().constData());
    QVERIFY2(b->exitCode() == 0, b->readAllStandardError().constData());
    QCOMPARE(a->readAllStandardOutput().count("Recorded decision #"), 15);
    const ProcessResult r = runCli({QStringLiteral("ledger"), QStringLiteral("verify"), QStringLiteral("--project"), project});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("30 decisions"), r.out.constData());
}

QTEST_GUILESS_MAIN(TestLedgerCrash)
#include "tst_ledgercrash.moc"
