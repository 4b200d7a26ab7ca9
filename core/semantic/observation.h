#pragma once

#include "qa/finding.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight {

// What a reviewer says about a frame range, before it becomes a semantic Finding.
struct ObservationInput
{
    FrameRange frames;                 // half-open [start, end)
    QString category;                  // see observationCategories()
    Severity severity = Severity::Warning;
    QString text;
    QList<qint64> evidenceFrames;      // frames that show it
    QStringList evidenceCueIds;        // cues it concerns
    Reviewer reviewer;                 // kind human | model
};

// Observations are Findings with stage "semantic". Their evidence object holds
//   {"frames": [n...], "cueIds": ["..."], "history": [{"action", "by", "at", "reason"?}]}
// where history records who created, edited, resolved, waived or reopened it, and when.
namespace observation {

// Stable id: "obs-" + 12 hex digits of sha256 over reviewer, frames, category and text. The
// same observation from the same reviewer always gets the same id (imports are idempotent).
QString makeId(const ObservationInput &input);

// A semantic finding (code semantic.<category>, status open) with a "create" history entry.
Finding make(const ObservationInput &input, const QDateTime &at_utc);

QList<qint64> evidenceFrames(const Finding &f);
QStringList evidenceCueIds(const Finding &f);
void setEvidence(Finding &f, const QList<qint64> &frames, const QStringList &cueIds);
void appendHistory(Finding &f, const QString &action, const QString &by, const QDateTime &at_utc,
                   const QString &reason = {});

// "human:ana" or "model:reviewer-a:gpt-4o": one reviewer across observations.
QString reviewerKey(const Reviewer &r);
QString reviewerLabel(const Reviewer &r);

// Checks one observation for the things a schema cannot say: end after start, known
// category, text present. Errors name `pointer` (+ "/frames/end" etc.); code observations.invalid.
Status check(const ObservationInput &input, const QString &pointer = {});

} // namespace observation

} // namespace greenlight
