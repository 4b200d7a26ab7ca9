#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "tts/ttsengine.h"

#include <QList>
#include <QString>

#include <vector>

namespace greenlight {

struct AlignmentOptions
{
    QString referenceVoice;        // espeak-ng voice for the reference; empty: "en-us"
    double referenceSpeed = 1.0;   // speed of the reference synthesis
    bool ssml = false;             // the text is SSML
    int bandSeconds_max = 10;      // upper bound of the DTW band half-width
};

// Times the words of a text in audio that came without timings. It synthesizes the same
// text with espeak-ng (whose WORD events give a reference timeline), computes MFCCs (13 +
// deltas, cepstral mean normalized) of both at 16 kHz (25 ms windows, 10 ms hop), crops
// both to their speech (energy based, with a margin), aligns them with banded DTW and
// carries the reference word boundaries across (cosine frame distances). Words are those
// of splitWords(text), marked ForcedAlignment (Estimate where the reference itself only
// estimated them).
// Align one narration segment at a time: cost grows with length x band.
// Thread-safe; reference synthesis shares the process-wide espeak-ng lock.
// Errors: tts.alignment, tts.engine (reference synthesis), tts.cancelled.
class ForcedAligner
{
public:
    Result<QList<SynthesizedWord>> align(const std::vector<float> &samples, int sampleRate, const QString &text,
                                         const AlignmentOptions &options = {}, const CancelToken &cancel = {}) const;

    // Fills result.words (and hasTimings) when the engine gave no timings, aligning
    // request.text; the reference voice follows options, else request.language, else en-us.
    Status alignResult(SynthesisResult &result, const SynthesisRequest &request, AlignmentOptions options = {},
                       const CancelToken &cancel = {}) const;

    // Lower level, for tests and benchmarks: align against a reference you already have
    // (samples with word timings, e.g. a SynthesisResult of espeak-ng).
    Result<QList<SynthesizedWord>> alignToReference(const std::vector<float> &samples, int sampleRate,
                                                    const SynthesisResult &reference, const AlignmentOptions &options,
                                                    const CancelToken &cancel = {}) const;
};

} // namespace greenlight
