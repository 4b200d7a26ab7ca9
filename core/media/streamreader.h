#pragma once

// Internal to core/media: one demux pass over a file, decoding its primary video and audio
// streams as frames come (threaded decoding). Not part of the public API.
#include "common/result.h"
#include "media/avhandles.h"

namespace greenlight {

class StreamReader
{
public:
    enum class Event { Video, Audio, End };

    // threads = 0: libavcodec picks (frame + slice threads over all cores).
    Status open(const QString &path, bool wantVideo, bool wantAudio, int threads);

    // The next decoded frame, in decode output (presentation) order per stream. After Video
    // the frame is videoFrame(), after Audio audioFrame(); it stays valid until next().
    Event next();

    AVFrame *videoFrame() { return m_videoFrame.get(); }
    AVFrame *audioFrame() { return m_audioFrame.get(); }
    const AVStream *videoStream() const { return m_video.stream; }
    const AVStream *audioStream() const { return m_audio.stream; }
    const AVFormatContext *format() const { return m_format.get(); }

    // Seconds of the file read so far (from packet timestamps), for progress.
    double positionSeconds() const { return m_positionSeconds; }
    qint64 decodeErrors() const { return m_decodeErrors; }

private:
    struct Decoder
    {
        const AVStream *stream = nullptr;
        av::CodecPtr codec;
        bool active = false;    // still producing frames
        bool drainable = false; // may have frames to receive
    };
    bool receive(Decoder &d, AVFrame *frame);
    void send(Decoder &d, const AVPacket *packet);

    av::FormatPtr m_format;
    Decoder m_video;
    Decoder m_audio;
    av::FramePtr m_videoFrame{av_frame_alloc()};
    av::FramePtr m_audioFrame{av_frame_alloc()};
    av::PacketPtr m_packet{av_packet_alloc()};
    bool m_eof = false;
    double m_positionSeconds = 0.0;
    qint64 m_decodeErrors = 0;
};

} // namespace greenlight
