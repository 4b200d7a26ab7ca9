#include "remote/slurmtaskstatus.h"

#include <algorithm>

namespace greenlight {

QString SlurmTaskStatus::id() const
{
    if (arrayTaskId >= 0 && !arrayJobId.isEmpty())
        return arrayJobId + QLatin1Char('_') + QString::number(arrayTaskId);
    return jobId;
}

bool SlurmTaskStatus::neverRuns() const
{
    return (state == SlurmJobState::Pending || state == SlurmJobState::Cancelled) &&
           reason == QLatin1String("DependencyNeverSatisfied");
}

qint64 SlurmTaskStatus::runtime_ms() const
{
    if (!startTime.isValid() || state == SlurmJobState::Pending)
        return 0;
    const QDateTime end = endTime.isValid() ? endTime : QDateTime::currentDateTime();
    return std::max<qint64>(0, startTime.msecsTo(end));
}

Json SlurmTaskStatus::toJson() const
{
    auto iso = [](const QDateTime &t) -> Json {
        return t.isValid() ? Json(toStd(t.toUTC().toString(Qt::ISODate))) : Json(nullptr);
    };
    Json j = Json::object();
    j["id"] = toStd(id());
    j["jobId"] = toStd(jobId);
    if (arrayTaskId >= 0) {
        j["arrayJobId"] = toStd(arrayJobId);
        j["arrayTaskId"] = arrayTaskId;
    }
    j["name"] = toStd(name);
    j["state"] = toStd(stateText.isEmpty() ? toString(state) : stateText);
    j["reason"] = toStd(reason);
    j["nodes"] = toStd(nodes);
    j["submitTime"] = iso(submitTime);
    j["startTime"] = iso(startTime);
    j["endTime"] = iso(endTime);
    j["exitCode"] = exitCode;
    j["exitSignal"] = exitSignal;
    j["stdout"] = toStd(stdOutPath);
    j["stderr"] = toStd(stdErrPath);
    return j;
}

} // namespace greenlight
