#include "ledger/decisionrow.h"

#include "ledger/canonicaljson.h"

#include <QSqlQuery>
#include <QVariant>

namespace greenlight {

namespace {

enum Column {
    Seq, SpecId, SpecPath, Variant, RunId, ManifestSha256, SpecSha256, OutcomeCol, Reasons, Waivers,
    Reviewer, Role, DecidedAt, PrevHash, RowHash, Canonical
};

// Qt binds a null QString as SQL NULL; the columns are NOT NULL, and "" is a value.
QString text(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

Error corrupt(qint64 seq, const QString &what)
{
    return makeError(QStringLiteral("ledger.corrupt"), what, QStringLiteral("seq ") + QString::number(seq));
}

} // namespace

QString DecisionRow::columns()
{
    return QStringLiteral("seq, spec_id, spec_path, variant, run_id, manifest_sha256, spec_sha256, outcome, "
                          "reasons_json, waivers_json, reviewer, role, decided_at, prev_hash, row_hash, "
                          "canonical_json");
}

QString DecisionRow::insertSql()
{
    return QStringLiteral("INSERT INTO decisions (") + columns()
           + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
}

void DecisionRow::bindInsert(QSqlQuery &q, const Decision &d)
{
    q.bindValue(Seq, qlonglong(d.seq));
    q.bindValue(SpecId, text(d.specId));
    q.bindValue(SpecPath, text(d.specPath));
    q.bindValue(Variant, text(d.variant));
    q.bindValue(RunId, text(d.runId));
    q.bindValue(ManifestSha256, text(d.manifestSha256));
    q.bindValue(SpecSha256, text(d.specSha256));
    q.bindValue(OutcomeCol, toString(d.outcome));
    q.bindValue(Reasons, QString::fromUtf8(CanonicalJson::stringArray(d.reasons)));
    q.bindValue(Waivers, QString::fromUtf8(CanonicalJson::waivers(d.waivers)));
    q.bindValue(Reviewer, text(d.reviewer));
    q.bindValue(Role, text(d.role));
    q.bindValue(DecidedAt, text(d.decidedAt));
    q.bindValue(PrevHash, text(d.prevHash));
    q.bindValue(RowHash, text(d.rowHash));
    q.bindValue(Canonical, d.canonicalJson); // the exact bytes that were hashed
}

DecisionRow::Raw DecisionRow::readRaw(const QSqlQuery &q)
{
    Raw raw;
    Decision &d = raw.fields;
    d.seq = q.value(Seq).toLongLong();
    d.specId = q.value(SpecId).toString();
    d.specPath = q.value(SpecPath).toString();
    d.variant = q.value(Variant).toString();
    d.runId = q.value(RunId).toString();
    d.manifestSha256 = q.value(ManifestSha256).toString();
    d.specSha256 = q.value(SpecSha256).toString();
    raw.outcomeText = q.value(OutcomeCol).toString();
    d.outcome = outcomeFromString(raw.outcomeText).value_or(Outcome::Revise);
    raw.reasonsJson = q.value(Reasons).toString().toUtf8();
    raw.waiversJson = q.value(Waivers).toString().toUtf8();
    d.reviewer = q.value(Reviewer).toString();
    d.role = q.value(Role).toString();
    d.decidedAt = q.value(DecidedAt).toString();
    d.prevHash = q.value(PrevHash).toString();
    d.rowHash = q.value(RowHash).toString();
    d.canonicalJson = q.value(Canonical).toByteArray();
    return raw;
}

Result<Decision> DecisionRow::read(const QSqlQuery &q)
{
    Decision d;
    d.seq = q.value(Seq).toLongLong();
    d.specId = q.value(SpecId).toString();
    d.specPath = q.value(SpecPath).toString();
    d.variant = q.value(Variant).toString();
    d.runId = q.value(RunId).toString();
    d.manifestSha256 = q.value(ManifestSha256).toString();
    d.specSha256 = q.value(SpecSha256).toString();
    const QString outcome = q.value(OutcomeCol).toString();
    const auto parsedOutcome = outcomeFromString(outcome);
    if (!parsedOutcome)
        return corrupt(d.seq, QStringLiteral("unknown outcome '%1'").arg(outcome));
    d.outcome = *parsedOutcome;
    d.reviewer = q.value(Reviewer).toString();
    d.role = q.value(Role).toString();
    d.decidedAt = q.value(DecidedAt).toString();
    d.prevHash = q.value(PrevHash).toString();
    d.rowHash = q.value(RowHash).toString();
    d.canonicalJson = q.value(Canonical).toByteArray(); // a BLOB (TEXT if someone rewrote it)

    const QByteArray reasons = q.value(Reasons).toString().toUtf8();
    const auto r = nlohmann::json::parse(reasons.constBegin(), reasons.constEnd(), nullptr, false);
    if (!r.is_array())
        return corrupt(d.seq, QStringLiteral("reasons_json is not a JSON array"));
    for (const auto &item : r) {
        if (!item.is_string())
            return corrupt(d.seq, QStringLiteral("reasons_json holds a non-string"));
        d.reasons.append(toQString(item.get_ref<const std::string &>()));
    }
    const QByteArray waivers = q.value(Waivers).toString().toUtf8();
    const auto w = nlohmann::json::parse(waivers.constBegin(), waivers.constEnd(), nullptr, false);
    if (!w.is_array())
        return corrupt(d.seq, QStringLiteral("waivers_json is not a JSON array"));
    for (const auto &item : w) {
        const auto code = item.is_object() ? item.find("code") : item.end();
        const auto reason = item.is_object() ? item.find("reason") : item.end();
        if (!item.is_object() || code == item.end() || reason == item.end() || !code->is_string()
            || !reason->is_string() || item.size() != 2)
            return corrupt(d.seq, QStringLiteral("waivers_json holds something other than {code, reason}"));
        d.waivers.append({toQString(code->get_ref<const std::string &>()),
                          toQString(reason->get_ref<const std::string &>())});
    }
    return d;
}

} // namespace greenlight
