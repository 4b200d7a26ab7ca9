// The Ledger API: append and read back, the canonical form and its hash, filters, the
// per-variant lookup, exports, and the rules on modes and threads.
#include "ledgertestutil.h"
#include "testsupport.h"

#include "common/jsonio.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QBuffer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

class TestLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void appendSealsTheChain();
    void canonicalFormMatchesReference_data();
    void canonicalFormMatchesReference();
    void decisionJsonFollowsSchema();
    void invalidInputRefused_data();
    void invalidInputRefused();
    void listFilters();
    void latestForVariant();
    void showUnknownSeq();
    void exportCsv();
    void exportJson();
    void readOnlyRefusesAppend();
    void otherThreadRefused();
    void twoInstancesInOneThread();

private:
    bool validates(const Json &decision, QString &why) const;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
};

void TestLedger::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(QStringLiteral("ledger.sqlite"));
}

void TestLedger::appendSealsTheChain()
{
    auto ledger = Ledger::open(m_path);
    QVERIFY(ledger);
    QString prev = Decision::genesisHash();
    for (int i = 1; i <= 5; ++i) {
        DecisionInput in = sampleInput(i);
        if (i == 5) {
            in.decidedAt = QDateTime(); // now
            in.specPath.clear();        // optional: stored as ""
            in.reasons.clear();
        }
        auto d = ledger->append(in);
        QVERIFY2(d, d ? "" : qPrintable(d.error().toString()));
        QCOMPARE(d->seq, i);
        QCOMPARE(d->prevHash, prev);
        QCOMPARE(d->rowHash, sha256Hex(d->canonicalJson));
        QCOMPARE(d->canonicalJson, d->computeCanonicalJson());
        QVERIFY(QRegularExpression(QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"))
                    .match(d->decidedAt)
                    .hasMatch());
        prev = d->rowHash;
    }
    auto shown = ledger->show(3);
    QVERIFY(shown);
    const DecisionInput in = sampleInput(3);
    QCOMPARE(shown->variant, in.variant);
    QCOMPARE(shown->runId, in.runId);
    QCOMPARE(toString(shown->outcome), toString(in.outcome));
    QCOMPARE(shown->reasons, in.reasons);
    QCOMPARE(shown->manifestSha256, in.manifestSha256);
    QCOMPARE(shown->decidedAtUtc(), in.decidedAt);
    QCOMPARE(shown->decidedAt, QStringLiteral("2024-05-01T09:00:03.003Z"));
    QCOMPARE(ledger->show(4)->waivers, sampleInput(4).waivers);
    QCOMPARE(*ledger->count(), 5);
    const VerifyReport report = ledger->verify();
    QVERIFY(report.ok());
    QCOMPARE(report.tipHash, prev);
}

void TestLedger::canonicalFormMatchesReference_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("plain") << QStringLiteral("looks good");
    QTest::newRow("quotes and backslashes") << QStringLiteral("say \"hi\" \\ path\\to");
    QTest::newRow("control characters") << QString::fromUtf8("tab\there\nnew line\r\x01\x1f\x7f end");
    QTest::newRow("unicode") << QString::fromUtf8("café – 日本語 – emoji 🎬 – ’quotes’");
    QTest::newRow("slash and html") << QStringLiteral("</script> & a/b");
}

void TestLedger::canonicalFormMatchesReference()
{
    QFETCH(QString, text);
    DecisionInput in = sampleInput(7);
    in.reasons = {text, QStringLiteral("second")};
    in.waivers = {{QStringLiteral("qa.code"), text}};
    in.reviewer = text;
    const Decision d = Decision::seal(7, in, sha('c'));
    Json reference = d.toJson();
    reference.erase("rowHash");
    reference.erase("schemaVersion");
    QCOMPARE(d.canonicalJson, CanonicalJson::fromJson(reference));
    auto parsed = parseJson(d.canonicalJson, QStringLiteral("canonical"));
    QVERIFY(parsed);
    QCOMPARE(toQString((*parsed)["reviewer"].get<std::string>()), text);
}

bool TestLedger::validates(const Json &decision, QString &why) const
{
    auto schemaJson = readJsonFile(sourceDir() + QStringLiteral("/schemas/decision.schema.json"));
    if (!schemaJson) {
        why = schemaJson.error().toString();
        return false;
    }
    const nlohmann::json plainSchema = nlohmann::json::parse(schemaJson->dump());
    valijson::Schema schema;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schemaAdapter(plainSchema);
    parser.populateSchema(schemaAdapter, schema);
    const nlohmann::json doc = nlohmann::json::parse(decision.dump());
    valijson::Validator validator;
    valijson::ValidationResults results;
    valijson::adapters::NlohmannJsonAdapter docAdapter(doc);
    if (validator.validate(schema, docAdapter, &results))
        return true;
    valijson::ValidationResults::Error e;
    while (results.popError(e))
        why += QString::fromStdString(e.description) + QLatin1Char(' ');
    return false;
}

void TestLedger::decisionJsonFollowsSchema()
{
    auto ledger = Ledger::open(m_path);
    QVERIFY(ledger);
    for (int i = 1; i <= 4; ++i) {
        auto d = ledger->append(sampleInput(i));
        QVERIFY(d);
        QString why;
        QVERIFY2(validates(d->toJson(), why), qPrintable(why));
        auto back = Decision::fromJson(d->toJson());
        QVERIFY(back);
        QCOMPARE(back->canonicalJson, d->canonicalJson);
        QCOMPARE(back->rowHash, d->rowHash);
    }
    Json broken = ledger->show(1)->toJson();
    broken["outcome"] = "maybe";
    QString why;
    QVERIFY(!validates(broken, why));
}

void TestLedger::invalidInputRefused_data()
{
    QTest::addColumn<QString>("field");
    QTest::newRow("variant") << QStringLiteral("/variant");
    QTest::newRow("runId") << QStringLiteral("/runId");
    QTest::newRow("manifestSha256") << QStringLiteral("/manifestSha256");
    QTest::newRow("specSha256") << QStringLiteral("/specSha256");
    QTest::newRow("reviewer") << QStringLiteral("/reviewer");
    QTest::newRow("waiver reason") << QStringLiteral("/waivers/0/reason");
}

void TestLedger::invalidInputRefused()
{
    QFETCH(QString, field);
    DecisionInput in = sampleInput(1);
    if (field == QLatin1String("/variant"))
        in.variant.clear();
    else if (field == QLatin1String("/runId"))
        in.runId = QStringLiteral("  ");
    else if (field == QLatin1String("/manifestSha256"))
        in.manifestSha256 = QStringLiteral("abc");
    else if (field == QLatin1String("/specSha256"))
        in.specSha256 = in.specSha256.toUpper();
    else if (field == QLatin1String("/reviewer"))
        in.reviewer.clear();
    else
        in.waivers = {{QStringLiteral("qa.x"), QString()}};
    auto ledger = Ledger::open(m_path);
    QVERIFY(ledger);
    auto d = ledger->append(in);
    QVERIFY(!d);
    QCOMPARE(d.error().code, QStringLiteral("ledger.invalid-input"));
    QCOMPARE(d.error().location, field);
    QCOMPARE(*ledger->count(), 0);
}

void TestLedger::listFilters()
{
    auto ledger = Ledger::open(m_path);
    QVERIFY(ledger);
    for (int i = 1; i <= 12; ++i)
        QVERIFY(ledger->append(sampleInput(i, i % 3 ? QStringLiteral("9x16") : QStringLiteral("1x1"),
                                           QStringLiteral("run-%1").arg(i % 2))));
    QCOMPARE(ledger->list()->size(), 12);
    LedgerFilter f;
    f.variant = QStringLiteral("1x1");
    auto square = ledger->list(f);
    QVERIFY(square);
    QCOMPARE(square->size(), 4);
    QCOMPARE(square->first().seq, 3);
    f.runId = QStringLiteral("run-1");
    QCOMPARE(ledger->list(f)->size(), 2); // 3 and 9
    LedgerFilter page;
    page.limit = 5;
    page.offset = 5;
    page.newestFirst = true;
    auto decisions = ledger->list(page);
    QCOMPARE(decisions->size(), 5);
    QCOMPARE(decisions->first().seq, 7);
    QCOMPARE(decisions->last().seq, 3);
}

void TestLedger::latestForVariant()
{
    auto ledger = Ledger::open(m_path);
    QVERIFY(ledger);
    for (int i = 1; i <= 9; ++i)
        QVERIFY(ledger->append(sampleInput(i, i % 3 ? QStringLiteral("9x16") : QStringLiteral("1x1"))));
    auto latest = ledger->latestForVariant(QStringLiteral("launch-teaser"), QStringLiteral("9x16"));
    QVERIFY(latest && latest->has_value());
    QCOMPARE((*latest)->seq, 8);
    latest = ledger->latestForVariant(QStringLiteral("launch-teaser"), QStringLiteral("1x1"));
    QCOMPARE((*latest)->seq, 9);
    latest = ledger->latestForVariant(QStringLiteral("other-spec"), QStringLiteral("1x1"));
    QVERIFY(latest && !latest->has_value());
    QVERIFY(ledger->append(sampleInput(10, QStringLiteral("1x1"))));
    QCOMPARE((*ledger->latestForVariant(QStringLiteral("launch-teaser"), QStringLiteral("1x1")))->seq, 10);
}

void TestLedger::showUnknownSeq()
{
    auto ledger = Ledger::open(m_path);
    QVERIFY(ledger->append(sampleInput(1)));
    auto d = ledger->show(2);
    QVERIFY(!d);
    QCOMPARE(d.error().code, QStringLiteral("ledger.no-such-decision"));
}

void TestLedger::exportCsv()
{
    auto ledger = Ledger::open(m_path);
    DecisionInput tricky = sampleInput(1);
    tricky.reasons = {QStringLiteral("cut at 0:03, \"too loud\""), QStringLiteral("line\nbreak")};
    QVERIFY(ledger->append(tricky));
    QVERIFY(ledger->append(sampleInput(2)));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(ledger->exportTo(buffer, Ledger::ExportFormat::Csv).ok());
    const QByteArray csv = buffer.data();
    QVERIFY(csv.startsWith("seq,decided_at,spec_id,"));
    QVERIFY2(csv.contains("\"[\"\"cut at 0:03, \\\"\"too loud\\\"\"\"\",\"\"line\\nbreak\"\"]\""), csv.constData());
    QCOMPARE(csv.count("\r\n"), 3);
    QVERIFY(csv.contains(QByteArray(ledger->show(2)->rowHash.toLatin1() + "\r\n")));
}

void TestLedger::exportJson()
{
    auto ledger = Ledger::open(m_path);
    for (int i = 1; i <= 3; ++i)
        QVERIFY(ledger->append(sampleInput(i)));
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    LedgerFilter f;
    f.offset = 1;
    QVERIFY(ledger->exportTo(buffer, Ledger::ExportFormat::Json, f).ok());
    auto json = parseJson(buffer.data(), QStringLiteral("export"));
    QVERIFY2(json, json ? "" : qPrintable(json.error().toString()));
    QVERIFY(json->is_array());
    QCOMPARE(json->size(), size_t(2));
    QString why;
    for (const Json &d : *json)
        QVERIFY2(validates(d, why), qPrintable(why));
    QCOMPARE((*json)[0]["seq"].get<int>(), 2);

    QBuffer empty;
    empty.open(QIODevice::WriteOnly);
    f.offset = 10;
    QVERIFY(ledger->exportTo(empty, Ledger::ExportFormat::Json, f).ok());
    QCOMPARE(empty.data(), QByteArray("[]\n"));
}

void TestLedger::readOnlyRefusesAppend()
{
    QCOMPARE(makeLedger(m_path, 1).size(), 1);
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger);
    auto d = ledger->append(sampleInput(2));
    QVERIFY(!d);
    QCOMPARE(d.error().code, QStringLiteral("ledger.read-only"));
}

void TestLedger::otherThreadRefused()
{
    auto ledger = Ledger::open(m_path);
    QVERIFY(ledger);
    QString code;
    bool ownLedgerWorks = false;
    std::unique_ptr<QThread> thread(QThread::create([&] {
        auto d = ledger->append(sampleInput(1));
        code = d ? QString() : d.error().code;
        auto own = Ledger::open(m_path); // its own connection on this thread
        ownLedgerWorks = own && own->append(sampleInput(2)).ok();
    }));
    thread->start();
    QVERIFY(thread->wait(10000));
    QCOMPARE(code, QStringLiteral("ledger.thread"));
    QVERIFY(ownLedgerWorks);
    QCOMPARE(*ledger->count(), 1);
}

void TestLedger::twoInstancesInOneThread()
{
    auto a = Ledger::open(m_path);
    auto b = Ledger::open(m_path);
    QVERIFY(a && b);
    for (int i = 1; i <= 10; ++i)
        QVERIFY((i % 2 ? a : b)->append(sampleInput(i)));
    QCOMPARE(*a->count(), 10);
    QVERIFY(b->verify().ok());
}

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
