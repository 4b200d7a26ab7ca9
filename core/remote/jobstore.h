#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "remote/jobrecord.h"

#include <QString>

#include <functional>

namespace greenlight {

// A job folder, <project>/jobs/<job-id>/:
//   job.json      the JobRecord, rewritten atomically (QSaveFile) under an flock on job.lock,
//                 so the submitter, the worker, `status` and `cancel` never lose each other's
//                 changes; readers need no lock
//   job.lock      the lock file (empty)
//   events.jsonl  append-only JSON lines, one event each (queued, running, started,
//                 progress, cancelling, finished), every line with "event" and "time"
//   worker.log    the worker's stdout and stderr, and its own log lines
class JobStore
{
public:
    explicit JobStore(QString jobDir);

    static QString jobsFolder(const QString &projectRoot); // <project>/jobs
    // A job id under <projectRoot>/jobs/, or a job folder path. Errors: job.unknown.
    static Result<JobStore> open(const QString &projectRoot, const QString &job);
    // Creates jobs/<new id>/ in the record's output project with job.json (queued, createdAt
    // set) and the "queued" event. Errors: io.write.
    static Result<JobStore> create(JobRecord record);

    QString dir() const { return m_dir; }
    QString jobFile() const;
    QString eventsFile() const;
    QString logFile() const;

    Result<JobRecord> load() const;
    // Read, change, write under the job's lock; `change` returns false to leave the file as
    // it is. Returns the record as it is afterwards. Errors: io.read, io.write, job.invalid.
    Result<JobRecord> update(const std::function<bool(JobRecord &)> &change) const;
    // load() plus the liveness check: a job that is not final while its worker is gone (killed,
    // crashed, the machine rebooted) becomes failed with "worker exited without a result"
    // (cancelled when a cancel was asked for), recorded in job.json and events.jsonl.
    Result<JobRecord> refresh() const;

    // Appends one event line; "time" is added. Errors: io.write.
    Status appendEvent(Json event) const;
    // Appends a line to worker.log with a time stamp (best effort).
    void appendLog(const QString &line) const;

private:
    QString m_dir;
};

} // namespace greenlight
