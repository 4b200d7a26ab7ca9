#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "remote/slurmtaskstatus.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace greenlight {

// Every task of one Slurm job (one entry for a plain job, one per task for an array; tasks
// still pending are listed one by one even where Slurm folds them into one "0-3" record).
struct SlurmJobStatus
{
    QString jobId;                // as queried
    QList<SlurmTaskStatus> tasks; // ordered by array task id

    bool isArray() const;
    // No task will change any more: all are terminal, or the job can never run.
    bool finished() const;
    // Finished and every task completed with exit code 0.
    bool succeeded() const;
    // Some task waits for, or was cancelled over, a dependency that can never be satisfied.
    bool neverRuns() const;
    // The first task (by array task id) that ended without success, or nullptr.
    const SlurmTaskStatus *firstUnsuccessful() const;
    const SlurmTaskStatus *task(int arrayTaskId) const;
    int count(SlurmJobState state) const;
    // "4 tasks: 2 COMPLETED, 1 RUNNING, 1 PENDING"
    QString summary() const;
    Json toJson() const;

    // Parses `scontrol show job -o <id>` (one Key=Value line per job record). Errors:
    // slurm.status when no record for the job can be read.
    static Result<SlurmJobStatus> fromScontrol(const QString &jobId, const QByteArray &text);
};

} // namespace greenlight
