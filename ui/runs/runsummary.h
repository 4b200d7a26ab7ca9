#pragma once

#include "run/runrecord.h"

#include <QList>
#include <QString>

namespace greenlight {

// What the run history shows of one run folder (runs/<id>/run.json), read once.
struct RunSummary
{
    QString runDir; // absolute
    QString id;     // folder name
    bool readable = false;
    QString problem; // why run.json could not be read (when not readable)
    RunKind kind = RunKind::Render;
    QString specPath; // relative to the project, as run.json says
    QString variant;  // empty = base
    RunStatus status = RunStatus::Queued;
    QString runtimeClass;
    QString engine;
    QString startedAt; // ISO-8601 UTC
    qint64 duration_ms = -1; // endedAt - startedAt, -1 while unknown
    QString qaState; // not-run | passed | findings
    int qaBlockers = 0;
    int qaWarnings = 0;
    QString error; // the last attempt's error, for people
    int attempts = 0;

    QString variantLabel() const { return variant.isEmpty() ? QStringLiteral("base") : variant; }
    bool hasOutputVideo() const; // a succeeded render with output.mp4 in place

    static RunSummary fromRecord(const QString &runDir, const RunRecord &record);
    // Reads <runDir>/run.json.
    static RunSummary load(const QString &runDir);
    // Every run folder of a project (runs/<id>/ with a run.json; staging excluded), newest
    // first. Blocking: it reads the files on the thread pool and waits, so call it from a
    // worker.
    static QList<RunSummary> loadProject(const QString &projectRoot);
};

} // namespace greenlight
