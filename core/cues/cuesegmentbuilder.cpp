#include "cues/cuesegmentbuilder.h"

#include "tts/wordspans.h"

namespace greenlight {

std::optional<qint64> CueSegmentBuilder::placementFrame(const VideoSpec &spec, int narrationIndex)
{
    if (!spec.narration || narrationIndex < 0 || narrationIndex >= spec.narration->segments.size())
        return std::nullopt;
    const NarrationSegment &n = spec.narration->segments[narrationIndex];
    const int scene = spec.sceneIndex(n.scene);
    if (scene < 0)
        return std::nullopt;
    return spec.sceneStartFrames().value(scene) + n.offsetFrames.value_or(0);
}

CueSegment CueSegmentBuilder::fromSynthesis(const SpokenText &spoken, const SynthesisResult &result,
                                            const CueEngine &engine, qint64 trackStartSample, const TimeBase &timeBase)
{
    const int engineRate = result.sampleRate > 0 ? result.sampleRate : timeBase.sampleRate;
    auto toTrack = [&](qint64 s) { return trackStartSample + roundedDiv(s * timeBase.sampleRate, engineRate); };

    QList<SynthesizedWord> words = result.words;
    if (words.isEmpty())
        words = estimateWordTimings(spoken.text(), splitWords(spoken.text()), 0, qint64(result.samples.size()));

    CueSegment seg;
    seg.sourceText = spoken.sourceText();
    seg.spokenText = spoken.text();
    seg.charStart = 0;
    seg.charEnd = codePointLength(seg.sourceText);
    seg.startSample = trackStartSample;
    seg.endSample = toTrack(qint64(result.samples.size()));
    seg.engine = engine;
    for (SynthesizedWord w : spoken.toSourceWords(words)) {
        if (w.charEnd <= w.charStart)
            continue;
        w.startSample = toTrack(w.startSample);
        w.endSample = std::min(seg.endSample, toTrack(w.endSample));
        seg.words.append(w);
    }
    seg.startFrame = timeBase.samplesToFramesFloor(seg.startSample);
    seg.endFrame = std::max(seg.startFrame, timeBase.samplesToFramesCeil(seg.endSample));
    return seg;
}

} // namespace greenlight
