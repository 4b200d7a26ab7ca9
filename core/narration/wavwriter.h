#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace greenlight {

// Mono float samples ([-1, 1], clipped) as a 16-bit PCM WAV file.
QByteArray wavS16Bytes(const std::vector<float> &samples, int sampleRate);
// Written atomically (errors: io.write).
Status writeWavS16(const QString &path, const std::vector<float> &samples, int sampleRate);

} // namespace greenlight
