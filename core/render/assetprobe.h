#pragma once

#include "common/result.h"

#include <QString>

namespace greenlight {

// What the renderer needs to know about an image or video asset to fit it into a box.
struct VisualAssetInfo
{
    int width = 0;
    int height = 0;
    bool hasAudio = false;
};

// Opens the file with libavformat and reads the first video stream's size. Errors:
// render.asset.missing (no such file), render.asset.unreadable (not decodable media).
Result<VisualAssetInfo> probeVisualAsset(const QString &path);

} // namespace greenlight
