#include "retention/retention.h"

#include "ledger/ledger.h"
#include "run/runrecord.h"
#include "runbook/runbook.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QSet>

#include <algorithm>

namespace greenlight {

namespace {

qint64 folderBytes(const QString &path)
{
    qint64 bytes = 0;
    QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        bytes += it.fileInfo().size();
    }
    return bytes;
}

struct Candidate
{
    RetentionItem item;
    std::optional<RunRecord> record;
};

} // namespace

int RetentionPlan::removeCount() const
{
    return int(std::count_if(items.cbegin(), items.cend(), [](const RetentionItem &i) { return i.remove; }));
}

Result<RetentionPlan> planRetention(const QString &projectRoot, const Runbook &runbook, const QDateTime &now)
{
    const Json &policy = runbook.retention();
    const int keepLast = policy.value("keepLastRunsPerVariant", 10);
    const int maxAgeDays = policy.value("maxAgeDays", 90);
    const bool keepDecided = policy.value("keepDecidedRuns", true);
    const int keepFailedDays = policy.value("keepFailedRunsDays", 14);

    // Runs the ledger names.
    QSet<QString> decided;
    const QString ledgerPath = QDir(projectRoot).filePath(Ledger::fileName());
    if (keepDecided && QFileInfo::exists(ledgerPath)) {
        auto ledger = Ledger::open(ledgerPath, Ledger::OpenMode::ReadOnly);
        if (!ledger && ledger.error().code != QLatin1String("ledger.not-found"))
            return ledger.error();
        if (ledger)
            if (Status s = ledger->forEach({}, [&](const Decision &d) {
                    decided.insert(d.runId);
                    return true;
                });
                !s)
                return s.error();
    }

    const QDir runs(QDir(projectRoot).filePath(QStringLiteral("runs")));
    QList<Candidate> all;
    for (const QFileInfo &fi : runs.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        Candidate c;
        c.item.runId = fi.fileName();
        c.item.path = fi.absoluteFilePath();
        auto record = loadRunRecord(fi.absoluteFilePath() + QStringLiteral("/run.json"));
        if (!record) {
            c.item.status = QStringLiteral("unreadable");
            c.item.reason = QStringLiteral("kept: not a readable run (%1)").arg(record.error().message);
            all.append(c);
            continue;
        }
        c.record = *record;
        c.item.status = toString(record->status);
        c.item.createdAt = QDateTime::fromString(record->createdAt, Qt::ISODate);
        c.item.group = QStringLiteral("%1 [%2] %3")
                           .arg(record->spec.path, record->spec.variant.isEmpty() ? QStringLiteral("base")
                                                                                  : record->spec.variant,
                                toString(record->kind));
        all.append(c);
    }
    // Newest first (run ids start with their UTC time, so they break ties in order).
    std::stable_sort(all.begin(), all.end(), [](const Candidate &a, const Candidate &b) {
        if (a.item.createdAt != b.item.createdAt)
            return a.item.createdAt > b.item.createdAt;
        return a.item.runId > b.item.runId;
    });

    QHash<QString, int> succeededSeen;
    for (Candidate &c : all) {
        if (!c.record)
            continue;
        const RunRecord &r = *c.record;
        const qint64 ageDays = c.item.createdAt.isValid() ? c.item.createdAt.daysTo(now) : 0;
        RetentionItem &it = c.item;
        if (decided.contains(r.id)) {
            it.reason = QStringLiteral("kept: named by a ledger decision");
        } else if (!isFinal(r.status)) {
            it.reason = QStringLiteral("kept: still %1").arg(toString(r.status));
        } else if (r.status != RunStatus::Succeeded) {
            it.remove = ageDays > keepFailedDays;
            it.reason = it.remove ? QStringLiteral("%1 %2 days ago (failed runs are kept %3 days)")
                                        .arg(toString(r.status)).arg(ageDays).arg(keepFailedDays)
                                  : QStringLiteral("kept: %1 %2 days ago, within %3 days")
                                        .arg(toString(r.status)).arg(ageDays).arg(keepFailedDays);
        } else {
            const int rank = ++succeededSeen[it.group];
            if (rank == 1)
                it.reason = QStringLiteral("kept: the newest run of %1").arg(it.group);
            else if (rank > keepLast)
                it.remove = true, it.reason = QStringLiteral("beyond the newest %1 runs of %2").arg(keepLast).arg(it.group);
            else if (ageDays > maxAgeDays)
                it.remove = true, it.reason = QStringLiteral("%1 days old (the limit is %2)").arg(ageDays).arg(maxAgeDays);
            else
                it.reason = QStringLiteral("kept: run %1 of the newest %2 of %3").arg(rank).arg(keepLast).arg(it.group);
        }
    }

    // Inputs of kept runs stay: a render's narration run is part of its evidence. Repeat until
    // nothing changes (a kept run can keep a run that keeps another).
    for (bool changed = true; changed;) {
        changed = false;
        QSet<QString> keptInputs;
        for (const Candidate &c : all)
            if (c.record && !c.item.remove)
                for (const RunInput &in : c.record->inputs) {
                    const QStringList parts = QDir::fromNativeSeparators(in.path).split(QLatin1Char('/'));
                    const qsizetype at = parts.indexOf(QStringLiteral("runs"));
                    if (at >= 0 && at + 1 < parts.size())
                        keptInputs.insert(parts[at + 1]);
                }
        for (Candidate &c : all)
            if (c.item.remove && keptInputs.contains(c.item.runId)) {
                c.item.remove = false;
                c.item.reason = QStringLiteral("kept: a kept run used it as input");
                changed = true;
            }
    }

    RetentionPlan plan;
    for (const Candidate &c : all) {
        plan.items.append(c.item);
        if (c.item.remove)
            plan.removeBytes += folderBytes(c.item.path);
    }
    return plan;
}

Result<QStringList> applyRetention(const RetentionPlan &plan)
{
    QStringList removed;
    for (const RetentionItem &it : plan.items) {
        if (!it.remove)
            continue;
        const QFileInfo fi(it.path);
        const QString doomed = fi.absolutePath() + QStringLiteral("/.removing-") + it.runId;
        if (QFileInfo::exists(doomed))
            QDir(doomed).removeRecursively();
        if (!QDir().rename(it.path, doomed))
            return makeError(QStringLiteral("io.write"), QStringLiteral("cannot move %1 aside to remove it").arg(it.path));
        if (!QDir(doomed).removeRecursively())
            return makeError(QStringLiteral("io.write"),
                             QStringLiteral("could not remove all of %1; delete it by hand").arg(doomed));
        removed.append(it.runId);
    }
    return removed;
}

} // namespace greenlight
