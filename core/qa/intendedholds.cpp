#include "qa/intendedholds.h"

namespace greenlight {

namespace {

bool isVideoAsset(const Json &asset)
{
    return asset.is_object() && asset.value("kind", std::string()) == "video";
}

bool moves(const Json &scene)
{
    const Json &background = scene.contains("background") ? scene["background"] : Json();
    if (background.is_object() && background.contains("asset") && isVideoAsset(background["asset"]))
        return true;
    if (scene.contains("layers") && scene["layers"].is_array())
        for (const Json &layer : scene["layers"])
            if (layer.value("type", std::string()) == "video"
                || (layer.contains("asset") && isVideoAsset(layer["asset"])))
                return true;
    return false;
}

} // namespace

QList<FrameRange> intendedHoldsFromProps(const Json &props)
{
    QList<FrameRange> holds;
    if (!props.is_object() || !props.contains("scenes") || !props["scenes"].is_array())
        return holds;
    for (const Json &scene : props["scenes"]) {
        if (!scene.is_object() || !scene.contains("startFrame") || !scene.contains("endFrame") || moves(scene))
            continue;
        qint64 start = scene["startFrame"].get<qint64>();
        const qint64 end = scene["endFrame"].get<qint64>();
        if (scene.contains("transitionIn") && scene["transitionIn"].is_object()
            && scene["transitionIn"].value("type", std::string()) != "cut")
            start += scene["transitionIn"].value("durationFrames", qint64(0));
        if (end > start)
            holds.append(FrameRange{start, end});
    }
    return holds;
}

} // namespace greenlight
