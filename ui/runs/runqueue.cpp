#include "runs/runqueue.h"

#include "settings.h"

#include "runs/runjob.h"

#include "runbook/runbook.h"

#include <QFileInfo>

#include <algorithm>

namespace greenlight {

RunQueue::RunQueue(QObject *parent) : QObject(parent) {}

RunQueue::~RunQueue()
{
    // Jobs are children: their destructors stop what still runs.
    for (RunJob *job : std::as_const(m_jobs))
        job->disconnect(this);
}

RunJob *RunQueue::enqueue(const RunJobRequest &request)
{
    auto *job = new RunJob(m_nextSerial++, request, this);
    m_jobs.append(job);
    connect(job, &RunJob::stateChanged, this, [this, job] { Q_EMIT jobChanged(job); });
    connect(job, &RunJob::progressChanged, this, [this, job] { Q_EMIT jobChanged(job); });
    connect(job, &RunJob::finished, this, [this, job] { onJobFinished(job); });
    Q_EMIT jobAdded(job);
    schedule();
    return job;
}

RunJob *RunQueue::retry(const RunJob *job)
{
    return job ? enqueue(job->request()) : nullptr;
}

void RunQueue::cancel(RunJob *job)
{
    if (!job || !m_jobs.contains(job))
        return;
    if (job->state() == RunJob::State::Queued)
        remove(job);
    else
        job->cancel();
}

void RunQueue::cancelAll()
{
    if (!hasActiveRuns()) {
        QMetaObject::invokeMethod(this, &RunQueue::allStopped, Qt::QueuedConnection);
        return;
    }
    // allStopped() comes from schedule() once the last active job has ended.
    const QList<RunJob *> jobs = m_jobs;
    for (RunJob *job : jobs)
        if (job->state() == RunJob::State::Queued)
            remove(job);
    for (RunJob *job : std::as_const(m_jobs))
        job->cancel();
}

void RunQueue::clearFinished()
{
    const QList<RunJob *> jobs = m_jobs;
    for (RunJob *job : jobs)
        if (job->isFinished())
            remove(job);
}

RunJob *RunQueue::jobBySerial(int serial) const
{
    for (RunJob *job : m_jobs)
        if (job->serial() == serial)
            return job;
    return nullptr;
}

int RunQueue::activeCount() const
{
    return int(std::count_if(m_jobs.begin(), m_jobs.end(), [](const RunJob *j) { return j->isActive(); }));
}

int RunQueue::runningCount() const
{
    return int(std::count_if(m_jobs.begin(), m_jobs.end(), [](const RunJob *j) { return j->isActive() && j->isStarted(); }));
}

void RunQueue::schedule()
{
    for (RunKind kind : {RunKind::Render, RunKind::Tts}) {
        const auto busy = std::any_of(m_jobs.begin(), m_jobs.end(), [kind](const RunJob *j) {
            return j->kind() == kind && j->isActive() && j->isStarted();
        });
        if (busy)
            continue;
        for (RunJob *job : std::as_const(m_jobs)) {
            if (job->kind() == kind && job->state() == RunJob::State::Queued) {
                job->start(); // may finish at once (a render that cannot start)
                break;
            }
        }
    }
    const int active = activeCount();
    if (active != m_lastActiveCount) {
        const bool stopped = m_lastActiveCount > 0 && active == 0;
        m_lastActiveCount = active;
        Q_EMIT activeCountChanged(active);
        if (stopped)
            Q_EMIT allStopped();
    }
}

void RunQueue::remove(RunJob *job)
{
    if (job->isStarted() && job->isActive())
        return; // running jobs end through cancel()
    m_jobs.removeOne(job);
    job->disconnect(this);
    Q_EMIT jobRemoved(job);
    job->deleteLater();
    schedule();
}

void RunQueue::onJobFinished(RunJob *job)
{
    Q_EMIT jobChanged(job);
    Q_EMIT jobFinished(job);
    // Start the next one from the event loop: a render that fails to start finishes inside
    // start(), and scheduling from here would recurse through the whole line.
    QMetaObject::invokeMethod(this, &RunQueue::schedule, Qt::QueuedConnection);
}

RunJobRequest RunQueue::requestForRun(const QString &projectRoot, const RunRecord &record)
{
    RunJobRequest request;
    request.kind = record.kind;
    request.projectRoot = projectRoot;
    request.specPath = QFileInfo(record.spec.path).isAbsolute() ? record.spec.path
                                                                 : projectRoot + QLatin1Char('/') + record.spec.path;
    request.variant = record.spec.variant;
    request.runtimeClass = toString(record.runtimeClass);
    request.engine = record.engineName;
    if (record.kind == RunKind::Tts)
        request.engineSettings = AppSettings().engineSettings(); // where the engines are now
    for (const RunInput &input : record.inputs) {
        if (input.role == QLatin1String("narration-audio")) {
            const QString path = QFileInfo(input.path).isAbsolute() ? input.path : projectRoot + QLatin1Char('/') + input.path;
            request.narrationRun = QFileInfo(path).absolutePath();
        }
    }
    if (Result<Runbook> runbook = Runbook::forProject(projectRoot)) {
        const QString kind = toString(record.kind);
        // Prefer a workload whose default is this class, then any that allows it.
        for (int pass = 0; pass < 2 && request.workload.isEmpty(); ++pass) {
            for (const Workload &w : runbook->workloads()) {
                if (w.kind != kind || !w.runtimeClasses.contains(request.runtimeClass))
                    continue;
                if (pass == 0 && w.runtimeClasses.first() != request.runtimeClass)
                    continue;
                request.workload = w.id;
                request.engine = w.engineFor(request.runtimeClass);
                break;
            }
        }
    }
    return request;
}

} // namespace greenlight
