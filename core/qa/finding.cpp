#include "qa/finding.h"

#include <algorithm>

namespace greenlight {

namespace {
template<typename E, size_t N>
std::optional<E> lookup(const QString &s, const std::pair<E, const char *> (&table)[N])
{
    for (const auto &[value, name] : table)
        if (s == QLatin1String(name))
            return value;
    return std::nullopt;
}
template<typename E, size_t N>
QString name(E e, const std::pair<E, const char *> (&table)[N])
{
    for (const auto &[value, n] : table)
        if (value == e)
            return QLatin1String(n);
    return {};
}

constexpr std::pair<Severity, const char *> kSeverities[] = {
    {Severity::Blocker, "blocker"}, {Severity::Warning, "warning"}, {Severity::Info, "info"}};
constexpr std::pair<Stage, const char *> kStages[] = {{Stage::Structural, "structural"},
                                                      {Stage::Deterministic, "deterministic"},
                                                      {Stage::Semantic, "semantic"}};
constexpr std::pair<FindingStatus, const char *> kStatuses[] = {
    {FindingStatus::Open, "open"}, {FindingStatus::Resolved, "resolved"},
    {FindingStatus::Waived, "waived"}};
} // namespace

QString toString(Severity s) { return name(s, kSeverities); }
QString toString(Stage s) { return name(s, kStages); }
QString toString(FindingStatus s) { return name(s, kStatuses); }
std::optional<Severity> severityFromString(const QString &s) { return lookup(s, kSeverities); }
std::optional<Stage> stageFromString(const QString &s) { return lookup(s, kStages); }
std::optional<FindingStatus> findingStatusFromString(const QString &s)
{
    return lookup(s, kStatuses);
}

Json Finding::toJson() const
{
    Json j;
    j["code"] = toStd(code);
    j["stage"] = toStd(toString(stage));
    j["severity"] = toStd(toString(severity));
    j["message"] = toStd(message);
    j["pointer"] = toStd(pointer);
    if (!path.isEmpty())
        j["path"] = toStd(path);
    if (!variant.isEmpty())
        j["variant"] = toStd(variant);
    if (frames)
        j["frames"] = {{"start", frames->start}, {"end", frames->end}};
    if (!evidence.empty())
        j["evidence"] = evidence;
    j["status"] = toStd(toString(status));
    if (!waiverReason.isEmpty())
        j["waiverReason"] = toStd(waiverReason);
    if (!id.isEmpty())
        j["id"] = toStd(id);
    if (!category.isEmpty())
        j["category"] = toStd(category);
    if (reviewer) {
        Json r{{"kind", toStd(reviewer->kind)}, {"name", toStd(reviewer->name)}};
        if (!reviewer->model.isEmpty())
            r["model"] = toStd(reviewer->model);
        if (!reviewer->version.isEmpty())
            r["version"] = toStd(reviewer->version);
        j["reviewer"] = r;
    }
    return j;
}

Result<Finding> Finding::fromJson(const Json &j)
{
    if (!j.is_object())
        return makeError(QStringLiteral("findings.format"), QStringLiteral("finding is not an object"));
    try {
        Finding f;
        f.code = toQString(j.at("code").get<std::string>());
        f.message = toQString(j.at("message").get<std::string>());
        f.pointer = toQString(j.value("pointer", std::string()));
        f.path = toQString(j.value("path", std::string()));
        f.variant = toQString(j.value("variant", std::string()));
        const auto stage = stageFromString(toQString(j.at("stage").get<std::string>()));
        const auto sev = severityFromString(toQString(j.at("severity").get<std::string>()));
        const auto status = findingStatusFromString(toQString(j.value("status", std::string("open"))));
        if (!stage || !sev || !status)
            return makeError(QStringLiteral("findings.format"),
                             QStringLiteral("unknown stage, severity or status in finding ") + f.code);
        f.stage = *stage;
        f.severity = *sev;
        f.status = *status;
        if (j.contains("frames"))
            f.frames = FrameRange{j["frames"].at("start").get<qint64>(), j["frames"].at("end").get<qint64>()};
        if (j.contains("evidence"))
            f.evidence = j["evidence"];
        f.waiverReason = toQString(j.value("waiverReason", std::string()));
        f.id = toQString(j.value("id", std::string()));
        f.category = toQString(j.value("category", std::string()));
        if (j.contains("reviewer")) {
            const Json &r = j["reviewer"];
            f.reviewer = Reviewer{toQString(r.value("kind", std::string())), toQString(r.value("name", std::string())),
                                  toQString(r.value("model", std::string())), toQString(r.value("version", std::string()))};
        }
        return f;
    } catch (const Json::exception &e) {
        return makeError(QStringLiteral("findings.format"),
                         QStringLiteral("malformed finding: ") + QString::fromUtf8(e.what()));
    }
}

bool hasOpenBlocker(const Findings &findings)
{
    return std::any_of(findings.begin(), findings.end(), [](const Finding &f) {
        return f.severity == Severity::Blocker && f.status == FindingStatus::Open;
    });
}

int countBySeverity(const Findings &findings, Severity severity)
{
    return int(std::count_if(findings.begin(), findings.end(),
                             [severity](const Finding &f) { return f.severity == severity; }));
}

Json findingsToJson(const Findings &findings)
{
    Json list = Json::array();
    for (const Finding &f : findings)
        list.push_back(f.toJson());
    return Json{{"schemaVersion", 1}, {"findings", list}};
}

Result<Findings> findingsFromJson(const Json &json)
{
    if (!json.is_object() || !json.contains("findings") || !json["findings"].is_array())
        return makeError(QStringLiteral("findings.format"),
                         QStringLiteral("expected an object with a \"findings\" array"));
    Findings out;
    for (const Json &item : json["findings"]) {
        auto f = Finding::fromJson(item);
        if (!f)
            return f.error();
        out.append(std::move(f.value()));
    }
    return out;
}

} // namespace greenlight
