#pragma once

#include "common/canceltoken.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace greenlight {

// How one ssh or scp invocation is bounded and observed.
struct SshRunOptions
{
    int timeout_ms = 120000; // the whole invocation, connection included; 0: no limit
    CancelToken cancel;      // polled every 50 ms; stops the invocation (error ssh.cancelled)
    QString stdinFile;       // run(): the remote command reads this local file as its stdin
    std::function<void(qint64 pid)> started;                 // the local ssh/scp process id
    std::function<void(const QByteArray &chunk)> stdoutChunk; // run(): stdout as it arrives
};

} // namespace greenlight
