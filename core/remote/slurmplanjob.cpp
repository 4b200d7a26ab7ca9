#include "remote/slurmplanjob.h"

#include "common/jsonio.h"

#include <QDir>

namespace greenlight {

namespace {

Result<Json> readJobs(const QString &runDir)
{
    const QString path = QDir(runDir).filePath(QStringLiteral("plan.json"));
    Result<Json> plan = readJsonFile(path);
    if (!plan)
        return makeError(
            QStringLiteral("render.plan.invalid"),
            QStringLiteral("cannot read the render plan: %1").arg(plan.error().message), path);
    if (!plan->contains("jobs") || !(*plan)["jobs"].is_array())
        return makeError(QStringLiteral("render.plan.invalid"),
                         QStringLiteral("the render plan lists no jobs"), path);
    return (*plan)["jobs"];
}

SlurmPlanJob fromJson(const Json &j)
{
    SlurmPlanJob job;
    job.id = toQString(j.value("id", std::string()));
    job.role = toQString(j.value("role", std::string()));
    job.program = toQString(j.value("program", std::string("ffmpeg")));
    for (const Json &a : j.value("args", Json::array()))
        if (a.is_string())
            job.args.append(toQString(a.get<std::string>()));
    job.output = toQString(j.value("output", std::string()));
    job.log = toQString(j.value("log", std::string()));
    if (j.contains("frames") && j["frames"].is_object())
        job.frameCount = j["frames"].value("count", qint64(0));
    return job;
}

bool runsInArray(const Json &j)
{
    const std::string role = j.value("role", std::string());
    return role == "chunk" || role == "render";
}

} // namespace

Result<SlurmPlanJob> SlurmPlanJob::load(const QString &runDir, const QString &jobId)
{
    Result<Json> jobs = readJobs(runDir);
    if (!jobs)
        return jobs.error();
    QStringList ids;
    for (const Json &j : *jobs) {
        const SlurmPlanJob job = fromJson(j);
        if (job.id == jobId)
            return job;
        ids.append(job.id);
    }
    return makeError(QStringLiteral("render.plan.invalid"),
                     QStringLiteral("the render plan has no job \"%1\" (it has: %2)")
                         .arg(jobId, ids.join(QStringLiteral(", "))),
                     QDir(runDir).filePath(QStringLiteral("plan.json")));
}

Result<SlurmPlanJob> SlurmPlanJob::loadChunk(const QString &runDir, int chunk)
{
    Result<Json> jobs = readJobs(runDir);
    if (!jobs)
        return jobs.error();
    int k = 0;
    for (const Json &j : *jobs) {
        if (!runsInArray(j))
            continue;
        if (k == chunk)
            return fromJson(j);
        ++k;
    }
    return makeError(
        QStringLiteral("render.plan.invalid"),
        QStringLiteral("the render plan has %1 chunk(s); there is no chunk %2").arg(k).arg(chunk),
        QDir(runDir).filePath(QStringLiteral("plan.json")));
}

Result<QStringList> SlurmPlanJob::arrayJobIds(const QString &runDir)
{
    Result<Json> jobs = readJobs(runDir);
    if (!jobs)
        return jobs.error();
    QStringList ids;
    for (const Json &j : *jobs)
        if (runsInArray(j))
            ids.append(toQString(j.value("id", std::string())));
    return ids;
}

} // namespace greenlight
