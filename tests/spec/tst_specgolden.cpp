// Golden folders: tests/fixtures/spec-golden/<case>/spec.json beside expected.json, which
// lists the exact findings (code, JSON pointer, variant) the structural gate must report.
// Each case runs inside a throwaway project holding the demo assets.
#include "testsupport.h"

#include "common/jsonio.h"
#include "spec/specvalidator.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestSpecGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void golden_data();
    void golden();

private:
    SpecValidator m_validator;
};

static QString goldenDir() { return test::sourceDir() + QStringLiteral("/tests/fixtures/spec-golden"); }

void TestSpecGolden::golden_data()
{
    QTest::addColumn<QString>("caseDir");
    const QStringList cases = QDir(goldenDir()).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    QVERIFY(cases.size() >= 30);
    for (const QString &c : cases)
        QTest::newRow(qPrintable(c)) << goldenDir() + QLatin1Char('/') + c;
}

// Applies a case's filesystem setup (files that cannot live in the fixture folder).
static bool applySetup(const Json &setup, const QString &project, const QString &outside)
{
    for (const Json &step : setup) {
        if (step.contains("symlinkOutside")) {
            const QString link = project + QLatin1Char('/') + toQString(step["symlinkOutside"]);
            if (!QFile::copy(project + QStringLiteral("/assets/logo.png"), outside + QStringLiteral("/logo.png")))
                return false;
            if (!QFile::link(outside + QStringLiteral("/logo.png"), link))
                return false;
        } else if (step.contains("write")) {
            QFile f(project + QLatin1Char('/') + toQString(step["write"]));
            if (!f.open(QIODevice::WriteOnly))
                return false;
            f.write(toQString(step["text"]).toUtf8());
        } else if (step.contains("truncate")) {
            QFile in(project + QLatin1Char('/') + toQString(step["truncate"]));
            QFile out(project + QLatin1Char('/') + toQString(step["to"]));
            if (!in.open(QIODevice::ReadOnly) || !out.open(QIODevice::WriteOnly))
                return false;
            out.write(in.read(step["bytes"].get<qint64>()));
        }
    }
    return true;
}

void TestSpecGolden::golden()
{
    QFETCH(QString, caseDir);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString project = tmp.filePath(QStringLiteral("project"));
    const QString outside = tmp.filePath(QStringLiteral("outside"));
    QVERIFY(QDir().mkpath(project + QStringLiteral("/specs")));
    QVERIFY(QDir().mkpath(outside));
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo/assets"), project + QStringLiteral("/assets")));
    QVERIFY(QFile::copy(caseDir + QStringLiteral("/spec.json"), project + QStringLiteral("/specs/spec.json")));

    auto expected = readJsonFile(caseDir + QStringLiteral("/expected.json"));
    QVERIFY2(expected.ok(), qPrintable(expected.ok() ? QString() : expected.error().toString()));
    if (expected->contains("setup"))
        QVERIFY(applySetup((*expected)["setup"], project, outside));

    const Findings findings = m_validator.validateFile(project + QStringLiteral("/specs/spec.json"), project);

    QStringList actual;
    for (const Finding &f : findings) {
        actual.append(f.code + QLatin1Char(' ') + f.pointer + (f.variant.isEmpty() ? QString() : QLatin1String(" @") + f.variant));
        // Every finding says what to do and where: message, stable code from the table, path.
        QVERIFY2(!f.message.isEmpty(), qPrintable(f.code));
        QVERIFY(f.stage == Stage::Structural);
        // Findings about an asset file name that file; all others name the spec.
        if (f.pointer.startsWith(QLatin1String("/assets/")))
            QVERIFY2(f.path.startsWith(QLatin1String("assets/")) || f.path.startsWith(QLatin1String("/"))
                         || f.path.startsWith(QLatin1String("..")), qPrintable(f.path));
        else
            QCOMPARE(f.path, QStringLiteral("specs/spec.json"));
    }
    QStringList wanted;
    for (const Json &e : (*expected)["findings"])
        wanted.append(toQString(e["code"]) + QLatin1Char(' ') + toQString(e["pointer"])
                      + (e.contains("variant") ? QLatin1String(" @") + toQString(e["variant"]) : QString()));
    actual.sort();
    wanted.sort();
    QCOMPARE(actual, wanted);

    // Malformed JSON names the file, line and column.
    for (const Finding &f : findings)
        if (f.code == QLatin1String("json.parse"))
            QCOMPARE(toQString(f.evidence["location"]), QStringLiteral("specs/spec.json:5:3"));
}

QTEST_GUILESS_MAIN(TestSpecGolden)
#include "tst_specgolden.moc"
