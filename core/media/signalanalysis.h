#pragma once

#include "media/framespan.h"
#include "media/loudnessmeter.h"
#include "media/signalseries.h"

#include <optional>

namespace greenlight {

// A silent run of audio: exact in samples, and placed on the video's frame grid.
struct SilenceSpan
{
    FrameSpan samples; // [start_sample, end_sample) from the first decoded sample
    FrameSpan frames;  // rounded onto the frame grid (empty when there is no video)
};

// What one decode pass found. Spans are raw detections (any length); the QA checks apply
// minimum lengths and allowed spans.
struct SignalAnalysis
{
    SignalSeries series;
    bool hasVideo = false;
    bool hasAudio = false;
    bool hasBaseline = false;

    qint64 decodedFrames = 0;    // video frames decoded
    qint64 frameGaps = 0;        // grid slots with no frame (filled with the previous frame's values)
    qint64 droppedFrames = 0;    // frames that landed on an already used grid slot
    qint64 decodeErrors = 0;
    qint64 baselineFrames = 0;
    qint64 comparedFrames = 0;   // frames with a baseline frame of the same index
    double ssimMin = 1.0;
    double ssimMean = 1.0;

    qint64 audioSamples = 0;
    int audioSampleRate = 0;
    double audioOffsetSeconds = 0.0; // first audio sample's time relative to frame 0
    std::optional<LoudnessSummary> loudness;

    FrameSpans blackSpans;
    FrameSpans frozenSpans;     // black frames excluded: a black hold is reported as black
    FrameSpans changedSpans;    // SSIM below the threshold
    QList<SilenceSpan> silentSpans;

    // Summary figures (no per-frame arrays), for reports and the QA measurements.
    Json toJson() const;
};

} // namespace greenlight
