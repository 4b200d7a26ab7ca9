#pragma once

// Internal to core/media: a decoded picture copied out of the decoder's buffer pool (so holding
// many of them never pins decoder memory), and its conversion to a QImage.
#include "media/avhandles.h"
#include "media/decodedframe.h"

#include <QSize>

#include <vector>

namespace greenlight {

class RawFrame
{
public:
    // A copy of `src` in freshly allocated buffers; null when out of memory.
    static std::shared_ptr<RawFrame> copyOf(const AVFrame *src);

    const AVFrame *frame() const { return m_frame.get(); }
    qint64 bytes() const { return m_bytes; }

private:
    av::FramePtr m_frame;
    qint64 m_bytes = 0;
};

// Converts pictures to QImages with libswscale, keeping the scaler between calls. Not
// thread-safe: one per thread.
class ImageConverter
{
public:
    // The image size for a picture: its display size (pixel aspect applied) fitted within
    // `bound` keeping the aspect ratio when it does not fit (never enlarged); `bound` empty:
    // the display size.
    static QSize outputSize(const AVFrame *frame, const QSize &bound);

    // A null image when the picture cannot be converted.
    QImage convert(const AVFrame *frame, const QSize &bound);

    // Converts into up to `buffers` images of its own that it reuses once nobody else holds
    // them (fresh memory costs more in page faults than the conversion itself). For images
    // that are shown and let go, not for images kept in a cache.
    void setRecycling(int buffers) { m_recycle = buffers; }

private:
    av::SwsPtr m_sws;
    int m_srcW = 0, m_srcH = 0, m_srcFormat = -1, m_dstW = 0, m_dstH = 0, m_space = -1,
        m_range = -1;
    bool m_alpha = false;
    int m_recycle = 0;
    std::vector<QImage> m_ring;
};

} // namespace greenlight
