#include "media/signalanalysis.h"

#include <cmath>

namespace greenlight {

namespace {
double rounded(double v, double scale)
{
    return std::isfinite(v) ? std::round(v * scale) / scale : 0.0;
}
} // namespace

Json SignalAnalysis::toJson() const
{
    Json j;
    j["frameCount"] = series.frameCount;
    j["fps"] = Json{{"num", series.fps.num}, {"den", series.fps.den}};
    j["variableFrameRate"] = series.variableFrameRate;
    if (hasVideo) {
        j["decodedFrames"] = decodedFrames;
        j["frameGaps"] = frameGaps;
        j["droppedFrames"] = droppedFrames;
        j["blackSpans"] = spansToJson(blackSpans);
        j["frozenSpans"] = spansToJson(frozenSpans);
    }
    j["decodeErrors"] = decodeErrors;
    if (hasBaseline) {
        j["baseline"] = Json{{"frames", baselineFrames},
                             {"comparedFrames", comparedFrames},
                             {"ssimMin", rounded(ssimMin, 1e4)},
                             {"ssimMean", rounded(ssimMean, 1e4)},
                             {"changedSpans", spansToJson(changedSpans)}};
    }
    if (hasAudio) {
        Json audio;
        audio["sampleRate"] = audioSampleRate;
        audio["samples"] = audioSamples;
        audio["offsetSeconds"] = rounded(audioOffsetSeconds, 1e6);
        if (loudness) {
            audio["integratedLufs"] = rounded(loudness->integratedLufs, 10);
            audio["loudnessRangeLu"] = rounded(loudness->loudnessRangeLu, 10);
            audio["truePeakDbtp"] = rounded(loudness->truePeakDbtp, 10);
            audio["samplePeakDbfs"] = rounded(loudness->samplePeakDbfs, 10);
        }
        Json silent = Json::array();
        for (const SilenceSpan &s : silentSpans)
            silent.push_back(Json{{"startSample", s.samples.start},
                                  {"endSample", s.samples.end},
                                  {"frames", spanToJson(s.frames)}});
        audio["silentSpans"] = std::move(silent);
        j["audio"] = std::move(audio);
    }
    return j;
}

} // namespace greenlight
