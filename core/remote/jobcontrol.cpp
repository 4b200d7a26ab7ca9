#include "remote/jobcontrol.h"

#include "remote/jobstore.h"
#include "remote/processidentity.h"
#include "remote/sessionlauncher.h"
#include "run/runrecord.h"

#include <csignal>

#include <unistd.h>

namespace greenlight {

namespace {

bool workerAlive(const JobRecord &r)
{
    return r.pid > 0
           && ProcessIdentity{r.pid, r.pidStartTicks, r.bootId, r.host}.liveness() == ProcessIdentity::Liveness::Alive;
}

} // namespace

Result<JobRecord> JobControl::launch(const JobStore &store, const QString &program)
{
    const Result<qint64> pid = SessionLauncher::start(program, {QStringLiteral("job-run"), store.dir()}, store.dir(),
                                                      store.logFile());
    if (!pid) {
        const Error error = pid.error();
        store.update([&](JobRecord &r) {
            if (isFinal(r.state))
                return false;
            r.state = JobState::Failed;
            r.error = error;
            r.endedAt = utcNowIso();
            store.appendEvent(r.finishedEvent());
            return true;
        });
        store.appendLog(error.toString());
        return error;
    }
    return store.update([&](JobRecord &r) {
        if (r.pid > 0 || isFinal(r.state))
            return false; // the worker recorded itself first
        const std::optional<ProcessIdentity> id = ProcessIdentity::of(*pid);
        r.pid = *pid;
        r.pidStartTicks = id ? id->startTicks : 0;
        r.bootId = ProcessIdentity::thisBootId();
        r.host = ProcessIdentity::thisHost();
        return true;
    });
}

Result<JobRecord> JobControl::requestCancel(const JobStore &store)
{
    Result<JobRecord> record = store.update([&](JobRecord &r) {
        if (isFinal(r.state))
            return false;
        if (r.cancelRequestedAt.isEmpty())
            r.cancelRequestedAt = utcNowIso();
        if (r.pid <= 0 && r.launcher == JobLauncher::External) {
            r.state = JobState::Cancelled;
            r.error = makeError(QStringLiteral("job.cancelled"), QStringLiteral("cancelled before the worker started"));
            r.endedAt = utcNowIso();
            store.appendEvent(r.finishedEvent());
        }
        return true;
    });
    if (record && !isFinal(record->state) && workerAlive(*record)) {
        ::kill(pid_t(record->pid), SIGTERM);
        store.appendLog(QStringLiteral("cancel requested: SIGTERM sent to pid %1").arg(record->pid));
    }
    return record;
}

Result<JobRecord> JobControl::forceStop(const JobStore &store, const QString &reason)
{
    Result<JobRecord> record = store.load();
    if (!record || isFinal(record->state))
        return record;
    if (workerAlive(*record)) {
        const pid_t pid = pid_t(record->pid);
        const pid_t group = ::getpgid(pid);
        // A detached worker leads nothing but its own session: its group is the worker and
        // the ffmpeg it started. Never our own group.
        if (record->launcher == JobLauncher::Detached && group > 1 && group != ::getpgrp() && ::getsid(pid) != ::getsid(0))
            ::kill(-group, SIGKILL);
        ::kill(pid, SIGKILL);
        store.appendLog(QStringLiteral("the worker (pid %1) did not stop: killed").arg(record->pid));
    }
    return store.update([&](JobRecord &r) {
        if (isFinal(r.state))
            return false;
        r.state = JobState::Cancelled;
        r.error = makeError(QStringLiteral("job.cancel.forced"), reason);
        r.endedAt = utcNowIso();
        store.appendEvent(r.finishedEvent());
        return true;
    });
}

} // namespace greenlight
