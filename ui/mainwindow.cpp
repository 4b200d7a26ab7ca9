#include "mainwindow.h"

#include "demoproject.h"
#include "displayformat.h"
#include "emptystatewidget.h"
#include "findingspanel.h"
#include "icons.h"
#include "preferences/actionshortcuts.h"
#include "preferences/preferencesdialog.h"
#include "preferences/theme.h"
#include "projectsession.h"
#include "recentprojects.h"
#include "recentprojectsmenu.h"
#include "review/reviewwindow.h"
#include "runs/runlaunchdialog.h"
#include "runs/runjob.h"
#include "runs/runqueue.h"
#include "runs/runspanel.h"
#include "runs/sshhostsdialog.h"
#include "settings.h"
#include "speclistmodel.h"
#include "speclistpanel.h"
#include "spec/newspecdialog.h"
#include "spec/specdocument.h"
#include "spec/speceditor.h"
#include "spec/speceditortabs.h"

#include "spec/project.h"
#include "spec/specvalidator.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QUndoGroup>
#include <QUrl>

namespace greenlight {

namespace {

constexpr int kDefaultWidth_px = 1280;
constexpr int kDefaultHeight_px = 800;
constexpr int kStatusMessage_ms = 5000;

// The first dropped local folder or .json file, or an empty string when the drop has none.
QString droppedPath(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    const QList<QUrl> urls = mime->urls();
    for (const QUrl &url : urls) {
        if (!url.isLocalFile())
            continue;
        const QFileInfo info(url.toLocalFile());
        if (info.isDir() || (info.isFile() && info.suffix().compare(QLatin1String("json"),
                                                                    Qt::CaseInsensitive) == 0))
            return info.absoluteFilePath();
    }
    return {};
}

QAction *makeAction(QObject *parent, const QString &objectName, const QIcon &icon,
                    const QString &text, const QKeySequence &shortcut, const QString &statusTip)
{
    auto *action = new QAction(icon, text, parent);
    action->setObjectName(objectName);
    action->setShortcut(shortcut);
    action->setStatusTip(statusTip);
    if (!shortcut.isEmpty())
        action->setToolTip(QStringLiteral("%1 (%2)").arg(
            QString(text).remove(QLatin1Char('&')).remove(QChar(0x2026)),
            shortcut.toString(QKeySequence::NativeText)));
    return action;
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_settings(std::make_unique<AppSettings>()),
      m_validator(std::make_shared<const SpecValidator>())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(Icons::app());
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    m_recent = new RecentProjects(m_settings.get(), this);

    createActions();
    createPanels();
    createEditorActions();
    createToolBar();
    createMenus();
    createStatusBar();
    restoreWindowSettings();
    setSession(nullptr);
    if (!Theme::instance()) // main() applies it before any window; this covers embedders and tests
        Theme::applyFromSettings(*qApp);
    const QList<QAction *> keyed = rebindableActions();
    ActionShortcuts::rememberDefaults(keyed);
    ActionShortcuts::apply(keyed, m_settings->mainWindowShortcuts());
}

MainWindow::~MainWindow()
{
    m_specPanel->setModel(nullptr);
}

void MainWindow::createActions()
{
    Actions &a = m_actions;
    a.openProject = makeAction(this, QStringLiteral("openProjectAction"), Icons::openProject(),
                               tr("&Open Project\u2026"), QKeySequence(QKeySequence::Open),
                               tr("Open a project folder (a folder with a specs/ folder)"));
    connect(a.openProject, &QAction::triggered, this, &MainWindow::chooseProjectFolder);

    a.openSpec =
        makeAction(this, QStringLiteral("openSpecAction"), Icons::openSpec(),
                   tr("Open &Spec File\u2026"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
                   tr("Open a spec file and the project it belongs to"));
    connect(a.openSpec, &QAction::triggered, this, &MainWindow::chooseSpecFile);

    a.closeProject =
        makeAction(this, QStringLiteral("closeProjectAction"), QIcon(), tr("&Close Project"),
                   QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W), tr("Close the open project"));
    connect(a.closeProject, &QAction::triggered, this, &MainWindow::closeProject);

    a.reviewRun = makeAction(this, QStringLiteral("reviewRunAction"), QIcon(), tr("&Review Run\u2026"),
                             QKeySequence(Qt::CTRL | Qt::Key_R),
                             tr("Open a run of the project in the review desk (the selected run in the Runs panel)"));
    connect(a.reviewRun, &QAction::triggered, this, [this] {
        QString dir = m_runsPanel->currentRun();
        if (dir.isEmpty() && m_session)
            dir = QFileDialog::getExistingDirectory(this, tr("Review run"), m_session->project().runsDir());
        if (!dir.isEmpty())
            reviewRun(dir);
    });
    a.launchRun = makeAction(this, QStringLiteral("launchRunAction"), QIcon(), tr("&Launch Run\u2026"),
                             QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                             tr("Render or voice a spec: pick the variant, workload, runtime class and engine"));
    connect(a.launchRun, &QAction::triggered, this, [this] { launchRun(); });
    a.sshHosts = makeAction(this, QStringLiteral("sshHostsAction"), QIcon(), tr("SSH &Hosts\u2026"), QKeySequence(),
                            tr("The hosts remote renders go to over SSH"));
    connect(a.sshHosts, &QAction::triggered, this, [this] {
        SshHostsDialog dialog(m_settings.get(), this);
        dialog.exec();
    });
    // Desktops without a standard key for Preferences (most on Linux) get Ctrl+,.
    const QList<QKeySequence> preferencesKeys = QKeySequence::keyBindings(QKeySequence::Preferences);
    a.preferences = makeAction(this, QStringLiteral("preferencesAction"), QIcon(), tr("&Preferences\u2026"),
                               preferencesKeys.isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Comma) : preferencesKeys.first(),
                               tr("Theme, speech engines, remote hosts, keyboard shortcuts and cache"));
    a.preferences->setMenuRole(QAction::PreferencesRole);
    connect(a.preferences, &QAction::triggered, this, &MainWindow::showPreferences);
    a.refreshRuns = makeAction(this, QStringLiteral("refreshRunsAction"), QIcon(), tr("Refresh R&uns"),
                               QKeySequence(Qt::SHIFT | Qt::Key_F5), tr("Read the project's runs folder again"));
    connect(a.refreshRuns, &QAction::triggered, this, [this] { m_runsPanel->refresh(); });

    a.quit = makeAction(this, QStringLiteral("quitAction"), QIcon(), tr("&Quit"),
                        QKeySequence(Qt::CTRL | Qt::Key_Q), tr("Quit Greenlight"));
    a.quit->setMenuRole(QAction::QuitRole);
    connect(a.quit, &QAction::triggered, this, &QWidget::close);

    a.revalidate = makeAction(this, QStringLiteral("revalidateAction"), Icons::revalidate(),
                              tr("&Revalidate All"), QKeySequence(Qt::Key_F5),
                              tr("Validate every spec of the project again"));
    connect(a.revalidate, &QAction::triggered, this, [this] {
        if (m_session)
            m_session->revalidateAll();
    });

    a.focusSpecs = makeAction(this, QStringLiteral("focusSpecsAction"), QIcon(),
                              tr("Go to &Spec List"), QKeySequence(Qt::CTRL | Qt::Key_1),
                              tr("Move the keyboard focus to the spec list"));
    connect(a.focusSpecs, &QAction::triggered, this,
            [this] { m_specPanel->view()->setFocus(Qt::ShortcutFocusReason); });

    a.focusFindings = makeAction(this, QStringLiteral("focusFindingsAction"), QIcon(),
                                 tr("Go to &Findings"), QKeySequence(Qt::CTRL | Qt::Key_2),
                                 tr("Move the keyboard focus to the findings"));
    connect(a.focusFindings, &QAction::triggered, this, &MainWindow::focusFindings);

    a.filterSpecs = makeAction(this, QStringLiteral("filterSpecsAction"), QIcon(),
                               tr("&Filter Specs"), QKeySequence(QKeySequence::Find),
                               tr("Filter the spec list by file, id, title or format"));
    connect(a.filterSpecs, &QAction::triggered, this, [this] {
        m_specPanel->filterEdit()->setFocus(Qt::ShortcutFocusReason);
        m_specPanel->filterEdit()->selectAll();
    });

    a.about = makeAction(this, QStringLiteral("aboutAction"), Icons::app(), tr("&About Greenlight"),
                         QKeySequence(), tr("Show the version of Greenlight"));
    a.about->setMenuRole(QAction::AboutRole);
    connect(a.about, &QAction::triggered, this, &MainWindow::showAbout);

    a.aboutQt = makeAction(this, QStringLiteral("aboutQtAction"), QIcon(), tr("About &Qt"),
                           QKeySequence(), tr("Show the version of Qt"));
    a.aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(a.aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createEditorActions()
{
    Actions &a = m_actions;
    a.newSpec = makeAction(this, QStringLiteral("newSpecAction"), Icons::specFile(), tr("&New Spec\u2026"),
                           QKeySequence(QKeySequence::New), tr("Start a new spec in this project"));
    connect(a.newSpec, &QAction::triggered, this, &MainWindow::newSpec);
    a.editSpec = makeAction(this, QStringLiteral("editSpecAction"), QIcon(), tr("&Edit Spec"),
                            QKeySequence(Qt::CTRL | Qt::Key_E), tr("Open the selected spec in the editor"));
    connect(a.editSpec, &QAction::triggered, this, [this] {
        if (!m_specPanel->currentSpec().isEmpty())
            editSpec(m_specPanel->currentSpec());
    });
    a.saveSpec = makeAction(this, QStringLiteral("saveSpecAction"), QIcon::fromTheme(QStringLiteral("document-save")),
                            tr("&Save Spec"), QKeySequence(QKeySequence::Save), tr("Save the spec being edited"));
    connect(a.saveSpec, &QAction::triggered, m_editorTabs, &SpecEditorTabs::saveCurrent);
    a.closeSpec = makeAction(this, QStringLiteral("closeSpecAction"), QIcon(), tr("Close Spe&c"),
                             QKeySequence(Qt::CTRL | Qt::Key_W), tr("Close the spec being edited"));
    connect(a.closeSpec, &QAction::triggered, this, [this] {
        if (SpecEditor *editor = m_editorTabs->currentEditor())
            m_editorTabs->closeEditor(editor);
    });
    a.undo = m_editorTabs->undoGroup()->createUndoAction(this, tr("&Undo"));
    a.undo->setObjectName(QStringLiteral("undoAction"));
    a.undo->setShortcut(QKeySequence::Undo);
    a.undo->setStatusTip(tr("Undo the last edit of the spec being edited"));
    a.redo = m_editorTabs->undoGroup()->createRedoAction(this, tr("&Redo"));
    a.redo->setObjectName(QStringLiteral("redoAction"));
    a.redo->setShortcuts({QKeySequence(QKeySequence::Redo), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    a.redo->setStatusTip(tr("Redo the edit last undone"));
}

void MainWindow::createPanels()
{
    m_central = new QStackedWidget(this);
    m_central->setObjectName(QStringLiteral("centralStack"));

    m_emptyState = new EmptyStateWidget(m_central);
    m_emptyState->setOpenShortcut(m_actions.openProject->shortcut());
    m_emptyState->setRecentProjects(m_recent->paths());
    connect(m_emptyState, &EmptyStateWidget::openProjectRequested, this,
            &MainWindow::chooseProjectFolder);
    connect(m_emptyState, &EmptyStateWidget::recentProjectRequested, this, &MainWindow::openPath);
    connect(m_emptyState, &EmptyStateWidget::openDemoRequested, this, &MainWindow::openDemo);
    connect(m_recent, &RecentProjects::changed, this,
            [this] { m_emptyState->setRecentProjects(m_recent->paths()); });

    m_specPanel = new SpecListPanel(m_central);
    m_specPanel->setObjectName(QStringLiteral("specListPanel"));
    connect(m_specPanel, &SpecListPanel::currentSpecChanged, this, &MainWindow::updateFindings);
    connect(m_specPanel, &SpecListPanel::specActivated, this, &MainWindow::editSpec);

    m_editorTabs = new SpecEditorTabs(m_validator, m_specPanel, m_central);
    connect(m_editorTabs, &SpecEditorTabs::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, kStatusMessage_ms); });
    connect(m_editorTabs, &SpecEditorTabs::blockerCountChanged, this, [this](int blockers) {
        m_editorBlockersLabel->setVisible(blockers >= 0);
        m_editorBlockersLabel->setText(blockers == 0 ? tr("Spec: no blockers")
                                                     : tr("Spec: %1").arg(DisplayFormat::count(blockers, tr("blocker"), tr("blockers"))));
        m_editorBlockersLabel->setStyleSheet(blockers > 0 ? QStringLiteral("color: #B3261E; font-weight: bold;") : QString());
    });
    connect(m_editorTabs, &SpecEditorTabs::currentEditorChanged, this, &MainWindow::updateActions);
    connect(m_editorTabs, &SpecEditorTabs::specSaved, this, [this] {
        if (m_session)
            m_session->revalidateAll();
    });

    m_central->addWidget(m_emptyState);
    m_central->addWidget(m_editorTabs);
    setCentralWidget(m_central);

    m_findingsPanel = new FindingsPanel(this);
    m_findingsPanel->setObjectName(QStringLiteral("findingsPanel"));
    m_findingsDock = new QDockWidget(tr("Findings"), this);
    m_findingsDock->setObjectName(QStringLiteral("findingsDock"));
    m_findingsDock->setWidget(m_findingsPanel);
    m_findingsDock->setAllowedAreas(Qt::AllDockWidgetAreas);
    m_findingsDock->toggleViewAction()->setText(tr("Findings &Panel"));
    m_findingsDock->toggleViewAction()->setStatusTip(tr("Show or hide the findings panel"));
    addDockWidget(Qt::BottomDockWidgetArea, m_findingsDock);
    resizeDocks({m_findingsDock}, {kDefaultHeight_px / 4}, Qt::Vertical);

    m_runsPanel = new RunsPanel(this);
    m_runsPanel->setObjectName(QStringLiteral("runsPanel"));
    connect(m_runsPanel, &RunsPanel::reviewRequested, this, [this](const QString &dir) { reviewRun(dir); });
    connect(m_specPanel, &SpecListPanel::currentSpecChanged, m_runsPanel,
            [this](const QString &spec) { m_runsPanel->setCurrentSpec(spec); });
    connect(m_editorTabs, &SpecEditorTabs::launchRequested, this, &MainWindow::launchRun);
    connect(m_runsPanel->queue(), &RunQueue::jobAdded, this, [this] {
        m_runsDock->show();
        m_runsDock->raise();
    });
    m_runsDock = new QDockWidget(tr("Runs"), this);
    m_runsDock->setObjectName(QStringLiteral("runsDock"));
    m_runsDock->setWidget(m_runsPanel);
    m_runsDock->toggleViewAction()->setText(tr("&Runs Panel"));
    addDockWidget(Qt::BottomDockWidgetArea, m_runsDock);
    tabifyDockWidget(m_findingsDock, m_runsDock);
    m_findingsDock->raise();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_actions.newSpec);
    file->addAction(m_actions.openProject);
    file->addAction(m_actions.openSpec);
    auto *recentMenu = new RecentProjectsMenu(m_recent, file);
    connect(recentMenu, &RecentProjectsMenu::projectRequested, this, &MainWindow::openPath);
    file->addMenu(recentMenu);
    file->addSeparator();
    file->addAction(m_actions.editSpec);
    file->addAction(m_actions.saveSpec);
    file->addAction(m_actions.closeSpec);
    file->addSeparator();
    file->addAction(m_actions.closeProject);
    file->addSeparator();
    file->addAction(m_actions.quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_actions.undo);
    edit->addAction(m_actions.redo);
    edit->addSeparator();
    edit->addAction(m_actions.preferences);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_actions.focusSpecs);
    view->addAction(m_actions.focusFindings);
    view->addAction(m_actions.filterSpecs);
    view->addSeparator();
    view->addAction(m_findingsDock->toggleViewAction());
    view->addAction(m_runsDock->toggleViewAction());
    view->addAction(m_toolBar->toggleViewAction());

    QMenu *project = menuBar()->addMenu(tr("&Project"));
    project->addAction(m_actions.revalidate);
    project->addSeparator();
    project->addAction(m_actions.launchRun);
    project->addAction(m_actions.reviewRun);
    project->addAction(m_actions.sshHosts);
    project->addAction(m_actions.refreshRuns);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *openDemo = makeAction(this, QStringLiteral("openDemoAction"), Icons::openProject(),
                                   tr("Open &Demo Project"), QKeySequence(),
                                   tr("Open your own copy of the bundled demo project"));
    connect(openDemo, &QAction::triggered, this, &MainWindow::openDemo);
    help->addAction(openDemo);
    help->addSeparator();
    help->addAction(m_actions.about);
    help->addAction(m_actions.aboutQt);
}

void MainWindow::createToolBar()
{
    QToolBar *toolBar = addToolBar(tr("Main Toolbar"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setMovable(false);
    toolBar->addAction(m_actions.openProject);
    toolBar->addAction(m_actions.newSpec);
    toolBar->addAction(m_actions.saveSpec);
    toolBar->addAction(m_actions.revalidate);
    toolBar->toggleViewAction()->setText(tr("Main &Toolbar"));
    toolBar->toggleViewAction()->setStatusTip(tr("Show or hide the main toolbar"));
    m_toolBar = toolBar;
}

void MainWindow::createStatusBar()
{
    m_pathLabel = new QLabel(this);
    m_pathLabel->setObjectName(QStringLiteral("projectPathLabel"));
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pathLabel->setMinimumWidth(80);
    m_progressLabel = new QLabel(this);
    m_progressLabel->setObjectName(QStringLiteral("validationProgressLabel"));
    m_progressBar = new QProgressBar(this);
    m_progressBar->setObjectName(QStringLiteral("validationProgress"));
    m_progressBar->setMaximumWidth(140);
    m_progressBar->setMaximumHeight(14);
    m_progressBar->setTextVisible(false);
    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("specCountLabel"));
    m_totalsLabel = new QLabel(this);
    m_totalsLabel->setObjectName(QStringLiteral("findingTotalsLabel"));

    statusBar()->addWidget(m_pathLabel, 1);
    statusBar()->addPermanentWidget(m_progressLabel);
    statusBar()->addPermanentWidget(m_progressBar);
    statusBar()->addPermanentWidget(m_countLabel);
    statusBar()->addPermanentWidget(m_totalsLabel);
    m_editorBlockersLabel = new QLabel(this);
    m_editorBlockersLabel->setObjectName(QStringLiteral("editorBlockersLabel"));
    m_editorBlockersLabel->hide();
    statusBar()->addPermanentWidget(m_editorBlockersLabel);
}

bool MainWindow::openPath(const QString &path)
{
    const Result<Project> project = Project::open(path);
    if (!project) {
        showOpenError(path, project.error());
        return false;
    }
    if (m_session) {
        if (!confirmStopRuns(tr("Opening another project cancels them; cancelled runs keep their records."),
                             [this, path] { openPath(path); }))
            return false;
        if (!m_editorTabs->maybeCloseAll())
            return false;
    }
    setSession(new ProjectSession(*project, m_validator, this));
    // A lone spec outside any specs/ folder is remembered by its own path.
    m_recent->add(QDir(project->root()).exists(QStringLiteral("specs"))
                      ? project->root()
                      : QFileInfo(path).absoluteFilePath());
    m_settings->setLastOpenFolder(QFileInfo(project->root()).absolutePath());
    if (!project->focusedSpec().isEmpty())
        m_specPanel->selectSpec(project->focusedSpec());
    else
        m_specPanel->selectFirstSpec();
    m_specPanel->view()->setFocus(Qt::OtherFocusReason);
    // New specs the last session never saved (it ended first) come back as unsaved tabs.
    m_editorTabs->restoreUnsavedNewSpecs();
    return true;
}

bool MainWindow::openDemo()
{
    const Result<QString> copy = DemoProject::userCopy(QCoreApplication::applicationDirPath());
    if (!copy) {
        QMessageBox::warning(this, tr("Demo Project"), copy.error().message);
        return false;
    }
    return openPath(*copy);
}

ReviewWindow *MainWindow::reviewRun(const QString &runDir)
{
    QString dir = runDir;
    if (dir == QLatin1String("latest") && m_session)
        dir = RunsPanel::latestRenderRun(m_session->project().root());
    if (dir.isEmpty() || !QFileInfo(dir + QStringLiteral("/run.json")).isFile()) {
        QMessageBox::warning(this, tr("Review run"),
                             dir.isEmpty() ? tr("The project has no finished render to review yet.")
                                           : tr("%1 is not a run folder (it has no run.json).").arg(QDir::toNativeSeparators(dir)));
        return nullptr;
    }
    auto *window = new ReviewWindow(); // a top-level window of its own
    window->setAttribute(Qt::WA_DeleteOnClose);
    connect(this, &QObject::destroyed, window, &QWidget::close);
    connect(window, &ReviewWindow::loadFailed, this, [this](const QString &message) {
        QMessageBox::warning(this, tr("Review run"), message);
    });
    window->show();
    window->openRun(dir);
    return window;
}

SpecEditor *MainWindow::editSpec(const QString &path)
{
    if (!m_session)
        return nullptr;
    return m_editorTabs->openSpec(QDir::isAbsolutePath(path) ? path : m_session->project().absolutePath(path));
}

void MainWindow::launchRun(const QString &specPath, const QString &variant, const QString &kind)
{
    if (!m_session)
        return;
    m_runsDock->show();
    m_runsDock->raise();
    RunLaunchDialog *dialog = m_runsPanel->openLaunchDialog(specPath, variant);
    if (dialog && !kind.isEmpty())
        dialog->setKind(kind == QLatin1String("render") ? RunKind::Render : RunKind::Tts);
}

bool MainWindow::confirmStopRuns(const QString &question, std::function<void()> then)
{
    RunQueue *queue = m_runsPanel->queue();
    if (!queue->hasActiveRuns())
        return true;
    if (m_quitWhenRunsStop)
        return false; // already cancelling; `then` runs when they stop
    const int n = queue->activeCount();
    QMessageBox box(QMessageBox::Warning, tr("Runs in Progress"),
                    tr("%n run(s) are still queued or running.", "", n), QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("runsInFlightBox"));
    box.setInformativeText(question);
    QPushButton *stop = box.addButton(tr("Cancel Runs"), QMessageBox::DestructiveRole);
    stop->setObjectName(QStringLiteral("cancelRunsButton"));
    box.addButton(tr("Keep Running"), QMessageBox::RejectRole);
    box.setDefaultButton(qobject_cast<QPushButton *>(box.buttons().last()));
    box.exec();
    if (box.clickedButton() != stop)
        return false;
    m_quitWhenRunsStop = true;
    statusBar()->showMessage(tr("Cancelling %n run(s)\u2026", "", n));
    connect(queue, &RunQueue::allStopped, this, [this, then] {
        m_quitWhenRunsStop = false;
        then();
    }, Qt::ConnectionType(Qt::SingleShotConnection | Qt::QueuedConnection));
    queue->cancelAll();
    return false;
}

PreferencesDialog *MainWindow::showPreferences()
{
    auto *dialog = new PreferencesDialog(m_settings.get(), rebindableActions(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QList<QAction *> MainWindow::rebindableActions() const
{
    const Actions &a = m_actions;
    QList<QAction *> keyed;
    for (QAction *action : {a.openProject, a.openSpec, a.newSpec, a.editSpec, a.saveSpec, a.closeSpec, a.undo, a.redo,
                            a.closeProject, a.quit, a.revalidate, a.focusSpecs, a.focusFindings, a.filterSpecs,
                            a.reviewRun, a.refreshRuns, a.launchRun, a.sshHosts, a.preferences})
        if (action && !ActionShortcuts::defaults(action).isEmpty())
            keyed.append(action);
    return keyed;
}

void MainWindow::newSpec()
{
    if (!m_session)
        return;
    NewSpecDialog dialog(m_session->project().root(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_editorTabs->newSpec(dialog.options());
}

void MainWindow::closeProject()
{
    if (!confirmStopRuns(tr("Closing the project cancels them; cancelled runs keep their records."),
                         [this] { closeProject(); }))
        return;
    if (!m_editorTabs->maybeCloseAll())
        return;
    setSession(nullptr);
}

void MainWindow::setSession(ProjectSession *session)
{
    ProjectSession *old = std::exchange(m_session, session);
    m_specPanel->setModel(session ? session->specs() : nullptr);
    if (old) {
        old->disconnect(this);
        old->deleteLater(); // its validation stops at the next file
    }
    if (session) {
        connect(session, &ProjectSession::validatingChanged, this, &MainWindow::updateStatus);
        connect(session, &ProjectSession::validationProgress, this, &MainWindow::updateProgress);
        connect(session, &ProjectSession::specListChanged, this, &MainWindow::updateStatus);
        connect(session, &ProjectSession::specStatusChanged, this, [this](const QString &path) {
            if (path == m_specPanel->currentSpec())
                updateFindings();
            updateStatus();
        });
        // The session started validating before it was connected here.
        updateProgress(session->validationDoneCount(), session->validationTotalCount());
    }
    setWorkspaceVisible(session != nullptr);
    m_editorTabs->setProjectRoot(session ? session->project().root() : QString());
    m_runsPanel->setProjectRoot(session ? session->project().root() : QString());
    updateFindings();
    updateTitle();
    updateStatus();
    updateActions();
}

// The empty state hides the workspace docks without forgetting whether the user wants them.
void MainWindow::setWorkspaceVisible(bool visible)
{
    if (visible == m_workspaceVisible &&
        m_central->currentWidget() ==
            (visible ? static_cast<QWidget *>(m_editorTabs) : m_emptyState))
        return;
    if (!visible && m_workspaceVisible)
        m_findingsDockWanted = !m_findingsDock->isHidden();
    m_workspaceVisible = visible;
    m_central->setCurrentWidget(visible ? static_cast<QWidget *>(m_editorTabs) : m_emptyState);
    m_findingsDock->setVisible(visible && m_findingsDockWanted);
    m_runsDock->setVisible(visible);
    m_runsDock->toggleViewAction()->setEnabled(visible);
    m_findingsDock->toggleViewAction()->setEnabled(visible);
    if (!visible)
        m_emptyState->setFocus(Qt::OtherFocusReason);
}

void MainWindow::showOpenError(const QString &path, const Error &error)
{
    const QString name = QFileInfo(path).fileName().isEmpty() ? path : QFileInfo(path).fileName();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Project"),
                                tr("Cannot open \u201c%1\u201d").arg(name), QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("openErrorBox"));
    // The reason comes from core (Project::open); the full path goes on its own line.
    const QString reason = error.message.isEmpty()
                               ? error.toString()
                               : error.message.left(1).toUpper() + error.message.mid(1);
    box->setInformativeText(reason + QStringLiteral(".\n\n") + QDir::toNativeSeparators(path));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal and non-blocking: no nested event loop
    statusBar()->showMessage(tr("Could not open %1").arg(QDir::toNativeSeparators(path)),
                             kStatusMessage_ms);
}

void MainWindow::chooseProjectFolder()
{
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Open Project"), m_settings->lastOpenFolder());
    if (!folder.isEmpty())
        openPath(folder);
}

void MainWindow::chooseSpecFile()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Open Spec File"), m_settings->lastOpenFolder(),
                                     tr("Video specs (*.json);;All files (*)"));
    if (!file.isEmpty())
        openPath(file);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Greenlight"),
        tr("<h3>Greenlight</h3><p>Version %1</p>"
           "<p>A review desk for spec-driven video: shape the spec, render and voice it, review it "
           "frame by frame and record the publish decision.</p>"
           "<p>Built with Qt %2, running on Qt %3.</p>")
            .arg(QApplication::applicationVersion().toHtmlEscaped(), QStringLiteral(QT_VERSION_STR),
                 QString::fromLatin1(qVersion())));
}

void MainWindow::focusFindings()
{
    m_findingsDock->show();
    m_findingsDock->raise();
    m_findingsPanel->view()->setFocus(Qt::ShortcutFocusReason);
}

void MainWindow::updateTitle()
{
    setWindowTitle(m_session ? tr("%1 \u2014 Greenlight").arg(m_session->project().name())
                             : tr("Greenlight"));
}

void MainWindow::updateStatus()
{
    if (!m_session) {
        m_pathLabel->setText(tr("No project open"));
        m_pathLabel->setToolTip({});
        for (QWidget *w :
             {static_cast<QWidget *>(m_countLabel), static_cast<QWidget *>(m_totalsLabel),
              static_cast<QWidget *>(m_progressLabel), static_cast<QWidget *>(m_progressBar)})
            w->hide();
        return;
    }
    const QString root = QDir::toNativeSeparators(m_session->project().root());
    m_pathLabel->setText(root);
    m_pathLabel->setToolTip(root);

    const SpecListModel *specs = m_session->specs();
    m_countLabel->setText(DisplayFormat::count(specs->rowCount(), tr("spec"), tr("specs")));
    m_countLabel->show();
    const int blockers = specs->totalCount(Severity::Blocker);
    const int warnings = specs->totalCount(Severity::Warning);
    m_totalsLabel->setText(DisplayFormat::count(blockers, tr("blocker"), tr("blockers")) +
                           QStringLiteral(" \u00b7 ") +
                           DisplayFormat::count(warnings, tr("warning"), tr("warnings")));
    m_totalsLabel->show();

    const bool busy = m_session->isValidating();
    m_progressLabel->setVisible(busy);
    m_progressBar->setVisible(busy);
}

void MainWindow::updateProgress(int done_count, int total_count)
{
    m_progressBar->setRange(0, qMax(1, total_count));
    m_progressBar->setValue(done_count);
    m_progressLabel->setText(
        tr("Validating %1 of %2\u2026").arg(qMin(done_count + 1, total_count)).arg(total_count));
}

void MainWindow::updateFindings()
{
    if (!m_session) {
        m_findingsPanel->showNoProject();
        return;
    }
    m_findingsPanel->showSpec(m_session->specs()->status(m_specPanel->currentSpec()));
}

void MainWindow::updateActions()
{
    const bool open = m_session != nullptr;
    m_actions.closeProject->setEnabled(open);
    m_actions.revalidate->setEnabled(open);
    m_actions.focusSpecs->setEnabled(open);
    m_actions.focusFindings->setEnabled(open);
    m_actions.filterSpecs->setEnabled(open);
    m_actions.newSpec->setEnabled(open);
    m_actions.editSpec->setEnabled(open);
    const bool editing = m_editorTabs->currentEditor() != nullptr;
    m_actions.saveSpec->setEnabled(editing);
    m_actions.closeSpec->setEnabled(editing);
}

void MainWindow::restoreWindowSettings()
{
    if (!restoreGeometry(m_settings->mainWindowGeometry()))
        resize(kDefaultWidth_px, kDefaultHeight_px);
    restoreState(m_settings->mainWindowState());
}

void MainWindow::saveWindowSettings()
{
    m_settings->setMainWindowGeometry(saveGeometry());
    // In the empty state the docks are hidden on purpose; keep the workspace layout saved last.
    if (m_workspaceVisible)
        m_settings->setMainWindowState(saveState());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmStopRuns(tr("Quitting cancels them; cancelled runs keep their records."), [this] { close(); })) {
        event->ignore();
        return;
    }
    // Unsaved specs ask first; Cancel keeps the window open.
    if (!m_editorTabs->maybeCloseAll(false)) {
        event->ignore();
        return;
    }
    saveWindowSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedPath(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    if (!droppedPath(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QString path = droppedPath(event->mimeData());
    if (path.isEmpty())
        return;
    event->acceptProposedAction();
    openPath(path);
}

} // namespace greenlight
