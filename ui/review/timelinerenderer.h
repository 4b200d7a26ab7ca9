#pragma once

#include "review/timelinegeometry.h"
#include "review/timelineindex.h"
#include "review/timelinepalette.h"

#include <QImage>
#include <QList>
#include <QMap>
#include <QSize>

#include <functional>
#include <optional>
#include <utility>

class QPainter;

namespace greenlight {

// Thumbnails the timeline may draw: images at hand by frame, and a provider asked for frames
// it has not got. The provider must answer at once (a cached image, or a null image while the
// frame is being made elsewhere); it is never a decoder.
struct TimelineThumbnails
{
    QMap<qint64, QImage> images;
    std::function<QImage(qint64 frame)> provider;
};

// Where the rows of a findings lane are (shared by painting and hit-testing).
struct TimelineLaneLayout
{
    bool hasStrip = false; // findings of the whole run: a strip along the top
    double stripTop = 0.0;
    double stripHeight = 3.0;
    double top = 0.0;      // of the first row
    double rowHeight = 0.0;
    double rowGap = 1.0;
    double rowTop(int row) const { return top + row * (rowHeight + rowGap); }
};

// Where the narration track's segment bar and word row are.
struct TimelineNarrationLayout
{
    double segmentTop = 0.0;
    double segmentHeight = 0.0;
    double wordTop = 0.0;
    double wordHeight = 0.0;
};

// How ruler labels name frames.
enum class TimelineTimeFormat { Timecode, Frames };

// Paints the static layer of a timeline (everything but the playhead and the hover outline)
// for one geometry. Only what meets the visible frames is touched: each track's items come
// from two binary searches, items thinner than a pixel are merged into runs, graphs are
// reduced to one min/max per pixel column.
class TimelineRenderer
{
public:
    TimelineRenderer(const TimelineIndex &index, const TimelineGeometry &geometry, const TimelinePalette &palette);

    void setInOut(std::optional<std::pair<qint64, qint64>> inOut) { m_inOut = inOut; }
    void setThumbnails(TimelineThumbnails *thumbnails, QSize frameSize)
    {
        m_thumbnails = thumbnails;
        m_frameSize = frameSize;
    }
    void setTimeFormat(TimelineTimeFormat format) { m_timeFormat = format; }

    void paint(QPainter &p);
    // Frames whose thumbnails were wanted and not at hand during the last paint.
    const QList<qint64> &missingThumbnails() const { return m_missing; }

    // The label the ruler gives a frame.
    static QString frameLabel(qint64 frame, const Rational &fps, TimelineTimeFormat format);
    static TimelineLaneLayout findingLane(const QRect &area, int rows, bool hasWholeRun);
    static TimelineNarrationLayout narrationLayout(const QRect &area, const QFont &labelFont);
    // The thumbnail slot width for a track height and a picture size.
    static int thumbnailSlotWidth(int trackHeight, QSize frameSize);

private:
    void paintTrackBackgrounds(QPainter &p);
    void paintGrid(QPainter &p);
    void paintThumbnails(QPainter &p, const QRect &area);
    void paintScenes(QPainter &p, const QRect &area);
    void paintNarration(QPainter &p, const QRect &area);
    void paintCaptions(QPainter &p, const QRect &area);
    void paintFindings(QPainter &p, const QRect &area, Stage stage);
    void paintLoudness(QPainter &p, const QRect &area);
    void paintPicture(QPainter &p, const QRect &area);
    void paintWaveform(QPainter &p, const QRect &area);
    void paintSpans(QPainter &p, const QRect &area, const TimelineSpanList &spans, const QColor &color);
    void paintCurve(QPainter &p, const QRect &area, const TimelineRangePyramid &values, double lo, double hi,
                    const QColor &color, bool fill);
    void paintInOut(QPainter &p);
    void paintRuler(QPainter &p);
    void paintHeaders(QPainter &p);
    void paintHeader(QPainter &p, const TimelineTrackRow &row, const QRect &rect);
    void paintEmptyNote(QPainter &p, const QRect &area, const QString &text);
    void paintLabel(QPainter &p, const QRectF &item, const QRect &area, const QString &text, const QColor &color);

    const TimelineIndex &m_index;
    const TimelineGeometry &m_g;
    const TimelinePalette &m_palette;
    std::optional<std::pair<qint64, qint64>> m_inOut;
    TimelineThumbnails *m_thumbnails = nullptr;
    QSize m_frameSize;
    TimelineTimeFormat m_timeFormat = TimelineTimeFormat::Timecode;
    QList<qint64> m_missing;
    qint64 m_firstFrame = 0;
    qint64 m_lastFrame = 0;
};

} // namespace greenlight
