#include "semantic/framesampler.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <memory>

namespace greenlight {

namespace {

struct FormatCloser { void operator()(AVFormatContext *c) const { avformat_close_input(&c); } };
struct CodecCloser { void operator()(AVCodecContext *c) const { avcodec_free_context(&c); } };
struct FrameFreer { void operator()(AVFrame *f) const { av_frame_free(&f); } };
struct PacketFreer { void operator()(AVPacket *p) const { av_packet_free(&p); } };
struct SwsFreer { void operator()(SwsContext *s) const { sws_freeContext(s); } };
using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecCloser>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

QString avError(int code)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, buf, sizeof buf);
    return QString::fromUtf8(buf);
}

Error framesError(const QString &message, const QString &path)
{
    return makeError(QStringLiteral("review.frames"), message, path);
}

// Scales one decoded picture and encodes it as JPEG.
Result<SampledFrame> encodeJpeg(const AVFrame *src, int maxEdge_px, int qscale, const QString &path)
{
    const double scale = std::min(1.0, double(maxEdge_px) / double(std::max(src->width, src->height)));
    const int w = std::max(2, int(src->width * scale) & ~1);
    const int h = std::max(2, int(src->height * scale) & ~1);
    // Two steps so the colour range is right: the decoded picture (often limited-range YUV) to
    // RGB at the target size, then RGB to full-range YUV as JPEG (JFIF) expects.
    SwsPtr toRgb(sws_getContext(src->width, src->height, AVPixelFormat(src->format), w, h, AV_PIX_FMT_RGB24,
                                SWS_BICUBIC, nullptr, nullptr, nullptr));
    SwsPtr toYuv(sws_getContext(w, h, AV_PIX_FMT_RGB24, w, h, AV_PIX_FMT_YUV420P, SWS_BICUBIC, nullptr, nullptr, nullptr));
    if (!toRgb || !toYuv)
        return framesError(QStringLiteral("cannot convert the picture format for JPEG"), path);
    const int *coeffs = sws_getCoefficients(SWS_CS_DEFAULT);
    sws_setColorspaceDetails(toRgb.get(), coeffs, src->color_range == AVCOL_RANGE_JPEG ? 1 : 0, coeffs, 1, 0, 1 << 16,
                             1 << 16);
    sws_setColorspaceDetails(toYuv.get(), coeffs, 1, coeffs, 1, 0, 1 << 16, 1 << 16);
    FramePtr rgb(av_frame_alloc());
    rgb->format = AV_PIX_FMT_RGB24;
    rgb->width = w;
    rgb->height = h;
    FramePtr dst(av_frame_alloc());
    dst->format = AV_PIX_FMT_YUV420P;
    dst->width = w;
    dst->height = h;
    dst->color_range = AVCOL_RANGE_JPEG;
    if (av_frame_get_buffer(rgb.get(), 0) < 0 || av_frame_get_buffer(dst.get(), 0) < 0)
        return framesError(QStringLiteral("out of memory while scaling a frame"), path);
    sws_scale(toRgb.get(), src->data, src->linesize, 0, src->height, rgb->data, rgb->linesize);
    sws_scale(toYuv.get(), rgb->data, rgb->linesize, 0, h, dst->data, dst->linesize);

    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    if (!codec)
        return framesError(QStringLiteral("this FFmpeg has no MJPEG encoder"), path);
    CodecPtr enc(avcodec_alloc_context3(codec));
    enc->width = w;
    enc->height = h;
    enc->pix_fmt = AV_PIX_FMT_YUV420P;
    enc->color_range = AVCOL_RANGE_JPEG;
    enc->time_base = AVRational{1, 25};
    enc->flags |= AV_CODEC_FLAG_QSCALE;
    enc->global_quality = FF_QP2LAMBDA * std::clamp(qscale, 2, 31);
    if (int rc = avcodec_open2(enc.get(), codec, nullptr); rc < 0)
        return framesError(QStringLiteral("cannot open the JPEG encoder: ") + avError(rc), path);
    dst->quality = enc->global_quality;
    dst->pts = 0;
    PacketPtr pkt(av_packet_alloc());
    if (avcodec_send_frame(enc.get(), dst.get()) < 0 || avcodec_send_frame(enc.get(), nullptr) < 0
        || avcodec_receive_packet(enc.get(), pkt.get()) < 0)
        return framesError(QStringLiteral("JPEG encoding failed"), path);
    SampledFrame out;
    out.jpeg = QByteArray(reinterpret_cast<const char *>(pkt->data), pkt->size);
    out.width_px = w;
    out.height_px = h;
    return out;
}

} // namespace

QList<qint64> FrameSampler::evenlySpaced(qint64 frameCount, int count)
{
    QList<qint64> out;
    if (frameCount <= 0 || count <= 0)
        return out;
    for (int i = 0; i < count; ++i) {
        const qint64 f = ((2 * qint64(i) + 1) * frameCount) / (2 * qint64(count));
        if (out.isEmpty() || out.last() != f)
            out.append(std::min(f, frameCount - 1));
    }
    return out;
}

QList<qint64> FrameSampler::midpoints(const QList<FrameRange> &ranges)
{
    QList<qint64> out;
    for (const FrameRange &r : ranges)
        if (r.end > r.start)
            out.append(r.start + (r.end - r.start - 1) / 2);
    return out;
}

Result<SampledVideo> FrameSampler::sample(const QString &path, const QList<qint64> &requested, int evenCount,
                                          const CancelToken &cancel) const
{
    AVFormatContext *raw = nullptr;
    if (int rc = avformat_open_input(&raw, path.toUtf8().constData(), nullptr, nullptr); rc < 0)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("cannot open the video: ") + avError(rc), path);
    FormatPtr fmt(raw);
    if (int rc = avformat_find_stream_info(fmt.get(), nullptr); rc < 0)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("cannot read stream information: ") + avError(rc), path);
    const int index = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (index < 0)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("the file has no video stream"), path);
    AVStream *stream = fmt->streams[index];
    AVRational fps = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
    if (fps.num <= 0 || fps.den <= 0)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("the video has no frame rate"), path);
    const AVRational tb = stream->time_base;
    const int64_t start = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;

    SampledVideo video;
    video.fps = Rational{fps.num, fps.den};
    video.width_px = stream->codecpar->width;
    video.height_px = stream->codecpar->height;
    if (stream->nb_frames > 0)
        video.frameCount = stream->nb_frames;
    else if (stream->duration != AV_NOPTS_VALUE)
        video.frameCount = av_rescale_q(stream->duration, tb, av_inv_q(fps));
    else if (fmt->duration != AV_NOPTS_VALUE)
        video.frameCount = av_rescale_q(fmt->duration, AVRational{1, AV_TIME_BASE}, av_inv_q(fps));
    if (video.frameCount <= 0)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("the video has no frames"), path);

    QList<qint64> targets = requested.isEmpty() ? evenlySpaced(video.frameCount, evenCount) : requested;
    for (qint64 &t : targets)
        t = std::clamp<qint64>(t, 0, video.frameCount - 1);
    std::sort(targets.begin(), targets.end());
    targets.erase(std::unique(targets.begin(), targets.end()), targets.end());

    const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("no decoder for the video codec"), path);
    CodecPtr dec(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(dec.get(), stream->codecpar);
    dec->thread_count = 0;
    if (int rc = avcodec_open2(dec.get(), codec, nullptr); rc < 0)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("cannot open the decoder: ") + avError(rc), path);

    PacketPtr pkt(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    FramePtr last(av_frame_alloc());
    qint64 lastIndex = -1;
    qint64 counted = -1; // fallback numbering for frames without timestamps
    bool draining = false;
    const qint64 nearAhead_frames = std::max<qint64>(2 * fps.num / fps.den, 12);

    for (const qint64 target : targets) {
        // Seek unless the target is a few frames ahead of what was just decoded.
        if (lastIndex < 0 || target < lastIndex || target - lastIndex > nearAhead_frames || draining) {
            const int64_t ts = start + av_rescale_q(target, av_inv_q(fps), tb);
            if (av_seek_frame(fmt.get(), index, ts, AVSEEK_FLAG_BACKWARD) < 0)
                av_seek_frame(fmt.get(), index, start, AVSEEK_FLAG_BACKWARD);
            avcodec_flush_buffers(dec.get());
            lastIndex = -1;
            counted = -1;
            draining = false;
        }
        bool found = lastIndex >= target;
        while (!found) {
            if (cancel.isCancelled())
                return makeError(QStringLiteral("review.cancelled"), QStringLiteral("cancelled while sampling frames"));
            int rc = avcodec_receive_frame(dec.get(), frame.get());
            if (rc == AVERROR(EAGAIN)) {
                rc = av_read_frame(fmt.get(), pkt.get());
                if (rc < 0) {
                    avcodec_send_packet(dec.get(), nullptr); // end of file: drain the decoder
                    draining = true;
                } else {
                    if (pkt->stream_index == index)
                        avcodec_send_packet(dec.get(), pkt.get());
                    av_packet_unref(pkt.get());
                }
                continue;
            }
            if (rc == AVERROR_EOF || rc < 0) {
                if (lastIndex < 0)
                    return framesError(QStringLiteral("could not decode frame %1").arg(target), path);
                break; // past the last frame: use the last one decoded
            }
            ++counted;
            const int64_t pts = frame->best_effort_timestamp;
            const qint64 idx = pts != AV_NOPTS_VALUE
                                   ? av_rescale_q_rnd(pts - start, tb, av_inv_q(fps), AV_ROUND_NEAR_INF)
                                   : counted;
            av_frame_unref(last.get());
            av_frame_move_ref(last.get(), frame.get());
            lastIndex = idx;
            found = idx >= target;
        }
        auto jpeg = encodeJpeg(last.get(), m_options.maxEdge_px, m_options.jpegQscale, path);
        if (!jpeg)
            return jpeg.error();
        jpeg->frame = std::max<qint64>(0, lastIndex);
        if (video.frames.isEmpty() || video.frames.last().frame != jpeg->frame)
            video.frames.append(jpeg.value());
    }
    return video;
}

} // namespace greenlight
