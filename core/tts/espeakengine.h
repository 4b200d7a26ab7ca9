#pragma once

#include "tts/ttsengine.h"

#include <QStringList>

namespace greenlight {

// The local engine: libespeak-ng in process (runtime class "local", name "espeak-ng").
// Word timings come from espeak's WORD events, mapped onto our own word spans
// (WordEventMapper), so they are always reported for splitWords(request.text). Text inside
// [[...]] is espeak phoneme input; request.ssml enables SSML. The library is not
// re-entrant: every call, from any thread and any instance, is serialized by one process-
// wide lock, so instances are cheap and may be used concurrently.
//
// Request: voice (espeak voice name, e.g. "en-us", "en"; falls back to language, then
// "en"), speed (1.0 = 175 words per minute), settings {"pitch": 0..100, "wordGap_ms": n}.
// Errors: tts.bad-request (empty text, unknown voice), tts.engine (library failure),
// tts.cancelled.
class EspeakEngine : public TtsEngine
{
public:
    QString name() const override;
    QString runtimeClass() const override;
    QString version() const override;
    Result<SynthesisResult> synthesize(const SynthesisRequest &request, const CancelToken &cancel) override;

    // The library's output rate (22050), or an error when espeak-ng cannot initialize.
    static Result<int> sampleRate();
    // Voice names the installed espeak-ng data offers (e.g. "en-us").
    static QStringList voices();
    // Words per minute for a speed factor (175 * speed, clamped to 80..450).
    static int wordsPerMinute(double speed);
};

} // namespace greenlight
