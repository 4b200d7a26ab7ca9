// `greenlight-cli ledger` as a user runs it: append, list, show, verify (0 intact,
// 1 broken with the first broken row, 2 unusable input), export as CSV and JSON.
#include "ledgertestutil.h"
#include "testsupport.h"

#include "common/jsonio.h"

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
    void appendListShow();
    void appendDerivesHashesFromTheProject();
    void verifyExitCodes();
    void exportFormats();
    void unusableInput();

private:
    ProcessResult ledger(const QStringList &args) const
    {
        return run(cliPath(), QStringList{QStringLiteral("ledger")} + args, 60000, m_dir->path());
    }
    ProcessResult append(const QString &outcome, const QStringList &extra = {}) const
    {
        const QString h = QString(64, QLatin1Char('1'));
        return ledger(QStringList{QStringLiteral("append"), QStringLiteral("--spec-id"), QStringLiteral("teaser"),
                                  QStringLiteral("--variant"), QStringLiteral("9x16"), QStringLiteral("--run"),
                                  QStringLiteral("run-1"), QStringLiteral("--manifest-sha256"), h,
                                  QStringLiteral("--spec-sha256"), h, QStringLiteral("--outcome"), outcome,
                                  QStringLiteral("--reason"), QStringLiteral("first, \"quoted\""),
                                  QStringLiteral("--reviewer"), QStringLiteral("ann"), QStringLiteral("--role"),
                                  QStringLiteral("qa-lead")}
                      + extra);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestLedgerCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("specs"))); // a project folder
}

void TestLedgerCli::appendListShow()
{
    ProcessResult r = append(QStringLiteral("revise"));
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(r.out.startsWith("Recorded decision #1 (revise)"));
    r = append(QStringLiteral("pass"), {QStringLiteral("--waive"), QStringLiteral("deterministic.loudness=agreed=ok"),
                                        QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    auto json = parseJson(r.out, QStringLiteral("stdout"));
    QVERIFY(json);
    QCOMPARE((*json)["seq"].get<int>(), 2);
    QCOMPARE((*json)["waivers"][0]["reason"].get<std::string>(), std::string("agreed=ok"));
    QVERIFY(QFileInfo::exists(m_dir->filePath(QStringLiteral("ledger.sqlite"))));

    r = ledger({QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count("teaser / 9x16"), 2);
    r = ledger({QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--newest-first"),
                QStringLiteral("--limit"), QStringLiteral("1")});
    json = parseJson(r.out, QStringLiteral("stdout"));
    QVERIFY(json && json->size() == 1);
    QCOMPARE((*json)[0]["outcome"].get<std::string>(), std::string("pass"));
    r = ledger({QStringLiteral("show"), QStringLiteral("1"), QStringLiteral("--project"), m_dir->path()});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains("first, \"quoted\""), r.out.constData());
    QVERIFY(r.out.contains(QByteArray(64, '0'))); // genesis prev hash
    r = ledger({QStringLiteral("show"), QStringLiteral("9")});
    QCOMPARE(r.exitCode, 2);
}

void TestLedgerCli::appendDerivesHashesFromTheProject()
{
    QFile spec(m_dir->filePath(QStringLiteral("specs/teaser.json")));
    QVERIFY(spec.open(QIODevice::WriteOnly));
    spec.write("{\"schemaVersion\": 1, \"id\": \"teaser\"}\n");
    spec.close();
    QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("runs/run-7")));
    QFile manifest(m_dir->filePath(QStringLiteral("runs/run-7/manifest.json")));
    QVERIFY(manifest.open(QIODevice::WriteOnly));
    manifest.write("{\"files\": []}\n");
    manifest.close();
    const ProcessResult r = ledger({QStringLiteral("append"), QStringLiteral("--spec-path"),
                                    QStringLiteral("specs/teaser.json"), QStringLiteral("--variant"),
                                    QStringLiteral("base"), QStringLiteral("--run"), QStringLiteral("run-7"),
                                    QStringLiteral("--outcome"), QStringLiteral("reject"), QStringLiteral("--reason"),
                                    QStringLiteral("logo clipped"), QStringLiteral("--reviewer"), QStringLiteral("bo"),
                                    QStringLiteral("--role"), QStringLiteral("editor"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    auto json = parseJson(r.out, QStringLiteral("stdout"));
    QVERIFY(json);
    QCOMPARE((*json)["specId"].get<std::string>(), std::string("teaser"));
    QCOMPARE(toQString((*json)["specSha256"].get<std::string>()), *sha256File(spec.fileName()));
    QCOMPARE(toQString((*json)["manifestSha256"].get<std::string>()), *sha256File(manifest.fileName()));
}

void TestLedgerCli::verifyExitCodes()
{
    for (int i = 0; i < 4; ++i)
        QCOMPARE(append(QStringLiteral("revise")).exitCode, 0);
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
        QCOMPARE(append(QStringLiteral("pass")).exitCode, 0);
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
    r = append(QStringLiteral("pass"), {QStringLiteral("--ledger"), garbage});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(fileBytes(garbage), QByteArray(4096, 'x'));
    // Bad arguments.
    QCOMPARE(append(QStringLiteral("maybe")).exitCode, 2);
    QCOMPARE(append(QStringLiteral("pass"), {QStringLiteral("--manifest-sha256"), QStringLiteral("xyz")}).exitCode, 2);
    QCOMPARE(ledger({}).exitCode, 2);
    QCOMPARE(ledger({QStringLiteral("frobnicate")}).exitCode, 2);
    QCOMPARE(ledger({QStringLiteral("show"), QStringLiteral("one")}).exitCode, 2);
}

QTEST_GUILESS_MAIN(TestLedgerCli)
#include "tst_ledgercli.moc"
