#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "tts/mfcc.h"

#include <vector>

namespace greenlight {

struct DtwOptions
{
    // Half-width of the Sakoe-Chiba band around the straight line from (0, 0) to
    // (refFrames-1, targetFrames-1), in target frames. <= 0: no band.
    int bandFrames = 0;
    bool cosine = false; // cosine distance instead of Euclidean
};

// A monotonic warping path from (0, 0) to (ref.frames-1, target.frames-1).
struct DtwPath
{
    std::vector<int> refIndex;
    std::vector<int> targetIndex;
    double cost = 0; // accumulated distance / path length

    // Where ref frame `refFrame` (fractional) lands in the target (fractional frame):
    // the mean target frame matched to each neighbouring ref frame, interpolated.
    double mapRefFrame(double refFrame) const;

    std::vector<double> meanTarget; // per ref frame, filled by dtwAlign
};

// Dynamic time warping with the symmetric step pattern (diagonal steps weigh twice), on
// Euclidean frame distances, within the band. Cost memory is refFrames x (2*band+1).
// Errors: tts.alignment (empty input, band too narrow to connect the ends), tts.cancelled.
Result<DtwPath> dtwAlign(const FeatureMatrix &ref, const FeatureMatrix &target, const DtwOptions &options,
                         const CancelToken &cancel = {});

} // namespace greenlight
