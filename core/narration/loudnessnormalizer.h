#pragma once

#include "common/result.h"

#include <vector>

namespace greenlight {

// What normalizing a narration track did, for the run log and run.json.
struct LoudnessNormalization
{
    double measuredLufs = -70.0;   // integrated loudness before (EBU R128)
    double measuredTruePeakDbtp = -144.0;
    double gainDb = 0.0;           // static gain applied
    double limitedDb = 0.0;        // deepest gain reduction of the peak limiter (<= 0)
    double resultLufs = -70.0;     // integrated loudness after
    double resultTruePeakDbtp = -144.0;
    bool silent = false;           // nothing above the absolute gate: left untouched
};

// Brings a mono track to `targetLufs` integrated loudness with its true peak at or below
// `ceilingDbtp`: a static gain, then a look-ahead peak limiter (5 ms look-ahead, 80 ms
// release) where the gain would push peaks over the ceiling. Loudness and true peak are
// measured with the same EBU R128 meter the QA stage uses; the gain is corrected over up to
// four passes because limiting lowers the loudness a little. Deterministic: the same input
// gives the same samples. A silent track is left as it is.
Result<LoudnessNormalization> normalizeLoudness(std::vector<float> &samples, int sampleRate, double targetLufs,
                                                double ceilingDbtp);

// EBU R128 figures of a mono float track (integrated LUFS, true peak dBTP).
struct TrackLoudness
{
    double integratedLufs = -70.0;
    double truePeakDbtp = -144.0;
};
Result<TrackLoudness> measureTrackLoudness(const std::vector<float> &samples, int sampleRate);

} // namespace greenlight
