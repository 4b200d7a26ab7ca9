#include "validationrunner.h"

#include "spec/specvalidator.h"

#include <QPromise>
#include <QtConcurrent>

namespace greenlight {

namespace {

void validateBatch(QPromise<SpecStatus> &promise, std::shared_ptr<const SpecValidator> validator,
                   const QString &projectRoot, const QStringList &relativePaths)
{
    for (const QString &path : relativePaths) {
        if (promise.isCanceled())
            return;
        promise.addResult(SpecStatus::evaluate(*validator, projectRoot, path));
    }
}

} // namespace

ValidationRunner::ValidationRunner(std::shared_ptr<const SpecValidator> validator,
                                   const QString &projectRoot, QObject *parent)
    : QObject(parent), m_validator(std::move(validator)), m_projectRoot(projectRoot)
{
    connect(&m_watcher, &QFutureWatcher<SpecStatus>::resultReadyAt, this,
            &ValidationRunner::onResultReady);
    connect(&m_watcher, &QFutureWatcher<SpecStatus>::finished, this,
            &ValidationRunner::onBatchFinished);
}

ValidationRunner::~ValidationRunner()
{
    // The batch holds its own copies of what it needs; let it stop at the next file.
    m_watcher.disconnect(this);
    m_watcher.cancel();
}

void ValidationRunner::enqueue(const QStringList &relativePaths)
{
    int added = 0;
    for (const QString &path : relativePaths) {
        if (m_queued.contains(path))
            continue;
        m_queued.append(path);
        ++added;
    }
    if (added == 0)
        return;
    if (!m_busy) {
        m_done_count = 0;
        m_total_count = 0;
    }
    m_total_count += added;
    setBusy(true);
    Q_EMIT progressChanged(m_done_count, m_total_count);
    if (!m_batchRunning)
        startNextBatch();
}

void ValidationRunner::startNextBatch()
{
    const QStringList batch = std::exchange(m_queued, {});
    m_batchRunning = true;
    m_watcher.setFuture(QtConcurrent::run(validateBatch, m_validator, m_projectRoot, batch));
}

void ValidationRunner::onResultReady(int index)
{
    ++m_done_count;
    Q_EMIT progressChanged(m_done_count, m_total_count);
    Q_EMIT specValidated(m_watcher.resultAt(index));
}

void ValidationRunner::onBatchFinished()
{
    m_batchRunning = false;
    if (!m_queued.isEmpty()) {
        startNextBatch();
        return;
    }
    setBusy(false);
}

void ValidationRunner::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace greenlight
