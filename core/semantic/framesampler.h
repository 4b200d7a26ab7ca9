#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "qa/finding.h"
#include "spec/videospec.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace greenlight {

struct SampledFrame
{
    qint64 frame = 0;  // frame number on the video timeline (0-based, from timestamps)
    QByteArray jpeg;   // baseline JPEG
    int width_px = 0;
    int height_px = 0;
};

struct SampledVideo
{
    qint64 frameCount = 0;
    Rational fps;
    int width_px = 0;
    int height_px = 0;
    QList<SampledFrame> frames;
};

// Pulls still frames out of a video in-process (libavformat/libavcodec, scaled with
// libswscale, encoded with libavcodec's MJPEG encoder) for a model reviewer to look at.
// Frames are found by timestamp: seek to the keyframe before, decode forward.
class FrameSampler
{
public:
    struct Options
    {
        int maxEdge_px = 768;  // longer side of each JPEG
        int jpegQscale = 4;    // 2 (best) .. 31
    };

    FrameSampler() = default;
    explicit FrameSampler(Options options) : m_options(options) {}

    // `count` frames spread evenly: the middle frame of each of `count` equal parts.
    static QList<qint64> evenlySpaced(qint64 frameCount, int count);
    // The middle frame of each range (e.g. scenes).
    static QList<qint64> midpoints(const QList<FrameRange> &ranges);

    // Extracts the given frames (clamped to the video, duplicates dropped); with an empty list,
    // `evenCount` evenly spaced frames. Errors: media.unreadable, review.frames, review.cancelled.
    Result<SampledVideo> sample(const QString &videoPath, const QList<qint64> &frames, int evenCount,
                                const CancelToken &cancel = {}) const;

private:
    Options m_options;
};

} // namespace greenlight
