#pragma once

#include "qa/finding.h"
#include "spec/videospec.h"

namespace greenlight {

// Checks one listed asset's file: the path stays inside the project (no absolute paths,
// no "..", no links leading outside), the file exists, is decodable media (or a loadable
// font) of the declared kind, and matches its pinned sha256. Verdicts are cached per file
// (path, size, modification time), so validating as you type costs no decoding.
// `projectRoot` must be canonical (QFileInfo::canonicalFilePath).
Findings checkAssetFile(const Asset &asset, const QString &projectRoot, const QString &pointer);

// What a media file actually is, judged by decoding its first frame.
enum class DetectedMediaKind { Unreadable, Image, Video, Audio };
DetectedMediaKind detectMediaKind(const QString &path, QString *why = nullptr);

} // namespace greenlight
