#include "media/rawframe.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

#include <cmath>

namespace greenlight {

qint64 rawFrameBytes(const RawFrame &raw)
{
    return raw.bytes();
}

std::shared_ptr<RawFrame> RawFrame::copyOf(const AVFrame *src)
{
    auto raw = std::make_shared<RawFrame>();
    raw->m_frame.reset(av_frame_alloc());
    AVFrame *dst = raw->m_frame.get();
    if (!dst)
        return {};
    dst->format = src->format;
    dst->width = src->width;
    dst->height = src->height;
    if (av_frame_get_buffer(dst, 0) < 0 || av_frame_copy(dst, src) < 0 ||
        av_frame_copy_props(dst, src) < 0)
        return {};
    for (const AVBufferRef *buf : dst->buf)
        if (buf)
            raw->m_bytes += qint64(buf->size);
    return raw;
}

QSize ImageConverter::outputSize(const AVFrame *frame, const QSize &bound)
{
    QSize display(frame->width, frame->height);
    const AVRational sar = frame->sample_aspect_ratio;
    if (av::isValid(sar) && sar.num != sar.den)
        display.setWidth(std::max(1, int(std::lround(double(frame->width) * av::toDouble(sar)))));
    if (bound.isEmpty() || (display.width() <= bound.width() && display.height() <= bound.height()))
        return display;
    return display.scaled(bound, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
}

QImage ImageConverter::convert(const AVFrame *frame, const QSize &bound)
{
    if (!frame || frame->width <= 0 || frame->height <= 0)
        return {};
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(AVPixelFormat(frame->format));
    if (!desc)
        return {};
    const QSize out = outputSize(frame, bound);
    const bool alpha = desc->flags & AV_PIX_FMT_FLAG_ALPHA;
    const bool rgb = desc->flags & AV_PIX_FMT_FLAG_RGB;
    int space = SWS_CS_ITU601;
    switch (frame->colorspace) {
    case AVCOL_SPC_BT709:
        space = SWS_CS_ITU709;
        break;
    case AVCOL_SPC_BT2020_NCL:
    case AVCOL_SPC_BT2020_CL:
        space = SWS_CS_BT2020;
        break;
    case AVCOL_SPC_SMPTE240M:
        space = SWS_CS_SMPTE240M;
        break;
    case AVCOL_SPC_FCC:
        space = SWS_CS_FCC;
        break;
    case AVCOL_SPC_BT470BG:
    case AVCOL_SPC_SMPTE170M:
        space = SWS_CS_ITU601;
        break;
    default:
        space = frame->height >= 720 ? SWS_CS_ITU709 : SWS_CS_ITU601;
        break; // untagged: by size
    }
    const QLatin1String name(desc->name);
    const int range =
        (frame->color_range == AVCOL_RANGE_JPEG || name.startsWith(QLatin1String("yuvj"))) ? 1 : 0;

    if (!m_sws || m_srcW != frame->width || m_srcH != frame->height ||
        m_srcFormat != frame->format || m_dstW != out.width() || m_dstH != out.height() ||
        m_space != space || m_range != range) {
        const bool scaled = out.width() != frame->width || out.height() != frame->height;
        m_sws.reset(sws_getContext(frame->width, frame->height, AVPixelFormat(frame->format),
                                   out.width(), out.height(), AV_PIX_FMT_RGB32,
                                   scaled ? SWS_BILINEAR : SWS_POINT, nullptr, nullptr, nullptr));
        if (!m_sws)
            return {};
        if (!rgb)
            sws_setColorspaceDetails(m_sws.get(), sws_getCoefficients(space), range,
                                     sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
        m_srcW = frame->width;
        m_srcH = frame->height;
        m_srcFormat = frame->format;
        m_dstW = out.width();
        m_dstH = out.height();
        m_space = space;
        m_range = range;
        m_alpha = alpha;
    }
    const QImage::Format format = m_alpha ? QImage::Format_ARGB32 : QImage::Format_RGB32;
    QImage fresh;
    QImage *image = nullptr;
    if (m_recycle > 0) {
        for (QImage &slot : m_ring)
            if (slot.size() == out && slot.format() == format && slot.isDetached()) {
                image = &slot;
                break;
            }
        if (!image && int(m_ring.size()) < m_recycle) {
            m_ring.emplace_back(out, format);
            image = &m_ring.back();
        }
    }
    if (!image) {
        fresh = QImage(out, format);
        image = &fresh;
    }
    if (image->isNull())
        return {};
    uint8_t *dst[4] = {image->bits(), nullptr, nullptr, nullptr};
    const int dstStride[4] = {int(image->bytesPerLine()), 0, 0, 0};
    if (sws_scale(m_sws.get(), frame->data, frame->linesize, 0, frame->height, dst, dstStride) <= 0)
        return {};
    return *image;
}

} // namespace greenlight
