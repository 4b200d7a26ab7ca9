#pragma once

#include <QString>

namespace greenlight {

// The state of one Slurm job or array task (scontrol's JobState, squeue's %T).
enum class SlurmJobState
{
    Pending,
    Configuring,
    Running,
    Suspended,
    Completing,
    Completed,
    Failed,
    Cancelled,
    Timeout,
    NodeFail,
    OutOfMemory,
    BootFail,
    Deadline,
    Preempted,
    Requeued,
    Other, // any state this client does not know; never terminal
};

SlurmJobState slurmJobStateFromString(const QString &text); // "COMPLETED" -> Completed
QString toString(SlurmJobState state);                      // Completed -> "COMPLETED"
bool isTerminal(SlurmJobState state); // the task will not change state any more
bool isActive(SlurmJobState state);   // it holds or is about to hold a node

} // namespace greenlight
