#include "media/silencedetector.h"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/samplefmt.h>
}

#include <cmath>

namespace greenlight {

SilenceDetector::SilenceDetector(double thresholdDbfs, qint64 minSamples)
    : m_threshold(std::pow(10.0, thresholdDbfs / 20.0)), m_minSamples(std::max<qint64>(1, minSamples))
{
}

void SilenceDetector::mark(bool silent)
{
    if (silent) {
        if (m_runStart < 0)
            m_runStart = m_position;
    } else if (m_runStart >= 0) {
        if (m_position - m_runStart >= m_minSamples)
            m_spans.append(FrameSpan{m_runStart, m_position});
        m_runStart = -1;
    }
    ++m_position;
}

template<typename T>
void SilenceDetector::scan(const AVFrame *frame, bool planar, double scale, double offset)
{
    const int channels = frame->ch_layout.nb_channels;
    // Compare in the sample's own units: |v - offset| * scale <= threshold.
    const double limit = m_threshold / scale;
    for (int i = 0; i < frame->nb_samples; ++i) {
        bool silent = true;
        for (int c = 0; c < channels && silent; ++c) {
            const T v = planar ? reinterpret_cast<const T *>(frame->extended_data[c])[i]
                               : reinterpret_cast<const T *>(frame->extended_data[0])[i * channels + c];
            silent = std::abs(double(v) - offset) <= limit;
        }
        mark(silent);
    }
}

void SilenceDetector::push(const AVFrame *frame)
{
    const AVSampleFormat fmt = AVSampleFormat(frame->format);
    const bool planar = av_sample_fmt_is_planar(fmt) != 0;
    switch (av_get_packed_sample_fmt(fmt)) {
    case AV_SAMPLE_FMT_U8: scan<quint8>(frame, planar, 1.0 / 128.0, 128.0); break;
    case AV_SAMPLE_FMT_S16: scan<qint16>(frame, planar, 1.0 / 32768.0, 0.0); break;
    case AV_SAMPLE_FMT_S32: scan<qint32>(frame, planar, 1.0 / 2147483648.0, 0.0); break;
    case AV_SAMPLE_FMT_S64: scan<qint64>(frame, planar, 1.0 / 9223372036854775808.0, 0.0); break;
    case AV_SAMPLE_FMT_FLT: scan<float>(frame, planar, 1.0, 0.0); break;
    case AV_SAMPLE_FMT_DBL: scan<double>(frame, planar, 1.0, 0.0); break;
    default:
        for (int i = 0; i < frame->nb_samples; ++i)
            mark(false); // unknown format: never call it silent
        break;
    }
}

void SilenceDetector::finish()
{
    if (m_runStart >= 0 && m_position - m_runStart >= m_minSamples)
        m_spans.append(FrameSpan{m_runStart, m_position});
    m_runStart = -1;
}

} // namespace greenlight
