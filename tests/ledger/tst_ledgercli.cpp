// `greenlight-cli ledger` as a user runs it: list, show, verify (0 intact, 1 broken with the
// first broken row, 2 unusable input), export as CSV and JSON. Decisions reach the ledger only
// through the gate (tests/gate); here they are appended with the library.
#include "ledgertestutil.h"
#include "testsupport.h"

#include "common/jsonio.h"
#include "ledger/ledger.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

class TestLedgerCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void listShow();
    void appendIsNotAVerb();
    void verifyExitCodes();
    void exportFormats();
    void unusableInput();

private:
    ProcessResult ledger(const QStringList &args) const
    {
        return run(cliPath(), QStringList{QStringLiteral("ledger")} + args, 60000, m_dir->path());
    }
    // Appends a decision the way the gate does, through the library.
    qint64 append(const QString &outcome, const QList<Waiver> &waivers = {}) const
    {
        auto ledger = Ledger::open(m_dir->filePath(QStringLiteral("ledger.sqlite")));
        if (!ledger)
            return -1;
        DecisionInput in;
        in.specId = QStringLiteral("teaser");
        in.specPath = QStringLiteral("specs/teaser.json");
        in.variant = QStringLiteral("9x16");
        in.runId = QStringLiteral("run-1");
        in.manifestSha256 = QString(64, QLatin1Char('1'));
        in.specSha256 = QString(64, QLatin1Char('1'));
        in.outcome = *outcomeFromString(outcome);
        in.reasons = {QStringLiteral("first, \"quoted\"")};
        in.waivers = waivers;
        in.reviewer = QStringLiteral("ann");
        in.role = QStringLiteral("qa-lead");
        auto d = ledger->append(in);
        return d ? d->seq : -1;
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestLedgerCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("specs"))); // a project folder
}

void TestLedgerCli::listShow()
{
    QCOMPARE(append(QStringLiteral("revise")), 1);
    QCOMPARE(append(QStringLiteral("pass"), {{QStringLiteral("deterministic.loudness"), QStringLiteral("agreed=ok")}}), 2);

    ProcessResult r = ledger({QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count("teaser / 9x16"), 2);
    r = ledger({QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--newest-first"),
                QStringLiteral("--limit"), QStringLiteral("1")});
    auto json = parseJson(r.out, QStringLiteral("stdout"));
    QVERIFY(json && json->size() == 1);
    QCOMPARE((*json)[0]["outcome"].get<std::string>(), std::string("pass"));
    QCOMPARE((*json)[0]["waivers"][0]["reason"].get<std::string>(), std::string("agreed=ok"));
    r = ledger({QStringLiteral("show"), QStringLiteral("1"), QStringLiteral("--project"), m_dir->path()});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("first, \"quoted\""), r.out.constData());
    QVERIFY(r.out.contains(QByteArray(64, '0'))); // genesis prev hash
    r = ledger({QStringLiteral("show"), QStringLiteral("9")});
    QCOMPARE(r.exitCode, 2);
}

void TestLedgerCli::appendIsNotAVerb()
{
    // Recording a decision goes through the gate, which applies the runbook; the ledger verb
    // only reads. Nothing is created by trying.
    const ProcessResult r = ledger({QStringLiteral("append"), QStringLiteral("--outcome"), QStringLiteral("pass")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("greenlight-cli gate"), r.err.constData());
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("ledger.sqlite"))));
}

void TestLedgerCli::verifyExitCodes()
{
    for (int i = 0; i < 4; ++i)
        QCOMPARE(append(QStringLiteral("revise")), i + 1);
    ProcessResult r = ledger({QStringLiteral("verify")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("Ledger intact: 4 decisions"), r.out.constData());
    r = ledger({QStringLiteral("verify"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY((*parseJson(r.out, QStringLiteral("stdout")))["ok"].get<bool>());

    {
        RawDb raw(m_dir->filePath(QStringLiteral("ledger.sqlite")));
        QCOMPARE(raw.exec({QStringLiteral("DROP TRIGGER decisions_no_update"),
                           QStringLiteral("UPDATE decisions SET outcome = 'pass' WHERE seq = 3")}),
                 QString());
    }
    r = ledger({QStringLiteral("verify")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("BROKEN at decision #3 (content-edited)"), r.out.constData());
    QVERIFY2(r.err.contains("decisions_no_update"), r.err.constData());
    r = ledger({QStringLiteral("verify"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 1);
    auto json = parseJson(r.out, QStringLiteral("stdout"));
    QCOMPARE((*json)["firstBreak"]["seq"].get<int>(), 3);
    QCOMPARE((*json)["firstBreak"]["kind"].get<std::string>(), std::string("content-edited"));
}

void TestLedgerCli::exportFormats()
{
    for (int i = 0; i < 3; ++i)
        QCOMPARE(append(QStringLiteral("pass")), i + 1);
    ProcessResult r = ledger({QStringLiteral("export")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("seq,decided_at,"));
    QCOMPARE(r.out.count("\r\n"), 4);
    r = ledger({QStringLiteral("export"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    auto json = parseJson(r.out, QStringLiteral("stdout"));
    QVERIFY(json && json->is_array() && json->size() == 3);
    const QString out = m_dir->filePath(QStringLiteral("decisions.csv"));
    r = ledger({QStringLiteral("export"), QStringLiteral("--csv"), QStringLiteral("--out"), out});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(fileBytes(out).count("\r\n"), 4);
    QCOMPARE(ledger({QStringLiteral("export"), QStringLiteral("--csv"), QStringLiteral("--json")}).exitCode, 2);
}

void TestLedgerCli::unusableInput()
{
    // No ledger yet.
    QCOMPARE(ledger({QStringLiteral("verify")}).exitCode, 2);
    QVERIFY(!QFileInfo::exists(m_dir->filePath(QStringLiteral("ledger.sqlite"))));
    // Not a project, no --ledger.
    QTemporaryDir elsewhere;
    ProcessResult r = ledger({QStringLiteral("list"), QStringLiteral("--project"), elsewhere.path()});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("--ledger FILE"));
    // A garbage ledger file stays as it was.
    const QString garbage = m_dir->filePath(QStringLiteral("garbage.sqlite"));
    QFile f(garbage);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(4096, 'x'));
    f.close();
    r = ledger({QStringLiteral("verify"), QStringLiteral("--ledger"), garbage});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("not an SQLite database"), r.err.constData());
    r = ledger({QStringLiteral("list"), QStringLiteral("--ledger"), garbage});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(fileBytes(garbage), QByteArray(4096, 'x'));
    // Bad arguments.
    QCOMPARE(ledger({}).exitCode, 2);
    QCOMPARE(ledger({QStringLiteral("frobnicate")}).exitCode, 2);
    QCOMPARE(ledger({QStringLiteral("show"), QStringLiteral("one")}).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestLedgerCli)
#include "tst_ledgercli.moc"
