#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "spec/videospec.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// One execution of a render or TTS job (schemas/run.schema.json). The same contract for
// every runtime class; engines fill it, the desk, the QA stage and the ledger read it.
enum class RunKind { Render, Tts };
enum class RuntimeClass { Local, RemoteSelfHosted, RemoteApi };
enum class RunStatus { Queued, Running, Succeeded, Failed, Cancelled };

QString toString(RunKind kind);
QString toString(RuntimeClass runtimeClass);
QString toString(RunStatus status);
std::optional<RunKind> runKindFromString(const QString &s);
std::optional<RuntimeClass> runtimeClassFromString(const QString &s);
std::optional<RunStatus> runStatusFromString(const QString &s);
bool isFinal(RunStatus status);

// One try at the job. A retried run has several; each says why it was retried.
struct RunAttempt
{
    int number = 1;
    QString startedAt; // ISO-8601 UTC
    QString endedAt;   // empty while running
    RunStatus outcome = RunStatus::Running;
    std::optional<Error> error; // what happened, in words a person can act on
    QString retryReason;        // why this attempt was made when it is not the first
    QString host;               // machine or node that ran it
    std::optional<int> exitCode;
};

// An input file with its hash at the time the run started.
struct RunInput
{
    QString role;    // asset | font | narration-audio | ...
    QString id;      // asset id when the file is a spec asset
    QString path;    // relative to the project when inside it, else absolute
    QString sha256;
};

struct RunSpecInput
{
    QString path;    // relative to the project
    QString specId;
    QString variant; // empty = the base spec
    QString sha256;  // of the spec file as read
};

struct RunArtifact
{
    QString path; // relative to the run folder
    QString role; // video | audio | log | ...
    QString sha256;
    qint64 bytes = 0;
};

// What the run is meant to produce, in contract units (frames and samples with their rates).
struct RunMedia
{
    int width = 0;
    int height = 0;
    Rational fps;
    qint64 durationFrames = 0;
    int audioSampleRate = 0;
    qint64 durationSamples = 0;
};

struct RunQa
{
    QString state = QStringLiteral("not-run"); // not-run | passed | findings
    int blockers = 0;
    int warnings = 0;
    int info = 0;
    QString findingsPath; // relative to the run folder, when written
};

struct RunProvenance
{
    QString host;
    QString os;
    QString appVersion;
    QString appCommit;
    QString ffmpegVersion;
    QString ffmpegConfiguration;
};

struct RunRecord
{
    int schemaVersion = 1;
    QString id;
    RunKind kind = RunKind::Render;
    RuntimeClass runtimeClass = RuntimeClass::Local;
    QString engineName;
    QString engineVersion;
    RunStatus status = RunStatus::Queued;
    QString project; // project folder name
    RunSpecInput spec;
    QList<RunInput> inputs;
    std::optional<RunMedia> media;
    int chunks = 1;
    QList<RunAttempt> attempts;
    QList<RunArtifact> artifacts;
    RunQa qa;
    RunProvenance provenance;
    QString createdAt;
    QString startedAt;
    QString endedAt;

    // The error of the last attempt, if any.
    std::optional<Error> lastError() const;
    RunAttempt *currentAttempt() { return attempts.isEmpty() ? nullptr : &attempts.last(); }

    Json toJson() const;
    // Errors name the JSON pointer of the field that cannot be read (code run.json.invalid).
    static Result<RunRecord> fromJson(const Json &json);
};

Result<RunRecord> loadRunRecord(const QString &runJsonPath);
Status saveRunRecord(const QString &runJsonPath, const RunRecord &record);

// Wall-clock time as an ISO-8601 UTC string with seconds ("2026-11-24T00:15:02Z").
QString utcNowIso();

} // namespace greenlight
