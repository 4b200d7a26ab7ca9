// The main window as a user meets it: the empty state, opening the demo project (command
// line, spec file, drop, recent list), background validation, revalidation when a spec
// changes on disk, errors on a folder that is not a project, and settings that persist.
// Screenshots land in test-output/ui/ for a person to look at.
#include "testsupport.h"

#include "emptystatewidget.h"
#include "findingsmodel.h"
#include "findingspanel.h"
#include "mainwindow.h"
#include "projectsession.h"
#include "recentprojects.h"
#include "settings.h"
#include "speclistmodel.h"
#include "speclistpanel.h"

#include <QAction>
#include <QDockWidget>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kValidationTimeout_ms = 30000;
const QString kTeaser = QStringLiteral("specs/launch-teaser.greenlight.json");
const QString kExplainer = QStringLiteral("specs/feature-explainer.greenlight.json");

QString cell(const SpecListModel *model, const QString &path, int column,
             int role = Qt::DisplayRole)
{
    const int row = model->rowOf(path);
    return row < 0 ? QStringLiteral("<missing row %1>").arg(path)
                   : model->index(row, column).data(role).toString();
}

bool validationDone(const MainWindow &window)
{
    const ProjectSession *session = window.session();
    return session && !session->isValidating() && session->specs()->pendingCount() == 0;
}

void screenshot(QWidget &widget, const QString &name)
{
    const QString path = test::outputDir(QStringLiteral("ui")) + QLatin1Char('/') + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void emptyState();
    void opensDemoProject();
    void revalidatesWhenSpecChangesOnDisk();
    void nonProjectKeepsCurrentProject();
    void specFileOpensItsProject();
    void recentProjectsPersist();
    void dropOpensProject();
    void windowGeometryPersists();
    void actionsAreReachableFromKeyboard();

private:
    // A fresh copy of resources/demo in its own temporary folder; returns the project root.
    QString copyDemo(const QString &name = QStringLiteral("demo"));
    void showWindow(MainWindow &window);

    QTemporaryDir m_settingsDir;
    QList<std::shared_ptr<QTemporaryDir>> m_projects;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("GreenlightTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.0-test"));
    QLocale::setDefault(QLocale::c());
    QApplication::setQuitOnLastWindowClosed(false);
}

void TestMainWindow::init()
{
    QSettings settings;
    settings.clear();
    settings.sync();
}

QString TestMainWindow::copyDemo(const QString &name)
{
    auto dir = std::make_shared<QTemporaryDir>();
    m_projects.append(dir);
    const QString root = dir->path() + QLatin1Char('/') + name;
    if (!test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), root))
        return {};
    return QFileInfo(root).canonicalFilePath();
}

void TestMainWindow::showWindow(MainWindow &window)
{
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
}

void TestMainWindow::emptyState()
{
    // Open and close a project so the empty state has a recent project to list.
    const QString root = copyDemo(QStringLiteral("launch-campaign"));
    QVERIFY(!root.isEmpty());
    MainWindow window;
    showWindow(window);
    QVERIFY(window.openPath(root));
    window.closeProject();

    QVERIFY(!window.session());
    QCOMPARE(window.windowTitle(), QStringLiteral("Greenlight"));
    auto *empty = window.findChild<EmptyStateWidget *>();
    QVERIFY(empty);
    QTRY_VERIFY(empty->isVisible());
    QCOMPARE(empty->message(), QStringLiteral("Open a project (Ctrl+O) or drop a folder here"));
    QVERIFY(empty->openButton()->isVisible());
    QCOMPARE(empty->recentList()->count(), 1);
    QVERIFY(empty->recentList()->item(0)->text().contains(QStringLiteral("launch-campaign")));
    QVERIFY(!window.findChild<QDockWidget *>(QStringLiteral("findingsDock"))->isVisible());
    QVERIFY(!window.findChild<QAction *>(QStringLiteral("revalidateAction"))->isEnabled());
    screenshot(window, QStringLiteral("mainwindow-empty.png"));

    // The recent list opens the project from the keyboard.
    empty->recentList()->setFocus();
    empty->recentList()->setCurrentRow(0);
    QTest::keyClick(empty->recentList(), Qt::Key_Return);
    QTRY_VERIFY(window.session());
    QCOMPARE(window.session()->project().root(), root);
}

void TestMainWindow::opensDemoProject()
{
    const QString root = copyDemo();
    QVERIFY(!root.isEmpty());
    MainWindow window;
    showWindow(window);
    QVERIFY(window.openPath(root));
    QVERIFY(window.session());
    QCOMPARE(window.session()->project().root(), root);
    QCOMPARE(window.windowTitle(), QStringLiteral("demo \u2014 Greenlight"));

    // Validation runs in the background: rows are listed at once, the busy indicator shows.
    const SpecListModel *specs = window.session()->specs();
    QCOMPARE(specs->rowCount(), 2);
    QVERIFY(window.session()->isValidating());
    QVERIFY(window.findChild<QWidget *>(QStringLiteral("validationProgress"))->isVisible());
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("validationProgressLabel"))->text(),
             QStringLiteral("Validating 1 of 2\u2026"));
    QCOMPARE(cell(specs, kTeaser, SpecListModel::ValidationColumn),
             QStringLiteral("validating\u2026"));
    QCOMPARE(window.focusWidget(), window.findChild<SpecListPanel *>()->view());
    QTRY_VERIFY_WITH_TIMEOUT(validationDone(window), kValidationTimeout_ms);

    QCOMPARE(cell(specs, kTeaser, SpecListModel::FileColumn), QStringLiteral("launch-teaser"));
    QCOMPARE(cell(specs, kTeaser, SpecListModel::IdColumn), QStringLiteral("launch-teaser"));
    QCOMPARE(cell(specs, kTeaser, SpecListModel::TitleColumn),
             QStringLiteral("Greenlight launch teaser"));
    QCOMPARE(cell(specs, kTeaser, SpecListModel::FormatColumn), QStringLiteral("vertical-short"));
    QCOMPARE(cell(specs, kTeaser, SpecListModel::CanvasColumn),
             QStringLiteral("720\u00d71280 @ 30 fps"));
    QCOMPARE(cell(specs, kTeaser, SpecListModel::DurationColumn),
             QStringLiteral("390 frames (13.00 s)"));
    QCOMPARE(cell(specs, kTeaser, SpecListModel::VariantsColumn), QStringLiteral("2"));
    QCOMPARE(cell(specs, kTeaser, SpecListModel::ValidationColumn), QStringLiteral("clean"));

    QCOMPARE(cell(specs, kExplainer, SpecListModel::CanvasColumn),
             QStringLiteral("1280\u00d7720 @ 29.97 fps"));
    QCOMPARE(cell(specs, kExplainer, SpecListModel::DurationColumn),
             QStringLiteral("510 frames (17.02 s)"));
    QCOMPARE(cell(specs, kExplainer, SpecListModel::VariantsColumn), QStringLiteral("1"));
    QCOMPARE(cell(specs, kExplainer, SpecListModel::FormatColumn),
             QStringLiteral("landscape-explainer"));
    QCOMPARE(cell(specs, kExplainer, SpecListModel::ValidationColumn), QStringLiteral("clean"));

    // The first spec (sorted by file name) is selected; its findings panel says it is clean.
    auto *specPanel = window.findChild<SpecListPanel *>();
    auto *findings = window.findChild<FindingsPanel *>();
    QCOMPARE(specPanel->currentSpec(), kExplainer);
    QCOMPARE(findings->model()->rowCount(), 0);
    QVERIFY(findings->placeholderText().contains(QStringLiteral("No findings")));

    // Status bar: path, spec count, totals; the busy indicator is gone.
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("projectPathLabel"))->text(), root);
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("specCountLabel"))->text(),
             QStringLiteral("2 specs"));
    QCOMPARE(window.findChild<QLabel *>(QStringLiteral("findingTotalsLabel"))->text(),
             QStringLiteral("0 blockers \u00b7 0 warnings"));
    QVERIFY(!window.findChild<QWidget *>(QStringLiteral("validationProgress"))->isVisible());

    // F5 validates everything again, off the GUI thread, and lands back on clean.
    QSignalSpy validating(window.session(), &ProjectSession::validatingChanged);
    window.findChild<QAction *>(QStringLiteral("revalidateAction"))->trigger();
    QVERIFY(window.session()->isValidating());
    QTRY_VERIFY_WITH_TIMEOUT(validationDone(window), kValidationTimeout_ms);
    QCOMPARE(validating.count(), 2);
    QCOMPARE(cell(specs, kTeaser, SpecListModel::ValidationColumn), QStringLiteral("clean"));

    specPanel->selectSpec(kTeaser);
    QCOMPARE(specPanel->currentSpec(), kTeaser);
    screenshot(window, QStringLiteral("mainwindow-demo.png"));
}

void TestMainWindow::revalidatesWhenSpecChangesOnDisk()
{
    const QString root = copyDemo();
    MainWindow window;
    showWindow(window);
    QVERIFY(window.openPath(root));
    QTRY_VERIFY_WITH_TIMEOUT(validationDone(window), kValidationTimeout_ms);
    const SpecListModel *specs = window.session()->specs();
    auto *specPanel = window.findChild<SpecListPanel *>();
    auto *findings = window.findChild<FindingsPanel *>();

    // A new spec appears in specs/: it is listed and validated. It breaks two rules.
    QFile teaser(root + QLatin1Char('/') + kTeaser);
    QVERIFY(teaser.open(QIODevice::ReadOnly));
    QByteArray broken = teaser.readAll();
    teaser.close();
    broken.replace("\"durationFrames\": 390", "\"durationFrames\": 400");
    broken.replace("assets/product.png", "assets/missing.png");
    QFile added(root + QStringLiteral("/specs/teaser-draft.json"));
    QVERIFY(added.open(QIODevice::WriteOnly));
    added.write(broken);
    added.close();
    const QString draft = QStringLiteral("specs/teaser-draft.json");
    QTRY_COMPARE_WITH_TIMEOUT(specs->rowCount(), 3, kValidationTimeout_ms);
    QTRY_VERIFY_WITH_TIMEOUT(validationDone(window), kValidationTimeout_ms);
    QVERIFY2(
        cell(specs, draft, SpecListModel::ValidationColumn).endsWith(QLatin1String("blockers")),
        qPrintable(cell(specs, draft, SpecListModel::ValidationColumn)));
    specPanel->selectSpec(draft);
    QVERIFY(findings->model()->rowCount() >= 2);
    QStringList codes;
    for (const Finding &f : findings->model()->findings())
        codes.append(f.code);
    QVERIFY2(codes.contains(QStringLiteral("spec.duration.mismatch")),
             qPrintable(codes.join(QLatin1Char(' '))));
    QVERIFY2(codes.contains(QStringLiteral("spec.asset.missing")),
             qPrintable(codes.join(QLatin1Char(' '))));
    QVERIFY(window.findChild<QLabel *>(QStringLiteral("findingTotalsLabel"))
                ->text()
                .startsWith(QString::number(specs->totalCount(Severity::Blocker)) +
                            QStringLiteral(" blockers")));
    screenshot(window, QStringLiteral("mainwindow-findings.png"));

    // Break the teaser on disk: the watcher revalidates it to "invalid JSON".
    specPanel->selectSpec(kTeaser);
    QVERIFY(teaser.open(QIODevice::WriteOnly | QIODevice::Truncate));
    teaser.write("{\n  \"schemaVersion\": 1,\n  \"id\": \"launch-teaser\",,\n}\n");
    teaser.close();
    QTRY_COMPARE_WITH_TIMEOUT(cell(specs, kTeaser, SpecListModel::ValidationColumn),
                              QStringLiteral("invalid JSON"), kValidationTimeout_ms);
    QCOMPARE(cell(specs, kTeaser, SpecListModel::CanvasColumn), QStringLiteral("\u2014"));
    QCOMPARE(specPanel->currentSpec(), kTeaser);
    QCOMPARE(findings->model()->rowCount(), 1);
    const QModelIndex code = findings->model()->index(0, FindingsModel::CodeColumn);
    QCOMPARE(code.data().toString(), QStringLiteral("json.parse"));
    QVERIFY2(
        findings->model()
            ->index(0, FindingsModel::PointerColumn)
            .data()
            .toString()
            .startsWith(QStringLiteral("line 3, column ")),
        qPrintable(findings->model()->index(0, FindingsModel::PointerColumn).data().toString()));
    QVERIFY(code.data(Qt::ToolTipRole).toString().contains(QStringLiteral("malformed JSON")));
    QVERIFY(findings->heading().contains(QStringLiteral("invalid JSON")));
    QVERIFY(findings->view()->isVisible());
    screenshot(window, QStringLiteral("mainwindow-invalid.png"));

    // Fix it again through a rename (how many editors save): back to clean.
    QFile::copy(test::sourceDir() + QStringLiteral("/resources/demo/") + kTeaser,
                root + QStringLiteral("/teaser.tmp"));
    QVERIFY(QFile::remove(root + QLatin1Char('/') + kTeaser));
    QVERIFY(QFile::rename(root + QStringLiteral("/teaser.tmp"), root + QLatin1Char('/') + kTeaser));
    QTRY_COMPARE_WITH_TIMEOUT(cell(specs, kTeaser, SpecListModel::ValidationColumn),
                              QStringLiteral("clean"), kValidationTimeout_ms);
    QCOMPARE(specPanel->currentSpec(), kTeaser);
    QCOMPARE(findings->model()->rowCount(), 0);

    // A spec removed from disk leaves the list.
    QVERIFY(QFile::remove(root + QStringLiteral("/specs/teaser-draft.json")));
    QTRY_COMPARE_WITH_TIMEOUT(specs->rowCount(), 2, kValidationTimeout_ms);
}

void TestMainWindow::nonProjectKeepsCurrentProject()
{
    const QString root = copyDemo();
    QTemporaryDir notAProject;
    MainWindow window;
    showWindow(window);
    QVERIFY(window.openPath(root));
    ProjectSession *session = window.session();

    QVERIFY(!window.openPath(notAProject.path()));
    QCOMPARE(window.session(), session);
    QCOMPARE(window.session()->project().root(), root);
    QCOMPARE(window.windowTitle(), QStringLiteral("demo \u2014 Greenlight"));
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("openErrorBox"));
    QVERIFY(box);
    QTRY_VERIFY(box->isVisible());
    QVERIFY(box->informativeText().contains(notAProject.path()));
    QVERIFY(box->text().contains(QFileInfo(notAProject.path()).fileName()));
    QVERIFY2(box->informativeText().contains(QStringLiteral("specs/")),
             qPrintable(box->informativeText()));
    screenshot(*box, QStringLiteral("mainwindow-open-error.png"));
    box->close();
    QTRY_VERIFY(!window.findChild<QMessageBox *>(QStringLiteral("openErrorBox")));

    QVERIFY(!window.openPath(notAProject.path() + QStringLiteral("/does-not-exist")));
    QCOMPARE(window.session(), session);
    box = window.findChild<QMessageBox *>(QStringLiteral("openErrorBox"));
    QVERIFY(box);
    QVERIFY(box->informativeText().contains(QStringLiteral("No such file")));
    box->close();

    // The failed paths are not remembered.
    QCOMPARE(window.recentProjects()->paths(), QStringList{root});
}

void TestMainWindow::specFileOpensItsProject()
{
    const QString root = copyDemo();
    MainWindow window;
    QVERIFY(window.openPath(root + QLatin1Char('/') + kTeaser));
    QCOMPARE(window.session()->project().root(), root);
    QCOMPARE(window.session()->specs()->rowCount(), 2);
    QCOMPARE(window.findChild<SpecListPanel *>()->currentSpec(), kTeaser);
    QCOMPARE(window.recentProjects()->paths(), QStringList{root});
    QTRY_VERIFY_WITH_TIMEOUT(validationDone(window), kValidationTimeout_ms);
}

void TestMainWindow::recentProjectsPersist()
{
    const QString first = copyDemo(QStringLiteral("first"));
    const QString second = copyDemo(QStringLiteral("second"));
    {
        MainWindow window;
        QVERIFY(window.openPath(first));
        QVERIFY(window.openPath(second));
        QVERIFY(window.openPath(first));
        QCOMPARE(window.recentProjects()->paths(), (QStringList{first, second}));
    }
    // Stored, not just remembered by the window.
    QCOMPARE(AppSettings().recentProjects(), (QStringList{first, second}));

    // A new window lists them; a project that disappeared is shown disabled.
    QVERIFY(QDir(second).removeRecursively());
    MainWindow window;
    QCOMPARE(window.recentProjects()->paths(), (QStringList{first, second}));
    auto *menu = window.findChild<QMenu *>(QStringLiteral("recentProjectsMenu"));
    QVERIFY(menu);
    Q_EMIT menu->aboutToShow();
    QList<QAction *> entries;
    for (QAction *action : menu->actions())
        if (action->data().isValid())
            entries.append(action);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0)->data().toString(), first);
    QVERIFY(entries.at(0)->isEnabled());
    QVERIFY(entries.at(0)->text().startsWith(QStringLiteral("&1 first")));
    QCOMPARE(entries.at(1)->data().toString(), second);
    QVERIFY(!entries.at(1)->isEnabled());
    auto *list = window.findChild<EmptyStateWidget *>()->recentList();
    QCOMPARE(list->count(), 2);
    QVERIFY(list->item(0)->flags() & Qt::ItemIsEnabled);
    QVERIFY(!(list->item(1)->flags() & Qt::ItemIsEnabled));

    // Choosing an entry opens it.
    entries.at(0)->trigger();
    QTRY_VERIFY(window.session());
    QCOMPARE(window.session()->project().root(), first);

    // Clear Recent empties the menu, the empty state list and the stored list.
    auto *clear = menu->findChild<QAction *>(QStringLiteral("clearRecentAction"));
    QVERIFY(clear);
    clear->trigger();
    QTRY_VERIFY(window.recentProjects()->paths().isEmpty());
    QCOMPARE(list->count(), 0);
    QVERIFY(AppSettings().recentProjects().isEmpty());
}

void TestMainWindow::dropOpensProject()
{
    const QString root = copyDemo();
    MainWindow window;
    showWindow(window);
    QVERIFY(!window.session());

    // Something that is neither a folder nor a spec is refused at the door.
    QMimeData image;
    image.setUrls({QUrl::fromLocalFile(root + QStringLiteral("/assets/logo.png"))});
    const QPoint centre = window.rect().center();
    QDragEnterEvent refused(centre, Qt::CopyAction, &image, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &refused);
    QVERIFY(!refused.isAccepted());

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(root)});
    QDragEnterEvent enter(centre, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(centre), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&window, &drop);
    QVERIFY(drop.isAccepted());
    QVERIFY(window.session());
    QCOMPARE(window.session()->project().root(), root);
    QTRY_VERIFY_WITH_TIMEOUT(validationDone(window), kValidationTimeout_ms);
    QCOMPARE(window.session()->specs()->rowCount(), 2);
}

void TestMainWindow::windowGeometryPersists()
{
    const QString root = copyDemo();
    {
        MainWindow window;
        showWindow(window);
        QVERIFY(window.openPath(root));
        window.resize(1100, 700);
        QVERIFY(window.close());
    }
    QVERIFY(!AppSettings().mainWindowGeometry().isEmpty());
    QVERIFY(!AppSettings().mainWindowState().isEmpty());
    MainWindow window;
    QCOMPARE(window.size(), QSize(1100, 700));
}

void TestMainWindow::actionsAreReachableFromKeyboard()
{
    MainWindow window;
    const QList<QAction *> actions = window.findChildren<QAction *>();
    const QStringList needShortcut{
        QStringLiteral("openProjectAction"),  QStringLiteral("openSpecAction"),
        QStringLiteral("closeProjectAction"), QStringLiteral("quitAction"),
        QStringLiteral("revalidateAction"),   QStringLiteral("focusSpecsAction"),
        QStringLiteral("focusFindingsAction")};
    int named = 0;
    for (QAction *action : actions) {
        if (!action->objectName().endsWith(QLatin1String("Action")))
            continue;
        ++named;
        QVERIFY2(!action->statusTip().isEmpty(), qPrintable(action->objectName()));
        if (needShortcut.contains(action->objectName()))
            QVERIFY2(!action->shortcut().isEmpty(), qPrintable(action->objectName()));
    }
    QVERIFY(named >= needShortcut.size());
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("openProjectAction"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_O));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("revalidateAction"))->shortcut(),
             QKeySequence(Qt::Key_F5));
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("quitAction"))->shortcut(),
             QKeySequence(Qt::CTRL | Qt::Key_Q));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
