#include "media/avhandles.h"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

#include <QFileInfo>

#include <mutex>

namespace greenlight::av {

QString errorText(int averror)
{
    char buf[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(averror, buf, sizeof(buf));
    return QString::fromUtf8(buf);
}

void initLogging()
{
    static std::once_flag once;
    std::call_once(once, [] {
        const QString wanted = qEnvironmentVariable("GREENLIGHT_FFMPEG_LOG").toLower();
        int level = AV_LOG_QUIET;
        if (wanted == QLatin1String("error"))
            level = AV_LOG_ERROR;
        else if (wanted == QLatin1String("warning"))
            level = AV_LOG_WARNING;
        else if (wanted == QLatin1String("info"))
            level = AV_LOG_INFO;
        else if (wanted == QLatin1String("debug"))
            level = AV_LOG_DEBUG;
        av_log_set_level(level);
    });
}

OpenResult openInput(const QString &path)
{
    initLogging();
    OpenResult r;
    const QFileInfo fi(path);
    if (!fi.exists()) {
        r.error = QStringLiteral("the file does not exist");
        return r;
    }
    if (!fi.isFile() || !fi.isReadable()) {
        r.error = QStringLiteral("the file is not a readable regular file");
        return r;
    }
    if (fi.size() == 0) {
        r.error = QStringLiteral("the file is empty (0 bytes)");
        return r;
    }
    AVFormatContext *raw = nullptr;
    int rc = avformat_open_input(&raw, QFile::encodeName(path).constData(), nullptr, nullptr);
    if (rc < 0) {
        r.error = QStringLiteral("FFmpeg cannot open it as media (%1)").arg(errorText(rc));
        return r;
    }
    FormatPtr format(raw);
    rc = avformat_find_stream_info(format.get(), nullptr);
    if (rc < 0) {
        r.error = QStringLiteral("FFmpeg cannot read its streams (%1)").arg(errorText(rc));
        return r;
    }
    r.format = std::move(format);
    return r;
}

CodecPtr openDecoder(const AVStream *stream, int threads, QString *error)
{
    const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec) {
        if (error)
            *error = QStringLiteral("no decoder for codec '%1'")
                         .arg(QString::fromLatin1(avcodec_get_name(stream->codecpar->codec_id)));
        return {};
    }
    CodecPtr ctx(avcodec_alloc_context3(codec));
    if (!ctx) {
        if (error)
            *error = QStringLiteral("out of memory");
        return {};
    }
    int rc = avcodec_parameters_to_context(ctx.get(), stream->codecpar);
    if (rc < 0) {
        if (error)
            *error = errorText(rc);
        return {};
    }
    ctx->pkt_timebase = stream->time_base;
    ctx->thread_count = threads;
    ctx->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    rc = avcodec_open2(ctx.get(), codec, nullptr);
    if (rc < 0) {
        if (error)
            *error = QStringLiteral("cannot open the %1 decoder (%2)")
                         .arg(QString::fromLatin1(codec->name), errorText(rc));
        return {};
    }
    return ctx;
}

} // namespace greenlight::av
