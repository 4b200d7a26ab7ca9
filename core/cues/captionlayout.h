#pragma once

#include "cues/cuetimeline.h"
#include "spec/videospec.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

// Readability rules for caption cues, from the spec's caption style.
struct CaptionRules
{
    int maxCharsPerLine = 42;
    int maxLines = 2;
    qint64 minDurationFrames = 0; // a cue stays at least this long (unless the next one starts)
    qint64 maxDurationFrames = 0; // a cue is split before it would last longer; 0: no limit
    qint64 maxPauseFrames = 0;    // a pause this long between words starts a new cue; 0: no limit

    // Style values where the spec sets them; otherwise 42 characters, 2 lines, at least
    // 5/6 s, at most 7 s, a new cue after a 1.5 s pause (converted to frames at fps).
    static CaptionRules fromStyle(const std::optional<CaptionStyle> &style, const Rational &fps);
    static CaptionRules fromSpec(const VideoSpec &spec);
};

// One caption as shown on screen: frames [startFrame, endFrame) and its lines.
struct CaptionCue
{
    qint64 startFrame = 0;
    qint64 endFrame = 0;
    QStringList lines;
    QString segmentId;
    std::optional<QString> speaker;
};

// Splits a cue timeline into caption cues. Within each segment, words are grouped greedily
// into cues that fit maxLines lines of maxCharsPerLine and maxDurationFrames; when a cue
// must end, it ends preferably after a sentence end, else after a clause mark (, ; : —),
// else where the next word no longer fits; never inside a word. Lines of a cue are balanced
// and prefer breaking after punctuation. Cue times come from word timings (start floored,
// end ceiled to frames); short cues are lengthened to minDurationFrames without running
// into the next cue. Segments without words get estimated word timings. Text is the source
// text, punctuation kept, whitespace collapsed.
class CaptionLayout
{
public:
    static QList<CaptionCue> layout(const CueTimeline &timeline, const CaptionRules &rules);

    // Balanced line breaking of pieces of text (each a word with its punctuation) into at
    // most maxLines lines (more when a piece is longer than a line). Exposed for tests.
    static QStringList breakLines(const QStringList &pieces, int maxCharsPerLine, int maxLines);

    // Text as pieces for breakLines: each run of non-space characters with one space after it.
    static QStringList pieces(const QString &text);

    // Final timing pass over cues of any source: orders them by startFrame, lengthens short
    // cues to minDurationFrames without running into the next one, and cuts a cue that would
    // overlap the next at that cue's start.
    static void settleTimes(QList<CaptionCue> &cues, const CaptionRules &rules);
};

} // namespace greenlight
