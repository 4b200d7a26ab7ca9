// The bundled demo as the desk opens it (Help > Open Demo Project, the empty state's button,
// `greenlight --demo`): a private, writable copy of the read-only installed demo, made once.
#include "demoproject.h"
#include "emptystatewidget.h"

#include "spec/project.h"

#include "testsupport.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace greenlight;

class TestDemoProject : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void findsTheInstalledDemoBesideTheProgram();
    void copiesTheReadOnlyDemoOnceAndKeepsUserWork();
    void ignoresAnInterruptedCopy();
    void neverReplacesAFolderThatIsNotADemo();
    void saysWhenNoDemoIsInstalled();
    void emptyStateOffersTheDemo();
    void cleanup();

private:
    QStringList m_readOnly;
    // A read-only copy of resources/demo, as dpkg installs it for a normal user.
    QString readOnlyDemo(QTemporaryDir &dir);
};

namespace {

void setWritable(const QString &root, bool writable)
{
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths.append(it.next());
    paths.append(root);
    constexpr QFileDevice::Permissions write = QFileDevice::WriteOwner | QFileDevice::WriteUser;
    for (const QString &path : paths)
        QFile::setPermissions(path, writable ? QFile::permissions(path) | write
                                             : QFile::permissions(path) & ~(write | QFileDevice::WriteGroup |
                                                                           QFileDevice::WriteOther));
}

} // namespace

QString TestDemoProject::readOnlyDemo(QTemporaryDir &dir)
{
    const QString root = dir.path() + QStringLiteral("/share/greenlight/demo");
    if (!test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), root))
        return {};
    setWritable(root, false);
    m_readOnly.append(root);
    return root;
}

void TestDemoProject::cleanup()
{
    // Writable again, so the temporary folders can be removed by a normal user.
    for (const QString &root : std::as_const(m_readOnly))
        setWritable(root, true);
    m_readOnly.clear();
}

void TestDemoProject::findsTheInstalledDemoBesideTheProgram()
{
    QTemporaryDir prefix;
    const QString installed = readOnlyDemo(prefix);
    QVERIFY(!installed.isEmpty());
    const QStringList candidates = DemoProject::candidateSources(prefix.path() + QStringLiteral("/bin"));
    QCOMPARE(candidates.value(0), installed);
    QCOMPARE(DemoProject::findSource(candidates), installed);
    // A source checkout's build tree (build/<preset>/app) finds resources/demo.
    QCOMPARE(DemoProject::findSource(DemoProject::candidateSources(test::sourceDir() + QStringLiteral("/build/x/app"))),
             QDir::cleanPath(test::sourceDir() + QStringLiteral("/resources/demo")));
    QCOMPARE(DemoProject::findSource({prefix.path() + QStringLiteral("/nowhere")}), QString());
}

void TestDemoProject::copiesTheReadOnlyDemoOnceAndKeepsUserWork()
{
    QTemporaryDir prefix, data;
    const QString installed = readOnlyDemo(prefix);
    QVERIFY(!installed.isEmpty());

    const Result<QString> copy = DemoProject::prepare(installed, data.path());
    QVERIFY2(copy.ok(), qPrintable(copy.ok() ? QString() : copy.error().message));
    QCOMPARE(*copy, data.path() + QStringLiteral("/demo"));
    QVERIFY(!QFileInfo::exists(*copy + QStringLiteral(".part")));

    // The copy is a project with the demo's specs, and the user can write to it.
    const Result<Project> project = Project::open(*copy);
    QVERIFY(project.ok());
    QCOMPARE(project->specFiles().size(), 2);
    const QString spec = *copy + QLatin1Char('/') + project->specFiles().constFirst();
    QVERIFY(QFileInfo(spec).permission(QFileDevice::WriteOwner));
    QFile edit(spec);
    QVERIFY2(edit.open(QIODevice::Append), "the user's copy of a spec must be writable");
    edit.close();
    QVERIFY(QDir(*copy).mkpath(QStringLiteral("runs/mine")));

    // Opening the demo again reuses the copy with the user's work in it.
    const Result<QString> again = DemoProject::prepare(installed, data.path());
    QVERIFY(again.ok());
    QCOMPARE(*again, *copy);
    QVERIFY(QFileInfo(*copy + QStringLiteral("/runs/mine")).isDir());
}

void TestDemoProject::ignoresAnInterruptedCopy()
{
    QTemporaryDir prefix, data;
    const QString installed = readOnlyDemo(prefix);
    // A copy cut short (the app killed, the disk full) leaves demo.part with half the files.
    QVERIFY(QDir().mkpath(data.path() + QStringLiteral("/demo.part/specs")));
    QFile half(data.path() + QStringLiteral("/demo.part/specs/half.json"));
    QVERIFY(half.open(QIODevice::WriteOnly));
    half.write("{\"schemaVer");
    half.close();

    const Result<QString> copy = DemoProject::prepare(installed, data.path());
    QVERIFY(copy.ok());
    QVERIFY(!QFileInfo::exists(*copy + QStringLiteral("/specs/half.json")));
    QVERIFY(!QFileInfo::exists(data.path() + QStringLiteral("/demo.part")));
    QCOMPARE(Project::open(*copy)->specFiles().size(), 2);
}

void TestDemoProject::neverReplacesAFolderThatIsNotADemo()
{
    QTemporaryDir prefix, data;
    const QString installed = readOnlyDemo(prefix);
    QVERIFY(QDir().mkpath(data.path() + QStringLiteral("/demo")));
    QFile notes(data.path() + QStringLiteral("/demo/notes.txt"));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("mine");
    notes.close();

    const Result<QString> copy = DemoProject::prepare(installed, data.path());
    QVERIFY(!copy.ok());
    QCOMPARE(copy.error().code, QStringLiteral("desk.demo"));
    QVERIFY(copy.error().message.contains(QStringLiteral("move it away")));
    QVERIFY(QFileInfo::exists(data.path() + QStringLiteral("/demo/notes.txt")));
}

void TestDemoProject::saysWhenNoDemoIsInstalled()
{
    QTemporaryDir data;
    const Result<QString> copy = DemoProject::prepare(QString(), data.path());
    QVERIFY(!copy.ok());
    QCOMPARE(copy.error().code, QStringLiteral("desk.demo"));
    QVERIFY(copy.error().message.contains(QStringLiteral("not installed")));
    QVERIFY(QDir(data.path()).isEmpty());
}

void TestDemoProject::emptyStateOffersTheDemo()
{
    EmptyStateWidget empty;
    empty.resize(900, 600);
    empty.show();
    QVERIFY(QTest::qWaitForWindowExposed(&empty));
    QVERIFY(empty.demoButton()->isVisible());
    QSignalSpy requested(&empty, &EmptyStateWidget::openDemoRequested);
    QTest::mouseClick(empty.demoButton(), Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    const QString shot = test::outputDir(QStringLiteral("ui")) + QStringLiteral("/emptystate-demo.png");
    QVERIFY(empty.grab().save(shot));
}

QTEST_MAIN(TestDemoProject)
#include "tst_demoproject.moc"
