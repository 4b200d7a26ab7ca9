#pragma once

#include "common/canceltoken.h"

#include <functional>

namespace greenlight {

struct SlurmJobStatus;

// How SlurmClient::wait() polls a job.
struct SlurmWaitOptions
{
    int timeout_ms = 600000;         // give up (slurm.timeout) after this long; 0: no limit
    int pollInterval_ms = 1000;      // between two `scontrol show job` calls
    CancelToken cancel;              // stops waiting (slurm.interrupted); the job is left as it is
    bool cancelNeverRunnable = true; // scancel a job whose dependency can never be satisfied
    std::function<void(const SlurmJobStatus &)> progress; // after every poll
};

} // namespace greenlight
