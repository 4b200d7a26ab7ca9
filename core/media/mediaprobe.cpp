#include "media/mediaprobe.h"

#include "media/avhandles.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
}

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace greenlight {

namespace {

Error unreadable(const QString &path, const QString &why)
{
    return makeError(QStringLiteral("media.unreadable"),
                     QStringLiteral("cannot read this media file: %1").arg(why), path);
}

Rational toRational(AVRational r) { return Rational{r.num, r.den}; }

double secondsOf(qint64 ticks, AVRational tb)
{
    return ticks == AV_NOPTS_VALUE ? 0.0 : double(ticks) * av::toDouble(tb);
}

bool isImageDemuxer(const AVFormatContext *fmt)
{
    const QLatin1String name(fmt->iformat->name);
    return name.startsWith(QLatin1String("image2")) || name.endsWith(QLatin1String("_pipe"))
           || name == QLatin1String("png") || name == QLatin1String("webp");
}

bool isImageCodec(AVCodecID id)
{
    switch (id) {
    case AV_CODEC_ID_PNG: case AV_CODEC_ID_MJPEG: case AV_CODEC_ID_WEBP: case AV_CODEC_ID_BMP:
    case AV_CODEC_ID_TIFF: case AV_CODEC_ID_GIF: case AV_CODEC_ID_JPEG2000: case AV_CODEC_ID_PPM:
    case AV_CODEC_ID_PGM: case AV_CODEC_ID_PAM: case AV_CODEC_ID_JPEGLS: case AV_CODEC_ID_TARGA:
    case AV_CODEC_ID_QOI: case AV_CODEC_ID_JPEGXL: case AV_CODEC_ID_SVG:
        return true;
    default:
        return false;
    }
}

// The decoder yields at least one frame for the stream.
bool decodesFirstFrame(AVFormatContext *fmt, int streamIndex, QString *why)
{
    QString error;
    av::CodecPtr codec = av::openDecoder(fmt->streams[streamIndex], 1, &error);
    if (!codec) {
        *why = error;
        return false;
    }
    av::PacketPtr pkt(av_packet_alloc());
    av::FramePtr frame(av_frame_alloc());
    for (int packets = 0; packets < 2000; ++packets) {
        const int rc = av_read_frame(fmt, pkt.get());
        if (rc < 0)
            break;
        if (pkt->stream_index == streamIndex) {
            avcodec_send_packet(codec.get(), pkt.get()); // errors on damaged packets: keep trying
            if (avcodec_receive_frame(codec.get(), frame.get()) >= 0)
                return true;
        }
        av_packet_unref(pkt.get());
    }
    avcodec_send_packet(codec.get(), nullptr);
    if (avcodec_receive_frame(codec.get(), frame.get()) >= 0)
        return true;
    *why = QStringLiteral("its first frame cannot be decoded (truncated or damaged)");
    return false;
}

struct PacketCount
{
    qint64 packets = 0;       // presented packets (discarded ones left out)
    qint64 allPackets = 0;    // including packets an edit list discards
    bool variableRate = false;
    QString error;
};

// Reads every packet of one stream: the exact frame count and whether timestamps are regular.
PacketCount countPackets(const QString &path, int streamIndex)
{
    PacketCount c;
    av::OpenResult opened = av::openInput(path);
    if (!opened.format) {
        c.error = opened.error;
        return c;
    }
    AVFormatContext *fmt = opened.format.get();
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        fmt->streams[i]->discard = int(i) == streamIndex ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    av::PacketPtr pkt(av_packet_alloc());
    std::vector<qint64> pts;
    while (av_read_frame(fmt, pkt.get()) >= 0) {
        if (pkt->stream_index == streamIndex) {
            ++c.allPackets;
            if (!(pkt->flags & AV_PKT_FLAG_DISCARD)) {
                ++c.packets;
                if (pkt->pts != AV_NOPTS_VALUE)
                    pts.push_back(pkt->pts);
            }
        }
        av_packet_unref(pkt.get());
    }
    if (pts.size() >= 3) {
        std::sort(pts.begin(), pts.end());
        std::vector<qint64> deltas;
        deltas.reserve(pts.size() - 1);
        for (size_t i = 1; i < pts.size(); ++i)
            deltas.push_back(pts[i] - pts[i - 1]);
        std::vector<qint64> sorted = deltas;
        std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
        const double median = double(sorted[sorted.size() / 2]);
        // One tick of slack covers rounded timestamps (e.g. 29.97 fps in a millisecond time base).
        const double tolerance = 1.0 + 0.005 * median;
        qint64 irregular = 0;
        for (qint64 d : deltas)
            if (std::abs(double(d) - median) > tolerance)
                ++irregular;
        c.variableRate = irregular > std::max<qint64>(1, qint64(deltas.size()) / 200);
    }
    return c;
}

} // namespace

Rational snapFrameRate(double fps)
{
    if (!(fps > 0.0) || !std::isfinite(fps))
        return Rational{0, 1};
    const double integer = std::round(fps);
    if (integer >= 1 && std::abs(fps - integer) / fps < 1e-4)
        return Rational{qint64(integer), 1};
    const double ntsc = std::round(fps * 1.001) * 1000.0;
    if (std::abs(fps - ntsc / 1001.0) / fps < 1e-4)
        return Rational{qint64(ntsc), 1001};
    qint64 num = qint64(std::llround(fps * 1000.0));
    qint64 den = 1000;
    const qint64 g = std::gcd(num, den);
    return Rational{num / g, den / g};
}

Result<MediaInfo> probeMedia(const QString &path, const ProbeOptions &options)
{
    av::OpenResult opened = av::openInput(path);
    if (!opened.format)
        return unreadable(path, opened.error);
    AVFormatContext *fmt = opened.format.get();

    MediaInfo info;
    info.path = path;
    info.formatName = QString::fromLatin1(fmt->iformat->name);
    info.durationSeconds = fmt->duration != AV_NOPTS_VALUE ? double(fmt->duration) / AV_TIME_BASE : 0.0;
    info.startSeconds = fmt->start_time != AV_NOPTS_VALUE ? double(fmt->start_time) / AV_TIME_BASE : 0.0;
    info.bitRate = fmt->bit_rate;

    const int bestVideo = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    const int bestAudio = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        const AVStream *st = fmt->streams[i];
        const AVCodecParameters *par = st->codecpar;
        const double duration = st->duration != AV_NOPTS_VALUE ? secondsOf(st->duration, st->time_base)
                                                                : info.durationSeconds;
        if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
            if (par->width <= 0 || par->height <= 0)
                continue; // nothing usable is known about this stream
            VideoStreamInfo v;
            v.streamIndex = int(i);
            v.codec = QString::fromLatin1(avcodec_get_name(par->codec_id));
            if (const char *pf = av_get_pix_fmt_name(AVPixelFormat(par->format)))
                v.pixelFormat = QString::fromLatin1(pf);
            v.width = par->width;
            v.height = par->height;
            if (av::isValid(par->sample_aspect_ratio))
                v.sampleAspectRatio = toRational(par->sample_aspect_ratio);
            v.avgFrameRate = av::isValid(st->avg_frame_rate) ? toRational(st->avg_frame_rate) : Rational{0, 1};
            v.realFrameRate = av::isValid(st->r_frame_rate) ? toRational(st->r_frame_rate) : Rational{0, 1};
            const double avg = av::toDouble(st->avg_frame_rate);
            const double real = av::toDouble(st->r_frame_rate);
            const bool disagree = avg > 0 && real > 0 && std::abs(real - avg) / avg >= 0.01;
            v.variableFrameRate = disagree;
            v.fps = (real > 0 && !disagree) ? snapFrameRate(real) : snapFrameRate(avg > 0 ? avg : real);
            v.timeBase = toRational(st->time_base);
            v.startPts = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
            v.startSeconds = secondsOf(v.startPts, st->time_base);
            v.durationSeconds = duration;
            v.attachedPicture = (st->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
            if (st->nb_frames > 0) {
                v.frameCount = st->nb_frames;
                v.frameCountSource = FrameCountSource::Container;
            } else {
                v.frameCount = qint64(std::llround(duration * v.fps.toDouble()));
                v.frameCountSource = FrameCountSource::Estimate;
            }
            if (int(i) == bestVideo)
                info.video.prepend(v);
            else
                info.video.append(v);
        } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
            if (par->sample_rate <= 0 || par->ch_layout.nb_channels <= 0)
                continue;
            AudioStreamInfo a;
            a.streamIndex = int(i);
            a.codec = QString::fromLatin1(avcodec_get_name(par->codec_id));
            if (const char *sf = av_get_sample_fmt_name(AVSampleFormat(par->format)))
                a.sampleFormat = QString::fromLatin1(sf);
            a.sampleRate = par->sample_rate;
            a.channels = par->ch_layout.nb_channels;
            char layout[128] = {};
            if (av_channel_layout_describe(&par->ch_layout, layout, sizeof(layout)) > 0)
                a.channelLayout = QString::fromUtf8(layout);
            a.timeBase = toRational(st->time_base);
            a.startPts = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
            a.startSeconds = secondsOf(a.startPts, st->time_base);
            a.durationSeconds = duration;
            if (int(i) == bestAudio)
                info.audio.prepend(a);
            else
                info.audio.append(a);
        }
    }
    // Cover art goes last so that video.first() is the picture stream when there is one.
    std::stable_partition(info.video.begin(), info.video.end(),
                          [](const VideoStreamInfo &v) { return !v.attachedPicture; });

    if (info.video.isEmpty() && info.audio.isEmpty())
        return unreadable(path, QStringLiteral("it has no picture or audio stream FFmpeg understands"));

    if (options.decodeCheck) {
        const int stream = info.primaryVideo()   ? info.primaryVideo()->streamIndex
                           : !info.audio.isEmpty() ? info.audio.first().streamIndex
                                                   : info.video.first().streamIndex;
        QString why;
        if (!decodesFirstFrame(fmt, stream, &why))
            return unreadable(path, why);
    }

    if (!info.video.isEmpty() && info.primaryVideo()) {
        VideoStreamInfo &v = info.video.first();
        const bool image = isImageDemuxer(fmt);
        if (options.countFrames || v.frameCountSource != FrameCountSource::Container || image) {
            const PacketCount count = countPackets(path, v.streamIndex);
            if (!count.error.isEmpty())
                return unreadable(path, count.error);
            if (count.packets == 0)
                return unreadable(path, QStringLiteral("its picture stream holds no frames"));
            if (v.frameCountSource == FrameCountSource::Container && count.allPackets < v.frameCount)
                return unreadable(path, QStringLiteral("it is truncated: the container declares %1 frames "
                                                       "but only %2 are present")
                                            .arg(v.frameCount)
                                            .arg(count.allPackets));
            v.frameCount = count.packets;
            v.frameCountSource = FrameCountSource::Packets;
            v.variableFrameRate = count.variableRate;
            if (count.variableRate && av::isValid(fmt->streams[v.streamIndex]->avg_frame_rate))
                v.fps = snapFrameRate(av::toDouble(fmt->streams[v.streamIndex]->avg_frame_rate));
        }
        const AVStream *st = fmt->streams[v.streamIndex];
        const bool still = v.frameCount <= 1 && (image || isImageCodec(st->codecpar->codec_id));
        info.kind = still ? MediaKind::Image : MediaKind::Video;
        if (still)
            v.variableFrameRate = false;
    } else if (!info.audio.isEmpty()) {
        info.kind = MediaKind::Audio;
    } else {
        info.kind = MediaKind::Image; // only an attached picture
    }
    return info;
}

MediaKind probeMediaKind(const QString &path, QString *why)
{
    ProbeOptions options;
    options.decodeCheck = true;
    const Result<MediaInfo> info = probeMedia(path, options);
    if (!info) {
        if (why)
            *why = info.error().message;
        return MediaKind::Unknown;
    }
    return info->kind;
}

} // namespace greenlight
