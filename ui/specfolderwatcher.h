#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace greenlight {

// Watches a project's specs/ folder and its spec files. Bursts of change notifications (an
// editor writing a file in several steps, a save through rename) are collapsed into one report
// after a short quiet period. Files replaced by rename are watched again automatically.
class SpecFolderWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int quietPeriod_ms = 150;

    explicit SpecFolderWatcher(const QString &specsFolder, QObject *parent = nullptr);

    // The spec files to watch (absolute paths); replaces the previous set.
    void setFiles(const QStringList &absolutePaths);

Q_SIGNALS:
    // Spec files whose content changed (absolute paths; a file may since have been removed).
    void filesChanged(const QStringList &absolutePaths);
    // Files were added to or removed from the specs folder.
    void folderChanged();

private:
    void report();
    void rewatch();

    QString m_folder;
    QStringList m_files;
    QFileSystemWatcher m_watcher;
    QTimer m_quietTimer;
    QSet<QString> m_changedFiles;
    bool m_folderChanged = false;
};

} // namespace greenlight
