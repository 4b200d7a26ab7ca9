#pragma once

#include "media/framespan.h"

struct AVFrame;

namespace greenlight {

// Finds digital silence in decoded audio: runs of samples where every channel stays below a
// threshold (default -60 dBFS), at least minSamples long. Spans are in samples, counted from
// the first sample pushed.
class SilenceDetector
{
public:
    SilenceDetector(double thresholdDbfs, qint64 minSamples);

    void push(const AVFrame *frame); // any sample format, planar or packed
    void finish();

    const FrameSpans &spans() const { return m_spans; }
    qint64 samples() const { return m_position; }

private:
    template<typename T>
    void scan(const AVFrame *frame, bool planar, double scale, double offset);
    void mark(bool silent);

    double m_threshold; // linear amplitude
    qint64 m_minSamples;
    qint64 m_position = 0;
    qint64 m_runStart = -1;
    FrameSpans m_spans;
};

} // namespace greenlight
