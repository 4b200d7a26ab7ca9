#pragma once

#include "common/jsonio.h"
#include "spec/videospec.h" // Rational

#include <vector>

namespace greenlight {

// Per-frame and per-window signals of one analysis pass, stored as a run artifact so a
// timeline can graph them. Frame i of every per-frame array is frame i of the video's frame
// grid; a NaN (written as null) means "no value" (e.g. no baseline frame to compare with).
struct SignalSeries
{
    static constexpr int kSchemaVersion = 1;
    static constexpr int kLoudnessWindowMs = 100;

    Rational fps{0, 1};
    qint64 frameCount = 0;
    bool variableFrameRate = false;
    int planeWidth = 0;               // the downscaled luma plane the video signals come from
    int planeHeight = 0;

    std::vector<float> lumaMean;      // mean luma, 0..255
    std::vector<float> darkFraction;  // share of pixels at or below the black threshold, 0..1
    std::vector<float> diff;          // mean |luma - previous frame's luma| / 255, 0..1
    std::vector<float> ssim;          // luma SSIM against the baseline's frame of the same index

    int sampleRate = 0;               // of the source audio
    std::vector<float> momentaryLufs; // EBU R128 momentary loudness per 100 ms window

    // Compact JSON: numbers rounded (luma 0.1, fractions 1e-4, diff 1e-5, LUFS 0.1).
    Json toJson() const;
    static Result<SignalSeries> fromJson(const Json &json);
};

} // namespace greenlight
