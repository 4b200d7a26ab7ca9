#pragma once

#include "common/result.h"
#include "media/mediainfo.h"

#include <QString>

namespace greenlight {

struct ProbeOptions
{
    // Count video frames by reading every packet even when the container declares
    // nb_frames (exact; reads the whole file, without decoding). Also detects variable
    // frame rate from the packet timestamps and truncation (fewer packets than declared).
    bool countFrames = false;
    // Decode the first frame of the primary stream to prove the file is usable.
    bool decodeCheck = false;
};

// Probes a media file in-process with libavformat. Errors (code media.unreadable, location
// = the path): missing, empty, truncated or garbage files, files without a picture or audio
// stream. Never crashes on bad input.
Result<MediaInfo> probeMedia(const QString &path, const ProbeOptions &options = {});

// Image / video / audio, judged by probing and decoding the first frame. Unknown when the
// file is unreadable; `why` then says why.
MediaKind probeMediaKind(const QString &path, QString *why = nullptr);

// A frame rate as a clean rational: values within 0.01% of a common rate (23.976, 24, 25,
// 29.97, 30, 50, 59.94, 60, ...) snap to it; otherwise the closest n/1001 or n/1 rational
// when close, else the value with denominator 1000.
Rational snapFrameRate(double fps);

} // namespace greenlight
