#include "semantic/observationstore.h"

#include "common/jsonio.h"
#include "common/jsonschema.h"
#include "semantic/semanticcodes.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace greenlight {

namespace {

Error storeError(const QString &message, const QString &location)
{
    return makeError(QStringLiteral("observations.store"), message, location);
}

} // namespace

Result<ObservationStore> ObservationStore::open(const QString &runDir)
{
    const QFileInfo dir(runDir);
    if (!dir.isDir())
        return makeError(QStringLiteral("io.read"), QStringLiteral("no such run folder"), runDir);
    ObservationStore store(dir.absoluteFilePath());
    const QString path = store.filePath();
    if (!QFileInfo::exists(path))
        return store;
    auto json = readJsonFile(path);
    if (!json)
        return json.error();
    auto schema = JsonSchema::load(QStringLiteral(":/schemas/findings.schema.json"));
    if (!schema)
        return schema.error();
    const QList<SchemaViolation> violations = (*schema)->validate(*json);
    if (!violations.isEmpty())
        return storeError(QStringLiteral("not a findings document: ") + describeViolations(violations),
                          path + QLatin1Char('#') + violations.first().pointer);
    auto findings = findingsFromJson(*json);
    if (!findings)
        return Error{findings.error().message, QStringLiteral("observations.store"), path};
    for (qsizetype i = 0; i < findings->size(); ++i) {
        const Finding &f = findings->at(i);
        const QString where = path + QStringLiteral("#/findings/") + QString::number(i);
        if (f.stage != Stage::Semantic || f.id.isEmpty() || !f.frames)
            return storeError(QStringLiteral("only semantic observations with an id and frames belong here"), where);
    }
    store.m_observations = std::move(findings.value());
    return store;
}

QString ObservationStore::filePath() const
{
    return QDir(m_runDir).filePath(fileName());
}

QDateTime ObservationStore::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

Result<qsizetype> ObservationStore::indexOf(const QString &idOrPrefix) const
{
    qsizetype found = -1;
    for (qsizetype i = 0; i < m_observations.size(); ++i) {
        const QString &id = m_observations[i].id;
        if (id == idOrPrefix)
            return i;
        if (idOrPrefix.size() >= 4 && id.startsWith(idOrPrefix)) {
            if (found >= 0)
                return makeError(QStringLiteral("observations.ambiguous-id"),
                                 QStringLiteral("\"%1\" matches more than one observation; give more of the id").arg(idOrPrefix));
            found = i;
        }
    }
    if (found < 0)
        return makeError(QStringLiteral("observations.unknown-id"),
                         QStringLiteral("no observation with id \"%1\" in this run").arg(idOrPrefix), filePath());
    return found;
}

Result<Finding> ObservationStore::find(const QString &idOrPrefix) const
{
    auto i = indexOf(idOrPrefix);
    if (!i)
        return i.error();
    return m_observations[*i];
}

Status ObservationStore::commit(const Findings &next)
{
    if (Status s = writeJsonFile(filePath(), findingsToJson(next)); !s)
        return s;
    m_observations = next;
    return {};
}

Result<Finding> ObservationStore::add(const ObservationInput &input)
{
    if (Status s = observation::check(input); !s)
        return s.error();
    const Finding f = observation::make(input, now());
    const bool exists = std::any_of(m_observations.cbegin(), m_observations.cend(),
                                    [&](const Finding &o) { return o.id == f.id; });
    if (exists)
        return makeError(QStringLiteral("observations.duplicate"),
                         QStringLiteral("this reviewer already made the same observation (%1)").arg(f.id));
    Findings next = m_observations;
    next.append(f);
    if (Status s = commit(next); !s)
        return s.error();
    return f;
}

Result<Finding> ObservationStore::change(const QString &id, const std::function<Status(Finding &)> &apply)
{
    auto i = indexOf(id);
    if (!i)
        return i.error();
    Findings next = m_observations;
    if (Status s = apply(next[*i]); !s)
        return s.error();
    if (Status s = commit(next); !s)
        return s.error();
    return m_observations[*i];
}

Result<Finding> ObservationStore::edit(const QString &id, const ObservationEdit &e, const QString &by)
{
    return change(id, [&](Finding &f) -> Status {
        ObservationInput in;
        in.frames = e.frames.value_or(*f.frames);
        in.category = e.category.value_or(f.category);
        in.severity = e.severity.value_or(f.severity);
        in.text = e.text.value_or(f.message);
        in.evidenceFrames = e.evidenceFrames.value_or(observation::evidenceFrames(f));
        in.evidenceCueIds = e.evidenceCueIds.value_or(observation::evidenceCueIds(f));
        in.reviewer = f.reviewer.value_or(Reviewer{QStringLiteral("human"), by, {}, {}});
        if (Status s = observation::check(in); !s)
            return s;
        f.frames = in.frames;
        f.category = in.category;
        f.code = semanticCodeForCategory(in.category);
        f.severity = in.severity;
        f.message = in.text.trimmed();
        observation::setEvidence(f, in.evidenceFrames, in.evidenceCueIds);
        observation::appendHistory(f, QStringLiteral("edit"), by, now());
        return {};
    });
}

Result<Finding> ObservationStore::resolve(const QString &id, const QString &by, const QString &note)
{
    return change(id, [&](Finding &f) -> Status {
        if (f.status == FindingStatus::Resolved)
            return makeError(QStringLiteral("observations.state"), QStringLiteral("%1 is already resolved").arg(f.id));
        f.status = FindingStatus::Resolved;
        f.waiverReason.clear();
        observation::appendHistory(f, QStringLiteral("resolve"), by, now(), note);
        return {};
    });
}

Result<Finding> ObservationStore::waive(const QString &id, const QString &reason, const QString &by)
{
    if (reason.trimmed().isEmpty())
        return makeError(QStringLiteral("observations.invalid"), QStringLiteral("a waiver needs a reason"));
    return change(id, [&](Finding &f) -> Status {
        if (f.status == FindingStatus::Waived)
            return makeError(QStringLiteral("observations.state"), QStringLiteral("%1 is already waived").arg(f.id));
        f.status = FindingStatus::Waived;
        f.waiverReason = reason.trimmed();
        observation::appendHistory(f, QStringLiteral("waive"), by, now(), f.waiverReason);
        return {};
    });
}

Result<Finding> ObservationStore::reopen(const QString &id, const QString &by)
{
    return change(id, [&](Finding &f) -> Status {
        if (f.status == FindingStatus::Open)
            return makeError(QStringLiteral("observations.state"), QStringLiteral("%1 is already open").arg(f.id));
        f.status = FindingStatus::Open;
        f.waiverReason.clear();
        observation::appendHistory(f, QStringLiteral("reopen"), by, now());
        return {};
    });
}

Result<ImportSummary> ObservationStore::importBatch(const ObservationBatch &batch)
{
    Findings made;
    const QDateTime at = now();
    for (qsizetype i = 0; i < batch.observations.size(); ++i) {
        if (Status s = observation::check(batch.observations[i], QStringLiteral("/observations/") + QString::number(i)); !s)
            return s.error();
        made.append(observation::make(batch.observations[i], at));
    }
    return addFindings(made);
}

Result<ImportSummary> ObservationStore::importFile(const QString &path, const std::optional<Reviewer> &reviewerOverride)
{
    auto batch = ObservationParser::parseFile(path, reviewerOverride);
    if (!batch)
        return batch.error();
    return importBatch(*batch);
}

Result<ImportSummary> ObservationStore::addFindings(const Findings &findings)
{
    ImportSummary summary;
    Findings next = m_observations;
    QSet<QString> ids;
    for (const Finding &f : m_observations)
        ids.insert(f.id);
    for (const Finding &f : findings) {
        if (f.stage != Stage::Semantic || f.id.isEmpty() || !f.frames || !f.reviewer)
            return makeError(QStringLiteral("observations.invalid"),
                             QStringLiteral("only semantic observations with id, frames and reviewer can be stored"));
        if (ids.contains(f.id)) {
            summary.duplicateIds.append(f.id);
            continue;
        }
        ids.insert(f.id);
        next.append(f);
        summary.addedIds.append(f.id);
    }
    // A review that found nothing is still a review: the first batch creates the file.
    if (!summary.addedIds.isEmpty() || !QFileInfo::exists(filePath()))
        if (Status s = commit(next); !s)
            return s.error();
    return summary;
}

} // namespace greenlight
