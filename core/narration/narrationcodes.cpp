#include "narration/narrationcodes.h"

#include <cstring>

namespace greenlight {

QList<FindingCode> narrationFindingCodes()
{
    using S = Severity;
    const Stage st = Stage::Deterministic;
    return {
        {"tts.segment.too-long", st, S::Warning, "A narration segment runs past the end of its scene. Shorten the text, speed the voice up or lengthen the scene."},
        {"tts.words.order", st, S::Blocker, "Word timings of a segment are out of order or overlap; they were replaced by estimates. Synthesize the segment again or use another engine."},
        {"tts.cues.coverage", st, S::Warning, "The cue timeline does not cover the segment's audio (words or segment bounds miss part of it). Synthesize again; check the engine's timings."},
        {"tts.cues.drift", st, S::Warning, "The last word of a segment ends far from where its speech ends: captions will drift from the voice. Check the timing source (estimate or forced alignment) and synthesize again with an engine that reports timings."},
    };
}

Finding makeNarrationFinding(const char *code, QString message, QString pointer)
{
    Finding f;
    f.code = QString::fromLatin1(code);
    f.stage = Stage::Deterministic;
    f.severity = Severity::Warning;
    for (const FindingCode &c : narrationFindingCodes())
        if (std::strcmp(c.code, code) == 0) {
            f.stage = c.stage;
            f.severity = c.severity;
        }
    f.message = std::move(message);
    f.pointer = std::move(pointer);
    return f;
}

} // namespace greenlight
