#include "spec/assetcheck.h"

#include "common/hashing.h"
#include "qa/findingcodes.h"
#include "text/textlayout.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QRegularExpression>

#include <mutex>

namespace greenlight {

namespace {

bool decodesOneFrame(AVFormatContext *fmt, int streamIndex)
{
    const AVCodecParameters *par = fmt->streams[streamIndex]->codecpar;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    if (!codec)
        return false;
    AVCodecContext *ctx = avcodec_alloc_context3(codec);
    bool ok = false;
    if (ctx && avcodec_parameters_to_context(ctx, par) >= 0 && avcodec_open2(ctx, codec, nullptr) >= 0) {
        AVPacket *pkt = av_packet_alloc();
        AVFrame *frame = av_frame_alloc();
        int packets = 0;
        while (!ok && packets < 200 && av_read_frame(fmt, pkt) >= 0) {
            if (pkt->stream_index == streamIndex) {
                ++packets;
                if (avcodec_send_packet(ctx, pkt) >= 0 && avcodec_receive_frame(ctx, frame) >= 0)
                    ok = true;
            }
            av_packet_unref(pkt);
        }
        if (!ok && avcodec_send_packet(ctx, nullptr) >= 0 && avcodec_receive_frame(ctx, frame) >= 0)
            ok = true; // single-packet images decode on flush
        av_frame_free(&frame);
        av_packet_free(&pkt);
    }
    avcodec_free_context(&ctx);
    return ok;
}

bool isImageDemuxer(const AVFormatContext *fmt)
{
    const QString name = QString::fromLatin1(fmt->iformat->name);
    return name.startsWith(QLatin1String("image2")) || name.endsWith(QLatin1String("_pipe"))
           || name == QLatin1String("png") || name == QLatin1String("webp");
}

struct Verdict
{
    DetectedMediaKind kind = DetectedMediaKind::Unreadable;
    QString why;
    QString sha256; // filled on demand
};

QMutex g_cacheMutex;
QHash<QString, Verdict> g_cache; // key: canonical path | size | mtime

QString cacheKey(const QFileInfo &fi)
{
    return fi.canonicalFilePath() + QLatin1Char('|') + QString::number(fi.size()) + QLatin1Char('|')
           + QString::number(fi.lastModified().toMSecsSinceEpoch());
}

bool isInside(const QString &canonicalPath, const QString &canonicalRoot)
{
    return canonicalPath.startsWith(canonicalRoot + QLatin1Char('/'));
}

} // namespace

DetectedMediaKind detectMediaKind(const QString &path, QString *why)
{
    // Damaged files are expected here and reported as findings; FFmpeg's own console
    // chatter about them would only confuse the report.
    static std::once_flag quiet;
    std::call_once(quiet, [] {
        if (qEnvironmentVariableIsEmpty("GREENLIGHT_FFMPEG_LOG"))
            av_log_set_level(AV_LOG_QUIET);
    });
    AVFormatContext *fmt = nullptr;
    if (avformat_open_input(&fmt, path.toUtf8().constData(), nullptr, nullptr) < 0) {
        if (why)
            *why = QStringLiteral("not a media file FFmpeg can open");
        return DetectedMediaKind::Unreadable;
    }
    DetectedMediaKind kind = DetectedMediaKind::Unreadable;
    if (avformat_find_stream_info(fmt, nullptr) >= 0) {
        const int video = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
        const int audio = av_find_best_stream(fmt, AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
        if (video >= 0) {
            const AVStream *st = fmt->streams[video];
            const bool still = isImageDemuxer(fmt) || st->nb_frames == 1
                               || (st->disposition & AV_DISPOSITION_ATTACHED_PIC);
            if (decodesOneFrame(fmt, video))
                kind = still ? DetectedMediaKind::Image : DetectedMediaKind::Video;
            else if (why)
                *why = QStringLiteral("its picture cannot be decoded (truncated or damaged)");
        } else if (audio >= 0) {
            if (decodesOneFrame(fmt, audio))
                kind = DetectedMediaKind::Audio;
            else if (why)
                *why = QStringLiteral("its audio cannot be decoded (truncated or damaged)");
        } else if (why) {
            *why = QStringLiteral("it has no picture or audio stream");
        }
    } else if (why) {
        *why = QStringLiteral("FFmpeg cannot read its streams");
    }
    avformat_close_input(&fmt);
    return kind;
}

Findings checkAssetFile(const Asset &asset, const QString &projectRoot, const QString &pointer)
{
    Findings out;
    const QString pathPtr = pointer + QStringLiteral("/path");
    auto finding = [&](const char *code, const QString &message, const QString &p) {
        Finding f = makeFinding(code, message, p);
        f.path = asset.path;
        out.append(f);
    };

    const QString rel = asset.path;
    const bool absolute = QDir::isAbsolutePath(rel) || rel.startsWith(QLatin1Char('\\'))
                          || (rel.size() > 1 && rel.at(1) == QLatin1Char(':'));
    static const QRegularExpression separators(QStringLiteral("[/\\\\]"));
    const bool climbs = rel.split(separators).contains(QStringLiteral(".."));
    if (absolute || climbs) {
        finding("spec.asset.path-escape",
                QStringLiteral("asset \"%1\" path \"%2\" %3; asset paths must stay inside the project "
                               "(copy the file into assets/)")
                    .arg(asset.id, rel, absolute ? QStringLiteral("is absolute") : QStringLiteral("climbs out with \"..\"")),
                pathPtr);
        return out;
    }
    const QString &root = projectRoot;
    const QFileInfo fi(QDir(root).filePath(rel));
    if (!fi.exists()) {
        finding("spec.asset.missing",
                QStringLiteral("asset \"%1\" file \"%2\" does not exist in the project").arg(asset.id, rel), pathPtr);
        return out;
    }
    if (!isInside(fi.canonicalFilePath(), root)) {
        finding("spec.asset.path-escape",
                QStringLiteral("asset \"%1\" path \"%2\" is a link leading outside the project; "
                               "copy the file into the project instead").arg(asset.id, rel),
                pathPtr);
        return out;
    }
    if (!fi.isFile() || !fi.isReadable()) {
        finding("spec.asset.unreadable",
                QStringLiteral("asset \"%1\" path \"%2\" is not a readable file").arg(asset.id, rel), pathPtr);
        return out;
    }

    const QString key = cacheKey(fi);
    Verdict verdict;
    bool cached = false;
    {
        QMutexLocker lock(&g_cacheMutex);
        auto it = g_cache.constFind(key);
        if (it != g_cache.constEnd()) {
            verdict = *it;
            cached = true;
        }
    }
    if (!cached) {
        if (asset.kind == QLatin1String("font")) {
            auto width = measureTextWidth(fi.canonicalFilePath(), 32, QStringLiteral("Ag"));
            verdict.kind = width ? DetectedMediaKind::Image : DetectedMediaKind::Unreadable; // "loadable"
            if (!width)
                verdict.why = QStringLiteral("FreeType cannot load it as a font");
        } else {
            verdict.kind = detectMediaKind(fi.canonicalFilePath(), &verdict.why);
        }
    }
    if (asset.sha256 && verdict.sha256.isEmpty()) {
        auto hash = sha256File(fi.canonicalFilePath());
        verdict.sha256 = hash ? *hash : QString();
    }
    if (!cached || asset.sha256) {
        QMutexLocker lock(&g_cacheMutex);
        g_cache.insert(key, verdict);
    }

    const QString &kind = asset.kind;
    const bool isFont = kind == QLatin1String("font");
    bool kindOk = verdict.kind != DetectedMediaKind::Unreadable;
    if (!isFont && kindOk) {
        kindOk = (kind == QLatin1String("image") && verdict.kind == DetectedMediaKind::Image)
                 || (kind == QLatin1String("video") && verdict.kind == DetectedMediaKind::Video)
                 || (kind == QLatin1String("audio") && verdict.kind == DetectedMediaKind::Audio);
        if (!kindOk) {
            static const char *names[] = {"unreadable", "an image", "a video", "audio"};
            verdict.why = QStringLiteral("it is %1, not %2")
                              .arg(QLatin1String(names[int(verdict.kind)]), kind);
        }
    }
    if (!kindOk)
        finding("spec.asset.unreadable",
                QStringLiteral("asset \"%1\" (%2) cannot be used: %3").arg(asset.id, rel, verdict.why), pathPtr);
    if (asset.sha256 && verdict.sha256 != *asset.sha256) {
        Finding f = makeFinding("spec.asset.hash-mismatch",
                                QStringLiteral("asset \"%1\" file has sha256 %2 but the spec pins %3")
                                    .arg(asset.id, verdict.sha256.left(12), asset.sha256->left(12)),
                                pointer + QStringLiteral("/sha256"));
        f.path = rel;
        f.evidence = {{"actual", toStd(verdict.sha256)}, {"expected", toStd(*asset.sha256)}};
        out.append(f);
    }
    return out;
}

} // namespace greenlight
