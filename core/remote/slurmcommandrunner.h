#pragma once

#include "common/canceltoken.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace greenlight {

// One Slurm command line (sbatch, squeue, scontrol, scancel, tail) as program and arguments,
// never as a shell string: a runner that needs a shell (SSH) quotes each argument itself.
struct SlurmCommand
{
    QString program;
    QStringList arguments;
    QByteArray
        stdinData; // written to the command's stdin, then closed (sbatch reads its script there)
    int timeout_ms = 60000;
    CancelToken cancel; // stops the command early
};

// How a SlurmCommand ended.
struct SlurmCommandOutput
{
    enum class End
    {
        Exited,
        Crashed,
        FailedToStart,
        TimedOut,
        Cancelled
    };
    End end = End::FailedToStart;
    int exitCode = -1;
    QByteArray stdOut;
    QByteArray stdErr;
    QString startError; // why it could not start (FailedToStart)
    qint64 elapsed_ms = 0;

    bool succeeded() const { return end == End::Exited && exitCode == 0; }
};

// Where Slurm commands run: here (SlurmLocalRunner), or on a cluster's login node through a
// transport such as SSH. The client only sees this interface, so the same submission, status
// and cancel code serves both. run() blocks the calling thread: call it from a worker thread
// or the CLI, never from the GUI thread.
class SlurmCommandRunner
{
public:
    virtual ~SlurmCommandRunner() = default;
    virtual SlurmCommandOutput run(const SlurmCommand &command) = 0;
    // Where the commands run, for messages ("localhost", "login1.example.org").
    virtual QString describe() const = 0;
};

} // namespace greenlight
