#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

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

    // Writes pending changes to storage now (otherwise Qt does it lazily).
    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace greenlight
