#include "review/timelinegeometry.h"

#include "review/reviewsession.h"

#include <QCoreApplication>

namespace greenlight {

QString timelineTrackName(TimelineTrack track)
{
    switch (track) {
    case TimelineTrack::Thumbnails: return QCoreApplication::translate("TimelineWidget", "Thumbnails");
    case TimelineTrack::Scenes: return QCoreApplication::translate("TimelineWidget", "Scenes");
    case TimelineTrack::Narration: return QCoreApplication::translate("TimelineWidget", "Narration");
    case TimelineTrack::Captions: return QCoreApplication::translate("TimelineWidget", "Captions");
    case TimelineTrack::Structural: return QCoreApplication::translate("TimelineWidget", "Structural");
    case TimelineTrack::Deterministic: return QCoreApplication::translate("TimelineWidget", "Deterministic");
    case TimelineTrack::Semantic: return QCoreApplication::translate("TimelineWidget", "Semantic");
    case TimelineTrack::Loudness: return QCoreApplication::translate("TimelineWidget", "Loudness");
    case TimelineTrack::Picture: return QCoreApplication::translate("TimelineWidget", "Picture");
    case TimelineTrack::Waveform: return QCoreApplication::translate("TimelineWidget", "Waveform");
    }
    return {};
}

TimelineTicks timelineTicks(double pxPerFrame, const Rational &fps, double minMajorPx)
{
    const qint64 base = ReviewSession::timecodeBase(fps);
    std::vector<qint64> steps;
    for (qint64 f : {1, 2, 5, 10})
        if (f < base && base % f == 0)
            steps.push_back(f);
    if (base >= 20 && base % 2 == 0)
        steps.push_back(base / 2);
    for (qint64 seconds : {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 18000, 36000})
        steps.push_back(seconds * base);
    TimelineTicks t;
    t.major = steps.back();
    for (qint64 s : steps)
        if (double(s) * pxPerFrame >= minMajorPx) {
            t.major = s;
            break;
        }
    // Minor ticks: the finest step that divides the major one and stays at least 6 px apart.
    t.minor = t.major;
    for (qint64 s : steps) {
        if (s >= t.major)
            break;
        if (t.major % s == 0 && double(s) * pxPerFrame >= 6.0 && t.major / s <= 10) {
            t.minor = s;
            break;
        }
    }
    return t;
}

} // namespace greenlight
