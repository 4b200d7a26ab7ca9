#include "projectsession.h"

#include "specfolderwatcher.h"
#include "speclistmodel.h"
#include "validationrunner.h"

#include "spec/specvalidator.h"

namespace greenlight {

ProjectSession::ProjectSession(const Project &project,
                               std::shared_ptr<const SpecValidator> validator, QObject *parent)
    : QObject(parent), m_project(project), m_specs(new SpecListModel(this)),
      m_runner(new ValidationRunner(std::move(validator), project.root(), this)),
      m_watcher(new SpecFolderWatcher(project.specsDir(), this))
{
    connect(m_runner, &ValidationRunner::busyChanged, this, &ProjectSession::validatingChanged);
    connect(m_runner, &ValidationRunner::progressChanged, this,
            &ProjectSession::validationProgress);
    connect(m_runner, &ValidationRunner::specValidated, m_specs, &SpecListModel::setStatus);
    connect(m_specs, &SpecListModel::statusChanged, this, &ProjectSession::specStatusChanged);
    connect(m_watcher, &SpecFolderWatcher::folderChanged, this, &ProjectSession::reloadSpecList);
    connect(m_watcher, &SpecFolderWatcher::filesChanged, this, &ProjectSession::onFilesChanged);

    const QStringList files = m_project.specFiles();
    m_specs->setSpecFiles(files);
    m_watcher->setFiles(absolutePaths(files));
    m_runner->enqueue(files);
}

ProjectSession::~ProjectSession() = default;

bool ProjectSession::isValidating() const
{
    return m_runner->isBusy();
}
int ProjectSession::validationDoneCount() const
{
    return m_runner->doneCount();
}
int ProjectSession::validationTotalCount() const
{
    return m_runner->totalCount();
}

void ProjectSession::revalidateAll()
{
    revalidate(m_specs->specFiles());
}

void ProjectSession::revalidate(const QStringList &relativePaths)
{
    if (relativePaths.isEmpty())
        return;
    m_specs->markPending(relativePaths);
    m_runner->enqueue(relativePaths);
}

void ProjectSession::reloadSpecList()
{
    const QStringList files = m_project.specFiles();
    const QStringList before = m_specs->specFiles();
    const QStringList added = m_specs->setSpecFiles(files);
    m_watcher->setFiles(absolutePaths(files));
    if (!added.isEmpty())
        m_runner->enqueue(added);
    if (!added.isEmpty() || before.size() + added.size() != files.size())
        Q_EMIT specListChanged();
}

void ProjectSession::onFilesChanged(const QStringList &absolutePaths)
{
    QStringList changed;
    const QStringList listed = m_specs->specFiles();
    for (const QString &path : absolutePaths) {
        const QString relative = m_project.relativePath(path);
        if (listed.contains(relative))
            changed.append(relative);
    }
    revalidate(changed);
}

QStringList ProjectSession::absolutePaths(const QStringList &relativePaths) const
{
    QStringList paths;
    paths.reserve(relativePaths.size());
    for (const QString &path : relativePaths)
        paths.append(m_project.absolutePath(path));
    return paths;
}

} // namespace greenlight
