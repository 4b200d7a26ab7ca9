#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

namespace greenlight {

// Starts a program that outlives its starter: a double fork, a new session (setsid), stdin
// from /dev/null, stdout and stderr appended to a log file, every other descriptor closed.
// The caller's exit, its terminal or a dropped SSH connection (SIGHUP to the caller's
// process group) cannot reach it, and it never holds the caller's pipes open. Linux only.
class SessionLauncher
{
public:
    // The started process's pid once it has exec'd. Errors: job.launch (fork or exec failed,
    // with the reason).
    static Result<qint64> start(const QString &program, const QStringList &arguments, const QString &workingDir,
                                const QString &logFile);
};

} // namespace greenlight
