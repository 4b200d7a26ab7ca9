#include "render/assetprobe.h"

#include <QFileInfo>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

namespace greenlight {

Result<VisualAssetInfo> probeVisualAsset(const QString &path)
{
    const QFileInfo fi(path);
    if (!fi.exists())
        return makeError(QStringLiteral("render.asset.missing"), QStringLiteral("the file does not exist"), path);
    if (!fi.isReadable())
        return makeError(QStringLiteral("render.asset.unreadable"), QStringLiteral("the file cannot be read (permissions)"),
                         path);
    AVFormatContext *ctx = nullptr;
    const QByteArray name = QFile::encodeName(path);
    int rc = avformat_open_input(&ctx, name.constData(), nullptr, nullptr);
    if (rc < 0) {
        char buf[AV_ERROR_MAX_STRING_SIZE] = {};
        av_strerror(rc, buf, sizeof buf);
        return makeError(QStringLiteral("render.asset.unreadable"),
                         QStringLiteral("not readable as media: ") + QString::fromUtf8(buf), path);
    }
    VisualAssetInfo info;
    rc = avformat_find_stream_info(ctx, nullptr);
    for (unsigned i = 0; rc >= 0 && i < ctx->nb_streams; ++i) {
        const AVCodecParameters *par = ctx->streams[i]->codecpar;
        if (par->codec_type == AVMEDIA_TYPE_VIDEO && info.width == 0) {
            info.width = par->width;
            info.height = par->height;
        } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
            info.hasAudio = true;
        }
    }
    avformat_close_input(&ctx);
    if (info.width <= 0 || info.height <= 0)
        return makeError(QStringLiteral("render.asset.unreadable"),
                         QStringLiteral("has no picture the renderer can decode"), path);
    return info;
}

} // namespace greenlight
