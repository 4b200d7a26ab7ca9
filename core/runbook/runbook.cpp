#include "runbook/runbook.h"

#include "common/jsonschema.h"

#include <QDir>
#include <QFileInfo>

namespace greenlight {

namespace {

QStringList stringList(const Json &array)
{
    QStringList out;
    if (array.is_array())
        for (const Json &v : array)
            out.append(toQString(v));
    return out;
}

} // namespace

std::optional<QString> Workload::rerouteAfter(const QString &current, const QString &errorCode) const
{
    if (!rerouteEnabled)
        return std::nullopt;
    if (!rerouteOnErrors.isEmpty() && !rerouteOnErrors.contains(errorCode))
        return std::nullopt;
    const qsizetype i = runtimeClasses.indexOf(current);
    if (i < 0 || i + 1 >= runtimeClasses.size())
        return std::nullopt;
    return runtimeClasses.at(i + 1);
}

QString Runbook::defaultPath() { return QStringLiteral(":/runbooks/default.runbook.json"); }

Result<Runbook> Runbook::load(const QString &path)
{
    auto json = readJsonFile(path);
    if (!json)
        return json.error();
    return fromJson(*json, path);
}

Result<Runbook> Runbook::forProject(const QString &projectRoot)
{
    const QString own = QDir(projectRoot).filePath(QStringLiteral("runbook.json"));
    return load(QFileInfo::exists(own) ? own : defaultPath());
}

Result<Runbook> Runbook::fromJson(const Json &json, const QString &label)
{
    auto schema = JsonSchema::load(QStringLiteral(":/schemas/runbook.schema.json"));
    if (!schema)
        return schema.error();
    const QList<SchemaViolation> violations = (*schema)->validate(json);
    if (!violations.isEmpty())
        return makeError(QStringLiteral("runbook.invalid"),
                         QStringLiteral("the runbook breaks its schema: ") + describeViolations(violations), label);

    Runbook rb;
    rb.m_json = json;
    rb.m_source = label;
    rb.m_id = toQString(json["id"]);
    rb.m_title = toQString(json["title"]);
    rb.m_qa = json["qa"];
    rb.m_retention = json["retention"];
    rb.m_roles = json["roles"];
    QStringList seen;
    for (const Json &w : json["workloads"]) {
        Workload wl;
        wl.id = toQString(w["id"]);
        if (seen.contains(wl.id))
            return makeError(QStringLiteral("runbook.invalid"),
                             QStringLiteral("workload \"%1\" is defined twice").arg(wl.id), label);
        seen.append(wl.id);
        wl.kind = toQString(w["kind"]);
        wl.description = toQString(w.value("description", std::string()));
        wl.runtimeClasses = stringList(w["runtimeClasses"]);
        for (auto it = w["engines"].begin(); it != w["engines"].end(); ++it)
            wl.engines.insert(toQString(it.key()), toQString(it.value()));
        for (const QString &rc : std::as_const(wl.runtimeClasses))
            if (!wl.engines.contains(rc))
                return makeError(QStringLiteral("runbook.invalid"),
                                 QStringLiteral("workload \"%1\" allows runtime class %2 but names no engine for it")
                                     .arg(wl.id, rc),
                                 label);
        wl.cache = w["cache"].get<bool>();
        const Json &r = w["retry"];
        wl.retry.maxAttempts = r["maxAttempts"].get<int>();
        wl.retry.initialBackoff_ms = r["initialBackoff_ms"].get<qint64>();
        wl.retry.maxBackoff_ms = r["maxBackoff_ms"].get<qint64>();
        wl.retry.budget_ms = r["budget_ms"].get<qint64>();
        if (r.contains("timeout_ms"))
            wl.retry.timeout_ms = r["timeout_ms"].get<qint64>();
        wl.rerouteEnabled = w["reroute"]["enabled"].get<bool>();
        wl.rerouteOnErrors = stringList(w["reroute"].value("onErrors", Json::array()));
        wl.requiredStages = stringList(w["requiredStages"]);
        rb.m_workloads.append(wl);
    }
    return rb;
}

const Workload *Runbook::workload(const QString &id) const
{
    for (const Workload &w : m_workloads)
        if (w.id == id)
            return &w;
    return nullptr;
}

QStringList Runbook::workloadIds(const QString &kind) const
{
    QStringList ids;
    for (const Workload &w : m_workloads)
        if (kind.isEmpty() || w.kind == kind)
            ids.append(w.id);
    return ids;
}

QStringList Runbook::rolesThatMayDecide(const QString &outcome) const
{
    return stringList(m_roles.value(toStd(outcome), Json::array()));
}

bool Runbook::mayDecide(const QString &role, const QString &outcome) const
{
    return rolesThatMayDecide(outcome).contains(role);
}

QStringList Runbook::rolesThatMayWaive(const QString &findingCode) const
{
    const std::string code = toStd(findingCode);
    if (m_roles.contains("waiveByCode") && m_roles["waiveByCode"].contains(code))
        return stringList(m_roles["waiveByCode"][code]);
    return stringList(m_roles["waive"]);
}

bool Runbook::mayWaive(const QString &role, const QString &findingCode) const
{
    return rolesThatMayWaive(findingCode).contains(role);
}

} // namespace greenlight
