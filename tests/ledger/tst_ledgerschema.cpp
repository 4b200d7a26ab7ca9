// The ledger file: migrations step by step, the append-only triggers, and what open()
// refuses (files that are not ledgers stay byte-for-byte untouched).
#include "ledgertestutil.h"
#include "testsupport.h"

#include "ledger/ledgerschema.h"
#include "ledger/sqlconnection.h"

#include <QDir>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

class TestLedgerSchema : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void stepTo1CreatesChainTable();
    void stepTo2AddsLookupIndexes();
    void openMigratesAnOldLedger();
    void openCreatesLatestSchema();
    void triggersRefuseUpdateAndDelete();
    void triggersRefuseUpdateFromSqlite3();
    void insertTriggerKeepsTheChainLinear();
    void garbageFileRefusedUntouched_data();
    void garbageFileRefusedUntouched();
    void foreignSqliteRefusedUntouched_data();
    void foreignSqliteRefusedUntouched();
    void newerLedgerRefusedForWriting();
    void emptyFileBecomesALedger();
    void readOnlyNeverCreates();

private:
    QStringList names(const QString &type) const;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestLedgerSchema::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("ledger.sqlite"));
}

QStringList TestLedgerSchema::names(const QString &type) const
{
    RawDb raw(m_path);
    QSqlQuery q(raw.db());
    q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = '%1' AND name NOT LIKE 'sqlite_%' ORDER BY name")
               .arg(type));
    QStringList out;
    while (q.next())
        out.append(q.value(0).toString());
    return out;
}

void TestLedgerSchema::stepTo1CreatesChainTable()
{
    {
        auto conn = SqlConnection::open(m_path, SqlConnection::Access::ReadWrite, QStringLiteral("test"));
        QVERIFY(conn);
        QCOMPARE(conn->scalar(QStringLiteral("PRAGMA user_version"))->toInt(), 0);
        QVERIFY(LedgerSchema::migrate(*conn, 1).ok());
        QCOMPARE(conn->scalar(QStringLiteral("PRAGMA user_version"))->toInt(), 1);
        QCOMPARE(conn->scalar(QStringLiteral("PRAGMA application_id"))->toInt(), LedgerSchema::kApplicationId);
        QCOMPARE(conn->scalar(QStringLiteral("PRAGMA journal_mode"))->toString(), QStringLiteral("wal"));
    }
    QCOMPARE(names(QStringLiteral("table")), QStringList{QStringLiteral("decisions")});
    QCOMPARE(names(QStringLiteral("trigger")),
             (QStringList{QStringLiteral("decisions_append_at_tip"), QStringLiteral("decisions_no_delete"),
                          QStringLiteral("decisions_no_update")}));
    QCOMPARE(names(QStringLiteral("index")), QStringList()); // only the automatic UNIQUE indexes
    RawDb raw(m_path);
    QSqlQuery q(raw.db());
    QVERIFY(q.exec(QStringLiteral("PRAGMA table_info(decisions)")));
    QStringList columns;
    while (q.next())
        columns.append(q.value(1).toString());
    QCOMPARE(columns.join(QStringLiteral(", ")), DecisionRow::columns());
    QVERIFY(raw.scalar(QStringLiteral("SELECT count(*) FROM pragma_index_list('decisions') WHERE \"unique\" = 1"))
                .toInt()
            >= 2); // UNIQUE(prev_hash), UNIQUE(row_hash)
}

void TestLedgerSchema::stepTo2AddsLookupIndexes()
{
    auto conn = SqlConnection::open(m_path, SqlConnection::Access::ReadWrite, QStringLiteral("test"));
    QVERIFY(conn);
    QVERIFY(LedgerSchema::migrate(*conn, 1).ok());
    // Rows recorded at v1 must survive the step and still verify.
    QString prev = Decision::genesisHash();
    for (int i = 1; i <= 5; ++i) {
        const Decision d = Decision::seal(i, sampleInput(i, i % 2 ? QStringLiteral("a") : QStringLiteral("b")), prev);
        QSqlQuery q(conn->database());
        QVERIFY(q.prepare(DecisionRow::insertSql()));
        DecisionRow::bindInsert(q, d);
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
        prev = d.rowHash;
    }
    QVERIFY(LedgerSchema::migrate(*conn, 2).ok());
    QCOMPARE(conn->scalar(QStringLiteral("PRAGMA user_version"))->toInt(), 2);
    QCOMPARE(names(QStringLiteral("index")),
             (QStringList{QStringLiteral("decisions_by_run"), QStringLiteral("decisions_by_variant")}));
    QSqlQuery plan(conn->database());
    QVERIFY(plan.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT * FROM decisions WHERE variant = 'a' AND "
                                     "spec_id = 'x' ORDER BY seq DESC LIMIT 1")));
    QString detail;
    while (plan.next())
        detail += plan.value(3).toString() + QLatin1Char('\n');
    QVERIFY2(detail.contains(QLatin1String("decisions_by_variant")) && !detail.contains(QLatin1String("TEMP B-TREE")),
             qPrintable(detail));
    plan.finish();
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger);
    QCOMPARE(ledger->schemaVersion(), 2);
    QVERIFY(ledger->verify().ok());
    QCOMPARE(ledger->verify().rowsChecked, 5);
}

void TestLedgerSchema::openMigratesAnOldLedger()
{
    {
        auto conn = SqlConnection::open(m_path, SqlConnection::Access::ReadWrite, QStringLiteral("test"));
        QVERIFY(conn && LedgerSchema::migrate(*conn, 1).ok());
    }
    {
        auto readOnly = Ledger::open(m_path, Ledger::OpenMode::ReadOnly); // reads, never migrates
        QVERIFY(readOnly);
        QCOMPARE(readOnly->schemaVersion(), 1);
    }
    QCOMPARE(RawDb(m_path).scalar(QStringLiteral("PRAGMA user_version")).toInt(), 1);
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadWrite);
    QVERIFY(ledger);
    QCOMPARE(ledger->schemaVersion(), LedgerSchema::kLatestVersion);
    QCOMPARE(RawDb(m_path).scalar(QStringLiteral("PRAGMA user_version")).toInt(), LedgerSchema::kLatestVersion);
}

void TestLedgerSchema::openCreatesLatestSchema()
{
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadWrite);
    QVERIFY2(ledger, ledger ? "" : qPrintable(ledger.error().toString()));
    QVERIFY(QFileInfo::exists(m_path));
    RawDb raw(m_path);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA user_version")).toInt(), LedgerSchema::kLatestVersion);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA application_id")).toInt(), LedgerSchema::kApplicationId);
    QCOMPARE(raw.scalar(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(*ledger->count(), 0);
    QVERIFY(ledger->verify().ok());
}

void TestLedgerSchema::triggersRefuseUpdateAndDelete()
{
    QCOMPARE(makeLedger(m_path, 3).size(), 3);
    RawDb raw(m_path);
    QSqlQuery q(raw.db());
    QVERIFY(!q.exec(QStringLiteral("UPDATE decisions SET outcome = 'pass' WHERE seq = 1")));
    QVERIFY2(q.lastError().text().contains(QLatin1String("append-only")), qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(QStringLiteral("DELETE FROM decisions WHERE seq = 3")));
    QVERIFY(q.lastError().text().contains(QLatin1String("append-only")));
    QVERIFY(!q.exec(QStringLiteral("DELETE FROM decisions")));
    QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM decisions")).toInt(), 3);
    QCOMPARE(toString(raw.read(1).outcome), toString(sampleInput(1).outcome));
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger->verify().ok());
}

void TestLedgerSchema::triggersRefuseUpdateFromSqlite3()
{
    const QString sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    if (sqlite3.isEmpty())
        QSKIP("the sqlite3 program is not installed (package sqlite3)");
    QCOMPARE(makeLedger(m_path, 3).size(), 3);
    ProcessResult r = run(sqlite3, {m_path, QStringLiteral("UPDATE decisions SET outcome = 'pass';")});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("append-only"), r.err.constData());
    r = run(sqlite3, {m_path, QStringLiteral("DELETE FROM decisions WHERE seq = 2;")});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("append-only"), r.err.constData());
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger->verify().ok());
    QCOMPARE(*ledger->count(), 3);
}

void TestLedgerSchema::insertTriggerKeepsTheChainLinear()
{
    const QStringList hashes = makeLedger(m_path, 3);
    QCOMPARE(hashes.size(), 3);
    RawDb raw(m_path);
    auto tryInsert = [&raw](const Decision &d, const char *verb = "INSERT") {
        QSqlQuery q(raw.db());
        QString sql = DecisionRow::insertSql();
        sql.replace(QLatin1String("INSERT"), QLatin1String(verb));
        q.prepare(sql);
        DecisionRow::bindInsert(q, d);
        return q.exec() ? QString() : q.lastError().text();
    };
    QVERIFY(tryInsert(Decision::seal(5, sampleInput(5), hashes[2])).contains(QLatin1String("last seq + 1")));
    QVERIFY(tryInsert(Decision::seal(2, sampleInput(5), hashes[0]), "INSERT OR REPLACE")
                .contains(QLatin1String("last seq + 1")));
    QVERIFY(tryInsert(Decision::seal(4, sampleInput(4), hashes[1])).contains(QLatin1String("prev_hash")));
    Decision reused = Decision::seal(4, sampleInput(4), hashes[2]);
    reused.rowHash = hashes[0]; // INSERT OR REPLACE would otherwise delete row 1
    QVERIFY(tryInsert(reused, "INSERT OR REPLACE").contains(QLatin1String("already recorded")));
    QCOMPARE(tryInsert(Decision::seal(4, sampleInput(4), hashes[2])), QString());
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger->verify().ok());
    QCOMPARE(ledger->verify().rowsChecked, 4);
}

void TestLedgerSchema::garbageFileRefusedUntouched_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("code");
    QByteArray random(8192, '\0');
    for (char &c : random)
        c = char(QRandomGenerator::global()->bounded(256));
    QTest::newRow("random bytes") << random << QStringLiteral("ledger.not-sqlite");
    QTest::newRow("text") << QByteArray("decisions: all good\n") << QStringLiteral("ledger.not-sqlite");
    QByteArray fakeHeader = QByteArray("SQLite format 3", 16) + random;
    QTest::newRow("sqlite magic, garbage after") << fakeHeader << QStringLiteral("ledger.not-sqlite");
}

void TestLedgerSchema::garbageFileRefusedUntouched()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, code);
    {
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
    for (const auto mode : {Ledger::OpenMode::ReadWrite, Ledger::OpenMode::ReadOnly}) {
        auto ledger = Ledger::open(m_path, mode);
        QVERIFY(!ledger);
        QVERIFY2(!ledger && (ledger.error().code == code || ledger.error().code == QLatin1String("ledger.open")),
                 qPrintable(ledger.error().toString()));
        QVERIFY(ledger.error().toString().contains(m_path));
    }
    QCOMPARE(fileBytes(m_path), bytes);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), QStringList{QStringLiteral("ledger.sqlite")});
}

void TestLedgerSchema::foreignSqliteRefusedUntouched_data()
{
    QTest::addColumn<QStringList>("setup");
    QTest::newRow("foreign tables") << QStringList{QStringLiteral("CREATE TABLE users (id INTEGER, name TEXT)"),
                                                   QStringLiteral("INSERT INTO users VALUES (1, 'ann')")};
    QTest::newRow("foreign application_id") << QStringList{QStringLiteral("PRAGMA application_id = 1234")};
    QTest::newRow("foreign WAL db with a decisions table")
        << QStringList{QStringLiteral("PRAGMA journal_mode = WAL"), QStringLiteral("CREATE TABLE decisions (x)")};
}

void TestLedgerSchema::foreignSqliteRefusedUntouched()
{
    QFETCH(QStringList, setup);
    {
        RawDb raw(m_path);
        QCOMPARE(raw.exec(setup), QString());
    }
    const QByteArray before = fileBytes(m_path);
    QVERIFY(!before.isEmpty());
    const QStringList filesBefore = QDir(m_dir->path()).entryList(QDir::Files);
    for (const auto mode : {Ledger::OpenMode::ReadWrite, Ledger::OpenMode::ReadOnly}) {
        auto ledger = Ledger::open(m_path, mode);
        QVERIFY(!ledger);
        QCOMPARE(ledger.error().code, QStringLiteral("ledger.foreign"));
        QVERIFY2(ledger.error().message.contains(QLatin1String("not a Greenlight ledger")),
                 qPrintable(ledger.error().message));
    }
    QCOMPARE(fileBytes(m_path), before);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), filesBefore);
}

void TestLedgerSchema::newerLedgerRefusedForWriting()
{
    QCOMPARE(makeLedger(m_path, 2).size(), 2);
    QCOMPARE(RawDb(m_path).exec({QStringLiteral("PRAGMA user_version = 99")}), QString());
    const QByteArray before = fileBytes(m_path);
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadWrite);
    QVERIFY(!ledger);
    QCOMPARE(ledger.error().code, QStringLiteral("ledger.too-new"));
    QVERIFY2(ledger.error().message.contains(QLatin1String("newer Greenlight")), qPrintable(ledger.error().message));
    QCOMPARE(fileBytes(m_path), before);
    auto readOnly = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(readOnly);
    QCOMPARE(readOnly->schemaVersion(), 99);
    QCOMPARE(*readOnly->count(), 2);
}

void TestLedgerSchema::emptyFileBecomesALedger()
{
    {
        QFile f(m_path);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadWrite);
    QVERIFY2(ledger, ledger ? "" : qPrintable(ledger.error().toString()));
    QVERIFY(ledger->append(sampleInput(1)));
    QVERIFY(ledger->verify().ok());
}

void TestLedgerSchema::readOnlyNeverCreates()
{
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(!ledger);
    QCOMPARE(ledger.error().code, QStringLiteral("ledger.not-found"));
    QVERIFY(!QFileInfo::exists(m_path));
}

QTEST_GUILESS_MAIN(TestLedgerSchema)
#include "tst_ledgerschema.moc"
