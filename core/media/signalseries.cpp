#include "media/signalseries.h"

#include <cmath>

namespace greenlight {

namespace {

Json numbers(const std::vector<float> &values, double scale)
{
    Json a = Json::array();
    for (float v : values) {
        if (!std::isfinite(v))
            a.push_back(nullptr);
        else
            a.push_back(std::round(double(v) * scale) / scale);
    }
    return a;
}

std::vector<float> floatsFrom(const Json &j, const char *key)
{
    std::vector<float> out;
    const auto it = j.find(key);
    if (it == j.end() || !it->is_array())
        return out;
    out.reserve(it->size());
    for (const Json &v : *it)
        out.push_back(v.is_number() ? v.get<float>() : std::nanf(""));
    return out;
}

} // namespace

Json SignalSeries::toJson() const
{
    Json j;
    j["schemaVersion"] = kSchemaVersion;
    j["fps"] = Json{{"num", fps.num}, {"den", fps.den}};
    j["frameCount"] = frameCount;
    j["variableFrameRate"] = variableFrameRate;
    Json video;
    video["plane"] = Json{{"width", planeWidth}, {"height", planeHeight}};
    video["lumaMean"] = numbers(lumaMean, 10.0);
    video["darkFraction"] = numbers(darkFraction, 1e4);
    video["diff"] = numbers(diff, 1e5);
    if (!ssim.empty())
        video["ssim"] = numbers(ssim, 1e4);
    j["video"] = std::move(video);
    Json audio;
    audio["sampleRate"] = sampleRate;
    audio["windowMs"] = kLoudnessWindowMs;
    Json m = Json::array();
    for (float v : momentaryLufs) {
        if (!std::isfinite(v) || v < -120.0f)
            m.push_back(nullptr);
        else
            m.push_back(std::round(double(v) * 10.0) / 10.0);
    }
    audio["momentaryLufs"] = std::move(m);
    j["audio"] = std::move(audio);
    return j;
}

Result<SignalSeries> SignalSeries::fromJson(const Json &j)
{
    const auto bad = [](const char *what) {
        return makeError(QStringLiteral("signals.format"),
                         QStringLiteral("not a signal series: %1").arg(QLatin1String(what)));
    };
    if (!j.is_object() || j.value("schemaVersion", 0) != kSchemaVersion)
        return bad("schemaVersion is not 1");
    SignalSeries s;
    try {
        s.fps = Rational{j.at("fps").at("num").get<qint64>(), j.at("fps").at("den").get<qint64>()};
        s.frameCount = j.at("frameCount").get<qint64>();
        s.variableFrameRate = j.value("variableFrameRate", false);
        const Json &video = j.at("video");
        s.planeWidth = video.at("plane").at("width").get<int>();
        s.planeHeight = video.at("plane").at("height").get<int>();
        s.lumaMean = floatsFrom(video, "lumaMean");
        s.darkFraction = floatsFrom(video, "darkFraction");
        s.diff = floatsFrom(video, "diff");
        s.ssim = floatsFrom(video, "ssim");
        const Json &audio = j.at("audio");
        s.sampleRate = audio.at("sampleRate").get<int>();
        s.momentaryLufs = floatsFrom(audio, "momentaryLufs");
    } catch (const Json::exception &e) {
        return bad(e.what());
    }
    return s;
}

} // namespace greenlight
