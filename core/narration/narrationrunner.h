#pragma once

#include "common/canceltoken.h"
#include "common/jsonio.h"
#include "common/result.h"
#include "qa/finding.h"
#include "run/runrecord.h"
#include "runbook/runbook.h"
#include "tts/retrypolicy.h"
#include "tts/secrets.h"

#include <QString>

#include <functional>
#include <optional>

namespace greenlight {

// The rate of every narration track a narration run writes (narration.wav and the samples
// in cues.json): each segment is resampled from its engine's rate to this one.
inline constexpr int kNarrationTrackRate = 48000;

struct NarrationRequest
{
    QString specPath;       // the spec file
    QString projectRoot;    // the spec's project (assets, cache/, runbook.json)
    QString outputProject;  // whose runs/ receives the run; empty = projectRoot
    QString variant;        // empty = the base spec
    QString workload = QStringLiteral("draft-narration"); // a tts workload of the runbook
    QString forcedClass;    // start with this runtime class instead of the workload's first
    std::optional<Runbook> runbook; // default: Runbook::forProject(projectRoot)
    Json engineSettings = Json::object(); // EngineConfig::fromJson settings for remote engines
    Secrets secrets;        // where API keys come from (never written anywhere)
    RetryPolicy::SleepFn sleep; // optional: how remote engines wait between retries (tests)
    qint64 driftTolerance_ms = 300; // tts.cues.drift threshold
    bool normalizeLoudness = true;  // bring narration.wav to the runbook's QA loudness target
};

struct NarrationOutcome
{
    bool refused = false;   // unusable input: no run folder was written
    Error refusal;          // why (when refused)
    Findings blockers;      // structural blockers that caused a refusal
    RunRecord record;       // the run (when not refused)
    QString runDir;         // the final run folder
    Findings findings;      // the timing checks (findings.json)
};

// Voices a spec's narration into a run folder (kind tts):
//   narration.wav (mono PCM s16 at kNarrationTrackRate, as long as the spec or the last
//   segment's end), cues.json, captions.vtt, captions.srt, findings.json, logs/narration.log,
//   run.json, manifest.json.
// Each narration segment is synthesized by the engine the workload names for the current
// runtime class (local: espeak-ng in process; remote: RemoteEngineFactory), through the
// project's TTS cache when the workload caches. A segment that fails after the engine's own
// retries reroutes to the next class the workload allows for that error code; the run stays
// on that class for later segments. Every attempt (cache hits, retries, reroutes) becomes a
// run.json attempt whose retryReason says what it was. Blocking: call run() on a worker
// thread; cancel through the token; progress comes on the calling (worker) thread.
class NarrationRunner
{
public:
    struct Callbacks
    {
        std::function<void(const QString &runId, const QString &stagingDir)> started;
        // Segments done so far out of the total, and a line for people.
        std::function<void(int done, int total, const QString &what)> progress;
    };

    explicit NarrationRunner(NarrationRequest request);
    NarrationOutcome run(const CancelToken &cancel, const Callbacks &callbacks = {});

    // The engine a runtime class uses when the workload names none.
    static QString defaultEngineFor(const QString &runtimeClass);

private:
    NarrationRequest m_request;
};

} // namespace greenlight
