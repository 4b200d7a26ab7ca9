#include "remote/slurmjobstate.h"

#include <array>
#include <utility>

namespace greenlight {

namespace {
constexpr std::array<std::pair<SlurmJobState, const char *>, 15> kNames{{
    {SlurmJobState::Pending, "PENDING"},
    {SlurmJobState::Configuring, "CONFIGURING"},
    {SlurmJobState::Running, "RUNNING"},
    {SlurmJobState::Suspended, "SUSPENDED"},
    {SlurmJobState::Completing, "COMPLETING"},
    {SlurmJobState::Completed, "COMPLETED"},
    {SlurmJobState::Failed, "FAILED"},
    {SlurmJobState::Cancelled, "CANCELLED"},
    {SlurmJobState::Timeout, "TIMEOUT"},
    {SlurmJobState::NodeFail, "NODE_FAIL"},
    {SlurmJobState::OutOfMemory, "OUT_OF_MEMORY"},
    {SlurmJobState::BootFail, "BOOT_FAIL"},
    {SlurmJobState::Deadline, "DEADLINE"},
    {SlurmJobState::Preempted, "PREEMPTED"},
    {SlurmJobState::Requeued, "REQUEUED"},
}};
} // namespace

SlurmJobState slurmJobStateFromString(const QString &text)
{
    // squeue may append flags ("CANCELLED by 0", "COMPLETING+"): the first word decides.
    QString word = text.trimmed().section(QLatin1Char(' '), 0, 0);
    while (word.endsWith(QLatin1Char('+')) || word.endsWith(QLatin1Char('*')))
        word.chop(1);
    for (const auto &[state, name] : kNames)
        if (word.compare(QLatin1String(name), Qt::CaseInsensitive) == 0)
            return state;
    return SlurmJobState::Other;
}

QString toString(SlurmJobState state)
{
    for (const auto &[s, name] : kNames)
        if (s == state)
            return QLatin1String(name);
    return QStringLiteral("OTHER");
}

bool isTerminal(SlurmJobState state)
{
    switch (state) {
    case SlurmJobState::Completed:
    case SlurmJobState::Failed:
    case SlurmJobState::Cancelled:
    case SlurmJobState::Timeout:
    case SlurmJobState::NodeFail:
    case SlurmJobState::OutOfMemory:
    case SlurmJobState::BootFail:
    case SlurmJobState::Deadline:
        return true;
    default:
        return false;
    }
}

bool isActive(SlurmJobState state)
{
    switch (state) {
    case SlurmJobState::Configuring:
    case SlurmJobState::Running:
    case SlurmJobState::Suspended:
    case SlurmJobState::Completing:
        return true;
    default:
        return false;
    }
}

} // namespace greenlight
