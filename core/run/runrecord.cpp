#include "run/runrecord.h"

#include <QDateTime>

namespace greenlight {

namespace {

template<typename E>
struct EnumName
{
    E value;
    const char *name;
};

constexpr EnumName<RunKind> kKinds[] = {{RunKind::Render, "render"}, {RunKind::Tts, "tts"}};
constexpr EnumName<RuntimeClass> kClasses[] = {{RuntimeClass::Local, "local"},
                                               {RuntimeClass::RemoteSelfHosted, "remote-self-hosted"},
                                               {RuntimeClass::RemoteApi, "remote-api"}};
constexpr EnumName<RunStatus> kStatuses[] = {{RunStatus::Queued, "queued"},
                                             {RunStatus::Running, "running"},
                                             {RunStatus::Succeeded, "succeeded"},
                                             {RunStatus::Failed, "failed"},
                                             {RunStatus::Cancelled, "cancelled"}};

template<typename E, size_t N>
QString nameOf(const EnumName<E> (&table)[N], E value)
{
    for (const auto &e : table)
        if (e.value == value)
            return QString::fromLatin1(e.name);
    return {};
}

template<typename E, size_t N>
std::optional<E> valueOf(const EnumName<E> (&table)[N], const QString &s)
{
    for (const auto &e : table)
        if (s == QLatin1String(e.name))
            return e.value;
    return std::nullopt;
}

// Reads fields of one object; remembers the first problem with its JSON pointer.
class Reader
{
public:
    Reader(const Json &object, QString pointer, std::optional<Error> *problem)
        : m_object(object), m_pointer(std::move(pointer)), m_problem(problem)
    {
        if (!m_object.is_object())
            fail(QString(), QStringLiteral("expected an object"));
    }

    const Json *field(const char *key, bool required) const
    {
        if (!m_object.is_object())
            return nullptr;
        const auto it = m_object.find(key);
        if (it == m_object.end() || it->is_null()) {
            if (required)
                fail(QString::fromLatin1(key), QStringLiteral("required field is missing"));
            return nullptr;
        }
        return &*it;
    }
    QString str(const char *key, bool required = false) const
    {
        const Json *v = field(key, required);
        if (!v)
            return {};
        if (!v->is_string()) {
            fail(QString::fromLatin1(key), QStringLiteral("expected a string"));
            return {};
        }
        return toQString(v->get<std::string>());
    }
    qint64 integer(const char *key, bool required = false, qint64 fallback = 0) const
    {
        const Json *v = field(key, required);
        if (!v)
            return fallback;
        if (!v->is_number_integer()) {
            fail(QString::fromLatin1(key), QStringLiteral("expected an integer"));
            return fallback;
        }
        return v->get<qint64>();
    }
    template<typename E, size_t N>
    E enumeration(const char *key, const EnumName<E> (&table)[N], E fallback) const
    {
        const QString s = str(key, true);
        if (s.isEmpty())
            return fallback;
        const auto v = valueOf(table, s);
        if (!v)
            fail(QString::fromLatin1(key), QStringLiteral("unknown value \"%1\"").arg(s));
        return v.value_or(fallback);
    }
    QString pointer(const QString &key) const { return key.isEmpty() ? m_pointer : m_pointer + QLatin1Char('/') + key; }
    void fail(const QString &key, const QString &message) const
    {
        if (!m_problem->has_value())
            *m_problem = makeError(QStringLiteral("run.json.invalid"), message, pointer(key));
    }

private:
    const Json &m_object;
    QString m_pointer;
    std::optional<Error> *m_problem;
};

void putIfSet(Json &o, const char *key, const QString &value)
{
    if (!value.isEmpty())
        o[key] = toStd(value);
}

Json errorToJson(const Error &e)
{
    Json o = {{"message", toStd(e.message)}};
    putIfSet(o, "code", e.code);
    putIfSet(o, "location", e.location);
    return o;
}

Error errorFromJson(const Reader &r)
{
    return Error{r.str("message", true), r.str("code"), r.str("location")};
}

} // namespace

QString toString(RunKind kind) { return nameOf(kKinds, kind); }
QString toString(RuntimeClass runtimeClass) { return nameOf(kClasses, runtimeClass); }
QString toString(RunStatus status) { return nameOf(kStatuses, status); }
std::optional<RunKind> runKindFromString(const QString &s) { return valueOf(kKinds, s); }
std::optional<RuntimeClass> runtimeClassFromString(const QString &s) { return valueOf(kClasses, s); }
std::optional<RunStatus> runStatusFromString(const QString &s) { return valueOf(kStatuses, s); }

bool isFinal(RunStatus status)
{
    return status == RunStatus::Succeeded || status == RunStatus::Failed || status == RunStatus::Cancelled;
}

QString utcNowIso()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

std::optional<Error> RunRecord::lastError() const
{
    for (auto it = attempts.crbegin(); it != attempts.crend(); ++it)
        if (it->error)
            return it->error;
    return std::nullopt;
}

Json RunRecord::toJson() const
{
    Json o = Json::object();
    o["schemaVersion"] = schemaVersion;
    o["id"] = toStd(id);
    o["kind"] = toStd(toString(kind));
    o["runtimeClass"] = toStd(toString(runtimeClass));
    o["engine"] = {{"name", toStd(engineName)}, {"version", toStd(engineVersion)}};
    o["status"] = toStd(toString(status));
    putIfSet(o, "project", project);
    o["createdAt"] = toStd(createdAt);
    putIfSet(o, "startedAt", startedAt);
    putIfSet(o, "endedAt", endedAt);

    Json in = Json::object();
    Json s = {{"path", toStd(spec.path)}, {"specId", toStd(spec.specId)}, {"sha256", toStd(spec.sha256)}};
    putIfSet(s, "variant", spec.variant);
    in["spec"] = s;
    Json files = Json::array();
    for (const RunInput &i : inputs) {
        Json f = {{"role", toStd(i.role)}};
        putIfSet(f, "id", i.id);
        f["path"] = toStd(i.path);
        f["sha256"] = toStd(i.sha256);
        files.push_back(f);
    }
    in["files"] = files;
    o["inputs"] = in;

    if (media) {
        o["media"] = {{"width", media->width},
                      {"height", media->height},
                      {"fps", {{"num", media->fps.num}, {"den", media->fps.den}}},
                      {"durationFrames", media->durationFrames},
                      {"audioSampleRate", media->audioSampleRate},
                      {"durationSamples", media->durationSamples}};
    }
    o["chunks"] = chunks;

    Json as = Json::array();
    for (const RunAttempt &a : attempts) {
        Json j = {{"number", a.number}, {"startedAt", toStd(a.startedAt)}};
        putIfSet(j, "endedAt", a.endedAt);
        j["outcome"] = toStd(toString(a.outcome));
        if (a.error)
            j["error"] = errorToJson(*a.error);
        putIfSet(j, "retryReason", a.retryReason);
        putIfSet(j, "host", a.host);
        if (a.exitCode)
            j["exitCode"] = *a.exitCode;
        as.push_back(j);
    }
    o["attempts"] = as;

    Json arts = Json::array();
    for (const RunArtifact &a : artifacts)
        arts.push_back({{"path", toStd(a.path)}, {"role", toStd(a.role)}, {"sha256", toStd(a.sha256)}, {"bytes", a.bytes}});
    o["artifacts"] = arts;

    Json qaj = {{"state", toStd(qa.state)}};
    if (qa.state == QLatin1String("findings") || qa.state == QLatin1String("passed"))
        qaj["counts"] = {{"blocker", qa.blockers}, {"warning", qa.warnings}, {"info", qa.info}};
    putIfSet(qaj, "findingsPath", qa.findingsPath);
    o["qa"] = qaj;

    Json p = Json::object();
    putIfSet(p, "host", provenance.host);
    putIfSet(p, "os", provenance.os);
    p["app"] = {{"version", toStd(provenance.appVersion)}, {"commit", toStd(provenance.appCommit)}};
    if (!provenance.ffmpegVersion.isEmpty())
        p["ffmpeg"] = {{"version", toStd(provenance.ffmpegVersion)},
                       {"configuration", toStd(provenance.ffmpegConfiguration)}};
    o["provenance"] = p;
    return o;
}

Result<RunRecord> RunRecord::fromJson(const Json &json)
{
    std::optional<Error> problem;
    const Reader r(json, QString(), &problem);
    RunRecord rec;
    rec.schemaVersion = int(r.integer("schemaVersion", true, 1));
    if (!problem && rec.schemaVersion != 1)
        r.fail(QStringLiteral("schemaVersion"), QStringLiteral("unsupported schema version %1").arg(rec.schemaVersion));
    rec.id = r.str("id", true);
    rec.kind = r.enumeration("kind", kKinds, RunKind::Render);
    rec.runtimeClass = r.enumeration("runtimeClass", kClasses, RuntimeClass::Local);
    rec.status = r.enumeration("status", kStatuses, RunStatus::Queued);
    rec.project = r.str("project");
    rec.createdAt = r.str("createdAt", true);
    rec.startedAt = r.str("startedAt");
    rec.endedAt = r.str("endedAt");
    rec.chunks = int(r.integer("chunks", false, 1));
    if (const Json *e = r.field("engine", true)) {
        const Reader er(*e, QStringLiteral("/engine"), &problem);
        rec.engineName = er.str("name", true);
        rec.engineVersion = er.str("version");
    }
    if (const Json *in = r.field("inputs", true)) {
        const Reader ir(*in, QStringLiteral("/inputs"), &problem);
        if (const Json *s = ir.field("spec", true)) {
            const Reader sr(*s, QStringLiteral("/inputs/spec"), &problem);
            rec.spec = {sr.str("path", true), sr.str("specId"), sr.str("variant"), sr.str("sha256", true)};
        }
        if (const Json *files = ir.field("files", false); files && files->is_array()) {
            for (size_t i = 0; i < files->size(); ++i) {
                const Reader fr((*files)[i], QStringLiteral("/inputs/files/%1").arg(i), &problem);
                rec.inputs.append({fr.str("role", true), fr.str("id"), fr.str("path", true), fr.str("sha256", true)});
            }
        }
    }
    if (const Json *m = r.field("media", false)) {
        const Reader mr(*m, QStringLiteral("/media"), &problem);
        RunMedia media;
        media.width = int(mr.integer("width", true));
        media.height = int(mr.integer("height", true));
        if (const Json *f = mr.field("fps", true)) {
            const Reader fr(*f, QStringLiteral("/media/fps"), &problem);
            media.fps = {fr.integer("num", true, 30), fr.integer("den", true, 1)};
        }
        media.durationFrames = mr.integer("durationFrames", true);
        media.audioSampleRate = int(mr.integer("audioSampleRate"));
        media.durationSamples = mr.integer("durationSamples");
        rec.media = media;
    }
    if (const Json *as = r.field("attempts", true); as && as->is_array()) {
        for (size_t i = 0; i < as->size(); ++i) {
            const QString ap = QStringLiteral("/attempts/%1").arg(i);
            const Reader ar((*as)[i], ap, &problem);
            RunAttempt a;
            a.number = int(ar.integer("number", true, 1));
            a.startedAt = ar.str("startedAt", true);
            a.endedAt = ar.str("endedAt");
            a.outcome = ar.enumeration("outcome", kStatuses, RunStatus::Running);
            if (const Json *e = ar.field("error", false))
                a.error = errorFromJson(Reader(*e, ap + QStringLiteral("/error"), &problem));
            a.retryReason = ar.str("retryReason");
            a.host = ar.str("host");
            if (ar.field("exitCode", false))
                a.exitCode = int(ar.integer("exitCode"));
            rec.attempts.append(a);
        }
    }
    if (const Json *arts = r.field("artifacts", false); arts && arts->is_array()) {
        for (size_t i = 0; i < arts->size(); ++i) {
            const Reader ar((*arts)[i], QStringLiteral("/artifacts/%1").arg(i), &problem);
            rec.artifacts.append({ar.str("path", true), ar.str("role", true), ar.str("sha256", true), ar.integer("bytes")});
        }
    }
    if (const Json *q = r.field("qa", true)) {
        const Reader qr(*q, QStringLiteral("/qa"), &problem);
        rec.qa.state = qr.str("state", true);
        rec.qa.findingsPath = qr.str("findingsPath");
        if (const Json *c = qr.field("counts", false)) {
            const Reader cr(*c, QStringLiteral("/qa/counts"), &problem);
            rec.qa.blockers = int(cr.integer("blocker"));
            rec.qa.warnings = int(cr.integer("warning"));
            rec.qa.info = int(cr.integer("info"));
        }
    }
    if (const Json *p = r.field("provenance", true)) {
        const Reader pr(*p, QStringLiteral("/provenance"), &problem);
        rec.provenance.host = pr.str("host");
        rec.provenance.os = pr.str("os");
        if (const Json *a = pr.field("app", true)) {
            const Reader arr(*a, QStringLiteral("/provenance/app"), &problem);
            rec.provenance.appVersion = arr.str("version", true);
            rec.provenance.appCommit = arr.str("commit", true);
        }
        if (const Json *f = pr.field("ffmpeg", false)) {
            const Reader fr(*f, QStringLiteral("/provenance/ffmpeg"), &problem);
            rec.provenance.ffmpegVersion = fr.str("version", true);
            rec.provenance.ffmpegConfiguration = fr.str("configuration");
        }
    }
    if (problem)
        return *problem;
    return rec;
}

Result<RunRecord> loadRunRecord(const QString &runJsonPath)
{
    Result<Json> json = readJsonFile(runJsonPath);
    if (!json)
        return json.error();
    Result<RunRecord> rec = RunRecord::fromJson(*json);
    if (!rec) {
        Error e = rec.error();
        e.location = runJsonPath + QStringLiteral("#") + e.location;
        return e;
    }
    return rec;
}

Status saveRunRecord(const QString &runJsonPath, const RunRecord &record)
{
    return writeJsonFile(runJsonPath, record.toJson());
}

} // namespace greenlight
