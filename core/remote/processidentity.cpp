#include "remote/processidentity.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QSysInfo>

#include <unistd.h>

namespace greenlight {

namespace {

struct StatLine
{
    char state = '?';
    qint64 startTicks = 0;
};

// /proc/<pid>/stat: "pid (comm) state ppid ... starttime ..."; comm may hold spaces and
// parentheses, so the fields are counted from the last ')'.
std::optional<StatLine> readStat(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray text = f.readAll();
    const qsizetype close = text.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = text.mid(close + 2).split(' ');
    // fields[0] is field 3 (state); starttime is field 22.
    if (fields.size() < 20 || fields[0].isEmpty())
        return std::nullopt;
    bool ok = false;
    StatLine s;
    s.state = fields[0].at(0);
    s.startTicks = fields[19].toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return s;
}

} // namespace

QString ProcessIdentity::thisHost()
{
    return QSysInfo::machineHostName();
}

QString ProcessIdentity::thisBootId()
{
    static const QString id = [] {
        QFile f(QStringLiteral("/proc/sys/kernel/random/boot_id"));
        return f.open(QIODevice::ReadOnly) ? QString::fromLatin1(f.readAll().trimmed()) : QString();
    }();
    return id;
}

ProcessIdentity ProcessIdentity::current()
{
    if (std::optional<ProcessIdentity> self = of(qint64(::getpid())))
        return *self;
    return ProcessIdentity{qint64(::getpid()), 0, thisBootId(), thisHost()};
}

std::optional<ProcessIdentity> ProcessIdentity::of(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    const std::optional<StatLine> stat = readStat(pid);
    if (!stat || stat->state == 'Z' || stat->state == 'X')
        return std::nullopt;
    return ProcessIdentity{pid, stat->startTicks, thisBootId(), thisHost()};
}

ProcessIdentity::Liveness ProcessIdentity::liveness() const
{
    if (!host.isEmpty() && host != thisHost())
        return Liveness::Unknown;
    if (!bootId.isEmpty() && !thisBootId().isEmpty() && bootId != thisBootId())
        return Liveness::Gone;
    const std::optional<ProcessIdentity> now = of(pid);
    if (!now)
        return Liveness::Gone;
    if (startTicks > 0 && now->startTicks != startTicks)
        return Liveness::Gone;
    return Liveness::Alive;
}

} // namespace greenlight
