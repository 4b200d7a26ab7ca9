#include "tts/audiodecoder.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/mem.h>
#include <libswresample/swresample.h>
}

#include <QHash>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>

namespace greenlight {

namespace {

const QString kBadResponse = QStringLiteral("tts.bad-response");

Error badAudio(const QString &what)
{
    return makeError(kBadResponse, QStringLiteral("the server's audio cannot be used: ") + what);
}

QString avError(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromUtf8(text);
}

struct MemoryReader
{
    const uint8_t *data = nullptr;
    int64_t size = 0;
    int64_t pos = 0;
};

int readPacket(void *opaque, uint8_t *buf, int bufSize)
{
    auto *r = static_cast<MemoryReader *>(opaque);
    const int64_t n = std::min<int64_t>(bufSize, r->size - r->pos);
    if (n <= 0)
        return AVERROR_EOF;
    std::memcpy(buf, r->data + r->pos, size_t(n));
    r->pos += n;
    return int(n);
}

int64_t seekPacket(void *opaque, int64_t offset, int whence)
{
    auto *r = static_cast<MemoryReader *>(opaque);
    if (whence & AVSEEK_SIZE)
        return r->size;
    whence &= ~AVSEEK_FORCE;
    int64_t target = offset;
    if (whence == SEEK_CUR)
        target = r->pos + offset;
    else if (whence == SEEK_END)
        target = r->size + offset;
    else if (whence != SEEK_SET)
        return AVERROR(EINVAL);
    if (target < 0 || target > r->size)
        return AVERROR(EINVAL);
    r->pos = target;
    return target;
}

struct AvioFree
{
    void operator()(AVIOContext *c) const
    {
        if (c)
            av_freep(&c->buffer);
        avio_context_free(&c);
    }
};
struct FormatFree
{
    void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};
struct CodecFree
{
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct FrameFree
{
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketFree
{
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct SwrFree
{
    void operator()(SwrContext *s) const { swr_free(&s); }
};

// A WAV whose data chunk claims more bytes than arrived was cut. Streaming writers put a
// placeholder size (0 or 0xFFFFFFFF) in the header; those cannot be checked.
std::optional<QString> checkWavHeader(const QByteArray &bytes)
{
    if (bytes.size() < 12 || !bytes.startsWith("RIFF") || bytes.mid(8, 4) != "WAVE")
        return std::nullopt; // not RIFF/WAVE: let the demuxer judge
    qsizetype pos = 12;
    while (pos + 8 <= bytes.size()) {
        const QByteArray id = bytes.mid(pos, 4);
        const quint32 size = qFromLittleEndian<quint32>(bytes.constData() + pos + 4);
        if (id == "data") {
            if (size == 0 || size >= 0x7fffffffu)
                return std::nullopt;
            const qint64 available = bytes.size() - (pos + 8);
            if (available < qint64(size))
                return QStringLiteral("the WAV data is cut short: %1 of %2 bytes").arg(available).arg(size);
            return std::nullopt;
        }
        pos += 8 + qsizetype(size) + (size & 1);
    }
    return QStringLiteral("the WAV file ends before its data chunk");
}

} // namespace

AudioDecoder::Format AudioDecoder::formatFromName(const QString &name, int defaultPcmRate)
{
    QString n = name.trimmed().toLower();
    if (n.startsWith(QLatin1String("audio/")))
        n = n.mid(6);
    const int semicolon = int(n.indexOf(QLatin1Char(';')));
    if (semicolon >= 0)
        n = n.left(semicolon).trimmed();
    const QStringList parts = n.split(QLatin1Char('_'));
    const QString head = parts.value(0);
    Format f;
    if ((head == QLatin1String("pcm") || head == QLatin1String("ulaw") || head == QLatin1String("alaw"))
        && parts.size() >= 2 && parts.at(1).toInt() > 0) {
        f.container = head == QLatin1String("pcm") ? QStringLiteral("pcm_s16le") : head; // ElevenLabs pcm_22050
        f.sampleRate = parts.at(1).toInt();
        return f;
    }
    if (n == QLatin1String("pcm") || n == QLatin1String("l16") || n == QLatin1String("pcm_s16le")) {
        f.container = QStringLiteral("pcm_s16le");
        f.sampleRate = defaultPcmRate;
    } else if (n == QLatin1String("pcm_f32le")) {
        f.container = n;
        f.sampleRate = defaultPcmRate;
    } else if (head == QLatin1String("mp3") || n == QLatin1String("mpeg")) {
        f.container = QStringLiteral("mp3");
    } else if (n == QLatin1String("wav") || n == QLatin1String("wave") || n == QLatin1String("x-wav")) {
        f.container = QStringLiteral("wav");
    } else if (n == QLatin1String("flac") || n == QLatin1String("x-flac")) {
        f.container = QStringLiteral("flac");
    } else if (head == QLatin1String("opus") || n == QLatin1String("ogg")) {
        f.container = QStringLiteral("ogg");
    } else if (n == QLatin1String("aac")) {
        f.container = QStringLiteral("aac");
    } else if (n == QLatin1String("mp4") || n == QLatin1String("m4a")) {
        f.container = QStringLiteral("m4a");
    }
    return f; // unknown: probe
}

Result<DecodedAudio> AudioDecoder::decode(const QByteArray &bytes, const Format &format)
{
    if (bytes.isEmpty())
        return badAudio(QStringLiteral("the response holds no audio bytes"));
    const QString c = format.container.toLower();
    if (c == QLatin1String("pcm") || c == QLatin1String("pcm_s16le") || c == QLatin1String("pcm_f32le")
        || c == QLatin1String("ulaw") || c == QLatin1String("alaw"))
        return decodeRaw(bytes, format);
    return decodeContainer(bytes, format);
}

Result<DecodedAudio> AudioDecoder::decodeRaw(const QByteArray &bytes, const Format &format)
{
    if (format.sampleRate <= 0)
        return makeError(QStringLiteral("tts.engine"), QStringLiteral("raw PCM needs a sample rate"));
    DecodedAudio out;
    out.sampleRate = format.sampleRate;
    const QString c = format.container.toLower();
    const auto *p = reinterpret_cast<const uchar *>(bytes.constData());
    if (c == QLatin1String("pcm_f32le")) {
        if (bytes.size() % 4)
            return badAudio(QStringLiteral("raw float PCM of %1 bytes is cut mid-sample").arg(bytes.size()));
        out.samples.resize(size_t(bytes.size() / 4));
        for (size_t i = 0; i < out.samples.size(); ++i)
            out.samples[i] = qFromLittleEndian<float>(p + 4 * i);
    } else if (c == QLatin1String("ulaw") || c == QLatin1String("alaw")) {
        const bool ulaw = c == QLatin1String("ulaw");
        out.samples.resize(size_t(bytes.size()));
        for (size_t i = 0; i < out.samples.size(); ++i) {
            const int v = ulaw ? int(uchar(~p[i])) : int(uchar(p[i] ^ 0x55));
            int sample;
            if (ulaw) {
                const int t = (((v & 0x0f) << 3) + 0x84) << ((v & 0x70) >> 4);
                sample = (v & 0x80) ? (0x84 - t) : (t - 0x84);
            } else {
                int t = (v & 0x0f) << 4;
                const int seg = (v & 0x70) >> 4;
                t = seg == 0 ? t + 8 : (t + 0x108) << (seg - 1);
                sample = (v & 0x80) ? t : -t;
            }
            out.samples[i] = float(sample) / 32768.0f;
        }
    } else {
        if (bytes.size() % 2)
            return badAudio(QStringLiteral("raw 16-bit PCM of %1 bytes is cut mid-sample").arg(bytes.size()));
        out.samples.resize(size_t(bytes.size() / 2));
        for (size_t i = 0; i < out.samples.size(); ++i)
            out.samples[i] = float(qFromLittleEndian<qint16>(p + 2 * i)) / 32768.0f;
    }
    return out;
}

Result<DecodedAudio> AudioDecoder::decodeContainer(const QByteArray &bytes, const Format &format)
{
    if (const auto cut = checkWavHeader(bytes)) // whatever the label says
        return badAudio(*cut);

    static const QHash<QString, const char *> demuxers = {
        {QStringLiteral("wav"), "wav"},   {QStringLiteral("mp3"), "mp3"}, {QStringLiteral("flac"), "flac"},
        {QStringLiteral("ogg"), "ogg"},   {QStringLiteral("opus"), "ogg"}, {QStringLiteral("aac"), "aac"},
        {QStringLiteral("m4a"), "mp4"},
    };
    const char *demuxerName = demuxers.value(format.container.toLower(), nullptr);
    const AVInputFormat *forced = demuxerName ? av_find_input_format(demuxerName) : nullptr;

    MemoryReader reader{reinterpret_cast<const uint8_t *>(bytes.constData()), bytes.size(), 0};
    std::unique_ptr<AVIOContext, AvioFree> avio;
    AVFormatContext *raw = nullptr;
    // Each try reads the buffer from its start through a fresh AVIO context.
    auto open = [&](const AVInputFormat *demuxer) -> int {
        constexpr int kAvioBuffer = 32768;
        reader.pos = 0;
        auto *buffer = static_cast<uint8_t *>(av_malloc(kAvioBuffer));
        avio.reset(buffer ? avio_alloc_context(buffer, kAvioBuffer, 0, &reader, &readPacket, nullptr, &seekPacket)
                          : nullptr);
        if (!avio) {
            av_free(buffer);
            return AVERROR(ENOMEM);
        }
        raw = avformat_alloc_context();
        if (!raw)
            return AVERROR(ENOMEM);
        raw->pb = avio.get();
        raw->flags |= AVFMT_FLAG_CUSTOM_IO;
        return avformat_open_input(&raw, nullptr, demuxer, nullptr); // frees raw on failure
    };
    int rc = open(forced);
    if (rc < 0 && forced) // the server may have sent another format than announced: probe
        rc = open(nullptr);
    if (rc < 0)
        return badAudio(QStringLiteral("not a readable audio stream (%1)").arg(avError(rc)));
    const bool wav = QByteArray(raw->iformat->name) == "wav";
    std::unique_ptr<AVFormatContext, FormatFree> fmt(raw);
    if ((rc = avformat_find_stream_info(fmt.get(), nullptr)) < 0)
        return badAudio(QStringLiteral("cannot read the stream information (%1)").arg(avError(rc)));

    const AVCodec *codec = nullptr;
    const int streamIndex = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (streamIndex < 0 || !codec)
        return badAudio(QStringLiteral("no decodable audio stream"));
    const AVStream *stream = fmt->streams[streamIndex];
    std::unique_ptr<AVCodecContext, CodecFree> ctx(avcodec_alloc_context3(codec));
    if (!ctx || avcodec_parameters_to_context(ctx.get(), stream->codecpar) < 0)
        return makeError(QStringLiteral("tts.engine"), QStringLiteral("cannot set up the audio decoder"));
    if ((rc = avcodec_open2(ctx.get(), codec, nullptr)) < 0)
        return badAudio(QStringLiteral("cannot open the %1 decoder (%2)").arg(QString::fromUtf8(codec->name), avError(rc)));

    DecodedAudio out;
    out.sampleRate = ctx->sample_rate;
    if (out.sampleRate <= 0)
        return badAudio(QStringLiteral("the stream has no sample rate"));
    std::unique_ptr<SwrContext, SwrFree> swr;
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    std::unique_ptr<AVFrame, FrameFree> frame(av_frame_alloc());
    std::unique_ptr<AVPacket, PacketFree> packet(av_packet_alloc());

    auto convert = [&](const AVFrame *f) -> std::optional<Error> {
        if (!swr) {
            AVChannelLayout in;
            if (f->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || f->ch_layout.nb_channels <= 0)
                av_channel_layout_default(&in, std::max(1, f->ch_layout.nb_channels));
            else
                av_channel_layout_copy(&in, &f->ch_layout);
            SwrContext *s = nullptr;
            const int r = swr_alloc_set_opts2(&s, &mono, AV_SAMPLE_FMT_FLT, f->sample_rate, &in,
                                              AVSampleFormat(f->format), f->sample_rate, 0, nullptr);
            av_channel_layout_uninit(&in);
            swr.reset(s);
            if (r < 0 || swr_init(s) < 0)
                return makeError(QStringLiteral("tts.engine"), QStringLiteral("cannot set up the down-mix"));
        }
        const size_t at = out.samples.size();
        const int capacity = swr_get_out_samples(swr.get(), f ? f->nb_samples : 0);
        if (capacity <= 0)
            return std::nullopt;
        out.samples.resize(at + size_t(capacity));
        auto *dst = reinterpret_cast<uint8_t *>(out.samples.data() + at);
        const int n = swr_convert(swr.get(), &dst, capacity, f ? const_cast<const uint8_t **>(f->extended_data) : nullptr,
                                  f ? f->nb_samples : 0);
        if (n < 0)
            return badAudio(QStringLiteral("down-mix failed (%1)").arg(avError(n)));
        out.samples.resize(at + size_t(n));
        return std::nullopt;
    };
    auto drain = [&]() -> std::optional<Error> {
        for (;;) {
            const int r = avcodec_receive_frame(ctx.get(), frame.get());
            if (r == AVERROR(EAGAIN) || r == AVERROR_EOF)
                return std::nullopt;
            if (r < 0)
                return badAudio(QStringLiteral("decoding failed (%1): the stream is damaged or cut").arg(avError(r)));
            if (frame->decode_error_flags || (frame->flags & AV_FRAME_FLAG_CORRUPT))
                return badAudio(QStringLiteral("a damaged audio frame: the stream is damaged or cut"));
            const auto e = convert(frame.get());
            av_frame_unref(frame.get());
            if (e)
                return e;
        }
    };

    for (;;) {
        rc = av_read_frame(fmt.get(), packet.get());
        if (rc == AVERROR_EOF)
            break;
        if (rc < 0)
            return badAudio(QStringLiteral("reading the stream failed (%1): the stream is damaged or cut").arg(avError(rc)));
        if (packet->stream_index == streamIndex) {
            // The wav demuxer flags a short last packet of a length-less (streamed) WAV; a
            // WAV with a length was checked against its header above.
            if ((packet->flags & AV_PKT_FLAG_CORRUPT) && !wav)
                return badAudio(QStringLiteral("a damaged packet: the stream is damaged or cut"));
            rc = avcodec_send_packet(ctx.get(), packet.get());
            av_packet_unref(packet.get());
            if (rc < 0 && rc != AVERROR(EAGAIN))
                return badAudio(QStringLiteral("decoding failed (%1): the stream is damaged or cut").arg(avError(rc)));
            if (const auto e = drain())
                return *e;
        } else {
            av_packet_unref(packet.get());
        }
    }
    avcodec_send_packet(ctx.get(), nullptr);
    if (const auto e = drain())
        return *e;
    if (swr)
        if (const auto e = convert(nullptr))
            return *e;
    if (out.samples.empty())
        return badAudio(QStringLiteral("the stream decodes to no samples"));

    // A stream that declares its length must deliver it.
    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0
        && fmt->duration_estimation_method == AVFMT_DURATION_FROM_STREAM) {
        const int64_t declared = av_rescale_q(stream->duration, stream->time_base, AVRational{1, out.sampleRate});
        const int64_t tolerance = 2 * std::max(ctx->frame_size, 1152);
        if (int64_t(out.samples.size()) + tolerance < declared)
            return badAudio(QStringLiteral("the stream is cut short: %1 of %2 declared samples")
                                .arg(out.samples.size())
                                .arg(declared));
    }
    return out;
}

} // namespace greenlight
