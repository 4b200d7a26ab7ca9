#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include "common/jsonio.h"
#include "remote/sshhostprofile.h"

#include <QList>

#include <memory>

class QSettings;

namespace greenlight {

// The desktop app's persistent settings. Each one is declared exactly once, with its key,
// type and default, in the table at the top of settings.cpp; nothing else in the UI names a
// settings key. Values live in the platform QSettings of the application (organization and
// application name come from main()); tests redirect them with QSettings::setPath.
class AppSettings
{
public:
    static constexpr int maxRecentProjects = 10;

    AppSettings();
    ~AppSettings();
    AppSettings(const AppSettings &) = delete;
    AppSettings &operator=(const AppSettings &) = delete;

    // Project roots, most recent first, at most maxRecentProjects.
    QStringList recentProjects() const;
    void setRecentProjects(const QStringList &projectRoots);

    // Where the Open dialogs start.
    QString lastOpenFolder() const;
    void setLastOpenFolder(const QString &folder);

    // QMainWindow::saveGeometry() / saveState() blobs.
    QByteArray mainWindowGeometry() const;
    void setMainWindowGeometry(const QByteArray &geometry);
    QByteArray mainWindowState() const;
    void setMainWindowState(const QByteArray &state);

    // Review desk: keyboard shortcuts the user rebound (action id -> key sequence in
    // portable text), the frame cache budget, window layout, and the reviewer's name.
    QHash<QString, QString> reviewShortcuts() const;
    void setReviewShortcuts(const QHash<QString, QString> &shortcuts);
    int frameCacheMiB() const; // 64 .. 16384, default 512
    void setFrameCacheMiB(int mib);
    QByteArray reviewWindowGeometry() const;
    void setReviewWindowGeometry(const QByteArray &geometry);
    QByteArray reviewWindowState() const;
    void setReviewWindowState(const QByteArray &state);
    QString reviewerName() const;
    void setReviewerName(const QString &name);

    // Remote render hosts (SSH), in the order the user listed them.
    QList<SshHostProfile> sshHosts() const;
    void setSshHosts(const QList<SshHostProfile> &hosts);

    // Main window: keyboard shortcuts the user rebound (action objectName -> key sequence in
    // portable text, "" = no key).
    QHash<QString, QString> mainWindowShortcuts() const;
    void setMainWindowShortcuts(const QHash<QString, QString> &shortcuts);

    // Appearance: "desktop" (follow the desktop's light/dark preference), "light" or "dark".
    QString theme() const;
    void setTheme(const QString &theme);

    // Remote speech engines: an EngineConfig settings object holding only what differs
    // from the defaults ({"kokoro": {"baseUrl": ...}}); an empty object when nothing does.
    Json engineSettings() const;
    void setEngineSettings(const Json &settings);

    // Where the settings live (on Linux $XDG_CONFIG_HOME/<organization>/<application>.conf).
    QString fileName() const;

    // Writes pending changes to storage now (otherwise Qt does it lazily).
    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace greenlight
