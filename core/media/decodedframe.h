#pragma once

#include <QImage>
#include <QtGlobal>

#include <memory>

namespace greenlight {

// A decoded picture as the decoder produced it (planar YUV or whatever the codec outputs),
// held in its own buffers. Internal to core/media (see rawframe.h); other code only passes it on.
class RawFrame;

// Bytes a raw picture holds (its planes).
qint64 rawFrameBytes(const RawFrame &raw);

// One frame of a video: its number (rank in presentation order), timestamps, and the picture
// as an image (RGB32, or ARGB32 for sources with alpha), as a raw picture, or both.
struct DecodedFrame
{
    qint64 number = -1;
    qint64 pts = 0;       // stream time base
    double seconds = 0.0; // from frame 0
    bool keyframe = false;
    QImage image;
    std::shared_ptr<const RawFrame> raw;

    bool isNull() const { return number < 0; }
    // Memory it holds: the image's bytes plus the raw picture's.
    qint64 bytes() const { return image.sizeInBytes() + (raw ? rawFrameBytes(*raw) : 0); }
};

} // namespace greenlight
