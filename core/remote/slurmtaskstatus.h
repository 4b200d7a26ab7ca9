#pragma once

#include "common/jsonio.h"
#include "remote/slurmjobstate.h"

#include <QDateTime>
#include <QString>

namespace greenlight {

// One Slurm job, or one task of a job array, as `scontrol show job -o` reports it.
struct SlurmTaskStatus
{
    QString jobId;        // the task's own job id (JobId)
    QString arrayJobId;   // the array's id; empty when the job is not an array
    int arrayTaskId = -1; // -1 when the job is not an array task
    QString name;
    SlurmJobState state = SlurmJobState::Other;
    QString stateText; // as Slurm spelled it
    QString
        reason; // why it waits or ended ("Resources", "DependencyNeverSatisfied"); empty for None
    QString dependency;   // "afterok:12_*(failed)"; empty for none
    QString nodes;        // NodeList; empty until it starts
    QDateTime submitTime; // invalid when Slurm says Unknown
    QDateTime startTime;
    QDateTime endTime;
    int exitCode = 0;   // of the batch script
    int exitSignal = 0; // the signal that ended it, 0 if none
    QString stdOutPath; // paths on the cluster; empty while an array task has not started
    QString stdErrPath;
    QString workDir;

    // "12_3" for an array task, "12" otherwise: what scancel and people use.
    QString id() const;
    bool isTerminal() const { return greenlight::isTerminal(state); }
    bool succeeded() const
    {
        return state == SlurmJobState::Completed && exitCode == 0 && exitSignal == 0;
    }
    // Pending or cancelled because a job it depends on did not succeed: it will never run.
    bool neverRuns() const;
    qint64 runtime_ms() const; // start to end (or to now while running); 0 before it starts

    Json toJson() const;
};

} // namespace greenlight
