#pragma once

#include "runs/runjobrequest.h"

#include <QList>
#include <QObject>

namespace greenlight {

class RunJob;
struct RunRecord;

// The runs launched from the desk for one project, in launch order. Scheduling: one render
// and one narration run at a time; each kind waits in its own line (first in, first out),
// so a long render never holds back a narration and two ffmpeg encodes never compete for
// the machine. A render waits for nothing else: the narration it uses is an existing,
// succeeded run chosen at launch.
//
// Jobs stay listed after they finish (history shows their folders too) until
// clearFinished(). Cancelling a queued job removes it; cancelling a running one stops it
// and it ends as cancelled.
class RunQueue : public QObject
{
    Q_OBJECT

public:
    explicit RunQueue(QObject *parent = nullptr);
    ~RunQueue() override;

    // Adds a job in state queued and starts it when its kind's slot is free.
    RunJob *enqueue(const RunJobRequest &request);
    // The same request again, as a new job.
    RunJob *retry(const RunJob *job);
    void cancel(RunJob *job);
    // Removes every queued job and cancels every running one; allStopped() follows once
    // nothing runs any more (right away, queued, when nothing did).
    void cancelAll();
    // Forgets finished jobs.
    void clearFinished();

    QList<RunJob *> jobs() const { return m_jobs; }
    RunJob *jobBySerial(int serial) const;
    bool hasActiveRuns() const { return activeCount() > 0; }
    int activeCount() const; // queued, running or in QA
    int runningCount() const;

    // A request that repeats a finished run: same kind, spec, variant, runtime class and
    // narration run, under the first workload of the project's runbook that allows that class.
    static RunJobRequest requestForRun(const QString &projectRoot, const RunRecord &record);

Q_SIGNALS:
    void jobAdded(greenlight::RunJob *job);
    void jobRemoved(greenlight::RunJob *job); // emitted before the job is deleted (later)
    void jobChanged(greenlight::RunJob *job); // state or progress
    void jobFinished(greenlight::RunJob *job);
    void activeCountChanged(int count);
    void allStopped(); // nothing queued or running any more

private:
    void schedule();
    void remove(RunJob *job);
    void onJobFinished(RunJob *job);

    QList<RunJob *> m_jobs;
    int m_nextSerial = 1;
    int m_lastActiveCount = 0;
};

} // namespace greenlight
