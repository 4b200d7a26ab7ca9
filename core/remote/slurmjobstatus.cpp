#include "remote/slurmjobstatus.h"

#include "remote/slurmcodes.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace greenlight {

namespace {

// Splits one `scontrol show job -o` line into its Key=Value fields. Values may contain '='
// (TRES=cpu=1,mem=...) and, rarely, spaces (a job name or path with a space): a word that
// does not start a new key belongs to the value before it.
QHash<QString, QString> splitFields(const QString &line)
{
    static const QRegularExpression keyStart(QStringLiteral("^[A-Za-z][A-Za-z0-9_:/]*="));
    QHash<QString, QString> fields;
    QString lastKey;
    const QStringList words = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (keyStart.match(word).hasMatch()) {
            const qsizetype eq = word.indexOf(QLatin1Char('='));
            lastKey = word.left(eq);
            fields.insert(lastKey, word.mid(eq + 1));
        } else if (!lastKey.isEmpty()) {
            fields[lastKey] += QLatin1Char(' ') + word;
        }
    }
    return fields;
}

QString nullable(const QString &value)
{
    if (value == QLatin1String("(null)") || value == QLatin1String("None") ||
        value == QLatin1String("N/A"))
        return {};
    return value;
}

// scontrol prints times in the controller's local time without a zone.
QDateTime parseTime(const QString &value)
{
    if (value.isEmpty() || value == QLatin1String("Unknown") || value == QLatin1String("None") ||
        value == QLatin1String("N/A"))
        return {};
    QDateTime t = QDateTime::fromString(value, Qt::ISODate);
    return t.isValid() ? t : QDateTime();
}

// "0-3", "2,5-7", "1-15%4", "3" -> task ids; empty on anything else.
QList<int> expandTaskRange(const QString &text)
{
    QList<int> ids;
    const QString ranges = text.section(QLatin1Char('%'), 0, 0);
    for (const QString &part : ranges.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList bounds = part.split(QLatin1Char('-'));
        bool okA = false, okB = true;
        const int a = bounds.value(0).toInt(&okA);
        int b = a;
        if (bounds.size() == 2)
            b = bounds.value(1).section(QLatin1Char(':'), 0, 0).toInt(&okB); // "0-9:2": step
        int step = 1;
        if (bounds.size() == 2 && bounds.value(1).contains(QLatin1Char(':')))
            step = std::max(1, bounds.value(1).section(QLatin1Char(':'), 1, 1).toInt());
        if (!okA || !okB || bounds.size() > 2 || b < a || b - a > 1000000)
            return {};
        for (int i = a; i <= b; i += step)
            ids.append(i);
    }
    return ids;
}

} // namespace

bool SlurmJobStatus::isArray() const
{
    return std::any_of(tasks.cbegin(), tasks.cend(),
                       [](const SlurmTaskStatus &t) { return t.arrayTaskId >= 0; });
}

bool SlurmJobStatus::finished() const
{
    if (tasks.isEmpty())
        return false;
    if (neverRuns())
        return true;
    return std::all_of(tasks.cbegin(), tasks.cend(),
                       [](const SlurmTaskStatus &t) { return t.isTerminal(); });
}

bool SlurmJobStatus::succeeded() const
{
    return !tasks.isEmpty() && std::all_of(tasks.cbegin(), tasks.cend(),
                                           [](const SlurmTaskStatus &t) { return t.succeeded(); });
}

bool SlurmJobStatus::neverRuns() const
{
    return std::any_of(tasks.cbegin(), tasks.cend(),
                       [](const SlurmTaskStatus &t) { return t.neverRuns(); });
}

const SlurmTaskStatus *SlurmJobStatus::firstUnsuccessful() const
{
    // A task that failed on its own explains more than one cancelled because of it.
    for (const SlurmTaskStatus &t : tasks)
        if (t.isTerminal() && !t.succeeded() && t.state != SlurmJobState::Cancelled)
            return &t;
    for (const SlurmTaskStatus &t : tasks)
        if ((t.isTerminal() && !t.succeeded()) || t.neverRuns())
            return &t;
    return nullptr;
}

const SlurmTaskStatus *SlurmJobStatus::task(int arrayTaskId) const
{
    for (const SlurmTaskStatus &t : tasks)
        if (t.arrayTaskId == arrayTaskId)
            return &t;
    return nullptr;
}

int SlurmJobStatus::count(SlurmJobState state) const
{
    return int(std::count_if(tasks.cbegin(), tasks.cend(),
                             [state](const SlurmTaskStatus &t) { return t.state == state; }));
}

QString SlurmJobStatus::summary() const
{
    QList<SlurmJobState> seen;
    for (const SlurmTaskStatus &t : tasks)
        if (!seen.contains(t.state))
            seen.append(t.state);
    QStringList parts;
    for (SlurmJobState s : seen)
        parts.append(QString::number(count(s)) + QLatin1Char(' ') + toString(s));
    return QStringLiteral("%1 task%2: %3")
        .arg(tasks.size())
        .arg(tasks.size() == 1 ? QString() : QStringLiteral("s"), parts.join(QStringLiteral(", ")));
}

Json SlurmJobStatus::toJson() const
{
    Json j = Json::object();
    j["jobId"] = toStd(jobId);
    j["finished"] = finished();
    j["succeeded"] = succeeded();
    Json list = Json::array();
    for (const SlurmTaskStatus &t : tasks)
        list.push_back(t.toJson());
    j["tasks"] = std::move(list);
    return j;
}

Result<SlurmJobStatus> SlurmJobStatus::fromScontrol(const QString &jobId, const QByteArray &text)
{
    SlurmJobStatus status;
    status.jobId = jobId;
    const QStringList lines = QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const QHash<QString, QString> f = splitFields(line.trimmed());
        if (!f.contains(QStringLiteral("JobId")) || !f.contains(QStringLiteral("JobState")))
            continue;
        SlurmTaskStatus t;
        t.jobId = f.value(QStringLiteral("JobId"));
        t.arrayJobId = f.value(QStringLiteral("ArrayJobId"));
        t.name = f.value(QStringLiteral("JobName"));
        t.stateText = f.value(QStringLiteral("JobState"));
        t.state = slurmJobStateFromString(t.stateText);
        t.reason = nullable(f.value(QStringLiteral("Reason")));
        t.dependency = nullable(f.value(QStringLiteral("Dependency")));
        t.nodes = nullable(f.value(QStringLiteral("NodeList")));
        t.submitTime = parseTime(f.value(QStringLiteral("SubmitTime")));
        t.startTime = parseTime(f.value(QStringLiteral("StartTime")));
        t.endTime = parseTime(f.value(QStringLiteral("EndTime")));
        if (t.state == SlurmJobState::Pending) {
            t.startTime = {}; // a pending job's StartTime is the scheduler's estimate
            t.endTime = {};
        }
        const QString exit = f.value(QStringLiteral("ExitCode"), QStringLiteral("0:0"));
        t.exitCode = exit.section(QLatin1Char(':'), 0, 0).toInt();
        t.exitSignal = exit.section(QLatin1Char(':'), 1, 1).toInt();
        t.stdOutPath = nullable(f.value(QStringLiteral("StdOut")));
        t.stdErrPath = nullable(f.value(QStringLiteral("StdErr")));
        t.workDir = nullable(f.value(QStringLiteral("WorkDir")));

        const QString taskText = f.value(QStringLiteral("ArrayTaskId"));
        if (taskText.isEmpty()) {
            status.tasks.append(t);
            continue;
        }
        bool single = false;
        const int taskId = taskText.toInt(&single);
        if (single) {
            t.arrayTaskId = taskId;
            status.tasks.append(t);
            continue;
        }
        // Tasks not yet started, folded into one record: list them one by one. Their log
        // paths are not known yet (Slurm shows a placeholder task number).
        const QList<int> ids = expandTaskRange(taskText);
        if (ids.isEmpty())
            return makeError(slurmcodes::status,
                             QStringLiteral("Cannot read the array task range '%1' of job %2")
                                 .arg(taskText, jobId),
                             jobId);
        t.stdOutPath.clear();
        t.stdErrPath.clear();
        for (int id : ids) {
            SlurmTaskStatus copy = t;
            copy.arrayTaskId = id;
            status.tasks.append(copy);
        }
    }
    if (status.tasks.isEmpty())
        return makeError(slurmcodes::status,
                         QStringLiteral("scontrol printed no record for job %1: %2")
                             .arg(jobId, QString::fromUtf8(text.left(400)).trimmed()),
                         jobId);
    std::stable_sort(status.tasks.begin(), status.tasks.end(),
                     [](const SlurmTaskStatus &a, const SlurmTaskStatus &b) {
                         return a.arrayTaskId < b.arrayTaskId;
                     });
    return status;
}

} // namespace greenlight
