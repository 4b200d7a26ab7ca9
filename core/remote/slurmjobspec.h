#pragma once

#include <QString>
#include <QStringList>

namespace greenlight {

// What to submit with sbatch. Paths are paths on the cluster (for a shared project folder,
// the same as here).
struct SlurmJobSpec
{
    QString name;      // -J
    QString script;    // the batch script, starting with "#!"; sent on sbatch's stdin
    QString workDir;   // --chdir; empty = where sbatch runs
    QString output;    // -o pattern: %A array id, %a task id, %j job id; empty = Slurm's default
    QString error;     // -e pattern; empty = into output
    int arraySize = 0; // > 0: a job array of tasks 0 .. arraySize-1 (--array=0-N)
    int arrayMaxParallel = 0;            // > 0: at most this many tasks run at once (--array=0-N%k)
    QStringList afterOk;                 // job ids (whole arrays too) that must all succeed first
    bool killOnInvalidDependency = true; // cancel the job at once when a dependency fails
    QString partition;                   // -p; empty = the default partition
    int cpusPerTask = 1;                 // -c
    int timeLimit_min = 0;               // -t; 0 = the partition's limit
    QStringList extraArguments;          // passed to sbatch as they are, before the script

    // Everything after "sbatch": "--parsable", then the options above.
    QStringList sbatchArguments() const;
};

} // namespace greenlight
