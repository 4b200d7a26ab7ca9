#include "runs/runsummary.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent>

namespace greenlight {

bool RunSummary::hasOutputVideo() const
{
    return readable && kind == RunKind::Render && status == RunStatus::Succeeded
           && QFileInfo::exists(runDir + QStringLiteral("/output.mp4"));
}

RunSummary RunSummary::fromRecord(const QString &runDir, const RunRecord &record)
{
    RunSummary s;
    s.runDir = runDir;
    s.id = QFileInfo(runDir).fileName();
    s.readable = true;
    s.kind = record.kind;
    s.specPath = record.spec.path;
    s.variant = record.spec.variant;
    s.status = record.status;
    s.runtimeClass = toString(record.runtimeClass);
    s.engine = record.engineName;
    s.startedAt = record.startedAt;
    if (!record.startedAt.isEmpty() && !record.endedAt.isEmpty()) {
        const QDateTime start = QDateTime::fromString(record.startedAt, Qt::ISODate);
        const QDateTime end = QDateTime::fromString(record.endedAt, Qt::ISODate);
        if (start.isValid() && end.isValid())
            s.duration_ms = start.msecsTo(end);
    }
    s.qaState = record.qa.state;
    s.qaBlockers = record.qa.blockers;
    s.qaWarnings = record.qa.warnings;
    s.attempts = int(record.attempts.size());
    if (record.status != RunStatus::Succeeded)
        if (const std::optional<Error> e = record.lastError())
            s.error = e->message;
    return s;
}

RunSummary RunSummary::load(const QString &runDir)
{
    Result<RunRecord> record = loadRunRecord(runDir + QStringLiteral("/run.json"));
    if (record)
        return fromRecord(runDir, *record);
    RunSummary s;
    s.runDir = runDir;
    s.id = QFileInfo(runDir).fileName();
    s.problem = record.error().toString();
    return s;
}

QList<RunSummary> RunSummary::loadProject(const QString &projectRoot)
{
    if (projectRoot.isEmpty())
        return {};
    const QDir runs(QDir(projectRoot).filePath(QStringLiteral("runs")));
    // Run ids start with their UTC time: reversed name order is newest first. Folders
    // starting with a dot (.staging) are hidden and not listed.
    const QStringList ids = runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed);
    QStringList dirs;
    dirs.reserve(ids.size());
    for (const QString &id : ids)
        dirs.append(runs.filePath(id));
    // The runs panel calls this from a task on the global pool, and the reads below queue on
    // that same pool. A pool thread that sat here waiting would still count as busy: with as
    // many loads in flight as the pool has threads (two on a two-core machine, e.g. a window
    // closed while its history loads and the next one opening), the reads never start, and
    // the GUI thread, whose raster fills also wait on the global pool, freezes with them.
    // While this thread waits it gives its place in the pool to the reads.
    QThreadPool *pool = QThreadPool::globalInstance();
    const bool onPool = pool->contains(QThread::currentThread());
    if (onPool)
        pool->releaseThread();
    const auto reclaim = qScopeGuard([pool, onPool] {
        if (onPool)
            pool->reserveThread();
    });
    return QtConcurrent::blockingMapped<QList<RunSummary>>(pool, dirs, &RunSummary::load);
}

} // namespace greenlight
