#pragma once

#include <QLatin1String>

namespace greenlight::slurmcodes {

// Stable error codes of the Slurm client (Error::code). Callers branch on these, people read
// the message beside them; Error::location names the job ("12") or array task ("12_3").
inline constexpr QLatin1String unavailable{
    "slurm.unavailable"}; // commands missing, controller or munge unreachable
inline constexpr QLatin1String submit{"slurm.submit"}; // sbatch refused the job
inline constexpr QLatin1String status{
    "slurm.status"}; // scontrol/squeue failed or said something unreadable
inline constexpr QLatin1String jobUnknown{
    "slurm.job-unknown"}; // the controller does not know (or no longer knows) the job
inline constexpr QLatin1String jobFailed{
    "slurm.job-failed"}; // a task ended without success (exit code, timeout, node failure, memory)
inline constexpr QLatin1String jobCancelled{
    "slurm.job-cancelled"}; // a task was cancelled (scancel, admin, time limit of the wait)
inline constexpr QLatin1String dependency{
    "slurm.dependency"}; // the job can never run: a job it depends on failed
inline constexpr QLatin1String cancel{"slurm.cancel"}; // scancel failed
inline constexpr QLatin1String timeout{
    "slurm.timeout"}; // a command or a wait ran past its time limit
inline constexpr QLatin1String interrupted{"slurm.interrupted"}; // the caller cancelled the wait

} // namespace greenlight::slurmcodes
