#include "cues/timebase.h"

namespace greenlight {

qint64 floorDiv(qint64 num, qint64 den)
{
    const qint64 q = num / den;
    return (num % den != 0 && ((num < 0) != (den < 0))) ? q - 1 : q;
}

qint64 ceilDiv(qint64 num, qint64 den) { return -floorDiv(-num, den); }

qint64 roundedDiv(qint64 num, qint64 den)
{
    return num >= 0 ? (num + den / 2) / den : -((-num + den / 2) / den);
}

qint64 TimeBase::samplesToFramesFloor(qint64 samples) const
{
    return floorDiv(samples * fps.num, qint64(sampleRate) * fps.den);
}

qint64 TimeBase::samplesToFramesCeil(qint64 samples) const
{
    return ceilDiv(samples * fps.num, qint64(sampleRate) * fps.den);
}

qint64 TimeBase::samplesToFramesRound(qint64 samples) const
{
    return roundedDiv(samples * fps.num, qint64(sampleRate) * fps.den);
}

qint64 TimeBase::framesToSamples(qint64 frames) const
{
    return roundedDiv(frames * qint64(sampleRate) * fps.den, fps.num);
}

qint64 TimeBase::msToSamples(qint64 ms) const { return roundedDiv(ms * sampleRate, 1000); }

qint64 TimeBase::msToFrames(qint64 ms) const { return roundedDiv(ms * fps.num, 1000 * fps.den); }

qint64 TimeBase::framesToMs(qint64 frames) const { return roundedDiv(frames * 1000 * fps.den, fps.num); }

qint64 TimeBase::samplesToMs(qint64 samples) const { return roundedDiv(samples * 1000, sampleRate); }

} // namespace greenlight
