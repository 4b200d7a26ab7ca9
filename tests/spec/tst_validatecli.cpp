// `greenlight-cli validate` as a user runs it: exit codes, human and JSON reports, folders
// of many specs, and the finding-code table that documents every code.
#include "testsupport.h"

#include "common/jsonio.h"
#include "qa/findingcodes.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestValidateCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void demoIsClean();
    void blockersExitOne();
    void unusableInputExitsTwo();
    void jsonReportMatchesFindingsSchema();
    void validatesAFolderOfManySpecs();
    void codeTableIsDocumented();
};

void TestValidateCli::demoIsClean()
{
    const auto r = test::runCli({QStringLiteral("validate"), test::sourceDir() + QStringLiteral("/resources/demo")});
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY(r.out.contains("specs/launch-teaser.greenlight.json: clean"));
    QVERIFY(r.out.contains("specs/feature-explainer.greenlight.json: clean"));
}

void TestValidateCli::blockersExitOne()
{
    const QString bad = test::sourceDir() + QStringLiteral("/tests/fixtures/spec-golden/bad-duration-mismatch/spec.json");
    const auto r = test::runCli({QStringLiteral("validate"), bad});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.contains("spec.duration.mismatch"));
    QVERIFY(r.out.contains("/durationFrames"));
    const QString malformed = test::sourceDir() + QStringLiteral("/tests/fixtures/spec-golden/bad-malformed-json/spec.json");
    const auto m = test::runCli({QStringLiteral("validate"), malformed});
    QCOMPARE(m.exitCode, 1);
    QVERIFY2(m.out.contains("spec.json:5:3"), m.out.constData()); // file, line and column
}

void TestValidateCli::unusableInputExitsTwo()
{
    QCOMPARE(test::runCli({QStringLiteral("validate"), QStringLiteral("/no/such/path")}).exitCode, 2);
    QCOMPARE(test::runCli({QStringLiteral("validate")}).exitCode, 2);
    QCOMPARE(test::runCli({QStringLiteral("validate"), QStringLiteral("--bogus")}).exitCode, 2);
    QTemporaryDir empty;
    QCOMPARE(test::runCli({QStringLiteral("validate"), empty.path()}).exitCode, 2);
}

void TestValidateCli::jsonReportMatchesFindingsSchema()
{
    QTemporaryDir tmp;
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), tmp.path()));
    const QString bad = tmp.filePath(QStringLiteral("specs/bad.json"));
    QVERIFY(QFile::copy(test::sourceDir() + QStringLiteral("/tests/fixtures/spec-golden/bad-variant-remove-cta-scene/spec.json"), bad));
    const auto r = test::runCli({QStringLiteral("validate"), QStringLiteral("--json"), bad});
    QCOMPARE(r.exitCode, 1);
    const nlohmann::json report = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(report["summary"]["blockers"].get<int>(), 3);

    QFile schemaFile(test::sourceDir() + QStringLiteral("/schemas/findings.schema.json"));
    QVERIFY(schemaFile.open(QIODevice::ReadOnly));
    const nlohmann::json schemaJson = nlohmann::json::parse(schemaFile.readAll().toStdString());
    valijson::Schema schema;
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter schemaAdapter(schemaJson);
    parser.populateSchema(schemaAdapter, schema);
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter target(report);
    QVERIFY(validator.validate(schema, target, nullptr));
    for (const auto &f : report["findings"]) {
        QCOMPARE(f["variant"].get<std::string>(), std::string("tall"));
        QVERIFY(findFindingCode(QString::fromStdString(f["code"].get<std::string>())) != nullptr);
    }
}

void TestValidateCli::validatesAFolderOfManySpecs()
{
    // A folder of specs is one command: every file is reported, problems per file.
    QTemporaryDir tmp;
    const QString project = tmp.path();
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project));
    const QString src = project + QStringLiteral("/specs/launch-teaser.greenlight.json");
    for (int i = 0; i < 120; ++i)
        QVERIFY(QFile::copy(src, project + QStringLiteral("/specs/copy-%1.json").arg(i, 3, 10, QLatin1Char('0'))));
    QFile broken(project + QStringLiteral("/specs/copy-050.json"));
    QVERIFY(broken.open(QIODevice::WriteOnly | QIODevice::Truncate));
    broken.write("{ \"schemaVersion\": 1,");
    broken.close();
    const auto r = test::runCli({QStringLiteral("validate"), QStringLiteral("--json"), project});
    QCOMPARE(r.exitCode, 1);
    const nlohmann::json report = nlohmann::json::parse(r.out.toStdString());
    QCOMPARE(report["summary"]["files"].get<int>(), 122);
    QCOMPARE(report["summary"]["blockers"].get<int>(), 1);
    QCOMPARE(report["findings"][0]["path"].get<std::string>(), std::string("specs/copy-050.json"));
}

void TestValidateCli::codeTableIsDocumented()
{
    const auto r = test::runCli({QStringLiteral("codes"), QStringLiteral("--markdown")});
    QCOMPARE(r.exitCode, 0);
    QFile doc(test::sourceDir() + QStringLiteral("/schemas/FINDING-CODES.md"));
    QVERIFY2(doc.open(QIODevice::ReadOnly), "schemas/FINDING-CODES.md is missing: regenerate it with "
                                            "greenlight-cli codes --markdown > schemas/FINDING-CODES.md");
    QCOMPARE(QString::fromUtf8(doc.readAll()), QString::fromUtf8(r.out));
    // Codes are unique.
    QSet<QString> seen;
    for (const FindingCode &c : allFindingCodes()) {
        QVERIFY2(!seen.contains(QLatin1String(c.code)), c.code);
        seen.insert(QLatin1String(c.code));
    }
}

QTEST_GUILESS_MAIN(TestValidateCli)
#include "tst_validatecli.moc"
