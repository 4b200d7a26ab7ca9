#pragma once

#include "common/result.h"
#include "remote/slurmcommandrunner.h"
#include "remote/slurmjobspec.h"
#include "remote/slurmjobstatus.h"
#include "remote/slurmwaitoptions.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <memory>

namespace greenlight {

// Submits, watches and cancels Slurm jobs with the cluster's own commands (sbatch, scontrol,
// squeue, scancel), run by a SlurmCommandRunner: here, or on a login node over a transport.
// Every call blocks until its command ends (bounded by commandTimeout_ms), so use it from a
// worker thread or the CLI. Errors carry the codes of remote/slurmcodes.h and name the job.
class SlurmClient
{
public:
    explicit SlurmClient(std::shared_ptr<SlurmCommandRunner> runner);

    void setCommandTimeout_ms(int timeout_ms) { m_commandTimeout_ms = timeout_ms; }
    SlurmCommandRunner &runner() { return *m_runner; }

    // The controller answers (`scontrol ping`). slurm.unavailable says why not.
    Status ping();
    // `sbatch --parsable ...` with the script on stdin; the job id. slurm.submit when sbatch
    // refuses the job, slurm.unavailable when it cannot reach the cluster.
    Result<QString> submit(const SlurmJobSpec &spec);
    // `scontrol show job -o <id>`: every task with state, node, times, exit code and reason.
    // slurm.job-unknown when the controller does not know the id (never submitted, or
    // forgotten MinJobAge seconds after it ended).
    Result<SlurmJobStatus> status(const QString &jobId);
    // `squeue -r`: jobs still queued or running, one entry per array task; only those named
    // `jobName` when given. Carries state, reason and node, not times or exit codes.
    Result<QList<SlurmTaskStatus>> queue(const QString &jobName = {});
    // `scancel <id>`: a whole array, one task ("12_3") or a plain job.
    Status cancel(const QString &jobId);
    // Polls status() until the job is finished (every task terminal, or it can never run).
    // Returns the final status whatever the outcome; check it with checkSucceeded().
    // slurm.timeout or slurm.interrupted when it stops waiting first.
    Result<SlurmJobStatus> wait(const QString &jobId, const SlurmWaitOptions &options = {});
    // Success when every task completed with exit code 0. Otherwise the first task that did
    // not (slurm.job-failed, slurm.job-cancelled, slurm.dependency), with its node, exit code,
    // reason and the end of its log (read through the runner), location "<job>_<task>".
    Status checkSucceeded(const SlurmJobStatus &status, int logTailBytes = 2000);
    // The last `bytes` of a file on the cluster (`tail -c`).
    Result<QByteArray> readTail(const QString &path, int bytes);

private:
    SlurmCommandOutput runCommand(const QString &program, const QStringList &args,
                                  const QByteArray &stdinData = {});
    // Maps a command that did not succeed to slurm.unavailable / slurm.timeout or `code`.
    Error commandError(const SlurmCommandOutput &out, const QString &program, QLatin1String code,
                       const QString &what, const QString &location = {}) const;

    std::shared_ptr<SlurmCommandRunner> m_runner;
    int m_commandTimeout_ms = 60000;
};

} // namespace greenlight
