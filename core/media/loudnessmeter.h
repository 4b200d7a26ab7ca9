#pragma once

#include "common/result.h"

#include <memory>
#include <vector>

struct AVFrame;

namespace greenlight {

// EBU R128 figures of a whole programme.
struct LoudnessSummary
{
    double integratedLufs = -70.0;  // -70 when nothing passes the absolute gate
    double loudnessRangeLu = 0.0;
    double truePeakDbtp = -144.0;   // 4x oversampled (192 kHz) peak, dB relative to full scale
    double samplePeakDbfs = -144.0;
};

// Measures loudness in-process with libavfilter's ebur128 filter, fed decoded audio frames:
//   abuffer -> aresample=48000 -> aformat=dbl -> asetnsamples=4800 -> ebur128=peak=sample+true
//   -> abuffersink
// so the figures are those of `ffmpeg -af ebur128=peak=true` on the same audio. Each 100 ms
// chunk carries the filter's running figures as frame metadata (lavfi.r128.*): its momentary
// loudness becomes one window of the series, the last integrated loudness and loudness range
// are the programme's, and the peaks are the maximum over all chunks.
class LoudnessMeter
{
public:
    LoudnessMeter();
    ~LoudnessMeter();

    // Feeds one decoded frame (any sample format, rate and layout; the first frame fixes
    // them). The frame's pts is rewritten to the running sample count.
    Status push(AVFrame *frame);
    // Flushes the filter; call once after the last frame.
    Status finish();

    bool measured() const { return m_chunks > 0; }
    LoudnessSummary summary() const;
    // Momentary loudness (LUFS) per 100 ms window, in order.
    const std::vector<float> &momentaryLufs() const { return m_momentary; }

private:
    Status open(const AVFrame *frame);
    Status drain();

    struct Graph;
    std::unique_ptr<Graph> m_graph;
    qint64 m_samplesIn = 0;
    qint64 m_chunks = 0;
    double m_integrated = -70.0;
    double m_range = 0.0;
    double m_truePeak = 0.0;   // linear
    double m_samplePeak = 0.0; // linear
    std::vector<float> m_momentary;
};

} // namespace greenlight
