#pragma once

#include "specstatus.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

#include <memory>

namespace greenlight {

class SpecValidator;

// Validates spec files off the GUI thread, one batch at a time on the global thread pool
// (QtConcurrent::run with a QPromise). Files asked for while a batch runs are queued and
// validated in the next batch. Each result arrives on the GUI thread as specValidated().
// Destroying the runner cancels the running batch between two files without waiting for it.
class ValidationRunner : public QObject
{
    Q_OBJECT
public:
    ValidationRunner(std::shared_ptr<const SpecValidator> validator, const QString &projectRoot,
                     QObject *parent = nullptr);
    ~ValidationRunner() override;

    void enqueue(const QStringList &relativePaths);
    bool isBusy() const { return m_busy; }
    // Progress of the current busy period (both 0 when idle).
    int doneCount() const { return m_busy ? m_done_count : 0; }
    int totalCount() const { return m_busy ? m_total_count : 0; }

Q_SIGNALS:
    void busyChanged(bool busy);
    void progressChanged(int done_count, int total_count);
    void specValidated(const SpecStatus &status);

private:
    void startNextBatch();
    void onResultReady(int index);
    void onBatchFinished();
    void setBusy(bool busy);

    std::shared_ptr<const SpecValidator> m_validator;
    QString m_projectRoot;
    QFutureWatcher<SpecStatus> m_watcher;
    QStringList m_queued;
    bool m_busy = false;
    bool m_batchRunning = false; // from startNextBatch() until the watcher reports finished
    int m_done_count = 0;
    int m_total_count = 0;
};

} // namespace greenlight
