#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QList>

class QAction;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace greenlight {

class AppSettings;
class EnginesPage;
class ShortcutEditor;
class SshHostsEditor;

// Edit > Preferences: appearance, speech engines, remote (SSH) hosts, keyboard shortcuts and
// the cache, one page each, listed on the left. Apply and OK check every page first (an
// unusable value keeps the dialog open on its page, with the reason at the field and in the
// footer), then store everything in AppSettings and put it to work: the theme at once, the
// main window's keys on its actions, review keys on open review windows. Cancel stores
// nothing. The footer names the settings file.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Page { Appearance, SpeechEngines, RemoteHosts, Shortcuts, Cache };

    // mainWindowActions: the main window's rebindable actions (keys as now bound); their
    // objectName is the settings id.
    PreferencesDialog(AppSettings *settings, const QList<QAction *> &mainWindowActions, QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    // Checks and stores every page; false (and nothing stored) when a value cannot be used.
    bool apply();
    void accept() override;
    void showPage(Page page);
    Page currentPage() const;

    QListWidget *pageList() const { return m_pages; }
    QComboBox *themeCombo() const { return m_theme; }
    EnginesPage *enginesPage() const { return m_engines; }
    SshHostsEditor *sshHostsEditor() const { return m_hosts; }
    ShortcutEditor *shortcutEditor() const { return m_shortcuts; }
    QSpinBox *frameCacheSpin() const { return m_frameCache; }
    QLabel *cacheUsageLabel() const { return m_cacheUsage; }
    QPushButton *clearCacheButton() const { return m_clearCache; }
    QLabel *settingsFileLabel() const { return m_fileLabel; }
    QLabel *problemLabel() const { return m_problem; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    // Where cached files live (QStandardPaths::CacheLocation).
    static QString cacheFolder();

Q_SIGNALS:
    void applied();

private:
    QWidget *makeAppearancePage();
    QWidget *makeShortcutsPage();
    QWidget *makeCachePage();
    void addPage(const QString &title, QWidget *page);
    void refuse(Page page, QWidget *field, const QString &message);
    void measureCache();
    void clearCache();

    AppSettings *m_settings;
    QList<QAction *> m_mainActions;
    QListWidget *m_pages = nullptr;
    QStackedWidget *m_stack = nullptr;
    QComboBox *m_theme = nullptr;
    QLabel *m_desktopNote = nullptr;
    EnginesPage *m_engines = nullptr;
    SshHostsEditor *m_hosts = nullptr;
    ShortcutEditor *m_shortcuts = nullptr;
    QSpinBox *m_frameCache = nullptr;
    QLabel *m_cacheUsage = nullptr;
    QPushButton *m_clearCache = nullptr;
    QLabel *m_fileLabel = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QFutureWatcher<qint64> m_cacheWatcher;
};

} // namespace greenlight
