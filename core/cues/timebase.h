#pragma once

#include "spec/videospec.h"

namespace greenlight {

// Exact conversions between audio samples, video frames and milliseconds, in integer
// arithmetic. The narration track starts at video frame 0: sample s is at s / sampleRate
// seconds, frame f at f * fps.den / fps.num seconds.
struct TimeBase
{
    int sampleRate = 48000;
    Rational fps;

    qint64 samplesToFramesFloor(qint64 samples) const;
    qint64 samplesToFramesCeil(qint64 samples) const;
    qint64 samplesToFramesRound(qint64 samples) const;
    qint64 framesToSamples(qint64 frames) const; // rounded to the nearest sample
    qint64 msToSamples(qint64 ms) const;         // rounded
    qint64 msToFrames(qint64 ms) const;          // rounded (a frame starting at that time)
    qint64 framesToMs(qint64 frames) const;      // rounded
    qint64 samplesToMs(qint64 samples) const;    // rounded
};

// Rounded integer division for non-negative denominators (halves away from zero).
qint64 roundedDiv(qint64 num, qint64 den);
qint64 floorDiv(qint64 num, qint64 den);
qint64 ceilDiv(qint64 num, qint64 den);

} // namespace greenlight
