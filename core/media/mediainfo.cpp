#include "media/mediainfo.h"

#include <cmath>

namespace greenlight {

QString toString(MediaKind kind)
{
    switch (kind) {
    case MediaKind::Image: return QStringLiteral("image");
    case MediaKind::Video: return QStringLiteral("video");
    case MediaKind::Audio: return QStringLiteral("audio");
    case MediaKind::Unknown: break;
    }
    return QStringLiteral("unknown");
}

QString toString(FrameCountSource source)
{
    switch (source) {
    case FrameCountSource::Container: return QStringLiteral("container");
    case FrameCountSource::Packets: return QStringLiteral("packets");
    case FrameCountSource::Estimate: break;
    }
    return QStringLiteral("estimate");
}

const VideoStreamInfo *MediaInfo::primaryVideo() const
{
    for (const VideoStreamInfo &v : video)
        if (!v.attachedPicture)
            return &v;
    return nullptr;
}

const AudioStreamInfo *MediaInfo::primaryAudio() const
{
    return audio.isEmpty() ? nullptr : &audio.first();
}

Json rationalToJson(const Rational &r)
{
    return Json{{"num", r.num}, {"den", r.den}};
}

namespace {
double rounded(double v, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(v * scale) / scale;
}
} // namespace

Json MediaInfo::toJson() const
{
    Json j;
    j["path"] = toStd(path);
    j["format"] = toStd(formatName);
    j["kind"] = toStd(toString(kind));
    j["durationSeconds"] = rounded(durationSeconds, 6);
    j["startSeconds"] = rounded(startSeconds, 6);
    j["bitRate"] = bitRate;
    Json vs = Json::array();
    for (const VideoStreamInfo &v : video) {
        Json s;
        s["index"] = v.streamIndex;
        s["codec"] = toStd(v.codec);
        s["pixelFormat"] = toStd(v.pixelFormat);
        s["width"] = v.width;
        s["height"] = v.height;
        s["sampleAspectRatio"] = rationalToJson(v.sampleAspectRatio);
        s["fps"] = rationalToJson(v.fps);
        s["avgFrameRate"] = rationalToJson(v.avgFrameRate);
        s["realFrameRate"] = rationalToJson(v.realFrameRate);
        s["variableFrameRate"] = v.variableFrameRate;
        s["frameCount"] = v.frameCount;
        s["frameCountSource"] = toStd(toString(v.frameCountSource));
        s["timeBase"] = rationalToJson(v.timeBase);
        s["startPts"] = v.startPts;
        s["startSeconds"] = rounded(v.startSeconds, 6);
        s["durationSeconds"] = rounded(v.durationSeconds, 6);
        if (v.attachedPicture)
            s["attachedPicture"] = true;
        vs.push_back(std::move(s));
    }
    j["video"] = std::move(vs);
    Json as = Json::array();
    for (const AudioStreamInfo &a : audio) {
        Json s;
        s["index"] = a.streamIndex;
        s["codec"] = toStd(a.codec);
        s["sampleFormat"] = toStd(a.sampleFormat);
        s["sampleRate"] = a.sampleRate;
        s["channels"] = a.channels;
        s["channelLayout"] = toStd(a.channelLayout);
        s["timeBase"] = rationalToJson(a.timeBase);
        s["startPts"] = a.startPts;
        s["startSeconds"] = rounded(a.startSeconds, 6);
        s["durationSeconds"] = rounded(a.durationSeconds, 6);
        as.push_back(std::move(s));
    }
    j["audio"] = std::move(as);
    return j;
}

} // namespace greenlight
