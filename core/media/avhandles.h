#pragma once

// Internal to core/media: owning handles for libav* objects and error text. Not part of
// the module's public API (public headers never include libav* headers).
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libswscale/swscale.h>
}

#include <QString>

#include <memory>

namespace greenlight::av {

struct FormatCloser
{
    void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};
struct CodecCloser
{
    void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
struct FrameFreer
{
    void operator()(AVFrame *f) const { av_frame_free(&f); }
};
struct PacketFreer
{
    void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct GraphFreer
{
    void operator()(AVFilterGraph *g) const { avfilter_graph_free(&g); }
};
struct SwsFreer
{
    void operator()(SwsContext *s) const { sws_freeContext(s); }
};

using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, CodecCloser>;
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;
using GraphPtr = std::unique_ptr<AVFilterGraph, GraphFreer>;
using SwsPtr = std::unique_ptr<SwsContext, SwsFreer>;

// The text of an AVERROR code.
QString errorText(int averror);

// Keeps libav* quiet (errors become Result values, not stderr noise) unless the
// environment variable GREENLIGHT_FFMPEG_LOG names a level (quiet, error, warning, info, debug).
void initLogging();

// Opens a file for demuxing and reads its stream information. Errors: media.unreadable.
struct OpenResult
{
    FormatPtr format;
    QString error; // empty on success
};
OpenResult openInput(const QString &path);

// Opens a decoder for a stream; threads = 0 lets libavcodec pick (frame + slice threads).
CodecPtr openDecoder(const AVStream *stream, int threads, QString *error);

// Rational helpers.
inline double toDouble(AVRational r) { return r.den ? double(r.num) / double(r.den) : 0.0; }
inline bool isValid(AVRational r) { return r.num > 0 && r.den > 0; }

} // namespace greenlight::av
