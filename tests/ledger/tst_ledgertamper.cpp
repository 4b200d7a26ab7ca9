// verify() against every kind of tampering, done the way a person would do it: raw SQL
// (or the sqlite3 program) after dropping the append-only triggers. Each case checks the
// exact first broken seq and the kind of break.
#include "ledgertestutil.h"
#include "testsupport.h"

#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

class TestLedgerTamper : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void intactChainVerifies();
    void editedFieldWithSqlite3();
    void editedFieldRawSql();
    void deletedRow();
    void deletedFirstRow();
    void deletedAndRenumbered();
    void swappedAdjacentRows();
    void swappedDistantRows();
    void insertedRowInTheMiddle();
    void insertedRowAtTipWithForgedHash();
    void canonicalCopyEdited();
    void rowAndCopyEditedHashKept();
    void rowHashOverwritten();
    void rowReHashedBreaksNextLink();
    void rowReHashedWithBrokenLink();
    void rewrittenTipNeedsAnAnchor();

private:
    struct Broken
    {
        qint64 seq;
        ChainBreakKind kind;
        QString message;
        qint64 rowsChecked;
    };
    Broken verifyBroken();
    QString tamper(const QStringList &sql);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QStringList m_hashes;
};

void TestLedgerTamper::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("ledger.sqlite"));
    m_hashes = makeLedger(m_path, 10);
    QCOMPARE(m_hashes.size(), 10);
}

QString TestLedgerTamper::tamper(const QStringList &sql)
{
    RawDb raw(m_path);
    if (!raw.ok())
        return QStringLiteral("cannot open");
    return raw.exec(dropTriggers() + sql);
}

TestLedgerTamper::Broken TestLedgerTamper::verifyBroken()
{
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    if (!ledger) {
        qWarning("%s", qPrintable(ledger.error().toString()));
        return {-1, ChainBreakKind::HashMismatch, {}, -1};
    }
    const VerifyReport report = ledger->verify();
    if (report.error || !report.firstBreak) {
        qWarning("expected a break; error: %s", report.error ? qPrintable(report.error->toString()) : "none");
        return {-1, ChainBreakKind::HashMismatch, {}, -1};
    }
    qInfo("break at %lld (%s): %s", report.firstBreak->seq, qPrintable(toString(report.firstBreak->kind)),
          qPrintable(report.firstBreak->message));
    return {report.firstBreak->seq, report.firstBreak->kind, report.firstBreak->message, report.rowsChecked};
}

void TestLedgerTamper::intactChainVerifies()
{
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger);
    const VerifyReport report = ledger->verify();
    QVERIFY(report.ok());
    QCOMPARE(report.rowsChecked, 10);
    QCOMPARE(report.tipSeq, 10);
    QCOMPARE(report.tipHash, m_hashes.last());
    QVERIFY(report.warnings.isEmpty());
}

void TestLedgerTamper::editedFieldWithSqlite3()
{
    const QString sqlite3 = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
    if (sqlite3.isEmpty())
        QSKIP("the sqlite3 program is not installed (package sqlite3)");
    // Row 4 was recorded as a pass (sample outcomes cycle with i % 3).
    QCOMPARE(toString(RawDb(m_path).read(4).outcome), toString(Outcome::Pass));
    const ProcessResult r = run(sqlite3, {m_path, QStringLiteral("DROP TRIGGER decisions_no_update; "
                                                                 "UPDATE decisions SET outcome = 'reject' WHERE seq = 4;")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 4);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::ContentEdited));
    QVERIFY2(b.message.contains(QLatin1String("outcome")), qPrintable(b.message));
    QCOMPARE(b.rowsChecked, 3);
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger->verify().warnings.join(QString()).contains(QLatin1String("decisions_no_update")));
}

void TestLedgerTamper::editedFieldRawSql()
{
    QCOMPARE(tamper({QStringLiteral("UPDATE decisions SET reviewer = 'someone-else' WHERE seq = 7")}), QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 7);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::ContentEdited));
    QVERIFY2(b.message.contains(QLatin1String("reviewer")), qPrintable(b.message));
}

void TestLedgerTamper::deletedRow()
{
    QCOMPARE(tamper({QStringLiteral("DELETE FROM decisions WHERE seq = 5")}), QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 5);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::RowDeleted));
    QCOMPARE(b.rowsChecked, 4);
}

void TestLedgerTamper::deletedFirstRow()
{
    QCOMPARE(tamper({QStringLiteral("DELETE FROM decisions WHERE seq IN (1, 2)")}), QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 1);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::RowDeleted));
    QVERIFY2(b.message.contains(QLatin1String("1..2")), qPrintable(b.message));
}

void TestLedgerTamper::deletedAndRenumbered()
{
    QCOMPARE(tamper({QStringLiteral("DELETE FROM decisions WHERE seq = 5"),
                     QStringLiteral("UPDATE decisions SET seq = seq + 999 WHERE seq > 5"),
                     QStringLiteral("UPDATE decisions SET seq = seq - 1000 WHERE seq > 1000")}),
             QString());
    QCOMPARE(RawDb(m_path).scalar(QStringLiteral("SELECT max(seq) FROM decisions")).toInt(), 9);
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 5);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::RowDeleted));
}

void TestLedgerTamper::swappedAdjacentRows()
{
    QCOMPARE(tamper({QStringLiteral("UPDATE decisions SET seq = 1000 WHERE seq = 4"),
                     QStringLiteral("UPDATE decisions SET seq = 4 WHERE seq = 5"),
                     QStringLiteral("UPDATE decisions SET seq = 5 WHERE seq = 1000")}),
             QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 4);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::RowsReordered));
}

void TestLedgerTamper::swappedDistantRows()
{
    QCOMPARE(tamper({QStringLiteral("UPDATE decisions SET seq = 1000 WHERE seq = 3"),
                     QStringLiteral("UPDATE decisions SET seq = 3 WHERE seq = 8"),
                     QStringLiteral("UPDATE decisions SET seq = 8 WHERE seq = 1000")}),
             QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 3);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::RowsReordered));
}

void TestLedgerTamper::insertedRowInTheMiddle()
{
    // Make room at seq 4, then forge a self-consistent row there. UNIQUE(prev_hash) stops
    // it from naming row 3 as its predecessor (the original row 4 already does).
    QCOMPARE(tamper({QStringLiteral("UPDATE decisions SET seq = seq + 1001 WHERE seq >= 4"),
                     QStringLiteral("UPDATE decisions SET seq = seq - 1000 WHERE seq > 1000")}),
             QString());
    RawDb raw(m_path);
    Decision forged = Decision::seal(4, sampleInput(99), m_hashes[2]);
    QSqlQuery q(raw.db());
    QVERIFY(q.prepare(DecisionRow::insertSql()));
    DecisionRow::bindInsert(q, forged);
    QVERIFY(!q.exec()); // UNIQUE(prev_hash): a fork is refused even without triggers
    forged.prevHash = sha('f');
    forged = resealed(forged);
    DecisionRow::bindInsert(q, forged);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 4);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::RowInserted));
    QVERIFY2(b.message.contains(QLatin1String("now row 5")), qPrintable(b.message));
}

void TestLedgerTamper::insertedRowAtTipWithForgedHash()
{
    // With the triggers in place an insert must go at the tip and link to it; its hash
    // cannot be checked in SQL, so verify catches a forged one.
    RawDb raw(m_path);
    Decision forged = Decision::seal(11, sampleInput(11), m_hashes.last());
    forged.rowHash = sha('a');
    QSqlQuery q(raw.db());
    QVERIFY(q.prepare(DecisionRow::insertSql()));
    DecisionRow::bindInsert(q, forged);
    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 11);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::HashMismatch));
}

void TestLedgerTamper::canonicalCopyEdited()
{
    QCOMPARE(tamper({QStringLiteral("UPDATE decisions SET canonical_json = replace(canonical_json, 'qa-lead', "
                                    "'qa-intern') WHERE seq = 6")}),
             QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 6);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::CanonicalMismatch));
}

void TestLedgerTamper::rowAndCopyEditedHashKept()
{
    RawDb raw(m_path);
    QCOMPARE(raw.exec(dropTriggers()), QString());
    Decision d = raw.read(6);
    d.outcome = Outcome::Pass;
    d.reasons = {QStringLiteral("looks fine")};
    const QString keptHash = d.rowHash;
    d = resealed(d);
    d.rowHash = keptHash;
    QCOMPARE(raw.write(6, d), QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 6);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::HashMismatch));
}

void TestLedgerTamper::rowHashOverwritten()
{
    QCOMPARE(tamper({QStringLiteral("UPDATE decisions SET row_hash = '%1' WHERE seq = 2").arg(sha('b'))}), QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 2);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::HashMismatch));
}

void TestLedgerTamper::rowReHashedBreaksNextLink()
{
    // Row 5 rewritten and re-hashed consistently, its own link intact: nothing in row 5
    // itself is wrong; row 6 still names the original row 5.
    RawDb raw(m_path);
    QCOMPARE(raw.exec(dropTriggers()), QString());
    Decision d = raw.read(5);
    d.outcome = Outcome::Pass;
    QCOMPARE(raw.write(5, resealed(d)), QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 6);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::LinkBroken));
    QVERIFY2(b.message.contains(QLatin1String("row 5 was rewritten")), qPrintable(b.message));
    QCOMPARE(b.rowsChecked, 5);
}

void TestLedgerTamper::rowReHashedWithBrokenLink()
{
    RawDb raw(m_path);
    QCOMPARE(raw.exec(dropTriggers()), QString());
    Decision d = raw.read(5);
    d.prevHash = sha('e');
    QCOMPARE(raw.write(5, resealed(d)), QString());
    const Broken b = verifyBroken();
    QCOMPARE(b.seq, 5);
    QCOMPARE(toString(b.kind), toString(ChainBreakKind::LinkBroken));
}

void TestLedgerTamper::rewrittenTipNeedsAnAnchor()
{
    // The limit of any hash chain: a consistently rewritten last row leaves no trace in
    // the ledger itself. The tip hash recorded earlier (e.g. printed by verify) shows it.
    RawDb raw(m_path);
    QCOMPARE(raw.exec(dropTriggers()), QString());
    Decision d = raw.read(10);
    d.outcome = Outcome::Reject;
    QCOMPARE(raw.write(10, resealed(d)), QString());
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger);
    const VerifyReport report = ledger->verify();
    QVERIFY(report.ok());
    QVERIFY(report.tipHash != m_hashes.last());
    QVERIFY(!report.warnings.isEmpty()); // the dropped triggers still show
}

QTEST_GUILESS_MAIN(TestLedgerTamper)
#include "tst_ledgertamper.moc"
