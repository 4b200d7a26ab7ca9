#include "review/timelinewidget.h"

#include "review/reviewsession.h"
#include "review/timelineinspector.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPolygonF>
#include <QScrollBar>
#include <QTimer>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace greenlight {

namespace {

constexpr double kZoomStep = 1.5;

} // namespace

TimelineWidget::TimelineWidget(QWidget *parent) : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent);
    viewport()->setAutoFillBackground(false);
    m_palette = TimelinePalette::standard(font());
    m_index.build(TimelineContent{});
    relayout();
}

TimelineWidget::~TimelineWidget() = default;

QSize TimelineWidget::sizeHint() const
{
    return QSize(900, m_geometry.rulerHeight + m_geometry.contentHeight + horizontalScrollBar()->sizeHint().height());
}

QSize TimelineWidget::minimumSizeHint() const
{
    return QSize(m_geometry.headerWidth + 120, m_geometry.rulerHeight + 80);
}

void TimelineWidget::setSession(const ReviewSession &session)
{
    setContent(TimelineContent::fromSession(session));
}

void TimelineWidget::setContent(TimelineContent content)
{
    // New content of the same length (findings changed, say) keeps the zoom and the scroll;
    // anything else starts with the whole video in view.
    const qint64 before = m_index.frameCount();
    const bool sameLength = m_hasContent && content.frameCount > 0 && content.frameCount == m_index.content().frameCount;
    const int scroll = scrollOffset();
    m_index.build(std::move(content));
    m_hasContent = true;
    m_hover = {};
    m_playhead = std::clamp<qint64>(m_playhead, 0, m_index.frameCount() - 1);
    if (sameLength && m_index.frameCount() == before) {
        relayout();
        setScrollOffset(scroll);
        return;
    }
    m_fit = true;
    relayout();
    zoomToFit();
}

void TimelineWidget::relayout()
{
    const QFontMetrics fm(m_palette.labelFont);
    const QFontMetrics hm(m_palette.headerFont);
    const int line = fm.height();
    m_geometry.rulerHeight = line + 14;
    m_geometry.headerWidth = std::max(160, hm.horizontalAdvance(timelineTrackName(TimelineTrack::Deterministic)) + 64);
    m_geometry.rows.clear();
    int y = 0;
    const auto add = [&](TimelineTrack track, int height) {
        m_geometry.rows.push_back(TimelineTrackRow{track, y, height});
        y += height;
    };
    if (m_thumbnailsVisible)
        add(TimelineTrack::Thumbnails, line * 3 + 10);
    add(TimelineTrack::Scenes, line + 12);
    add(TimelineTrack::Narration, line * 2 + 14);
    add(TimelineTrack::Captions, line + 12);
    for (Stage s : {Stage::Structural, Stage::Deterministic, Stage::Semantic}) {
        const int rows = m_index.findingRows(s);
        const bool strip = !m_index.wholeRunFindings(s).empty();
        add(s == Stage::Structural      ? TimelineTrack::Structural
            : s == Stage::Deterministic ? TimelineTrack::Deterministic
                                        : TimelineTrack::Semantic,
            line + 10 + (rows - 1) * (line - 3) + (strip ? 5 : 0));
    }
    add(TimelineTrack::Loudness, line * 2 + 12);
    add(TimelineTrack::Picture, m_index.content().qaSignals.ssim.empty() ? line + 12 : line * 2 + 12);
    add(TimelineTrack::Waveform, line * 2 + 12);
    m_geometry.contentHeight = y;
    updateScrollBars();
    updateGeometry();
    invalidateCache();
}

void TimelineWidget::syncGeometry()
{
    m_geometry.width = viewport()->width();
    m_geometry.height = viewport()->height();
    m_geometry.pxPerFrame = m_ppf;
    m_geometry.scrollX = horizontalScrollBar()->value();
    m_geometry.scrollY = verticalScrollBar()->value();
    m_geometry.frameCount = m_index.frameCount();
}

void TimelineWidget::updateScrollBars()
{
    syncGeometry();
    if (m_fit)
        m_ppf = minimumPixelsPerFrame();
    m_ppf = std::clamp(m_ppf, minimumPixelsPerFrame(), maximumPixelsPerFrame());
    const int area = m_geometry.trackAreaWidth();
    const qint64 full = qint64(std::ceil(double(m_index.frameCount()) * m_ppf));
    QScrollBar *h = horizontalScrollBar();
    h->setRange(0, int(std::clamp<qint64>(full - area, 0, std::numeric_limits<int>::max())));
    h->setPageStep(area);
    h->setSingleStep(std::max(1, int(std::ceil(m_ppf * 4))));
    QScrollBar *v = verticalScrollBar();
    const int visibleTracks = std::max(0, viewport()->height() - m_geometry.rulerHeight);
    v->setRange(0, std::max(0, m_geometry.contentHeight - visibleTracks));
    v->setPageStep(visibleTracks);
    v->setSingleStep(12);
    syncGeometry();
}

double TimelineWidget::minimumPixelsPerFrame() const
{
    const int area = std::max(1, viewport()->width() - m_geometry.headerWidth);
    return double(area) / double(std::max<qint64>(1, m_index.frameCount()));
}

double TimelineWidget::maximumPixelsPerFrame() const
{
    return std::max(kMaxPixelsPerFrame, minimumPixelsPerFrame());
}

double TimelineWidget::defaultAnchorX() const
{
    const double x = m_geometry.xForFrame(double(m_playhead));
    if (x >= m_geometry.headerWidth && x < m_geometry.width)
        return x;
    return m_geometry.headerWidth + m_geometry.trackAreaWidth() / 2.0;
}

void TimelineWidget::setPixelsPerFrame(double ppf, std::optional<double> anchorX)
{
    syncGeometry();
    const double ax = anchorX.value_or(defaultAnchorX());
    const double anchorFrame = m_geometry.frameAtX(ax);
    const double lo = minimumPixelsPerFrame();
    ppf = std::clamp(ppf, lo, maximumPixelsPerFrame());
    m_hover = {};
    m_fit = ppf <= lo * 1.0001;
    m_ppf = m_fit ? lo : ppf;
    updateScrollBars();
    const long scroll = std::lround(anchorFrame * m_ppf - (ax - m_geometry.headerWidth));
    horizontalScrollBar()->setValue(int(std::clamp<long>(scroll, 0, horizontalScrollBar()->maximum())));
    syncGeometry();
    invalidateCache();
    Q_EMIT zoomChanged(m_ppf);
}

void TimelineWidget::zoomBy(double factor, std::optional<double> anchorX)
{
    setPixelsPerFrame(m_ppf * factor, anchorX);
}

void TimelineWidget::zoomIn()
{
    zoomBy(kZoomStep);
}

void TimelineWidget::zoomOut()
{
    zoomBy(1.0 / kZoomStep);
}

void TimelineWidget::zoomToFit()
{
    setPixelsPerFrame(minimumPixelsPerFrame(), m_geometry.headerWidth);
}

int TimelineWidget::scrollOffset() const
{
    return horizontalScrollBar()->value();
}

void TimelineWidget::setScrollOffset(int px)
{
    horizontalScrollBar()->setValue(px);
}

void TimelineWidget::ensureFrameVisible(qint64 frame)
{
    syncGeometry();
    const double x0 = m_geometry.xForFrame(double(frame));
    const double x1 = m_geometry.xForFrame(double(frame + 1));
    if (x0 < m_geometry.headerWidth)
        setScrollOffset(m_geometry.scrollX - int(std::ceil(m_geometry.headerWidth - x0)));
    else if (x1 > m_geometry.width)
        setScrollOffset(m_geometry.scrollX + int(std::ceil(x1 - m_geometry.width)));
}

void TimelineWidget::setTimeFormat(TimelineTimeFormat format)
{
    m_timeFormat = format;
    invalidateCache();
}

qint64 TimelineWidget::frameAtX(double x) const
{
    return std::clamp<qint64>(m_geometry.frameAt(x), 0, m_index.frameCount() - 1);
}

QRect TimelineWidget::trackRect(TimelineTrack track) const
{
    const TimelineTrackRow *row = m_geometry.row(track);
    return row ? m_geometry.trackArea(*row) : QRect();
}

void TimelineWidget::setInOut(qint64 inFrame, qint64 outFrame)
{
    if (outFrame < inFrame)
        std::swap(inFrame, outFrame);
    m_inOut = std::make_pair(inFrame, outFrame);
    invalidateCache();
}

void TimelineWidget::clearInOut()
{
    m_inOut.reset();
    invalidateCache();
}

void TimelineWidget::setThumbnailProvider(std::function<QImage(qint64)> provider)
{
    m_thumbnails.provider = std::move(provider);
    setThumbnailsVisible(true);
    invalidateCache();
}

void TimelineWidget::setThumbnail(qint64 frame, const QImage &image)
{
    m_thumbnails.images.insert(frame, image);
    if (!m_thumbnailsVisible)
        setThumbnailsVisible(true);
    invalidateCache();
}

void TimelineWidget::clearThumbnails()
{
    m_thumbnails.images.clear();
    invalidateCache();
}

void TimelineWidget::setThumbnailsVisible(bool visible)
{
    if (m_thumbnailsVisible == visible)
        return;
    m_thumbnailsVisible = visible;
    relayout();
}

void TimelineWidget::invalidateCache()
{
    m_cacheValid = false;
    viewport()->update();
}

// --- painting -------------------------------------------------------------------------------

void TimelineWidget::rebuildCache()
{
    syncGeometry();
    const qreal dpr = viewport()->devicePixelRatioF();
    const QSize size = viewport()->size() * dpr;
    if (m_cache.size() != size)
        m_cache = QPixmap(size);
    m_cache.setDevicePixelRatio(dpr);
    QPainter p(&m_cache);
    TimelineRenderer renderer(m_index, m_geometry, m_palette);
    renderer.setInOut(m_inOut);
    renderer.setTimeFormat(m_timeFormat);
    renderer.setThumbnails(m_thumbnailsVisible ? &m_thumbnails : nullptr, m_index.content().frameSize);
    renderer.paint(p);
    m_cacheValid = true;
    ++m_staticPaints;
    if (m_thumbnailsVisible && !renderer.missingThumbnails().isEmpty() && !m_requestPending) {
        m_requestPending = true;
        const QList<qint64> missing = renderer.missingThumbnails();
        QTimer::singleShot(0, this, [this, missing] {
            m_requestPending = false;
            Q_EMIT thumbnailsRequested(missing);
        });
    }
}

void TimelineWidget::paintEvent(QPaintEvent *event)
{
    const qreal dpr = viewport()->devicePixelRatioF();
    if (!m_cacheValid || m_cache.size() != viewport()->size() * dpr)
        rebuildCache();
    QPainter p(viewport());
    const QRect r = event->rect();
    p.drawPixmap(r, m_cache, QRectF(r.x() * dpr, r.y() * dpr, r.width() * dpr, r.height() * dpr).toAlignedRect());
    paintOverlay(p, r);
}

QRect TimelineWidget::cornerRect() const
{
    return QRect(0, 0, m_geometry.headerWidth - 1, m_geometry.rulerHeight - 1);
}

QRect TimelineWidget::playheadRect(qint64 frame) const
{
    const double x0 = m_geometry.xForFrame(double(frame));
    const double x1 = m_geometry.xForFrame(double(frame + 1));
    return QRect(int(std::floor(x0)) - 8, 0, int(std::ceil(x1 - x0)) + 17, m_geometry.height);
}

void TimelineWidget::paintOverlay(QPainter &p, const QRect &exposed)
{
    const TimelineGeometry &g = m_geometry;
    // Hover outline.
    if (m_hover.rect.isValid() && m_hover.rect.intersects(exposed)) {
        p.save();
        p.setClipRect(QRect(g.headerWidth, g.rulerHeight, g.trackAreaWidth(), g.height - g.rulerHeight));
        p.setPen(QPen(m_palette.hover, 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(m_hover.rect).adjusted(0.5, 0.5, -0.5, -0.5));
        p.restore();
    }
    // Playhead: the frame it stands on (when frames are wide), a line at the frame's start and
    // a handle in the ruler.
    const double x0 = g.xForFrame(double(m_playhead));
    const double x1 = g.xForFrame(double(m_playhead + 1));
    if (x1 >= g.headerWidth && x0 <= g.width && playheadRect(m_playhead).intersects(exposed)) {
        p.save();
        p.setClipRect(QRect(g.headerWidth, 0, g.trackAreaWidth(), g.height));
        QColor cell = m_palette.playhead;
        cell.setAlpha(38);
        if (x1 - x0 >= 3.0)
            p.fillRect(QRectF(x0, g.rulerHeight, x1 - x0, g.height - g.rulerHeight), cell);
        const double x = std::floor(x0) + 0.5;
        p.setPen(QPen(m_palette.playhead, 1));
        p.drawLine(QLineF(x, 0, x, g.height));
        QPolygonF handle;
        const double top = g.rulerHeight - 12.0;
        handle << QPointF(x - 6, top) << QPointF(x + 6, top) << QPointF(x + 6, top + 6) << QPointF(x, top + 11)
               << QPointF(x - 6, top + 6);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(Qt::NoPen);
        p.setBrush(m_palette.playhead);
        p.drawPolygon(handle);
        p.restore();
    }
    // The playhead's timecode and frame number in the corner.
    const QRect corner = cornerRect();
    if (corner.intersects(exposed)) {
        p.fillRect(corner, m_palette.header.darker(115));
        QFont big = m_palette.headerFont;
        big.setPointSizeF(10.0);
        p.setFont(big);
        p.setPen(m_palette.playhead.lighter(125));
        const QRect text = corner.adjusted(10, 0, -8, 0);
        p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, ReviewSession::timecode(m_playhead, m_index.fps()));
        p.setFont(m_palette.smallFont);
        p.setPen(m_palette.headerSubtext);
        p.drawText(text, Qt::AlignRight | Qt::AlignVCenter, QString::number(m_playhead));
    }
}

void TimelineWidget::setPlayhead(qint64 frame)
{
    frame = std::clamp<qint64>(frame, 0, m_index.frameCount() - 1);
    if (frame == m_playhead)
        return;
    viewport()->update(playheadRect(m_playhead));
    m_playhead = frame;
    viewport()->update(playheadRect(m_playhead));
    viewport()->update(cornerRect());
}

// --- events ---------------------------------------------------------------------------------

void TimelineWidget::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    if (m_fit) {
        updateScrollBars();
        horizontalScrollBar()->setValue(0);
    } else {
        const double anchor = m_geometry.frameAtX(m_geometry.headerWidth);
        updateScrollBars();
        horizontalScrollBar()->setValue(int(std::lround(anchor * m_ppf)));
    }
    syncGeometry();
    invalidateCache();
}

void TimelineWidget::scrollContentsBy(int, int)
{
    syncGeometry();
    m_hover = {};
    invalidateCache();
}

void TimelineWidget::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        m_palette = TimelinePalette::standard(font());
        relayout();
    }
}

void TimelineWidget::wheelEvent(QWheelEvent *event)
{
    const QPoint delta = event->angleDelta();
    const int d = delta.y() != 0 ? delta.y() : delta.x();
    if (event->modifiers() & Qt::ControlModifier) {
        zoomBy(std::pow(1.25, d / 120.0), event->position().x());
    } else if (event->modifiers() & Qt::ShiftModifier) {
        verticalScrollBar()->setValue(verticalScrollBar()->value() - d / 4);
    } else {
        const int step = std::max(1, m_geometry.trackAreaWidth() / 10);
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d * step / 120);
    }
    event->accept();
}

void TimelineWidget::keyPressEvent(QKeyEvent *event)
{
    const qint64 second = ReviewSession::timecodeBase(m_index.fps());
    const auto seek = [this](qint64 frame) {
        frame = std::clamp<qint64>(frame, 0, m_index.frameCount() - 1);
        setPlayhead(frame);
        ensureFrameVisible(frame);
        Q_EMIT seekRequested(frame);
    };
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); break;
    case Qt::Key_Minus: zoomOut(); break;
    case Qt::Key_0:
    case Qt::Key_Backslash: zoomToFit(); break;
    case Qt::Key_Left: seek(m_playhead - ((event->modifiers() & Qt::ShiftModifier) ? second : 1)); break;
    case Qt::Key_Right: seek(m_playhead + ((event->modifiers() & Qt::ShiftModifier) ? second : 1)); break;
    case Qt::Key_Home: seek(0); break;
    case Qt::Key_End: seek(m_index.frameCount() - 1); break;
    default: QAbstractScrollArea::keyPressEvent(event); return;
    }
    event->accept();
}

void TimelineWidget::seekTo(double x)
{
    const qint64 frame = frameAtX(x);
    if (frame == m_lastSeek)
        return;
    m_lastSeek = frame;
    setPlayhead(frame);
    Q_EMIT seekRequested(frame);
}

void TimelineWidget::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const QPointF pos = event->position();
    if (pos.x() < m_geometry.headerWidth) {
        event->ignore();
        return;
    }
    const TimelineHit hit = hitTest(pos.toPoint());
    m_seeking = true;
    m_lastSeek = -1;
    seekTo(pos.x());
    if (hit.kind == TimelineHit::Kind::Finding)
        Q_EMIT findingActivated(hit.index);
    event->accept();
}

void TimelineWidget::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF pos = event->position();
    if (m_seeking && (event->buttons() & Qt::LeftButton)) {
        // Dragging past either edge scrolls the view along.
        if (pos.x() > m_geometry.width - 4)
            setScrollOffset(scrollOffset() + int(pos.x() - (m_geometry.width - 4)) + 2);
        else if (pos.x() < m_geometry.headerWidth + 4)
            setScrollOffset(scrollOffset() - int(m_geometry.headerWidth + 4 - pos.x()) - 2);
        seekTo(std::clamp(pos.x(), double(m_geometry.headerWidth), double(m_geometry.width - 1)));
        event->accept();
        return;
    }
    setHover(hitTest(pos.toPoint()));
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && m_seeking) {
        m_seeking = false;
        event->accept();
        return;
    }
    QAbstractScrollArea::mouseReleaseEvent(event);
}

void TimelineWidget::leaveEvent(QEvent *event)
{
    setHover({});
    QAbstractScrollArea::leaveEvent(event);
}

void TimelineWidget::setHover(const TimelineHit &hit)
{
    if (hit.kind == m_hover.kind && hit.index == m_hover.index && hit.rect == m_hover.rect)
        return;
    if (m_hover.rect.isValid())
        viewport()->update(m_hover.rect.adjusted(-2, -2, 2, 2));
    m_hover = hit;
    if (m_hover.rect.isValid())
        viewport()->update(m_hover.rect.adjusted(-2, -2, 2, 2));
}

bool TimelineWidget::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::Leave)
        setHover({});
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const TimelineInspector inspector(m_index, m_geometry, m_palette);
        const TimelineHit hit = inspector.hitTest(help->pos());
        const QString text = inspector.describe(hit);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, viewport(), hit.rect.isValid() ? hit.rect : QRect());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

// --- hit testing and tooltips ---------------------------------------------------------------

TimelineHit TimelineWidget::hitTest(const QPoint &pos) const
{
    return TimelineInspector(m_index, m_geometry, m_palette).hitTest(pos);
}

QString TimelineWidget::toolTipAt(const QPoint &viewportPos) const
{
    const TimelineInspector inspector(m_index, m_geometry, m_palette);
    return inspector.describe(inspector.hitTest(viewportPos));
}

} // namespace greenlight
