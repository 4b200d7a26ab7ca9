#pragma once

#include "common/jsonio.h"
#include "spec/videospec.h"

#include <QString>
#include <QStringList>

namespace greenlight {

// Fixed encoder settings: the same spec and tool versions give byte-identical output on any
// machine. Constant QP (no rate-control state crossing GOPs), no B-frames, no scene-cut
// keyframes, a fixed thread count and an IDR at every scene start make each scene's frames
// independent of what came before, so chunks of whole scenes decode to the same frames as
// a single render.
struct EncoderSettings
{
    QString videoCodec = QStringLiteral("libx264");
    QString preset = QStringLiteral("veryfast");
    int qp = 20;
    int threads = 2;       // fixed: x264 output depends on its thread count
    int keyintFrames = 0;  // 0 = two seconds at the canvas rate
    QString pixelFormat = QStringLiteral("yuv420p");
    QString audioCodec = QStringLiteral("aac");
    int audioBitrate_kbps = 160;
    int audioSampleRate = 48000;
    int audioChannels = 2;

    int effectiveKeyintFrames(const Rational &fps) const;
    // -c:v ... -x264-params ... -pix_fmt ... -r ... -fps_mode passthrough
    QStringList videoArgs(const Rational &fps) const;
    // -c:a ... -b:a ... -ar ... -ac ...
    QStringList audioArgs() const;
    // Container flags: bit-exact, no metadata, moov first when faststart.
    static QStringList muxArgs(bool faststart);

    Json toJson(const Rational &fps) const;
};

} // namespace greenlight
