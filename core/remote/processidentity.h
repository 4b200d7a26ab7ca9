#pragma once

#include <QString>

#include <optional>

namespace greenlight {

// A process named so that a reused pid is never taken for it: pid, its start time in clock
// ticks since boot (field 22 of /proc/<pid>/stat), the boot id and the host. Linux only.
struct ProcessIdentity
{
    qint64 pid = 0;
    qint64 startTicks = 0;
    QString bootId;
    QString host;

    enum class Liveness {
        Alive,   // the same process still runs
        Gone,    // no such process, a zombie, another process with that pid, or a reboot since
        Unknown, // it ran on another host: nothing to look at from here
    };

    static ProcessIdentity current();
    // The identity of a running process on this host; nullopt when there is none (or a zombie).
    static std::optional<ProcessIdentity> of(qint64 pid);
    static QString thisHost();
    static QString thisBootId();

    Liveness liveness() const;
};

} // namespace greenlight
