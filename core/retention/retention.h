#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace greenlight {

class Runbook;

// What retention decided for one run folder of a project.
struct RetentionItem
{
    QString runId;
    QString path;    // absolute run folder
    QString group;   // "<spec path> [<variant>] <kind>": runs counted together
    QString status;  // run status, or "unreadable"
    QDateTime createdAt;
    bool remove = false;
    QString reason;  // why it goes, or why it stays
};

struct RetentionPlan
{
    QList<RetentionItem> items; // every run folder, newest first within a group
    int removeCount() const;
    qint64 removeBytes = 0;     // what removing frees
};

// Applies the runbook's retention (keepLastRunsPerVariant, maxAgeDays, keepDecidedRuns,
// keepFailedRunsDays) to <project>/runs/:
//  - never removed: runs a ledger decision names (when keepDecidedRuns), runs a kept run used
//    as input (the narration run of a kept render), the newest succeeded run of each spec
//    variant and kind, runs still queued or running, folders that are not readable runs;
//  - failed and cancelled runs go after keepFailedRunsDays;
//  - succeeded runs go when older than maxAgeDays or beyond the newest keepLastRunsPerVariant
//    of their spec variant and kind.
// `now` is the reference time (tests pin it). Errors: ledger errors other than "no ledger yet".
Result<RetentionPlan> planRetention(const QString &projectRoot, const Runbook &runbook,
                                    const QDateTime &now = QDateTime::currentDateTimeUtc());

// Removes the plan's runs: each folder is first renamed to runs/.removing-<id> (so a
// half-deleted folder never looks like a run), then deleted. Returns the ids removed; stops
// at the first failure (errors: io.write).
Result<QStringList> applyRetention(const RetentionPlan &plan);

} // namespace greenlight
