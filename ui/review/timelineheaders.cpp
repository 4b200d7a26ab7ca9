#include "review/timelinerenderer.h"

#include "review/timelinepalette.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>

#include <algorithm>
#include <cmath>

// The timeline's frame ruler and its track headers: the parts of TimelineRenderer that draw
// labels and counts rather than items on the frame grid.
namespace greenlight {

void TimelineRenderer::paintRuler(QPainter &p)
{
    const QRect ruler(m_g.headerWidth, 0, m_g.trackAreaWidth(), m_g.rulerHeight);
    p.fillRect(ruler, m_palette.ruler);
    p.fillRect(QRect(0, m_g.rulerHeight - 1, m_g.width, 1), m_palette.trackSeparator);
    p.save();
    p.setClipRect(ruler);
    const QFontMetrics fm(m_palette.labelFont);
    const int labelWidth = fm.horizontalAdvance(frameLabel(std::max<qint64>(m_g.frameCount, 100000), m_index.fps(),
                                                           m_timeFormat));
    const TimelineTicks ticks = timelineTicks(m_g.pxPerFrame, m_index.fps(), labelWidth + 18);
    const int bottom = m_g.rulerHeight - 1;
    QVector<QLineF> major;
    QVector<QLineF> minor;
    if (m_g.pxPerFrame >= 8.0 && ticks.minor > 1)
        for (qint64 f = m_firstFrame; f <= m_lastFrame; ++f) {
            const double x = std::floor(m_g.xForFrame(double(f))) + 0.5;
            minor.append(QLineF(x, bottom - 3, x, bottom));
        }
    for (qint64 f = (m_firstFrame / ticks.minor) * ticks.minor; f <= m_lastFrame; f += ticks.minor) {
        const double x = std::floor(m_g.xForFrame(double(f))) + 0.5;
        if (f % ticks.major == 0)
            major.append(QLineF(x, 3, x, bottom));
        else
            minor.append(QLineF(x, bottom - 6, x, bottom));
    }
    p.setPen(QPen(m_palette.rulerTick, 1));
    p.drawLines(minor);
    p.setPen(QPen(m_palette.rulerTick.lighter(130), 1));
    p.drawLines(major);
    p.setFont(m_palette.labelFont);
    p.setPen(m_palette.rulerText);
    // Start labels one step left of the view, so a label whose tick is just off screen still shows.
    for (qint64 f = std::max<qint64>(0, (m_firstFrame / ticks.major - 1) * ticks.major); f <= m_lastFrame;
         f += ticks.major) {
        const double x = std::floor(m_g.xForFrame(double(f))) + 4.0;
        p.drawText(QRectF(x, 2, labelWidth + 8, fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   frameLabel(f, m_index.fps(), m_timeFormat));
    }
    if (m_inOut) {
        const double xi = m_g.xForFrame(double(m_inOut->first));
        const double xo = m_g.xForFrame(double(m_inOut->second));
        p.fillRect(QRectF(xi, bottom - 4, std::max(1.0, xo - xi), 4), withAlpha(m_palette.inOut, 170));
        p.fillRect(QRectF(xi, 2, 2, bottom - 2), m_palette.inOut);
        p.fillRect(QRectF(xo - 2, 2, 2, bottom - 2), m_palette.inOut);
    }
    p.restore();
}

void TimelineRenderer::paintHeaders(QPainter &p)
{
    const QRect column(0, m_g.rulerHeight, m_g.headerWidth, m_g.height - m_g.rulerHeight);
    p.fillRect(column, m_palette.header);
    p.save();
    p.setClipRect(column);
    for (const TimelineTrackRow &row : m_g.rows) {
        const QRect r(0, m_g.rowTop(row), m_g.headerWidth, row.height);
        if (r.bottom() < m_g.rulerHeight || r.top() > m_g.height)
            continue;
        paintHeader(p, row, r);
    }
    p.restore();
    p.fillRect(QRect(m_g.headerWidth - 1, 0, 1, m_g.height), m_palette.trackSeparator);
    // The corner above the headers; the playhead's timecode is drawn over it.
    p.fillRect(QRect(0, 0, m_g.headerWidth - 1, m_g.rulerHeight - 1), m_palette.header.darker(115));
}

void TimelineRenderer::paintHeader(QPainter &p, const TimelineTrackRow &row, const QRect &r)
{
    p.fillRect(QRect(0, r.bottom(), m_g.headerWidth, 1), m_palette.trackSeparator);
    QColor accent = m_palette.rulerTick;
    QString sub;
    const TimelineContent &c = m_index.content();
    const auto plural = [](qsizetype n, const char *one, const char *many) {
        return QCoreApplication::translate("TimelineWidget", n == 1 ? one : many).arg(n);
    };
    std::optional<Stage> stage;
    switch (row.track) {
    case TimelineTrack::Thumbnails: accent = m_palette.rulerText; break;
    case TimelineTrack::Scenes:
        accent = m_palette.role(QStringLiteral("body"));
        sub = plural(c.scenes.size(), "%1 scene", "%1 scenes");
        break;
    case TimelineTrack::Narration:
        accent = m_palette.narration;
        if (c.cues)
            sub = plural(c.cues->segments.size(), "%1 segment", "%1 segments") + QStringLiteral(" · ")
                  + plural(qsizetype(m_index.words().size()), "%1 word", "%1 words");
        break;
    case TimelineTrack::Captions:
        accent = m_palette.caption;
        sub = plural(c.captions.size(), "%1 cue", "%1 cues");
        break;
    case TimelineTrack::Structural: stage = Stage::Structural; break;
    case TimelineTrack::Deterministic: stage = Stage::Deterministic; break;
    case TimelineTrack::Semantic: stage = Stage::Semantic; break;
    case TimelineTrack::Loudness:
        accent = m_palette.loudness;
        sub = QCoreApplication::translate("TimelineWidget", "LUFS · target %1").arg(c.qaSignals.loudnessTargetLufs);
        break;
    case TimelineTrack::Picture:
        accent = m_palette.frozen;
        sub = c.qaSignals.ssim.empty() ? QCoreApplication::translate("TimelineWidget", "black · frozen")
                                       : QCoreApplication::translate("TimelineWidget", "SSIM · black · frozen");
        break;
    case TimelineTrack::Waveform: accent = m_palette.waveform; break;
    }
    if (stage) {
        accent = m_palette.severity(Severity::Info).darker(140);
        for (Severity s : {Severity::Info, Severity::Warning, Severity::Blocker})
            if (m_index.openCount(*stage, s) > 0)
                accent = m_palette.severity(s);
    }
    p.fillRect(QRect(0, r.top(), 3, r.height() - 1), accent);
    const QFontMetrics hm(m_palette.headerFont);
    const QFontMetrics sm(m_palette.smallFont);
    const bool twoLines = r.height() >= hm.height() + sm.height() + 4 && !sub.isEmpty();
    const int textTop = twoLines ? r.top() + (r.height() - hm.height() - sm.height()) / 2 : r.top();
    const QRect nameRect(10, textTop, m_g.headerWidth - 16, twoLines ? hm.height() : r.height() - 1);
    p.setFont(m_palette.headerFont);
    p.setPen(m_palette.headerText);
    p.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter, timelineTrackName(row.track));
    if (twoLines) {
        p.setFont(m_palette.smallFont);
        p.setPen(m_palette.headerSubtext);
        p.drawText(QRect(10, textTop + hm.height(), m_g.headerWidth - 16, sm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   sm.elidedText(sub, Qt::ElideRight, m_g.headerWidth - 16));
    }
    if (!stage)
        return;
    // Open findings by severity as pills, worst first: beside the name when they fit, on a
    // line of their own in a taller lane, else as many as fit (worst first); "clean" when
    // nothing is open.
    p.setFont(m_palette.smallFont);
    const int pillH = std::min(sm.height() + 1, r.height() - 6);
    struct Pill
    {
        Severity severity;
        QString text;
        int width;
    };
    QList<Pill> pills;
    for (Severity s : {Severity::Blocker, Severity::Warning, Severity::Info}) {
        const int n = m_index.openCount(*stage, s);
        if (n > 0) {
            const QString text = QString::number(n);
            pills.append(Pill{s, text, std::max(pillH, sm.horizontalAdvance(text) + 10)});
        }
    }
    if (pills.isEmpty()) {
        p.setPen(m_palette.headerSubtext);
        p.drawText(QRect(10, r.top(), m_g.headerWidth - 16, r.height() - 1), Qt::AlignRight | Qt::AlignVCenter,
                   m_index.totalCount(*stage) > 0 ? QCoreApplication::translate("TimelineWidget", "closed")
                                                   : QCoreApplication::translate("TimelineWidget", "clean"));
        return;
    }
    constexpr int gap = 4;
    int total = -gap;
    for (const Pill &pill : std::as_const(pills))
        total += pill.width + gap;
    const int nameRight = 10 + hm.horizontalAdvance(timelineTrackName(row.track)) + 8;
    const int right = m_g.headerWidth - 6;
    int x = right - total;
    int y = r.top() + (r.height() - pillH) / 2;
    if (x < nameRight) {
        if (r.height() >= hm.height() + pillH + 8) {
            // A second line under the name.
            const int block = hm.height() + pillH + 2;
            const int top = r.top() + (r.height() - block) / 2;
            p.fillRect(QRect(4, r.top(), m_g.headerWidth - 5, r.height() - 1), m_palette.header);
            p.setFont(m_palette.headerFont);
            p.setPen(m_palette.headerText);
            p.drawText(QRect(10, top, m_g.headerWidth - 16, hm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       timelineTrackName(row.track));
            p.setFont(m_palette.smallFont);
            x = 10;
            y = top + hm.height() + 2;
        } else {
            while (pills.size() > 1 && right - total < nameRight) {
                total -= pills.last().width + gap;
                pills.removeLast();
            }
            x = right - total;
        }
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    for (const Pill &pill : std::as_const(pills)) {
        const QRectF rect(x, y, pill.width, pillH);
        p.setPen(Qt::NoPen);
        p.setBrush(m_palette.severity(pill.severity));
        p.drawRoundedRect(rect, pillH / 2.0, pillH / 2.0);
        p.setPen(pill.severity == Severity::Warning ? m_palette.itemTextDark : m_palette.itemText);
        p.drawText(rect, Qt::AlignCenter, pill.text);
        x += pill.width + gap;
    }
    p.setBrush(Qt::NoBrush);
    p.setRenderHint(QPainter::Antialiasing, false);
}

} // namespace greenlight
