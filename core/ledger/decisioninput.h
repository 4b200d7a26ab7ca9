#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

// The publish-gate outcome of one decision.
enum class Outcome { Pass, Revise, Reject };

QString toString(Outcome outcome);
std::optional<Outcome> outcomeFromString(const QString &s);

// A blocker waived by the reviewer, with the reason recorded in the ledger.
struct Waiver
{
    QString code;   // finding code being waived
    QString reason; // why shipping with it is acceptable
    bool operator==(const Waiver &) const = default;
};

// What a caller supplies to record one decision (schemas/decision.schema.json without the
// ledger's own fields seq, prevHash and rowHash). A plain struct: the gate fills it in.
struct DecisionInput
{
    QString specId;
    QString specPath;       // relative to the project
    QString variant;
    QString runId;
    QString manifestSha256; // 64 lower-case hex digits
    QString specSha256;     // 64 lower-case hex digits
    Outcome outcome = Outcome::Revise;
    QStringList reasons;
    QList<Waiver> waivers;
    QString reviewer;
    QString role;
    QDateTime decidedAt; // invalid = the time of the append (UTC)

    // Checks required fields and formats; the error's location is the JSON field name.
    Status validate() const;
};

} // namespace greenlight
