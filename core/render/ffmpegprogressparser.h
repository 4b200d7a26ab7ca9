#pragma once

#include <QByteArray>
#include <QList>

namespace greenlight {

// One block of `-progress` output (key=value lines ending in progress=continue|end).
struct FfmpegProgress
{
    qint64 frame = 0;
    qint64 outTime_us = 0;
    bool end = false;
};

// Parses ffmpeg's `-progress pipe:1` stream incrementally; tolerant of blocks split across
// reads and of keys it does not know.
class FfmpegProgressParser
{
public:
    // Feeds raw bytes; returns the blocks completed by them.
    QList<FfmpegProgress> feed(const QByteArray &bytes);

private:
    QByteArray m_pending;
    FfmpegProgress m_current;
};

} // namespace greenlight
