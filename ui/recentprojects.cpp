#include "recentprojects.h"

#include "settings.h"

#include <QDir>
#include <QFileInfo>

namespace greenlight {

RecentProjects::RecentProjects(AppSettings *settings, QObject *parent)
    : QObject(parent), m_settings(settings), m_paths(settings->recentProjects())
{
}

bool RecentProjects::exists(const QString &projectRoot)
{
    const QFileInfo info(projectRoot);
    return info.isFile() || (info.isDir() && QDir(projectRoot).exists(QStringLiteral("specs")));
}

void RecentProjects::add(const QString &projectRoot)
{
    QStringList paths = m_paths;
    paths.removeAll(projectRoot);
    paths.prepend(projectRoot);
    store(paths);
}

void RecentProjects::remove(const QString &projectRoot)
{
    QStringList paths = m_paths;
    paths.removeAll(projectRoot);
    store(paths);
}

void RecentProjects::clear()
{
    store({});
}

void RecentProjects::store(const QStringList &paths)
{
    const QStringList capped = paths.mid(0, AppSettings::maxRecentProjects);
    if (capped == m_paths)
        return;
    m_paths = capped;
    m_settings->setRecentProjects(m_paths);
    m_settings->sync();
    Q_EMIT changed();
}

} // namespace greenlight
