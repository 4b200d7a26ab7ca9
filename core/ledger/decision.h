#pragma once

#include "common/jsonio.h"
#include "ledger/decisioninput.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace greenlight {

// One recorded publish-gate decision: a row of the ledger (schemas/decision.schema.json).
//
// The row is hash-chained: prevHash is the rowHash of the row before it (64 zeros for the
// first row) and rowHash = sha256(canonicalJson), where canonicalJson is the canonical JSON
// (sorted keys, no whitespace, UTF-8) of every field below except rowHash, prevHash included.
struct Decision
{
    static constexpr int kSchemaVersion = 1;

    qint64 seq = 0; // 1, 2, 3, ... without gaps
    QString specId;
    QString specPath;
    QString variant;
    QString runId;
    QString manifestSha256;
    QString specSha256;
    Outcome outcome = Outcome::Revise;
    QStringList reasons;
    QList<Waiver> waivers;
    QString reviewer;
    QString role;
    QString decidedAt; // ISO-8601 UTC with milliseconds, exactly as hashed
    QString prevHash;
    QString rowHash;
    QByteArray canonicalJson;

    // Builds the row that follows `prevHash` at `seq`: copies the input, fixes the time
    // (input.decidedAt or now, UTC, milliseconds), computes canonicalJson and rowHash.
    static Decision seal(qint64 seq, const DecisionInput &input, const QString &prevHash);

    // The canonical bytes of this decision's fields as they are now (used to re-check a row).
    QByteArray computeCanonicalJson() const;
    QDateTime decidedAtUtc() const;
    DecisionInput toInput() const;

    // {"schemaVersion": 1, "seq": ..., ..., "prevHash": ..., "rowHash": ...}
    Json toJson() const;
    static Result<Decision> fromJson(const Json &json);

    static QString genesisHash() { return QString(64, QLatin1Char('0')); }
    static QString formatTime(const QDateTime &time);
};

} // namespace greenlight
