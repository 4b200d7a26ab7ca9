#pragma once

#include <QString>

namespace greenlight {

// Where and how a render runs on a Slurm farm.
struct SlurmRenderOptions
{
    QString cliPath;            // greenlight-cli as the nodes see it (absolute path)
    QString partition;          // empty = the cluster's default partition
    int cpusPerTask = 1;        // per chunk
    int timeLimit_min = 0;      // per task; 0 = the partition's limit
    int timeout_ms = 3600000;   // the whole render, queueing included
    int pollInterval_ms = 1000; // between two status polls
};

} // namespace greenlight
