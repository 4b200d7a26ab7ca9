#include "remote/jobrecord.h"

#include "common/jsonschema.h"

#include <QRandomGenerator>
#include <QRegularExpression>

#include <array>
#include <cmath>

namespace greenlight {

namespace {

constexpr std::array<std::pair<JobState, const char *>, 5> kStates{{
    {JobState::Queued, "queued"},
    {JobState::Running, "running"},
    {JobState::Succeeded, "succeeded"},
    {JobState::Failed, "failed"},
    {JobState::Cancelled, "cancelled"},
}};

Json stringOrNull(const QString &s)
{
    return s.isEmpty() ? Json(nullptr) : Json(toStd(s));
}

QString stringAt(const Json &o, const char *key)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_string() ? toQString(it->get<std::string>()) : QString();
}

qint64 integerAt(const Json &o, const char *key)
{
    const auto it = o.find(key);
    return it != o.end() && it->is_number_integer() ? it->get<qint64>() : 0;
}

} // namespace

QString toString(JobState state)
{
    for (const auto &[s, name] : kStates)
        if (s == state)
            return QString::fromLatin1(name);
    return {};
}

std::optional<JobState> jobStateFromString(const QString &s)
{
    for (const auto &[state, name] : kStates)
        if (s == QLatin1String(name))
            return state;
    return std::nullopt;
}

bool isFinal(JobState state)
{
    return state == JobState::Succeeded || state == JobState::Failed || state == JobState::Cancelled;
}

Json JobRecord::toJson(const QString &jobDir) const
{
    Json o = Json::object();
    o["schemaVersion"] = schemaVersion;
    o["jobId"] = toStd(id);
    if (!jobDir.isEmpty())
        o["jobDir"] = toStd(jobDir);
    o["kind"] = "render";
    o["state"] = toStd(toString(state));
    o["launcher"] = launcher == JobLauncher::Detached ? "detached" : "external";
    o["request"] = {{"spec", toStd(request.specPath)},
                    {"projectRoot", toStd(request.projectRoot)},
                    {"outputProject", toStd(request.outputProject)},
                    {"variant", toStd(request.variant)},
                    {"chunks", std::max(1, request.options.chunks)},
                    {"narrationRun", toStd(request.narrationRun)},
                    {"preset", toStd(request.options.encoder.preset == EncoderSettings{}.preset
                                         ? QString()
                                         : request.options.encoder.preset)}};
    o["host"] = stringOrNull(host);
    o["pid"] = pid > 0 ? Json(pid) : Json(nullptr);
    o["pidStartTicks"] = pid > 0 ? Json(pidStartTicks) : Json(nullptr);
    o["bootId"] = stringOrNull(bootId);
    o["progress"] = {{"fraction", std::round(std::clamp(progress.fraction, 0.0, 1.0) * 10000.0) / 10000.0},
                     {"frame", std::max<qint64>(0, progress.frame)},
                     {"totalFrames", std::max<qint64>(0, progress.totalFrames)}};
    o["runId"] = stringOrNull(runId);
    o["runDir"] = stringOrNull(runDir);
    o["exitCode"] = exitCode ? Json(*exitCode) : Json(nullptr);
    o["error"] = error ? Json({{"code", toStd(error->code)}, {"message", toStd(error->message)}}) : Json(nullptr);
    o["createdAt"] = toStd(createdAt);
    o["startedAt"] = stringOrNull(startedAt);
    o["endedAt"] = stringOrNull(endedAt);
    o["cancelRequestedAt"] = stringOrNull(cancelRequestedAt);
    o["updatedAt"] = toStd(updatedAt.isEmpty() ? createdAt : updatedAt);
    return o;
}

Json JobRecord::finishedEvent() const
{
    Json e = {{"event", "finished"}, {"status", toStd(toString(state))}};
    e["runId"] = stringOrNull(runId);
    e["runDir"] = stringOrNull(runDir);
    e["exitCode"] = exitCode ? Json(*exitCode) : Json(nullptr);
    e["error"] = error ? Json({{"code", toStd(error->code)}, {"message", toStd(error->message)}}) : Json(nullptr);
    return e;
}

Result<JobRecord> JobRecord::fromJson(const Json &json, const QString &fileName)
{
    auto schema = JsonSchema::load(QStringLiteral(":/schemas/job.schema.json"));
    if (!schema)
        return schema.error();
    const QList<SchemaViolation> violations = (*schema)->validate(json);
    if (!violations.isEmpty())
        return makeError(QStringLiteral("job.invalid"),
                         QStringLiteral("not a valid job record: ") + describeViolations(violations), fileName);

    JobRecord r;
    r.schemaVersion = int(integerAt(json, "schemaVersion"));
    r.id = stringAt(json, "jobId");
    r.state = jobStateFromString(stringAt(json, "state")).value_or(JobState::Failed);
    r.launcher = stringAt(json, "launcher") == QLatin1String("external") ? JobLauncher::External : JobLauncher::Detached;
    const Json &req = json["request"];
    r.request.specPath = stringAt(req, "spec");
    r.request.projectRoot = stringAt(req, "projectRoot");
    r.request.outputProject = stringAt(req, "outputProject");
    r.request.variant = stringAt(req, "variant");
    r.request.options.chunks = int(std::max<qint64>(1, integerAt(req, "chunks")));
    r.request.narrationRun = stringAt(req, "narrationRun");
    if (const QString preset = stringAt(req, "preset"); !preset.isEmpty())
        r.request.options.encoder.preset = preset;
    r.host = stringAt(json, "host");
    r.pid = integerAt(json, "pid");
    r.pidStartTicks = integerAt(json, "pidStartTicks");
    r.bootId = stringAt(json, "bootId");
    const Json &p = json["progress"];
    r.progress.fraction = p["fraction"].get<double>();
    r.progress.frame = integerAt(p, "frame");
    r.progress.totalFrames = integerAt(p, "totalFrames");
    r.runId = stringAt(json, "runId");
    r.runDir = stringAt(json, "runDir");
    if (json["exitCode"].is_number_integer())
        r.exitCode = json["exitCode"].get<int>();
    if (const Json &e = json["error"]; e.is_object())
        r.error = makeError(stringAt(e, "code"), stringAt(e, "message"));
    r.createdAt = stringAt(json, "createdAt");
    r.startedAt = stringAt(json, "startedAt");
    r.endedAt = stringAt(json, "endedAt");
    r.cancelRequestedAt = stringAt(json, "cancelRequestedAt");
    r.updatedAt = stringAt(json, "updatedAt");
    return r;
}

QString makeJobId(const QDateTime &utc)
{
    const quint32 random = QRandomGenerator::global()->generate() & 0xFFFFFFu;
    return utc.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")) + QStringLiteral("-job-")
           + QStringLiteral("%1").arg(random, 6, 16, QLatin1Char('0'));
}

bool isValidJobId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[0-9]{8}T[0-9]{6}Z-job-[0-9a-f]{6}$"));
    return re.match(id).hasMatch();
}

} // namespace greenlight
