#pragma once

#include "common/result.h"
#include "run/runrecord.h"

#include <QByteArray>
#include <QString>

namespace greenlight {

struct FfmpegVersionInfo
{
    QString version;       // "5.1.9-0+deb12u1"
    QString configuration; // the "configuration:" line of `ffmpeg -version`
};

// Parses the text `ffmpeg -version` prints.
FfmpegVersionInfo parseFfmpegVersion(const QByteArray &versionOutput);

// Runs `<program> -version` (blocking, a few milliseconds; call it off the GUI thread).
// Results are cached per program; thread-safe. Errors: render.ffmpeg.missing.
Result<FfmpegVersionInfo> probeFfmpegVersion(const QString &program);

// Host, operating system, and this build's version and commit (common/buildinfo.h).
RunProvenance localProvenance();

} // namespace greenlight
