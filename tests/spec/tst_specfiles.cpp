// Spec file names: new specs are <id>.greenlight.json; a plain specs/*.json is still a spec.
#include "testsupport.h"

#include "common/jsonio.h"
#include "spec/newspec.h"
#include "spec/project.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestSpecFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void displayName_data();
    void displayName();
    void projectListsBothForms();
    void newSpecPathAvoidsBothForms();
    void newSpecCliWritesGreenlightJson();
};

namespace {

// A project with a legacy specs/a.json and a specs/b.greenlight.json.
QString makeProject(const QTemporaryDir &tmp)
{
    const QString root = tmp.filePath(QStringLiteral("project"));
    QDir().mkpath(root + QStringLiteral("/specs"));
    NewSpecOptions options;
    for (const QString &name : {QStringLiteral("a.json"), QStringLiteral("b.greenlight.json")}) {
        options.title = name.left(1).toUpper();
        writeJsonFile(root + QStringLiteral("/specs/") + name, newSpecDocument(options));
    }
    return root;
}

} // namespace

void TestSpecFiles::displayName_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("shown");
    QTest::newRow("greenlight") << QStringLiteral("specs/launch-teaser.greenlight.json") << QStringLiteral("launch-teaser");
    QTest::newRow("plain json") << QStringLiteral("specs/launch-teaser.json") << QStringLiteral("launch-teaser");
    QTest::newRow("absolute") << QStringLiteral("/p/specs/x.y.greenlight.json") << QStringLiteral("x.y");
    QTest::newRow("dotted plain") << QStringLiteral("x.v2.json") << QStringLiteral("x.v2");
    QTest::newRow("other suffix") << QStringLiteral("notes.txt") << QStringLiteral("notes.txt");
    QTest::newRow("suffix case") << QStringLiteral("Promo.Greenlight.JSON") << QStringLiteral("Promo");
}

void TestSpecFiles::displayName()
{
    QFETCH(QString, path);
    QFETCH(QString, shown);
    QCOMPARE(specDisplayName(path), shown);
}

void TestSpecFiles::projectListsBothForms()
{
    QTemporaryDir tmp;
    const QString root = makeProject(tmp);
    QVERIFY(QFile(root + QStringLiteral("/specs/notes.txt")).open(QIODevice::WriteOnly));
    auto project = Project::open(root);
    QVERIFY(project.ok());
    const QStringList files = project->specFiles();
    QCOMPARE(files, (QStringList{QStringLiteral("specs/a.json"), QStringLiteral("specs/b.greenlight.json")}));
    QCOMPARE(specDisplayName(files[0]), QStringLiteral("a"));
    QCOMPARE(specDisplayName(files[1]), QStringLiteral("b"));
    // Opened on a spec file of either form, the project is the same folder.
    for (const QString &file : files) {
        auto focused = Project::open(root + QLatin1Char('/') + file);
        QVERIFY(focused.ok());
        QCOMPARE(focused->focusedSpec(), file);
        QCOMPARE(focused->specFiles(), files);
    }
}

void TestSpecFiles::newSpecPathAvoidsBothForms()
{
    QTemporaryDir tmp;
    const QString root = makeProject(tmp);
    const QString specs = QDir(root).canonicalPath() + QStringLiteral("/specs/");
    const auto newName = [&root](const QString &id) { return QFileInfo(newSpecPath(root, id)).fileName(); };
    QCOMPARE(QFileInfo(newSpecPath(root, QStringLiteral("c"))).absolutePath() + QLatin1Char('/'), specs);
    QCOMPARE(newName(QStringLiteral("c")), QStringLiteral("c.greenlight.json"));
    QCOMPARE(newName(QStringLiteral("a")), QStringLiteral("a-2.greenlight.json")); // taken by a.json
    QCOMPARE(newName(QStringLiteral("b")), QStringLiteral("b-2.greenlight.json")); // taken by b.greenlight.json
    QVERIFY(QFile(specs + QStringLiteral("a-2.json")).open(QIODevice::WriteOnly));
    QVERIFY(QFile(specs + QStringLiteral("a-3.greenlight.json")).open(QIODevice::WriteOnly));
    QCOMPARE(newName(QStringLiteral("a")), QStringLiteral("a-4.greenlight.json"));
}

void TestSpecFiles::newSpecCliWritesGreenlightJson()
{
    QTemporaryDir tmp;
    const QString root = makeProject(tmp);
    const auto newSpec = [&root](const QString &title) {
        const test::ProcessResult r = test::runCli({QStringLiteral("new-spec"), root, QStringLiteral("--title"), title});
        return r.exitCode == 0 ? QFileInfo(QString::fromUtf8(r.out.trimmed())).fileName() : QString::fromUtf8(r.err);
    };
    QCOMPARE(newSpec(QStringLiteral("Spring Launch")), QStringLiteral("spring-launch.greenlight.json"));
    QCOMPARE(newSpec(QStringLiteral("Spring Launch")), QStringLiteral("spring-launch-2.greenlight.json"));
    QCOMPARE(newSpec(QStringLiteral("A")), QStringLiteral("a-2.greenlight.json"));
    QCOMPARE(newSpec(QStringLiteral("B")), QStringLiteral("b-2.greenlight.json"));
    auto project = Project::open(root);
    QVERIFY(project.ok());
    QCOMPARE(project->specFiles().size(), 6);
    const test::ProcessResult valid = test::runCli({QStringLiteral("validate"), root});
    QVERIFY2(valid.exitCode == 0, valid.out.constData());
}

QTEST_GUILESS_MAIN(TestSpecFiles)
#include "tst_specfiles.moc"
