#pragma once

#include "cues/cuetimeline.h"
#include "spec/videospec.h"
#include "tts/spokentext.h"
#include "tts/ttsengine.h"

#include <QString>

namespace greenlight {

// Builds cue segments from synthesis results: what the narration-run orchestrator calls
// once per spec narration segment after synthesize() (and ForcedAligner::alignResult()
// for engines without timings).
class CueSegmentBuilder
{
public:
    // First frame of a spec narration segment on the video timeline: the start of its scene
    // plus offsetFrames (nullopt when the index or scene is unknown).
    static std::optional<qint64> placementFrame(const VideoSpec &spec, int narrationIndex);

    // A segment for `spoken` synthesized into `result`, placed at trackStartSample on a
    // narration track of timeBase.sampleRate. Word spans are mapped back to the source text
    // (SpokenText::toSourceWords); sample times are rescaled from result.sampleRate to the
    // track rate (rounded) and offset; frames are placed from samples. When the result has
    // no words, word timings are estimated over its audio. The segment id, scene and
    // narration bindings are left for the caller to set.
    static CueSegment fromSynthesis(const SpokenText &spoken, const SynthesisResult &result, const CueEngine &engine,
                                    qint64 trackStartSample, const TimeBase &timeBase);
};

} // namespace greenlight
