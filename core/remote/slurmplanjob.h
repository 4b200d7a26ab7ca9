#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

namespace greenlight {

// One ffmpeg job of a prepared render plan (plan.json in a run folder), as a Slurm task runs
// it on a node: `greenlight-cli render-job <run-dir> --chunk K` or `--job concat`. Paths in
// args are absolute or relative to the run folder, which must be the same path on the node
// (shared storage).
struct SlurmPlanJob
{
    QString id;   // chunk-000 ... | concat | render
    QString role; // chunk | concat | render
    QString program;
    QStringList args;
    QString output;        // relative to the run folder
    QString log;           // relative to the run folder
    qint64 frameCount = 0; // frames an encoding job must write

    // The job with this id. Errors: render.plan.invalid (no plan.json, unreadable, no such job).
    static Result<SlurmPlanJob> load(const QString &runDir, const QString &jobId);
    // The chunk-th job whose role is chunk (or the single render job when the plan has one
    // job and chunk is 0): what array task `chunk` renders.
    static Result<SlurmPlanJob> loadChunk(const QString &runDir, int chunk);
    // Ids of the jobs the array runs (chunks, or the one render job) and of the concat job
    // (empty when there is none), in plan order.
    static Result<QStringList> arrayJobIds(const QString &runDir);
};

} // namespace greenlight
