#pragma once

#include <QMainWindow>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QProgressBar;
class QStackedWidget;
class QToolBar;

namespace greenlight {

class AppSettings;
class EmptyStateWidget;
class FindingsPanel;
class PreferencesDialog;
class ProjectSession;
class ReviewWindow;
class RunsPanel;
class RecentProjects;
class SpecEditor;
class SpecEditorTabs;
class SpecListPanel;
class SpecValidator;
struct Error;

// The desk's main window. It assembles panels, docks and actions and routes between them;
// what a project is, how specs validate and what changed on disk live in core/ and in
// ProjectSession. One project is open at a time.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a project folder, or the project a spec file belongs to (that spec selected).
    // On failure a window-modal message says why, the current project stays open, and
    // false is returned.
    bool openPath(const QString &path);
    // Help > Open Demo Project: the user's copy of the bundled demo (see DemoProject).
    bool openDemo();
    void closeProject();
    // Opens a run folder of the open project in a review window ("latest": the newest render).
    ReviewWindow *reviewRun(const QString &runDir);
    // Opens a spec of the open project in an editor tab (path absolute or relative to the
    // project root).
    SpecEditor *editSpec(const QString &path);
    // File > New Spec: asks for a title and format, then opens the new spec in the editor.
    void newSpec();
    SpecEditorTabs *editorTabs() const { return m_editorTabs; }
    RunsPanel *runsPanel() const { return m_runsPanel; }
    // Launches a render ("render") or narration ("tts") run of a spec: the launch dialog,
    // prefilled. Empty spec = the spec selected in the list.
    void launchRun(const QString &specPath = {}, const QString &variant = {}, const QString &kind = {});

    // Edit > Preferences, window-modal; it deletes itself when closed.
    PreferencesDialog *showPreferences();

    // The open project, or nullptr.
    ProjectSession *session() const { return m_session; }
    RecentProjects *recentProjects() const { return m_recent; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void createPanels();
    void createEditorActions();

    void setSession(ProjectSession *session);
    void setWorkspaceVisible(bool visible);
    void showOpenError(const QString &path, const Error &error);
    void chooseProjectFolder();
    void chooseSpecFile();
    void showAbout();
    // Asks before runs in flight are cancelled (closing the project or the app). True when
    // nothing runs; otherwise false, and `then` is called once the runs have stopped if the
    // user agreed.
    bool confirmStopRuns(const QString &question, std::function<void()> then);
    void focusFindings();
    // The actions whose keys Preferences lets the user rebind (those made with keys).
    QList<QAction *> rebindableActions() const;

    void updateTitle();
    void updateStatus();
    void updateProgress(int done_count, int total_count);
    void updateFindings();
    void updateActions();

    void restoreWindowSettings();
    void saveWindowSettings();

    struct Actions
    {
        QAction *openProject = nullptr;
        QAction *openSpec = nullptr;
        QAction *newSpec = nullptr;
        QAction *editSpec = nullptr;
        QAction *saveSpec = nullptr;
        QAction *closeSpec = nullptr;
        QAction *undo = nullptr;
        QAction *redo = nullptr;
        QAction *closeProject = nullptr;
        QAction *quit = nullptr;
        QAction *revalidate = nullptr;
        QAction *focusSpecs = nullptr;
        QAction *focusFindings = nullptr;
        QAction *filterSpecs = nullptr;
        QAction *reviewRun = nullptr;
        QAction *refreshRuns = nullptr;
        QAction *launchRun = nullptr;
        QAction *sshHosts = nullptr;
        QAction *preferences = nullptr;
        QAction *about = nullptr;
        QAction *aboutQt = nullptr;
    };

    std::unique_ptr<AppSettings> m_settings;
    std::shared_ptr<const SpecValidator> m_validator;
    RecentProjects *m_recent = nullptr;
    ProjectSession *m_session = nullptr;
    Actions m_actions;

    QStackedWidget *m_central = nullptr;
    EmptyStateWidget *m_emptyState = nullptr;
    SpecListPanel *m_specPanel = nullptr;
    SpecEditorTabs *m_editorTabs = nullptr;
    FindingsPanel *m_findingsPanel = nullptr;
    QDockWidget *m_findingsDock = nullptr;
    RunsPanel *m_runsPanel = nullptr;
    QDockWidget *m_runsDock = nullptr;
    QToolBar *m_toolBar = nullptr;
    bool m_workspaceVisible = true;
    bool m_quitWhenRunsStop = false; // the user chose to cancel runs in flight and quit
    bool m_findingsDockWanted = true; // the user's choice, kept while the empty state hides docks

    QLabel *m_pathLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QLabel *m_totalsLabel = nullptr;
    QLabel *m_editorBlockersLabel = nullptr;
    QLabel *m_progressLabel = nullptr;
    QProgressBar *m_progressBar = nullptr;
};

} // namespace greenlight
