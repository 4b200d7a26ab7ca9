// The UI's models and helpers without a window: number formats, the spec list's row
// bookkeeping, findings columns, settings defaults and the recent-projects list.
#include "testsupport.h"

#include "displayformat.h"
#include "findingsmodel.h"
#include "recentprojects.h"
#include "settings.h"
#include "speclistmodel.h"

#include "qa/findingcodes.h"

#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestUiModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void frameRates_data();
    void frameRates();
    void canvasAndDuration();
    void validationStates();
    void specListKeepsStatusAcrossRelists();
    void specListShowsNamesWithoutSuffix();
    void findingsColumns();
    void settingsDefaults();
    void recentProjectsCapAndOrder();

private:
    QTemporaryDir m_settingsDir;
};

void TestUiModels::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("GreenlightTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_uimodels"));
    QLocale::setDefault(QLocale::c());
}

void TestUiModels::init()
{
    QSettings settings;
    settings.clear();
    settings.sync();
}

void TestUiModels::frameRates_data()
{
    QTest::addColumn<qint64>("num");
    QTest::addColumn<qint64>("den");
    QTest::addColumn<QString>("text");
    QTest::newRow("30") << qint64(30) << qint64(1) << QStringLiteral("30");
    QTest::newRow("29.97") << qint64(30000) << qint64(1001) << QStringLiteral("29.97");
    QTest::newRow("23.976") << qint64(24000) << qint64(1001) << QStringLiteral("23.976");
    QTest::newRow("59.94") << qint64(60000) << qint64(1001) << QStringLiteral("59.94");
    QTest::newRow("25 as 50/2") << qint64(50) << qint64(2) << QStringLiteral("25");
    QTest::newRow("12.5") << qint64(25) << qint64(2) << QStringLiteral("12.5");
}

void TestUiModels::frameRates()
{
    QFETCH(qint64, num);
    QFETCH(qint64, den);
    QFETCH(QString, text);
    QCOMPARE(DisplayFormat::frameRate(Rational{num, den}), text);
}

void TestUiModels::canvasAndDuration()
{
    QCOMPARE(DisplayFormat::canvas(Canvas{720, 1280, Rational{30, 1}}),
             QStringLiteral("720\u00d71280 @ 30 fps"));
    QCOMPARE(DisplayFormat::duration(390, Rational{30, 1}), QStringLiteral("390 frames (13.00 s)"));
    QCOMPARE(DisplayFormat::duration(510, Rational{30000, 1001}),
             QStringLiteral("510 frames (17.02 s)"));
}

void TestUiModels::validationStates()
{
    SpecStatus status;
    status.relativePath = QStringLiteral("specs/a.json");
    QCOMPARE(status.state(), SpecStatus::State::Pending);
    QCOMPARE(DisplayFormat::validationState(status), QStringLiteral("validating\u2026"));
    status.validated = true;
    QCOMPARE(DisplayFormat::validationState(status), QStringLiteral("clean"));
    status.findings.append(makeFinding("spec.narration.too-long", QStringLiteral("long")));
    QCOMPARE(DisplayFormat::validationState(status), QStringLiteral("1 warning"));
    status.findings.append(makeFinding("spec.narration.too-long", QStringLiteral("long")));
    QCOMPARE(DisplayFormat::validationState(status), QStringLiteral("2 warnings"));
    for (int i = 0; i < 3; ++i)
        status.findings.append(makeFinding("spec.asset.missing", QStringLiteral("gone")));
    QCOMPARE(status.state(), SpecStatus::State::Blockers);
    QCOMPARE(DisplayFormat::validationState(status), QStringLiteral("3 blockers, 2 warnings"));
    status.findings = {makeFinding("json.parse", QStringLiteral("bad"))};
    QCOMPARE(DisplayFormat::validationState(status), QStringLiteral("invalid JSON"));
}

void TestUiModels::specListKeepsStatusAcrossRelists()
{
    SpecListModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QCOMPARE(model.setSpecFiles({QStringLiteral("specs/a.json"), QStringLiteral("specs/b.json")}),
             (QStringList{QStringLiteral("specs/a.json"), QStringLiteral("specs/b.json")}));
    QCOMPARE(model.pendingCount(), 2);

    SpecStatus a;
    a.relativePath = QStringLiteral("specs/a.json");
    a.validated = true;
    a.findings = {makeFinding("spec.asset.missing", QStringLiteral("gone"))};
    a.summary = SpecStatus::Summary{QStringLiteral("a"),
                                    QStringLiteral("A"),
                                    QStringLiteral("square-feed"),
                                    Canvas{1080, 1080, Rational{25, 1}},
                                    250,
                                    3};
    QSignalSpy changed(&model, &SpecListModel::statusChanged);
    model.setStatus(a);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.pendingCount(), 1);
    QCOMPARE(model.totalCount(Severity::Blocker), 1);
    const int row = model.rowOf(a.relativePath);
    QCOMPARE(model.index(row, SpecListModel::CanvasColumn).data().toString(),
             QStringLiteral("1080\u00d71080 @ 25 fps"));
    QCOMPARE(model.index(row, SpecListModel::VariantsColumn).data().toString(),
             QStringLiteral("3"));
    QCOMPARE(model.index(row, SpecListModel::ValidationColumn).data().toString(),
             QStringLiteral("1 blocker"));
    QVERIFY(!model.index(row, SpecListModel::ValidationColumn)
                 .data(Qt::DecorationRole)
                 .value<QIcon>()
                 .isNull());
    QCOMPARE(model.index(model.rowOf(QStringLiteral("specs/b.json")), SpecListModel::CanvasColumn)
                 .data()
                 .toString(),
             QStringLiteral("\u2014"));

    // b leaves, c arrives: a keeps its status, no reset.
    inserted.clear();
    QCOMPARE(model.setSpecFiles({QStringLiteral("specs/a.json"), QStringLiteral("specs/c.json")}),
             QStringList{QStringLiteral("specs/c.json")});
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(model.status(QStringLiteral("specs/a.json"))->validated);
    QCOMPARE(model.status(QStringLiteral("specs/b.json")), nullptr);

    // Revalidating keeps the old findings visible while marked pending.
    model.markPending({QStringLiteral("specs/a.json")});
    QCOMPARE(model.status(QStringLiteral("specs/a.json"))->findings.size(), 1);
    QCOMPARE(
        model.index(model.rowOf(a.relativePath), SpecListModel::ValidationColumn).data().toString(),
        QStringLiteral("validating\u2026"));

    // A result for a file no longer listed is dropped.
    SpecStatus b;
    b.relativePath = QStringLiteral("specs/b.json");
    b.validated = true;
    model.setStatus(b);
    QCOMPARE(model.rowCount(), 2);
}

void TestUiModels::specListShowsNamesWithoutSuffix()
{
    SpecListModel model;
    model.setSpecFiles({QStringLiteral("specs/a.json"), QStringLiteral("specs/b.greenlight.json")});
    const auto file = [&model](const QString &path, int role) {
        return model.index(model.rowOf(path), SpecListModel::FileColumn).data(role).toString();
    };
    QCOMPARE(file(QStringLiteral("specs/a.json"), Qt::DisplayRole), QStringLiteral("a"));
    QCOMPARE(file(QStringLiteral("specs/b.greenlight.json"), Qt::DisplayRole), QStringLiteral("b"));
    QCOMPARE(file(QStringLiteral("specs/b.greenlight.json"), Qt::ToolTipRole), QStringLiteral("specs/b.greenlight.json"));
}

void TestUiModels::findingsColumns()
{
    FindingsModel model;
    Finding pointer = makeFinding("spec.asset.missing", QStringLiteral("the file is gone"),
                                  QStringLiteral("/assets/0/path"));
    pointer.variant = QStringLiteral("short");
    Finding parse =
        makeFinding("json.parse", QStringLiteral("specs/a.json:4:7: malformed JSON: x"));
    parse.evidence = {{"location", "/tmp/p/specs/a.json:4:7"}};
    model.setFindings({pointer, parse});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, FindingsModel::SeverityColumn).data().toString(),
             QStringLiteral("blocker"));
    QVERIFY(!model.index(0, FindingsModel::SeverityColumn)
                 .data(Qt::DecorationRole)
                 .value<QIcon>()
                 .isNull());
    QCOMPARE(model.index(0, FindingsModel::CodeColumn).data().toString(),
             QStringLiteral("spec.asset.missing"));
    QCOMPARE(model.index(0, FindingsModel::PointerColumn).data().toString(),
             QStringLiteral("/assets/0/path"));
    QCOMPARE(model.index(0, FindingsModel::VariantColumn).data().toString(),
             QStringLiteral("short"));
    QCOMPARE(model.index(0, FindingsModel::MessageColumn).data().toString(),
             QStringLiteral("the file is gone"));
    QVERIFY(model.index(0, FindingsModel::MessageColumn)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("the file is gone")));
    QCOMPARE(model.index(1, FindingsModel::PointerColumn).data().toString(),
             QStringLiteral("line 4, column 7"));
}

void TestUiModels::settingsDefaults()
{
    AppSettings settings;
    QVERIFY(settings.recentProjects().isEmpty());
    QCOMPARE(settings.lastOpenFolder(), QDir::homePath());
    QVERIFY(settings.mainWindowGeometry().isEmpty());
    settings.setLastOpenFolder(QStringLiteral("/srv/projects"));
    settings.sync();
    QCOMPARE(AppSettings().lastOpenFolder(), QStringLiteral("/srv/projects"));
}

void TestUiModels::recentProjectsCapAndOrder()
{
    AppSettings settings;
    RecentProjects recent(&settings);
    QSignalSpy changed(&recent, &RecentProjects::changed);
    for (int i = 0; i < 12; ++i)
        recent.add(QStringLiteral("/p/%1").arg(i));
    QCOMPARE(recent.paths().size(), AppSettings::maxRecentProjects);
    QCOMPARE(recent.paths().constFirst(), QStringLiteral("/p/11"));
    QCOMPARE(recent.paths().constLast(), QStringLiteral("/p/2"));
    recent.add(QStringLiteral("/p/5"));
    QCOMPARE(recent.paths().constFirst(), QStringLiteral("/p/5"));
    QCOMPARE(recent.paths().count(QStringLiteral("/p/5")), 1);
    QCOMPARE(AppSettings().recentProjects(), recent.paths());
    const int before = int(changed.count());
    recent.add(QStringLiteral("/p/5")); // already first: nothing changes
    QCOMPARE(changed.count(), before);
    recent.clear();
    QVERIFY(AppSettings().recentProjects().isEmpty());
    QVERIFY(!RecentProjects::exists(QStringLiteral("/p/5")));
}

QTEST_MAIN(TestUiModels)
#include "tst_uimodels.moc"
