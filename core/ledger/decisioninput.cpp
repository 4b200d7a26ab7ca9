#include "ledger/decisioninput.h"

namespace greenlight {

namespace {

constexpr std::pair<Outcome, const char *> kOutcomes[] = {
    {Outcome::Pass, "pass"}, {Outcome::Revise, "revise"}, {Outcome::Reject, "reject"}};

Error invalid(const QString &field, const QString &message)
{
    return makeError(QStringLiteral("ledger.invalid-input"), message, QLatin1Char('/') + field);
}

bool isSha256Hex(const QString &s)
{
    if (s.size() != 64)
        return false;
    for (const QChar c : s)
        if (!((c >= QLatin1Char('0') && c <= QLatin1Char('9')) || (c >= QLatin1Char('a') && c <= QLatin1Char('f'))))
            return false;
    return true;
}

// Text the ledger stores must survive UTF-8 and SQLite text round trips unchanged.
bool isStorableText(const QString &s)
{
    return s.isValidUtf16() && !s.contains(QChar(0));
}

} // namespace

QString toString(Outcome outcome)
{
    for (const auto &[value, name] : kOutcomes)
        if (value == outcome)
            return QLatin1String(name);
    return {};
}

std::optional<Outcome> outcomeFromString(const QString &s)
{
    for (const auto &[value, name] : kOutcomes)
        if (s == QLatin1String(name))
            return value;
    return std::nullopt;
}

Status DecisionInput::validate() const
{
    const std::pair<const char *, const QString *> required[] = {
        {"specId", &specId}, {"variant", &variant}, {"runId", &runId}, {"reviewer", &reviewer}, {"role", &role}};
    for (const auto &[field, value] : required)
        if (value->trimmed().isEmpty())
            return invalid(QLatin1String(field), QStringLiteral("is required"));
    if (!isSha256Hex(manifestSha256))
        return invalid(QStringLiteral("manifestSha256"), QStringLiteral("must be 64 lower-case hex digits (sha256)"));
    if (!isSha256Hex(specSha256))
        return invalid(QStringLiteral("specSha256"), QStringLiteral("must be 64 lower-case hex digits (sha256)"));
    const std::pair<const char *, const QString *> texts[] = {
        {"specId", &specId},     {"specPath", &specPath}, {"variant", &variant},
        {"runId", &runId},       {"reviewer", &reviewer}, {"role", &role}};
    for (const auto &[field, value] : texts)
        if (!isStorableText(*value))
            return invalid(QLatin1String(field), QStringLiteral("contains invalid or NUL characters"));
    for (qsizetype i = 0; i < reasons.size(); ++i)
        if (!isStorableText(reasons[i]) || reasons[i].trimmed().isEmpty())
            return invalid(QStringLiteral("reasons/") + QString::number(i),
                           QStringLiteral("must be non-empty text without NUL characters"));
    for (qsizetype i = 0; i < waivers.size(); ++i) {
        const Waiver &w = waivers[i];
        if (w.code.trimmed().isEmpty() || !isStorableText(w.code))
            return invalid(QStringLiteral("waivers/") + QString::number(i) + QStringLiteral("/code"),
                           QStringLiteral("a waiver names the finding code it waives"));
        if (w.reason.trimmed().isEmpty() || !isStorableText(w.reason))
            return invalid(QStringLiteral("waivers/") + QString::number(i) + QStringLiteral("/reason"),
                           QStringLiteral("a waiver needs a reason"));
    }
    return {};
}

} // namespace greenlight
