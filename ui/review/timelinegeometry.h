#pragma once

#include "review/timelineindex.h"

#include <QRect>
#include <QString>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace greenlight {

// One track's band, in content coordinates (below the ruler, before vertical scrolling).
struct TimelineTrackRow
{
    TimelineTrack track = TimelineTrack::Scenes;
    int top = 0;
    int height = 0;
};

// What lies under a point of the timeline.
struct TimelineHit
{
    enum class Kind {
        None,
        Ruler,
        Header,
        Thumbnail,
        Scene,
        Segment,
        Word,
        Caption,
        Finding,        // index: into TimelineContent::findings
        WholeRunFindings, // the stage's findings without frames
        SignalSpan,     // index: into the span list of `spanKind`
        Loudness,
        Picture,
        Waveform,
        Empty,          // inside a track, over no item
    };
    Kind kind = Kind::None;
    TimelineTrack track = TimelineTrack::Scenes;
    int index = -1;
    TimelineSignalSpan spanKind = TimelineSignalSpan::Black;
    qint64 frame = 0;  // the frame under the point
    QRect rect;        // the item's rectangle in viewport coordinates (for a hover outline)
};

// Where everything is on the viewport: the header column on the left, the ruler on top, the
// tracks below it; frames map to x linearly at pxPerFrame, shifted by the horizontal scroll.
struct TimelineGeometry
{
    int width = 0;  // viewport
    int height = 0;
    int headerWidth = 150;
    int rulerHeight = 30;
    double pxPerFrame = 1.0;
    int scrollX = 0; // pixels of the timeline scrolled off to the left
    int scrollY = 0; // pixels of the tracks scrolled off the top
    qint64 frameCount = 1;
    std::vector<TimelineTrackRow> rows;
    int contentHeight = 0; // of all tracks

    int trackAreaWidth() const { return std::max(1, width - headerWidth); }
    double xForFrame(double frame) const { return headerWidth + frame * pxPerFrame - scrollX; }
    double frameAtX(double x) const { return (x - headerWidth + scrollX) / pxPerFrame; }
    qint64 frameAt(double x) const { return qint64(std::floor(frameAtX(x))); }
    // Frames [first, last) with any pixel on the visible track area.
    std::pair<qint64, qint64> visibleFrames() const
    {
        const qint64 first = std::max<qint64>(0, qint64(std::floor(frameAtX(headerWidth))));
        const qint64 last = std::min<qint64>(frameCount, qint64(std::ceil(frameAtX(width))) + 1);
        return {first, std::max(first, last)};
    }
    int rowTop(const TimelineTrackRow &row) const { return rulerHeight + row.top - scrollY; }
    QRect rowRect(const TimelineTrackRow &row) const { return QRect(0, rowTop(row), width, row.height); }
    QRect trackArea(const TimelineTrackRow &row) const
    {
        return QRect(headerWidth, rowTop(row), trackAreaWidth(), row.height);
    }
    const TimelineTrackRow *row(TimelineTrack track) const
    {
        for (const TimelineTrackRow &r : rows)
            if (r.track == track)
                return &r;
        return nullptr;
    }
    const TimelineTrackRow *rowAtY(int y) const
    {
        if (y < rulerHeight)
            return nullptr;
        for (const TimelineTrackRow &r : rows)
            if (y >= rowTop(r) && y < rowTop(r) + r.height)
                return &r;
        return nullptr;
    }
    // Horizontal extent of the whole video in pixels.
    double timelineWidth() const { return double(frameCount) * pxPerFrame; }
};

QString timelineTrackName(TimelineTrack track);

// Ruler tick spacing in frames: labelled major ticks at least minMajorPx apart, on steps a
// person reads easily (frames, then 1 s, 2 s, 5 s, 10 s, 15 s, 30 s, minutes, hours of
// timecode), and minor ticks dividing them.
struct TimelineTicks
{
    qint64 major = 1;
    qint64 minor = 1;
};
TimelineTicks timelineTicks(double pxPerFrame, const Rational &fps, double minMajorPx);

} // namespace greenlight
