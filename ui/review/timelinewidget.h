#pragma once

#include "review/timelinecontent.h"
#include "review/timelinegeometry.h"
#include "review/timelineindex.h"
#include "review/timelinepalette.h"
#include "review/timelinerenderer.h"

#include <QAbstractScrollArea>
#include <QImage>
#include <QList>
#include <QPixmap>

#include <functional>
#include <optional>
#include <utility>

namespace greenlight {

class ReviewSession;

// The review desk's timeline: a frame ruler and tracks for scenes, narration (segments, and
// words once they are wide enough), captions, findings (a lane per QA stage, coloured by
// severity), QA signals (loudness with silent spans; SSIM with black, frozen and changed
// spans), the audio waveform and, when a provider is set, thumbnails.
//
// Zoom runs from the whole video in view to kMaxPixelsPerFrame (single frames are wide enough
// to click); Ctrl+wheel zooms around the cursor, +/- around the playhead, 0 fits the video.
// The wheel scrolls (Shift+wheel: tracks up and down). A click or drag in the ruler or a track
// moves the playhead and asks to seek there; a click on a finding also activates it. Hovering
// shows what is under the cursor.
//
// Painting: everything but the playhead and the hover outline is drawn once per zoom, scroll
// and size into a cached pixmap; moving the playhead repaints only its old and new columns.
class TimelineWidget : public QAbstractScrollArea
{
    Q_OBJECT

public:
    static constexpr double kMaxPixelsPerFrame = 24.0;

    explicit TimelineWidget(QWidget *parent = nullptr);
    ~TimelineWidget() override;

    void setSession(const ReviewSession &session);
    void setContent(TimelineContent content);
    const TimelineContent &content() const { return m_index.content(); }
    const TimelineIndex &index() const { return m_index; }
    qint64 frameCount() const { return m_index.frameCount(); }

    qint64 playhead() const { return m_playhead; }
    // In and out points, frames [in, out): the range outside is shaded.
    void setInOut(qint64 inFrame, qint64 outFrame);
    void clearInOut();
    std::optional<std::pair<qint64, qint64>> inOut() const { return m_inOut; }

    double pixelsPerFrame() const { return m_ppf; }
    double minimumPixelsPerFrame() const; // the whole video fits
    double maximumPixelsPerFrame() const;
    // Zooms keeping the frame under viewport x `anchorX` where it is (default: the playhead
    // when it is in view, else the middle of the view).
    void setPixelsPerFrame(double ppf, std::optional<double> anchorX = std::nullopt);
    void zoomBy(double factor, std::optional<double> anchorX = std::nullopt);
    bool isFitToView() const { return m_fit; }

    int scrollOffset() const; // pixels of the timeline scrolled off the left
    void setScrollOffset(int px);
    // Scrolls the least needed to bring a frame into view.
    void ensureFrameVisible(qint64 frame);

    void setTimeFormat(TimelineTimeFormat format);
    TimelineTimeFormat timeFormat() const { return m_timeFormat; }

    // Thumbnails: the provider answers at once from what it has (a null image while it makes
    // the frame elsewhere); thumbnailsRequested names the frames still wanted, and setThumbnail
    // hands one over when it is ready. The track shows once a provider or a thumbnail is set.
    void setThumbnailProvider(std::function<QImage(qint64 frame)> provider);
    void setThumbnail(qint64 frame, const QImage &image);
    void clearThumbnails();
    void setThumbnailsVisible(bool visible);
    bool thumbnailsVisible() const { return m_thumbnailsVisible; }

    // Viewport coordinates (the widget's viewport(), below any frame of the scroll area).
    double xForFrame(double frame) const { return m_geometry.xForFrame(frame); }
    qint64 frameAtX(double x) const;
    QRect trackRect(TimelineTrack track) const; // the track's item area; empty when hidden
    int headerWidth() const { return m_geometry.headerWidth; }
    int rulerHeight() const { return m_geometry.rulerHeight; }
    TimelineHit hitTest(const QPoint &viewportPos) const;
    // The tooltip text (rich text) for what lies at a viewport point; empty over nothing.
    QString toolTipAt(const QPoint &viewportPos) const;

    // Drops the cached static layer: the next paint draws everything (benchmarks use it).
    void invalidateCache();
    // How many times the static layer has been drawn (the playhead alone never draws it).
    quint64 staticLayerPaints() const { return m_staticPaints; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public Q_SLOTS:
    void setPlayhead(qint64 frame);
    void zoomIn();
    void zoomOut();
    void zoomToFit();

Q_SIGNALS:
    void seekRequested(qint64 frame);
    void findingActivated(int index); // into content().findings
    void thumbnailsRequested(const QList<qint64> &frames);
    void zoomChanged(double pixelsPerFrame);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void relayout();
    void updateScrollBars();
    void syncGeometry();
    void rebuildCache();
    void paintOverlay(QPainter &p, const QRect &exposed);
    QRect playheadRect(qint64 frame) const;
    QRect cornerRect() const;
    void setHover(const TimelineHit &hit);
    void seekTo(double x);
    double defaultAnchorX() const;

    TimelineIndex m_index;
    TimelinePalette m_palette;
    TimelineGeometry m_geometry;
    TimelineThumbnails m_thumbnails;
    bool m_thumbnailsVisible = false;
    TimelineTimeFormat m_timeFormat = TimelineTimeFormat::Timecode;
    double m_ppf = 1.0;
    bool m_fit = true;
    qint64 m_playhead = 0;
    std::optional<std::pair<qint64, qint64>> m_inOut;
    QPixmap m_cache;
    bool m_cacheValid = false;
    TimelineHit m_hover;
    bool m_seeking = false;
    qint64 m_lastSeek = -1;
    bool m_requestPending = false;
    quint64 m_staticPaints = 0;
    bool m_hasContent = false;
};

} // namespace greenlight
