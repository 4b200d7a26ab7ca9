#pragma once

#include <QString>

namespace greenlight {

// Escapes a value for an option inside an ffmpeg filtergraph (filter script or
// -filter_complex): once for the option parser (\ ' :) and once for the graph parser
// (\ ' [ ] , ;), as the ffmpeg-filters manual, "Notes on filtergraph escaping", describes.
QString escapeFilterValue(const QString &value);

// "#1B2430" or "#1B2430CC" -> "0x1B2430" / "0x1B2430CC" (ffmpeg color syntax).
QString ffmpegColor(const QString &specColor);

// Quotes an argument for a POSIX shell, for the copy-paste command line in plan.json.
QString shellQuote(const QString &arg);

} // namespace greenlight
