#pragma once

#include "common/result.h"
#include "media/decodedframe.h"
#include "media/frameindex.h"

#include <QSize>
#include <QString>

#include <functional>
#include <memory>

namespace greenlight {

// Decodes exactly frame N of a video file with libavformat/libavcodec, for any N, using the
// file's FrameIndex: it seeks to the keyframe that frame N needs and decodes forward, and does
// not seek at all when N lies a few frames ahead of where decoding stands (stepping forward
// and playback decode straight on). Frames are identified by their timestamps, never by
// counting, so B-frames, open GOPs, edit lists and variable frame rates come out exact.
//
// Not thread-safe: one decoder per worker thread. Codec decoding itself is multi-threaded.
class FrameDecoder
{
public:
    enum class Output
    {
        Image,
        Raw,
        ImageAndRaw
    };

    struct Stats
    {
        qint64 repositions =
            0;            // decoding restarted from a keyframe (a seek, or reading ahead to it)
        qint64 seeks = 0; // demuxer seeks
        qint64 packetsSent = 0; // packets given to the codec
        qint64 packetsSkipped =
            0; // packets read after a seek before the start keyframe (not decoded)
        qint64 framesDecoded = 0; // frames the codec returned
    };

    FrameDecoder();
    ~FrameDecoder();
    FrameDecoder(const FrameDecoder &) = delete;
    FrameDecoder &operator=(const FrameDecoder &) = delete;

    // Opens `path` with an index of it (loaded or built when none is given). Errors:
    // media.unreadable (location = path).
    Status open(const QString &path, std::shared_ptr<const FrameIndex> index = {});
    bool isOpen() const;
    const FrameIndex &index() const;
    std::shared_ptr<const FrameIndex> sharedIndex() const;
    qint64 frameCount() const;

    // Images are the display size (pixel aspect applied) fitted within `bound` (never
    // enlarged); an empty bound: the display size.
    void setOutputSize(const QSize &bound);
    QSize outputSize() const;
    // Codec threads; 0 (the default) lets libavcodec pick. Takes effect at open().
    void setThreads(int threads);
    // Before the target frame, non-reference frames need not be decoded at all
    // (AVDISCARD_NONREF); reference frames and the target are always decoded in full, so the
    // result is exact. On by default.
    void setSkipNonReferenceBeforeTarget(bool skip);
    // When a frame needs decoding restarted from a keyframe, stop feeding the codec once the
    // frame's own packet is in and drain it: the frame comes out without waiting for the
    // packets that would push it out of the codec's reorder and thread pipelines (a cold seek
    // gets faster), but the next frame after it needs a restart too. Off by default; for
    // single frames (a seek on request), not for playback or decoding ahead.
    void setDrainAfterRestart(bool drain);
    // How many packets past the decoder's position a frame may lie (beyond its keyframe) and
    // still be reached by decoding forward rather than seeking. Default 8.
    void setForwardDecodeLimit(int packets);

    // Frame n, exactly. Errors: media.frame-range (n outside 0..frameCount()-1),
    // media.decode (the file is damaged or ends before the frame can be decoded),
    // media.cancelled (`cancelled` returned true; the decoder stays usable).
    Result<DecodedFrame> frame(qint64 n, Output output = Output::Image,
                               const std::function<bool()> &cancelled = {});

    // Forgets where decoding stands, so the next frame() seeks (cold start).
    void reset();
    // The presentation number of the last frame the codec returned, -1 when none since a seek.
    qint64 position() const;
    const Stats &stats() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace greenlight
