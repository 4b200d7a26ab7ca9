#pragma once

#include "common/result.h"

#include <QString>

namespace greenlight {

// Finds the font file for a family and weight with fontconfig — the same lookup ffmpeg's
// drawtext filter performs — and refuses fontconfig's silent fallback to another family.
// Results are cached; thread-safe. Error code: spec.font.unavailable.
Result<QString> resolveFontFile(const QString &family, bool bold);

// The family used when a spec names none.
QString defaultFontFamily();

} // namespace greenlight
