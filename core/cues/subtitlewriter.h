#pragma once

#include "cues/captionlayout.h"
#include "spec/videospec.h"

#include <QByteArray>
#include <QList>

namespace greenlight {

// Writes caption cues as WebVTT or SubRip (UTF-8, LF line ends, numbered cues). Frame
// times become milliseconds at fps (rounded), hours always written. WebVTT escapes & < >
// and writes a speaker as a voice span (<v Name>).
class SubtitleWriter
{
public:
    static QByteArray toWebVtt(const QList<CaptionCue> &cues, const Rational &fps);
    static QByteArray toSrt(const QList<CaptionCue> &cues, const Rational &fps);

    // "01:02:03.045" (WebVTT) or "01:02:03,045" (SRT).
    static QString timestamp(qint64 ms, QChar decimalSeparator);
};

} // namespace greenlight
