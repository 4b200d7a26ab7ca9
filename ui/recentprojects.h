#pragma once

#include <QObject>
#include <QStringList>

namespace greenlight {

class AppSettings;

// The recently opened projects, most recent first, persisted in AppSettings as they change.
// An entry is a project root, or a lone spec file that lives outside any specs/ folder.
// Entries that have disappeared are kept (a drive may come back) and reported by exists()
// so views can show them disabled.
class RecentProjects : public QObject
{
    Q_OBJECT
public:
    explicit RecentProjects(AppSettings *settings, QObject *parent = nullptr);

    QStringList paths() const { return m_paths; }
    static bool exists(const QString &projectRoot);

    // Moves (or adds) a project root to the front; the list keeps maxRecentProjects entries.
    void add(const QString &projectRoot);
    void remove(const QString &projectRoot);
    void clear();

Q_SIGNALS:
    void changed();

private:
    void store(const QStringList &paths);

    AppSettings *m_settings;
    QStringList m_paths;
};

} // namespace greenlight
