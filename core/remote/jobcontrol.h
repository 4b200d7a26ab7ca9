#pragma once

#include "common/result.h"
#include "remote/jobrecord.h"

#include <QString>

namespace greenlight {

class JobStore;

// Starting and stopping a job's worker process from outside it (submit and cancel).
class JobControl
{
public:
    // Starts `<program> job-run <job-dir>` in its own session (SessionLauncher), output to
    // worker.log, and records its pid. When it cannot start, the job is recorded failed
    // (job.launch) and the error returned.
    static Result<JobRecord> launch(const JobStore &store, const QString &program);

    // Records the cancel request in job.json and sends SIGTERM to the worker when it runs on
    // this host; a worker elsewhere sees the request in job.json. A job nothing runs yet
    // (launched externally, not started) is cancelled at once. A final job is left as it is.
    static Result<JobRecord> requestCancel(const JobStore &store);

    // For a worker that did not stop after the request: SIGKILL to it (and, for a detached
    // worker, to its whole process group, ffmpeg included), then the job is recorded
    // cancelled with `reason` (job.cancel.forced). A final job is left as it is.
    static Result<JobRecord> forceStop(const JobStore &store, const QString &reason);
};

} // namespace greenlight
