#include "render/outputcheck.h"

#include <QFileInfo>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/error.h>
}

namespace greenlight {

namespace {
Error invalid(const QString &path, const QString &what)
{
    return makeError(QStringLiteral("render.output.invalid"),
                     QStringLiteral("the rendered file is not usable (%1); it was discarded. The plan and ffmpeg's log "
                                    "are kept in the run folder; render again.")
                         .arg(what),
                     path);
}
} // namespace

Status checkRenderedOutput(const QString &path, const Canvas &canvas, qint64 expectedFrames)
{
    const qint64 fileBytes = QFileInfo(path).size();
    AVFormatContext *ctx = nullptr;
    const QByteArray name = QFile::encodeName(path);
    if (const int rc = avformat_open_input(&ctx, name.constData(), nullptr, nullptr); rc < 0) {
        char buf[AV_ERROR_MAX_STRING_SIZE] = {};
        av_strerror(rc, buf, sizeof buf);
        return invalid(path, QStringLiteral("it cannot be opened: ") + QString::fromUtf8(buf));
    }
    QString problem;
    const AVStream *video = nullptr;
    for (unsigned i = 0; i < ctx->nb_streams && !video; ++i)
        if (ctx->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_VIDEO)
            video = ctx->streams[i];
    if (!video) {
        problem = QStringLiteral("it has no video stream");
    } else if (video->codecpar->width != canvas.width || video->codecpar->height != canvas.height) {
        problem = QStringLiteral("it is %1x%2, the plan says %3x%4")
                      .arg(video->codecpar->width).arg(video->codecpar->height).arg(canvas.width).arg(canvas.height);
    } else if (video->nb_frames != expectedFrames) {
        problem = QStringLiteral("it holds %1 frames, the plan says %2").arg(video->nb_frames).arg(expectedFrames);
    } else if (video->avg_frame_rate.num * canvas.fps.den != qint64(video->avg_frame_rate.den) * canvas.fps.num) {
        problem = QStringLiteral("its frame rate is %1/%2, the plan says %3")
                      .arg(video->avg_frame_rate.num).arg(video->avg_frame_rate.den).arg(canvas.fps.toString());
    } else {
        for (unsigned i = 0; i < ctx->nb_streams && problem.isEmpty(); ++i) {
            AVStream *s = ctx->streams[i];
            const int entries = avformat_index_get_entries_count(s);
            for (int e = 0; e < entries; ++e) {
                const AVIndexEntry *entry = avformat_index_get_entry(s, e);
                if (entry && entry->pos + entry->size > fileBytes) {
                    problem = QStringLiteral("it is cut short: stream %1 needs %2 bytes, the file has %3")
                                  .arg(i).arg(entry->pos + entry->size).arg(fileBytes);
                    break;
                }
            }
        }
    }
    avformat_close_input(&ctx);
    if (!problem.isEmpty())
        return invalid(path, problem);
    return {};
}

} // namespace greenlight
