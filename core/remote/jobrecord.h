#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "render/renderrequest.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace greenlight {

// A render job started by `greenlight-cli submit` and run by a detached worker
// (schemas/job.schema.json, the job.json of <project>/jobs/<job-id>/). The record says what
// to render, where the worker runs and how far it got; the run record stays the contract of
// what was rendered.
enum class JobState { Queued, Running, Succeeded, Failed, Cancelled };

QString toString(JobState state);
std::optional<JobState> jobStateFromString(const QString &s);
bool isFinal(JobState state);

// How the worker is started: "detached" by submit itself (a worker that never reports is a
// failure), or "external" (a scheduler such as Slurm runs `job-run` when it sees fit).
enum class JobLauncher { Detached, External };

struct JobProgress
{
    double fraction = 0.0;
    qint64 frame = 0;
    qint64 totalFrames = 0;
};

struct JobRecord
{
    int schemaVersion = 1;
    QString id;
    JobState state = JobState::Queued;
    JobLauncher launcher = JobLauncher::Detached;
    // What to render: spec, projects, variant, chunks, narration run and encoder preset. Paths
    // are absolute on the host that runs the job.
    RenderRequest request;
    // The worker process, once known: host, pid, its start time in clock ticks since boot
    // (/proc/<pid>/stat) and the boot id, so a reused pid is never taken for the worker.
    QString host;
    qint64 pid = 0;
    qint64 pidStartTicks = 0;
    QString bootId;
    JobProgress progress;
    QString runId;  // once the run folder exists
    QString runDir; // the staging folder while running, the final folder afterwards
    std::optional<int> exitCode; // the worker's exit code (as `greenlight-cli render` would return)
    std::optional<Error> error;
    QString createdAt;         // ISO-8601 UTC
    QString startedAt;         // the worker began
    QString endedAt;           // the final state was written
    QString cancelRequestedAt; // `cancel` asked the worker to stop
    QString updatedAt;

    // `jobDir` is added when given (status output); job.json itself does not name its folder.
    Json toJson(const QString &jobDir = {}) const;
    // The "finished" line of events.jsonl for this (final) record: status, runId, runDir,
    // exitCode, error.
    Json finishedEvent() const;
    // Errors (job.invalid) name the JSON pointer of the offending field.
    static Result<JobRecord> fromJson(const Json &json, const QString &fileName = {});
};

// Job ids sort by creation time: "20261124T001502Z-job-3f9a2c".
QString makeJobId(const QDateTime &utc = QDateTime::currentDateTimeUtc());
bool isValidJobId(const QString &id);

} // namespace greenlight
