#pragma once

#include "remote/sshrunoptions.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace greenlight {

// How one run of the ssh or scp program ended.
struct SshProcessOutcome
{
    enum class End { Exited, Crashed, FailedToStart, TimedOut, Cancelled };
    End end = End::FailedToStart;
    int exitCode = -1;     // the exit status; the signal number when Crashed
    QByteArray stdOut;
    QByteArray stdErr;
    qint64 elapsed_ms = 0;
    QString startError;    // why it could not start
};

// Runs the ssh or scp program once and blocks the calling thread (a local event loop, no
// processEvents polling) until it exits, options.timeout_ms passes or options.cancel is set.
// Stopping terminates the client (which closes the connection), then kills it after two
// seconds. The child dies with this process (PR_SET_PDEATHSIG) and never gets a terminal.
class SshProcess
{
public:
    static SshProcessOutcome run(const QString &program, const QStringList &arguments, const SshRunOptions &options);
};

} // namespace greenlight
