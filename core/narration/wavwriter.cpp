#include "narration/wavwriter.h"

#include "common/jsonio.h"

#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace greenlight {

QByteArray wavS16Bytes(const std::vector<float> &samples, int sampleRate)
{
    QByteArray out(44 + qsizetype(samples.size()) * 2, '\0');
    char *h = out.data();
    auto put32 = [&](int at, quint32 v) { qToLittleEndian(v, h + at); };
    auto put16 = [&](int at, quint16 v) { qToLittleEndian(v, h + at); };
    const quint32 dataBytes = quint32(samples.size() * 2);
    std::memcpy(h, "RIFF", 4);
    put32(4, 36 + dataBytes);
    std::memcpy(h + 8, "WAVEfmt ", 8);
    put32(16, 16);
    put16(20, 1);
    put16(22, 1);
    put32(24, quint32(sampleRate));
    put32(28, quint32(sampleRate * 2));
    put16(32, 2);
    put16(34, 16);
    std::memcpy(h + 36, "data", 4);
    put32(40, dataBytes);
    for (size_t i = 0; i < samples.size(); ++i) {
        const auto v = qint16(std::lround(std::clamp(samples[i], -1.0f, 1.0f) * 32767.0f));
        qToLittleEndian(v, h + 44 + i * 2);
    }
    return out;
}

Status writeWavS16(const QString &path, const std::vector<float> &samples, int sampleRate)
{
    return writeFileAtomically(path, wavS16Bytes(samples, sampleRate));
}

} // namespace greenlight
