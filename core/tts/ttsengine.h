#pragma once

#include "common/canceltoken.h"
#include "common/jsonio.h"
#include "common/result.h"

#include <QList>
#include <QString>

#include <vector>

namespace greenlight {

// Where a word's timing came from (cues contract: "engine", "forced-alignment", "estimate").
enum class TimingSource { Engine, ForcedAlignment, Estimate };
QString toString(TimingSource source);

// One word of the synthesized text. Character spans count Unicode code points in
// SynthesisRequest::text, half-open [charStart, charEnd); samples are at the result's rate,
// half-open [startSample, endSample).
struct SynthesizedWord
{
    QString text;
    int charStart = 0;
    int charEnd = 0;
    qint64 startSample = 0;
    qint64 endSample = 0;
    TimingSource source = TimingSource::Engine;
};

struct SynthesisRequest
{
    QString text;            // the spoken text (pronunciation substitutions already applied)
    bool ssml = false;       // text is SSML (engines that cannot take SSML reject it)
    QString voice;           // engine-specific voice id
    QString model;           // engine-specific model id (may be empty)
    QString language;        // BCP-47-ish, e.g. "en", "en-us" (may be empty)
    double speed = 1.0;
    QString outputFormat;    // requested wire format where the engine offers a choice
    Json settings = Json::object(); // engine-specific extras (voice_settings, seed, ...)
};

// Mono PCM plus word timings when the engine provides them.
struct SynthesisResult
{
    std::vector<float> samples; // mono, [-1, 1]
    int sampleRate = 0;
    QList<SynthesizedWord> words; // empty when the engine gives no timings
    bool hasTimings = false;
    QString engineName;
    QString engineVersion;
    Json details = Json::object(); // what the engine reported (model, request id...), never secrets
};

// A speech engine of one runtime class. synthesize() blocks the calling (worker) thread and
// honours the cancel token; it never throws. Errors carry a stable code:
//   tts.cancelled, tts.bad-request (4xx other than 408/409/429), tts.auth, tts.auth.missing-key, tts.rate-limited,
//   tts.server-error, tts.timeout, tts.network, tts.bad-response (garbage, mismatched
//   alignment arrays, truncated audio), tts.engine (local engine failure).
// Error::message never contains API keys.
class TtsEngine
{
public:
    virtual ~TtsEngine() = default;
    virtual QString name() const = 0;         // e.g. "espeak-ng", "openai-speech", "kokoro", "elevenlabs"
    virtual QString runtimeClass() const = 0; // "local" | "remote-self-hosted" | "remote-api"
    virtual QString version() const = 0;      // engine/library/API version as known
    virtual Result<SynthesisResult> synthesize(const SynthesisRequest &request, const CancelToken &cancel) = 0;
};

} // namespace greenlight
