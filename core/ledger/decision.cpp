#include "ledger/decision.h"

#include "common/hashing.h"
#include "ledger/canonicaljson.h"

namespace greenlight {

QString Decision::formatTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

Decision Decision::seal(qint64 seq, const DecisionInput &input, const QString &prevHash)
{
    Decision d;
    d.seq = seq;
    d.specId = input.specId;
    d.specPath = input.specPath;
    d.variant = input.variant;
    d.runId = input.runId;
    d.manifestSha256 = input.manifestSha256;
    d.specSha256 = input.specSha256;
    d.outcome = input.outcome;
    d.reasons = input.reasons;
    d.waivers = input.waivers;
    d.reviewer = input.reviewer;
    d.role = input.role;
    d.decidedAt = formatTime(input.decidedAt.isValid() ? input.decidedAt : QDateTime::currentDateTimeUtc());
    d.prevHash = prevHash;
    d.canonicalJson = CanonicalJson::decision(d);
    d.rowHash = sha256Hex(d.canonicalJson);
    return d;
}

QByteArray Decision::computeCanonicalJson() const
{
    return CanonicalJson::decision(*this);
}

QDateTime Decision::decidedAtUtc() const
{
    return QDateTime::fromString(decidedAt, Qt::ISODateWithMs).toUTC();
}

DecisionInput Decision::toInput() const
{
    DecisionInput in;
    in.specId = specId;
    in.specPath = specPath;
    in.variant = variant;
    in.runId = runId;
    in.manifestSha256 = manifestSha256;
    in.specSha256 = specSha256;
    in.outcome = outcome;
    in.reasons = reasons;
    in.waivers = waivers;
    in.reviewer = reviewer;
    in.role = role;
    in.decidedAt = decidedAtUtc();
    return in;
}

Json Decision::toJson() const
{
    Json j;
    j["schemaVersion"] = kSchemaVersion;
    j["seq"] = seq;
    j["specId"] = toStd(specId);
    j["specPath"] = toStd(specPath);
    j["variant"] = toStd(variant);
    j["runId"] = toStd(runId);
    j["manifestSha256"] = toStd(manifestSha256);
    j["specSha256"] = toStd(specSha256);
    j["outcome"] = toStd(toString(outcome));
    j["reasons"] = Json::array();
    for (const QString &r : reasons)
        j["reasons"].push_back(toStd(r));
    j["waivers"] = Json::array();
    for (const Waiver &w : waivers)
        j["waivers"].push_back({{"code", toStd(w.code)}, {"reason", toStd(w.reason)}});
    j["reviewer"] = toStd(reviewer);
    j["role"] = toStd(role);
    j["decidedAt"] = toStd(decidedAt);
    j["prevHash"] = toStd(prevHash);
    j["rowHash"] = toStd(rowHash);
    return j;
}

namespace {

bool readString(const Json &json, const char *key, QString &out)
{
    const auto it = json.find(key);
    if (it == json.end() || !it->is_string())
        return false;
    out = toQString(it->get<std::string>());
    return true;
}

} // namespace

Result<Decision> Decision::fromJson(const Json &json)
{
    auto bad = [](const QString &field) {
        return makeError(QStringLiteral("ledger.decision-json"),
                         QStringLiteral("missing or malformed field"), QLatin1Char('/') + field);
    };
    if (!json.is_object())
        return bad(QString());
    Decision d;
    const auto seqIt = json.find("seq");
    if (seqIt == json.end() || !seqIt->is_number_integer())
        return bad(QStringLiteral("seq"));
    d.seq = seqIt->get<qint64>();
    const std::pair<const char *, QString *> strings[] = {
        {"specId", &d.specId},       {"specPath", &d.specPath},     {"variant", &d.variant},
        {"runId", &d.runId},         {"manifestSha256", &d.manifestSha256},
        {"specSha256", &d.specSha256}, {"reviewer", &d.reviewer},   {"role", &d.role},
        {"decidedAt", &d.decidedAt}, {"prevHash", &d.prevHash}};
    for (const auto &[key, target] : strings)
        if (!readString(json, key, *target))
            return bad(QLatin1String(key));
    QString outcome;
    if (!readString(json, "outcome", outcome) || !outcomeFromString(outcome))
        return bad(QStringLiteral("outcome"));
    d.outcome = *outcomeFromString(outcome);
    const auto reasons = json.find("reasons");
    if (reasons == json.end() || !reasons->is_array())
        return bad(QStringLiteral("reasons"));
    for (const Json &r : *reasons) {
        if (!r.is_string())
            return bad(QStringLiteral("reasons"));
        d.reasons.append(toQString(r.get<std::string>()));
    }
    const auto waivers = json.find("waivers");
    if (waivers == json.end() || !waivers->is_array())
        return bad(QStringLiteral("waivers"));
    for (const Json &w : *waivers) {
        Waiver waiver;
        if (!w.is_object() || !readString(w, "code", waiver.code) || !readString(w, "reason", waiver.reason))
            return bad(QStringLiteral("waivers"));
        d.waivers.append(waiver);
    }
    readString(json, "rowHash", d.rowHash); // absent in the canonical (hashed) form
    d.canonicalJson = CanonicalJson::decision(d);
    return d;
}

} // namespace greenlight
