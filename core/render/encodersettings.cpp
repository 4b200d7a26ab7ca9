#include "render/encodersettings.h"

#include <cmath>

namespace greenlight {

int EncoderSettings::effectiveKeyintFrames(const Rational &fps) const
{
    if (keyintFrames > 0)
        return keyintFrames;
    return int(std::max<qint64>(1, (2 * fps.num + fps.den - 1) / fps.den));
}

QStringList EncoderSettings::videoArgs(const Rational &fps) const
{
    const QString x264 = QStringLiteral("keyint=%1:scenecut=0:bframes=0:open-gop=0:forced-idr=1")
                             .arg(effectiveKeyintFrames(fps));
    return {QStringLiteral("-c:v"), videoCodec,
            QStringLiteral("-preset"), preset,
            QStringLiteral("-qp"), QString::number(qp),
            QStringLiteral("-threads"), QString::number(threads),
            QStringLiteral("-x264-params"), x264,
            QStringLiteral("-pix_fmt"), pixelFormat,
            QStringLiteral("-r"), fps.toString(),
            QStringLiteral("-fps_mode"), QStringLiteral("passthrough")};
}

QStringList EncoderSettings::audioArgs() const
{
    return {QStringLiteral("-c:a"), audioCodec,
            QStringLiteral("-b:a"), QString::number(audioBitrate_kbps) + QLatin1Char('k'),
            QStringLiteral("-ar"), QString::number(audioSampleRate),
            QStringLiteral("-ac"), QString::number(audioChannels)};
}

QStringList EncoderSettings::muxArgs(bool faststart)
{
    QStringList args = {QStringLiteral("-fflags"), QStringLiteral("+bitexact"),
                        QStringLiteral("-flags:v"), QStringLiteral("+bitexact"),
                        QStringLiteral("-flags:a"), QStringLiteral("+bitexact"),
                        QStringLiteral("-map_metadata"), QStringLiteral("-1"),
                        QStringLiteral("-map_chapters"), QStringLiteral("-1")};
    if (faststart)
        args << QStringLiteral("-movflags") << QStringLiteral("+faststart");
    return args;
}

Json EncoderSettings::toJson(const Rational &fps) const
{
    return {{"video", {{"codec", toStd(videoCodec)}, {"preset", toStd(preset)}, {"qp", qp}, {"threads", threads},
                       {"keyintFrames", effectiveKeyintFrames(fps)}, {"bframes", 0}, {"scenecut", false},
                       {"idrAtSceneStarts", true}, {"pixelFormat", toStd(pixelFormat)},
                       {"fps", {{"num", fps.num}, {"den", fps.den}}}}},
            {"audio", {{"codec", toStd(audioCodec)}, {"bitrate_kbps", audioBitrate_kbps},
                       {"sampleRate", audioSampleRate}, {"channels", audioChannels}}}};
}

} // namespace greenlight
