#pragma once

#include "review/timelinegeometry.h"
#include "review/timelineindex.h"
#include "review/timelinepalette.h"

#include <QCoreApplication>
#include <QPoint>
#include <QString>

namespace greenlight {

// What lies under a point of a timeline, and the words a tooltip says about it: the finding's
// code, severity, message and frames; a word's text and times; a scene's id and role; a QA
// span, a loudness, SSIM or peak value at a frame. Uses the same layout as the painting.
class TimelineInspector
{
    Q_DECLARE_TR_FUNCTIONS(TimelineWidget)

public:
    TimelineInspector(const TimelineIndex &index, const TimelineGeometry &geometry, const TimelinePalette &palette);

    TimelineHit hitTest(const QPoint &viewportPos) const;
    // Rich text; empty over nothing.
    QString describe(const TimelineHit &hit) const;

private:
    QString framesText(qint64 start, qint64 end) const;

    const TimelineIndex &m_index;
    const TimelineGeometry &m_geometry;
    const TimelinePalette &m_palette;
};

} // namespace greenlight
