#include "specfolderwatcher.h"

#include <QFileInfo>

namespace greenlight {

SpecFolderWatcher::SpecFolderWatcher(const QString &specsFolder, QObject *parent)
    : QObject(parent), m_folder(specsFolder)
{
    m_quietTimer.setSingleShot(true);
    m_quietTimer.setInterval(quietPeriod_ms);
    connect(&m_quietTimer, &QTimer::timeout, this, &SpecFolderWatcher::report);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &path) {
        m_changedFiles.insert(path);
        m_quietTimer.start();
    });
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &) {
        m_folderChanged = true;
        m_quietTimer.start();
    });
    if (QFileInfo(m_folder).isDir())
        m_watcher.addPath(m_folder);
}

void SpecFolderWatcher::setFiles(const QStringList &absolutePaths)
{
    const QStringList watched = m_watcher.files();
    QStringList gone;
    for (const QString &path : watched)
        if (!absolutePaths.contains(path))
            gone.append(path);
    if (!gone.isEmpty())
        m_watcher.removePaths(gone);
    m_files = absolutePaths;
    rewatch();
}

void SpecFolderWatcher::rewatch()
{
    const QStringList watched = m_watcher.files();
    QStringList missing;
    for (const QString &path : std::as_const(m_files))
        if (!watched.contains(path) && QFileInfo::exists(path))
            missing.append(path);
    if (!missing.isEmpty())
        m_watcher.addPaths(missing);
    if (!m_watcher.directories().contains(m_folder) && QFileInfo(m_folder).isDir())
        m_watcher.addPath(m_folder);
}

void SpecFolderWatcher::report()
{
    // A file saved through rename is a new file: watch it again.
    rewatch();
    const bool listChanged = std::exchange(m_folderChanged, false);
    QStringList changed = std::exchange(m_changedFiles, {}).values();
    changed.sort();
    if (listChanged)
        Q_EMIT folderChanged();
    if (!changed.isEmpty())
        Q_EMIT filesChanged(changed);
}

} // namespace greenlight
