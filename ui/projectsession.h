#pragma once

#include "spec/project.h"

#include <QObject>
#include <QStringList>

#include <memory>

namespace greenlight {

class SpecFolderWatcher;
class SpecListModel;
class SpecValidator;
class ValidationRunner;

// An open project as the desk sees it: the project, its spec list with validation state,
// validation in the background, and revalidation when spec files change on disk. Views bind
// to specs(); the main window owns one session at a time.
class ProjectSession : public QObject
{
    Q_OBJECT
public:
    ProjectSession(const Project &project, std::shared_ptr<const SpecValidator> validator,
                   QObject *parent = nullptr);
    ~ProjectSession() override;

    const Project &project() const { return m_project; }
    SpecListModel *specs() const { return m_specs; }
    bool isValidating() const;
    // Files validated so far and files to validate in the current run (0 and 0 when idle).
    int validationDoneCount() const;
    int validationTotalCount() const;

    // Validates every spec again (F5).
    void revalidateAll();

Q_SIGNALS:
    void validatingChanged(bool validating);
    void validationProgress(int done_count, int total_count);
    // A spec's validation state or findings changed (path relative to the project root).
    void specStatusChanged(const QString &relativePath);
    // Specs were added or removed.
    void specListChanged();

private:
    void revalidate(const QStringList &relativePaths);
    void reloadSpecList();
    void onFilesChanged(const QStringList &absolutePaths);
    QStringList absolutePaths(const QStringList &relativePaths) const;

    Project m_project;
    SpecListModel *m_specs;
    ValidationRunner *m_runner;
    SpecFolderWatcher *m_watcher;
};

} // namespace greenlight
