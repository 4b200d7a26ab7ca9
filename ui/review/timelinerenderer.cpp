#include "review/timelinerenderer.h"

#include "review/reviewsession.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <array>
#include <cmath>

namespace greenlight {

namespace {

// Items thinner than a pixel or two, merged into runs of one colour so a dense track costs
// one fill per run rather than one per item.
class RunMerger
{
public:
    RunMerger(QPainter &p, double y, double h) : m_p(p), m_y(y), m_h(h) {}
    ~RunMerger() { flush(); }

    void add(double x0, double x1, const QColor &color)
    {
        if (m_active && (color != m_color || x0 > m_x1 + 1.0))
            flush();
        if (!m_active) {
            m_active = true;
            m_x0 = x0;
            m_x1 = x1;
            m_color = color;
            return;
        }
        m_x1 = std::max(m_x1, x1);
    }
    void flush()
    {
        if (!m_active)
            return;
        m_p.fillRect(QRectF(m_x0, m_y, std::max(1.0, m_x1 - m_x0), m_h), m_color);
        m_active = false;
    }

private:
    QPainter &m_p;
    double m_y;
    double m_h;
    bool m_active = false;
    double m_x0 = 0.0;
    double m_x1 = 0.0;
    QColor m_color;
};

// Pixel columns of the visible track area with the frames each covers: one step per frame when
// frames are wider than a pixel, one per pixel otherwise. fn(xCenter, firstFrame, endFrame).
template<typename Fn>
void forEachColumn(const TimelineGeometry &g, qint64 frames, Fn &&fn)
{
    auto [first, last] = g.visibleFrames();
    last = std::min(last, frames);
    if (first >= last)
        return;
    if (g.pxPerFrame >= 1.0) {
        for (qint64 f = first; f < last; ++f)
            fn(g.xForFrame(double(f) + 0.5), f, f + 1);
        return;
    }
    const int x0 = std::max(g.headerWidth, int(std::floor(g.xForFrame(double(first)))));
    const int x1 = std::min(g.width, int(std::ceil(g.xForFrame(double(last)))));
    for (int x = x0; x < x1; ++x) {
        const qint64 a = std::max(first, g.frameAt(double(x)));
        const qint64 b = std::min(last, std::max(a + 1, g.frameAt(double(x + 1))));
        if (a < b)
            fn(double(x) + 0.5, a, b);
    }
}

} // namespace

TimelineRenderer::TimelineRenderer(const TimelineIndex &index, const TimelineGeometry &geometry,
                                   const TimelinePalette &palette)
    : m_index(index), m_g(geometry), m_palette(palette)
{
}

QString TimelineRenderer::frameLabel(qint64 frame, const Rational &fps, TimelineTimeFormat format)
{
    return format == TimelineTimeFormat::Frames ? QString::number(frame) : ReviewSession::timecode(frame, fps);
}

TimelineLaneLayout TimelineRenderer::findingLane(const QRect &area, int rows, bool hasWholeRun)
{
    TimelineLaneLayout l;
    l.hasStrip = hasWholeRun;
    l.stripTop = area.top() + 2.0;
    l.top = area.top() + 2.0 + (hasWholeRun ? l.stripHeight + 2.0 : 0.0);
    rows = std::max(1, rows);
    l.rowHeight = std::max(3.0, (double(area.bottom()) - 1.0 - l.top - l.rowGap * (rows - 1)) / rows);
    return l;
}

TimelineNarrationLayout TimelineRenderer::narrationLayout(const QRect &area, const QFont &labelFont)
{
    const QFontMetrics fm(labelFont);
    TimelineNarrationLayout l;
    l.segmentTop = area.top() + 3.0;
    l.segmentHeight = fm.height() + 3.0;
    l.wordTop = l.segmentTop + l.segmentHeight + 2.0;
    l.wordHeight = std::max(4.0, double(area.bottom()) - 2.0 - l.wordTop);
    return l;
}

int TimelineRenderer::thumbnailSlotWidth(int trackHeight, QSize frameSize)
{
    const double aspect = frameSize.isEmpty() ? 16.0 / 9.0 : double(frameSize.width()) / double(frameSize.height());
    return std::max(12, int(std::lround(double(trackHeight - 6) * aspect)));
}

void TimelineRenderer::paint(QPainter &p)
{
    m_missing.clear();
    std::tie(m_firstFrame, m_lastFrame) = m_g.visibleFrames();
    p.fillRect(QRect(0, 0, m_g.width, m_g.height), m_palette.canvas);
    paintTrackBackgrounds(p);
    paintGrid(p);
    for (const TimelineTrackRow &row : m_g.rows) {
        const QRect area = m_g.trackArea(row);
        if (area.bottom() < m_g.rulerHeight || area.top() > m_g.height)
            continue;
        p.save();
        p.setClipRect(area.intersected(QRect(m_g.headerWidth, m_g.rulerHeight, m_g.trackAreaWidth(),
                                             m_g.height - m_g.rulerHeight)));
        switch (row.track) {
        case TimelineTrack::Thumbnails: paintThumbnails(p, area); break;
        case TimelineTrack::Scenes: paintScenes(p, area); break;
        case TimelineTrack::Narration: paintNarration(p, area); break;
        case TimelineTrack::Captions: paintCaptions(p, area); break;
        case TimelineTrack::Structural: paintFindings(p, area, Stage::Structural); break;
        case TimelineTrack::Deterministic: paintFindings(p, area, Stage::Deterministic); break;
        case TimelineTrack::Semantic: paintFindings(p, area, Stage::Semantic); break;
        case TimelineTrack::Loudness: paintLoudness(p, area); break;
        case TimelineTrack::Picture: paintPicture(p, area); break;
        case TimelineTrack::Waveform: paintWaveform(p, area); break;
        }
        p.restore();
    }
    paintInOut(p);
    paintRuler(p);
    paintHeaders(p);
}

void TimelineRenderer::paintTrackBackgrounds(QPainter &p)
{
    int i = 0;
    for (const TimelineTrackRow &row : m_g.rows) {
        const QRect r = m_g.trackArea(row);
        p.fillRect(r, (i++ % 2) ? m_palette.trackOdd : m_palette.trackEven);
        p.fillRect(QRect(0, r.bottom(), m_g.width, 1), m_palette.trackSeparator);
    }
    // Past the end of the video: a darker field, so the end is plain to see.
    const double end = m_g.xForFrame(double(m_g.frameCount));
    if (end < m_g.width) {
        const int x = std::max(m_g.headerWidth, int(std::ceil(end)));
        p.fillRect(QRect(x, m_g.rulerHeight, m_g.width - x, m_g.height - m_g.rulerHeight), m_palette.canvas);
    }
}

void TimelineRenderer::paintGrid(QPainter &p)
{
    const QFontMetrics fm(m_palette.labelFont);
    const TimelineTicks ticks =
        timelineTicks(m_g.pxPerFrame, m_index.fps(), fm.horizontalAdvance(QStringLiteral("00:00:00:00")) + 18);
    const int top = m_g.rulerHeight;
    const int bottom = std::min(m_g.height, m_g.rulerHeight + m_g.contentHeight - m_g.scrollY);
    QVector<QLineF> lines;
    // Frame cells when single frames are wide enough to aim at.
    if (m_g.pxPerFrame >= 8.0) {
        for (qint64 f = m_firstFrame; f <= m_lastFrame; ++f) {
            const double x = std::floor(m_g.xForFrame(double(f))) + 0.5;
            if (x >= m_g.headerWidth)
                lines.append(QLineF(x, top, x, bottom));
        }
        p.setPen(QPen(m_palette.frameLine, 1));
        p.drawLines(lines);
        lines.clear();
    }
    for (qint64 f = (m_firstFrame / ticks.major) * ticks.major; f <= m_lastFrame; f += ticks.major) {
        const double x = std::floor(m_g.xForFrame(double(f))) + 0.5;
        if (x >= m_g.headerWidth)
            lines.append(QLineF(x, top, x, bottom));
    }
    p.setPen(QPen(m_palette.gridLine, 1));
    p.drawLines(lines);
}

void TimelineRenderer::paintEmptyNote(QPainter &p, const QRect &area, const QString &text)
{
    p.setFont(m_palette.smallFont);
    p.setPen(m_palette.emptyText);
    p.drawText(area.adjusted(10, 0, -10, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
}

void TimelineRenderer::paintLabel(QPainter &p, const QRectF &item, const QRect &area, const QString &text,
                                  const QColor &color)
{
    // The label sticks to the visible left edge while its item runs off the left of the view.
    const double left = std::max(item.left(), double(area.left())) + 5.0;
    const double right = std::min(item.right(), double(area.right())) - 4.0;
    const int width = int(right - left);
    if (width < 14 || text.isEmpty())
        return;
    const QFontMetrics fm(p.font());
    const QString shown = fm.horizontalAdvance(text) <= width ? text : fm.elidedText(text, Qt::ElideRight, width);
    // A label cut to a letter or two says nothing; leave the block plain.
    if (shown != text && shown.size() < std::min<qsizetype>(4, text.size()))
        return;
    p.setPen(color);
    p.drawText(QRectF(left, item.top(), width, item.height()), Qt::AlignLeft | Qt::AlignVCenter, shown);
}

void TimelineRenderer::paintThumbnails(QPainter &p, const QRect &area)
{
    const int slot = thumbnailSlotWidth(area.height(), m_frameSize);
    const qint64 step = std::max<qint64>(1, qint64(std::ceil(double(slot + 2) / m_g.pxPerFrame)));
    const int h = area.height() - 6;
    p.setRenderHint(QPainter::SmoothPixmapTransform, true);
    for (qint64 f = (m_firstFrame / step) * step; f < m_lastFrame && f < m_g.frameCount; f += step) {
        const double x = m_g.xForFrame(double(f));
        const QRectF cell(x + 1.0, area.top() + 3.0, std::min<double>(slot, double(step) * m_g.pxPerFrame - 2.0), h);
        QImage image;
        if (m_thumbnails) {
            auto it = m_thumbnails->images.lowerBound(f);
            if (it != m_thumbnails->images.end() && it.key() < f + step)
                image = it.value();
            else if (m_thumbnails->provider) {
                image = m_thumbnails->provider(f);
                if (!image.isNull())
                    m_thumbnails->images.insert(f, image);
            }
        }
        if (image.isNull()) {
            m_missing.append(f);
            p.fillRect(cell, m_palette.trackSeparator);
            continue;
        }
        const QSizeF fitted = QSizeF(image.size()).scaled(cell.size(), Qt::KeepAspectRatio);
        const QRectF target(cell.left(), cell.top() + (cell.height() - fitted.height()) / 2.0, fitted.width(),
                            fitted.height());
        p.drawImage(target, image);
    }
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
}

void TimelineRenderer::paintScenes(QPainter &p, const QRect &area)
{
    const TimelineSpanList &spans = m_index.scenes();
    if (spans.isEmpty()) {
        paintEmptyNote(p, area, QCoreApplication::translate("TimelineWidget", "No scenes"));
        return;
    }
    const QList<ReviewScene> &scenes = m_index.content().scenes;
    const double y = area.top() + 3.0;
    const double h = area.height() - 6.0;
    p.setFont(m_palette.labelFont);
    const QFontMetrics fm(m_palette.labelFont);
    RunMerger thin(p, y, h);
    const auto [a, b] = spans.candidates(m_firstFrame, m_lastFrame);
    for (size_t i = a; i < b; ++i) {
        const TimelineSpan &s = spans.at(i);
        if (!TimelineSpanList::meets(s, m_firstFrame, m_lastFrame))
            continue;
        const ReviewScene &scene = scenes[s.ref];
        const QColor color = m_palette.role(scene.role);
        const double x0 = std::max(m_g.xForFrame(double(s.start)), double(area.left()) - 2.0);
        const double x1 = std::min(m_g.xForFrame(double(s.end)), double(area.right()) + 2.0);
        if (x1 - x0 < 3.0) {
            thin.add(x0, x1, color);
            continue;
        }
        thin.flush();
        const QRectF r(std::round(x0) + 1.0, y, std::max(1.0, std::round(x1) - std::round(x0) - 1.0), h);
        p.fillRect(r, color.darker(135));
        p.fillRect(QRectF(r.left(), r.top(), r.width(), 2.0), color.lighter(120));
        const QString label = scene.role.isEmpty() || scene.role == scene.id
                                  ? scene.id
                                  : scene.id + QStringLiteral("  ·  ") + scene.role;
        paintLabel(p, r.adjusted(0, 1, 0, 0), area, label, m_palette.itemText);
    }
}

void TimelineRenderer::paintNarration(QPainter &p, const QRect &area)
{
    const TimelineSpanList &segments = m_index.segments();
    if (segments.isEmpty()) {
        paintEmptyNote(p, area, QCoreApplication::translate("TimelineWidget", "No narration cues"));
        return;
    }
    const TimelineNarrationLayout layout = narrationLayout(area, m_palette.labelFont);
    const double segH = layout.segmentHeight;
    const double segY = layout.segmentTop;
    const double wordY = layout.wordTop;
    const double wordH = layout.wordHeight;
    const QList<CueSegment> &cueSegments = m_index.content().cues->segments;
    p.setFont(m_palette.labelFont);
    {
        const QColor fill = m_palette.narration.darker(150);
        RunMerger thin(p, segY, segH);
        const auto [a, b] = segments.candidates(m_firstFrame, m_lastFrame);
        for (size_t i = a; i < b; ++i) {
            const TimelineSpan &s = segments.at(i);
            if (!TimelineSpanList::meets(s, m_firstFrame, m_lastFrame))
                continue;
            const double x0 = std::max(m_g.xForFrame(double(s.start)), double(area.left()) - 2.0);
            const double x1 = std::min(m_g.xForFrame(double(s.end)), double(area.right()) + 2.0);
            if (x1 - x0 < 3.0) {
                thin.add(x0, x1, m_palette.narration);
                continue;
            }
            thin.flush();
            const QRectF r(x0 + 0.5, segY, std::max(1.0, x1 - x0 - 1.0), segH);
            p.fillRect(r, fill);
            p.fillRect(QRectF(r.left(), r.top(), 2.0, r.height()), m_palette.narration);
            const CueSegment &seg = cueSegments[s.ref];
            paintLabel(p, r.adjusted(2, 0, 0, 0), area, seg.sourceText.simplified(), m_palette.itemText);
        }
    }
    // Words: blocks that merge while thin; their text once it fits.
    const TimelineSpanList &words = m_index.words();
    if (words.isEmpty())
        return;
    const bool showText = m_index.typicalWordFrames() * m_g.pxPerFrame >= 14.0;
    const QColor wordFill = m_palette.word.darker(160);
    RunMerger thin(p, wordY, wordH);
    if (m_index.typicalWordFrames() * m_g.pxPerFrame < 1.0) {
        // Words thinner than a pixel: their segments cover the same pixels at a quarter of the cost.
        const auto [sa, sb] = segments.candidates(m_firstFrame, m_lastFrame);
        for (size_t i = sa; i < sb; ++i) {
            const TimelineSpan &s = segments.at(i);
            if (TimelineSpanList::meets(s, m_firstFrame, m_lastFrame))
                thin.add(m_g.xForFrame(double(s.start)), std::max(m_g.xForFrame(double(s.end)), m_g.xForFrame(double(s.start)) + 1.0),
                         wordFill);
        }
        return;
    }
    const auto [a, b] = words.candidates(m_firstFrame, m_lastFrame);
    for (size_t i = a; i < b; ++i) {
        const TimelineSpan &s = words.at(i);
        if (!TimelineSpanList::meets(s, m_firstFrame, m_lastFrame))
            continue;
        const TimelineWord &w = m_index.wordAt(s.ref);
        const double x0 = std::max(m_g.xForFrame(w.startFrame), double(area.left()) - 2.0);
        const double x1 = std::min(m_g.xForFrame(w.endFrame), double(area.right()) + 2.0);
        if (x1 - x0 < 4.0) {
            thin.add(x0, x1, wordFill);
            continue;
        }
        thin.flush();
        const QRectF r(x0 + 0.5, wordY, std::max(1.0, x1 - x0 - 1.0), wordH);
        p.fillRect(r, wordFill);
        p.fillRect(QRectF(r.left(), r.top(), 1.0, r.height()), m_palette.word);
        if (showText)
            paintLabel(p, r.adjusted(-2, 0, 0, 0), area, TimelineIndex::wordText(m_index.content(), w),
                       m_palette.itemText);
    }
}

void TimelineRenderer::paintCaptions(QPainter &p, const QRect &area)
{
    const TimelineSpanList &spans = m_index.captions();
    if (spans.isEmpty()) {
        paintEmptyNote(p, area, QCoreApplication::translate("TimelineWidget", "No captions"));
        return;
    }
    const QList<ReviewCaption> &captions = m_index.content().captions;
    const double y = area.top() + 3.0;
    const double h = area.height() - 6.0;
    p.setFont(m_palette.labelFont);
    const QColor fill = m_palette.caption.darker(170);
    RunMerger thin(p, y, h);
    const auto [a, b] = spans.candidates(m_firstFrame, m_lastFrame);
    for (size_t i = a; i < b; ++i) {
        const TimelineSpan &s = spans.at(i);
        if (!TimelineSpanList::meets(s, m_firstFrame, m_lastFrame))
            continue;
        const double x0 = std::max(m_g.xForFrame(double(s.start)), double(area.left()) - 2.0);
        const double x1 = std::min(m_g.xForFrame(double(s.end)), double(area.right()) + 2.0);
        if (x1 - x0 < 3.0) {
            thin.add(x0, x1, m_palette.caption);
            continue;
        }
        thin.flush();
        const QRectF r(x0 + 0.5, y, std::max(1.0, x1 - x0 - 1.0), h);
        p.fillRect(r, fill);
        p.fillRect(QRectF(r.left(), r.top(), 2.0, r.height()), m_palette.caption);
        QString text = captions[s.ref].text;
        text.replace(QLatin1Char('\n'), QStringLiteral(" / "));
        paintLabel(p, r.adjusted(2, 0, 0, 0), area, text, m_palette.itemText);
    }
}

void TimelineRenderer::paintFindings(QPainter &p, const QRect &area, Stage stage)
{
    const TimelineSpanList &spans = m_index.findings(stage);
    const std::vector<int> &wholeRun = m_index.wholeRunFindings(stage);
    if (spans.isEmpty() && wholeRun.empty())
        return; // the header says "clean"

    const Findings &findings = m_index.content().findings;
    // Findings about the whole run (no frames): a strip along the top of the lane in the colour
    // of the worst open one.
    const int rows = m_index.findingRows(stage);
    const TimelineLaneLayout lane = findingLane(area, rows, !wholeRun.empty());
    if (!wholeRun.empty()) {
        std::optional<Severity> worst;
        for (int i : wholeRun) {
            const Finding &f = findings[i];
            if (f.status == FindingStatus::Open && (!worst || int(f.severity) < int(*worst)))
                worst = f.severity;
        }
        const QColor color = worst ? m_palette.severity(*worst) : m_palette.rulerTick;
        const double x1 = std::min(m_g.xForFrame(double(m_g.frameCount)), double(area.right()) + 1.0);
        p.fillRect(QRectF(area.left(), lane.stripTop, std::max(0.0, x1 - area.left()), lane.stripHeight), color);
    }
    const double rowH = lane.rowHeight;
    p.setFont(m_palette.smallFont);
    const QFontMetrics fm(m_palette.smallFont);
    const auto [a, b] = spans.candidates(m_firstFrame, m_lastFrame);
    // Info first, blockers last, so the worst stays on top where findings overlap.
    for (Severity sev : {Severity::Info, Severity::Warning, Severity::Blocker}) {
        const QColor color = m_palette.severity(sev);
        const QColor closedFill = withAlpha(color, 70);
        std::array<double, TimelineIndex::kMaxFindingRows> lastMarker;
        lastMarker.fill(-1e9);
        p.setRenderHint(QPainter::Antialiasing, false);
        std::vector<RunMerger> thin;
        thin.reserve(size_t(rows));
        for (int r = 0; r < rows; ++r)
            thin.emplace_back(p, lane.rowTop(r), rowH);
        for (size_t i = a; i < b; ++i) {
            const TimelineSpan &s = spans.at(i);
            if (s.kind != quint8(sev) || !TimelineSpanList::meets(s, m_firstFrame, m_lastFrame))
                continue;
            const Finding &f = findings[s.ref];
            const bool open = f.status == FindingStatus::Open;
            const double y = lane.rowTop(s.row);
            const double x0 = std::max(m_g.xForFrame(double(s.start)), double(area.left()) - 8.0);
            const double x1 = std::min(m_g.xForFrame(double(s.end)), double(area.right()) + 8.0);
            const bool point = s.end <= s.start || (s.end - s.start == 1 && x1 - x0 < 8.0);
            if (point) {
                // A point finding (or one frame, narrow): a marker, at most one per pixel column
                // and row.
                const double cx = s.end <= s.start ? x0 : (x0 + x1) / 2.0;
                if (std::abs(cx - lastMarker[s.row]) < 2.0)
                    continue;
                lastMarker[s.row] = cx;
                thin[s.row].flush();
                const double half = std::min(5.0, rowH / 2.0);
                QPolygonF diamond;
                diamond << QPointF(cx, y) << QPointF(cx + half, y + rowH / 2.0) << QPointF(cx, y + rowH)
                        << QPointF(cx - half, y + rowH / 2.0);
                p.setRenderHint(QPainter::Antialiasing, true);
                p.setPen(Qt::NoPen);
                p.setBrush(open ? color : closedFill);
                p.drawPolygon(diamond);
                p.setRenderHint(QPainter::Antialiasing, false);
                continue;
            }
            if (x1 - x0 < 3.0) {
                thin[s.row].add(x0, std::max(x1, x0 + 2.0), open ? color : closedFill);
                continue;
            }
            thin[s.row].flush();
            const QRectF r(x0 + 0.5, y, std::max(1.0, x1 - x0 - 1.0), rowH);
            if (open) {
                p.fillRect(r, color.darker(210));
                p.fillRect(QRectF(r.left(), r.top(), 3.0, r.height()), color);
                p.fillRect(QRectF(r.left(), r.bottom() - 1.0, r.width(), 1.0), color.darker(130));
            } else {
                p.fillRect(r, closedFill);
            }
            if (rowH >= fm.height() - 2)
                paintLabel(p, r.adjusted(1, 0, 0, 0), area, f.code, open ? m_palette.itemText : m_palette.headerSubtext);
        }
    }
    p.setBrush(Qt::NoBrush);
}

void TimelineRenderer::paintSpans(QPainter &p, const QRect &area, const TimelineSpanList &spans, const QColor &color)
{
    RunMerger merged(p, area.top(), area.height() - 1);
    const auto [a, b] = spans.candidates(m_firstFrame, m_lastFrame);
    for (size_t i = a; i < b; ++i) {
        const TimelineSpan &s = spans.at(i);
        if (!TimelineSpanList::meets(s, m_firstFrame, m_lastFrame))
            continue;
        const double x0 = std::max(m_g.xForFrame(double(s.start)), double(area.left()) - 2.0);
        const double x1 = std::min(m_g.xForFrame(double(s.end)), double(area.right()) + 2.0);
        merged.add(x0, std::max(x1, x0 + 1.0), color);
    }
}

void TimelineRenderer::paintCurve(QPainter &p, const QRect &area, const TimelineRangePyramid &values, double lo,
                                  double hi, const QColor &color, bool fill)
{
    const double top = area.top() + 3.0;
    const double bottom = area.bottom() - 2.0;
    const auto yOf = [&](double v) {
        const double t = std::clamp((v - lo) / (hi - lo), 0.0, 1.0);
        return bottom - t * (bottom - top);
    };
    // Per pixel column: the range of values as a vertical stroke (dense), joined by a line
    // through the highest values, broken where there is no value; the area under the line is
    // filled as one polygon per unbroken stretch.
    QVector<QLineF> strokes;
    QPolygonF line;
    QList<QPolygonF> lines;
    const bool dense = m_g.pxPerFrame < 1.0;
    forEachColumn(m_g, values.size(), [&](double x, qint64 f0, qint64 f1) {
        float vlo = 0.0f;
        float vhi = 0.0f;
        if (!values.range(f0, f1, vlo, vhi)) {
            if (line.size() > 0)
                lines.append(std::exchange(line, QPolygonF()));
            return;
        }
        const double yHi = yOf(vhi);
        if (dense && vhi > vlo)
            strokes.append(QLineF(x, yHi, x, yOf(vlo)));
        line << QPointF(x, yHi);
    });
    if (line.size() > 0)
        lines.append(line);
    p.setRenderHint(QPainter::Antialiasing, false);
    if (fill) {
        // Under the line: one column (or frame) at a time; Qt's scanline polygon fill of a
        // long jagged outline costs far more than these plain strokes and rectangles.
        const QColor under = withAlpha(color, 40);
        if (dense) {
            QVector<QLineF> columns;
            for (const QPolygonF &l : std::as_const(lines))
                for (const QPointF &pt : l)
                    columns.append(QLineF(pt.x(), pt.y(), pt.x(), bottom));
            p.setPen(QPen(under, 1));
            p.drawLines(columns);
        } else {
            for (const QPolygonF &l : std::as_const(lines))
                for (const QPointF &pt : l)
                    p.fillRect(QRectF(pt.x() - m_g.pxPerFrame / 2.0, pt.y(), m_g.pxPerFrame, bottom - pt.y()), under);
        }
    }
    p.setPen(QPen(withAlpha(color, 120), 1));
    p.drawLines(strokes);
    // A thin (cosmetic) pen keeps Qt on its fast line rasterizer; antialiasing only pays off
    // when frames are wider than a pixel and the line has real slopes.
    p.setRenderHint(QPainter::Antialiasing, !dense);
    QPen pen(color, 1.0);
    pen.setCosmetic(true);
    p.setPen(pen);
    for (const QPolygonF &l : std::as_const(lines)) {
        if (l.size() == 1)
            p.drawPoint(l.first());
        else
            p.drawPolyline(l);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

void TimelineRenderer::paintLoudness(QPainter &p, const QRect &area)
{
    const ReviewSignals &sig = m_index.content().qaSignals;
    paintSpans(p, area, m_index.signalSpans(TimelineSignalSpan::Silent), m_palette.silent);
    if (sig.loudnessLufs.empty()) {
        if (m_index.signalSpans(TimelineSignalSpan::Silent).isEmpty())
            paintEmptyNote(p, area, QCoreApplication::translate("TimelineWidget", "No loudness measured"));
        return;
    }
    constexpr double lo = -60.0;
    constexpr double hi = 0.0;
    const double top = area.top() + 3.0;
    const double bottom = area.bottom() - 2.0;
    const auto yOf = [&](double v) { return bottom - std::clamp((v - lo) / (hi - lo), 0.0, 1.0) * (bottom - top); };
    // The target and its tolerance.
    const double x1 = std::min(m_g.xForFrame(double(m_g.frameCount)), double(area.right()) + 1.0);
    const double band0 = yOf(sig.loudnessTargetLufs + sig.loudnessToleranceLu);
    const double band1 = yOf(sig.loudnessTargetLufs - sig.loudnessToleranceLu);
    p.fillRect(QRectF(area.left(), band0, x1 - area.left(), std::max(1.0, band1 - band0)),
               withAlpha(m_palette.loudnessTarget, 28));
    p.setPen(QPen(m_palette.loudnessTarget, 1, Qt::DashLine));
    const double yTarget = std::round(yOf(sig.loudnessTargetLufs)) + 0.5;
    p.drawLine(QLineF(area.left(), yTarget, x1, yTarget));
    paintCurve(p, area, m_index.loudness(), lo, hi, m_palette.loudness, true);
}

void TimelineRenderer::paintPicture(QPainter &p, const QRect &area)
{
    const ReviewSignals &sig = m_index.content().qaSignals;
    const TimelineSpanList &black = m_index.signalSpans(TimelineSignalSpan::Black);
    const TimelineSpanList &frozen = m_index.signalSpans(TimelineSignalSpan::Frozen);
    const TimelineSpanList &changed = m_index.signalSpans(TimelineSignalSpan::Changed);
    if (black.isEmpty() && frozen.isEmpty() && changed.isEmpty() && sig.ssim.empty()) {
        paintEmptyNote(p, area, QCoreApplication::translate("TimelineWidget", "No picture signals"));
        return;
    }
    const QRect inner = area.adjusted(0, 2, 0, -1);
    paintSpans(p, inner, frozen, m_palette.frozen);
    paintSpans(p, inner, changed, m_palette.changed);
    paintSpans(p, inner, black, m_palette.black);
    // Black spans get an outline so they read against the dark canvas.
    {
        p.setPen(QPen(m_palette.rulerTick, 1));
        p.setBrush(Qt::NoBrush);
        const auto [a, b] = black.candidates(m_firstFrame, m_lastFrame);
        for (size_t i = a; i < b; ++i) {
            const TimelineSpan &s = black.at(i);
            const double x0 = m_g.xForFrame(double(s.start));
            const double x1 = m_g.xForFrame(double(s.end));
            if (x1 - x0 >= 4.0)
                p.drawRect(QRectF(std::round(x0) + 0.5, inner.top() + 0.5, std::round(x1 - x0) - 1.0,
                                  inner.height() - 2.0));
        }
    }
    if (!sig.ssim.empty()) {
        const double lo = std::min(0.8, sig.ssimThreshold - 0.05);
        const double top = area.top() + 3.0;
        const double bottom = area.bottom() - 2.0;
        const double y = bottom - std::clamp((sig.ssimThreshold - lo) / (1.0 - lo), 0.0, 1.0) * (bottom - top);
        const double x1 = std::min(m_g.xForFrame(double(m_g.frameCount)), double(area.right()) + 1.0);
        p.setPen(QPen(withAlpha(m_palette.ssim, 140), 1, Qt::DashLine));
        p.drawLine(QLineF(area.left(), std::round(y) + 0.5, x1, std::round(y) + 0.5));
        paintCurve(p, area, m_index.ssim(), lo, 1.0, m_palette.ssim, false);
    }
}

void TimelineRenderer::paintWaveform(QPainter &p, const QRect &area)
{
    const WaveformPeaks &w = m_index.content().waveform;
    if (w.isEmpty()) {
        paintEmptyNote(p, area, QCoreApplication::translate("TimelineWidget", "No audio"));
        return;
    }
    const double mid = area.top() + area.height() / 2.0;
    const double half = area.height() / 2.0 - 3.0;
    const double x1 = std::min(m_g.xForFrame(double(m_g.frameCount)), double(area.right()) + 1.0);
    p.fillRect(QRectF(area.left(), std::floor(mid), x1 - area.left(), 1.0), m_palette.trackSeparator);
    const bool dense = m_g.pxPerFrame < 2.0;
    QVector<QLineF> strokes;
    strokes.reserve(m_g.trackAreaWidth());
    const QColor fill = m_palette.waveform;
    const QColor blockFill = fill.darker(115);
    const TimelineRangePyramid &peaks = m_index.waveform();
    forEachColumn(m_g, peaks.size(), [&](double x, qint64 f0, qint64 f1) {
        float lo = 0.0f;
        float hi = 0.0f;
        if (!peaks.range(f0, f1, lo, hi))
            return;
        const double y0 = mid - std::clamp(double(hi), 0.0, 1.0) * half;
        const double y1 = mid - std::clamp(double(lo), -1.0, 0.0) * half;
        if (dense)
            strokes.append(QLineF(x, y0, x, std::max(y1, y0 + 1.0)));
        else
            p.fillRect(QRectF(x - m_g.pxPerFrame / 2.0 + 0.5, y0, std::max(1.0, m_g.pxPerFrame - 1.0),
                              std::max(1.0, y1 - y0)),
                       blockFill);
    });
    if (!strokes.isEmpty()) {
        p.setPen(QPen(fill, 1));
        p.drawLines(strokes);
    }
}

void TimelineRenderer::paintInOut(QPainter &p)
{
    if (!m_inOut)
        return;
    const double xi = std::max(double(m_g.headerWidth), m_g.xForFrame(double(m_inOut->first)));
    const double xo = std::min(double(m_g.width), m_g.xForFrame(double(m_inOut->second)));
    const int top = m_g.rulerHeight;
    const int h = m_g.height - top;
    if (xi > m_g.headerWidth)
        p.fillRect(QRectF(m_g.headerWidth, top, xi - m_g.headerWidth, h), m_palette.outsideInOut);
    if (xo < m_g.width)
        p.fillRect(QRectF(std::max(xo, double(m_g.headerWidth)), top, m_g.width - std::max(xo, double(m_g.headerWidth)), h),
                   m_palette.outsideInOut);
}

} // namespace greenlight
