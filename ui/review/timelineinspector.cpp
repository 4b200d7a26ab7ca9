#include "review/timelineinspector.h"

#include "review/reviewsession.h"
#include "review/timelinerenderer.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace greenlight {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString seconds(double s)
{
    return QString::number(s, 'f', s < 10.0 ? 3 : 2) + QStringLiteral(" s");
}

} // namespace

TimelineInspector::TimelineInspector(const TimelineIndex &index, const TimelineGeometry &geometry,
                                     const TimelinePalette &palette)
    : m_index(index), m_geometry(geometry), m_palette(palette)
{
}

TimelineHit TimelineInspector::hitTest(const QPoint &pos) const
{
    const TimelineGeometry &g = m_geometry;
    TimelineHit hit;
    if (pos.x() < 0 || pos.y() < 0 || pos.x() >= g.width || pos.y() >= g.height)
        return hit;
    hit.frame = std::clamp<qint64>(g.frameAt(pos.x()), 0, m_index.frameCount() - 1);
    if (pos.y() < g.rulerHeight) {
        hit.kind = pos.x() >= g.headerWidth ? TimelineHit::Kind::Ruler : TimelineHit::Kind::None;
        return hit;
    }
    const TimelineTrackRow *row = g.rowAtY(pos.y());
    if (!row)
        return hit;
    hit.track = row->track;
    if (pos.x() < g.headerWidth) {
        hit.kind = TimelineHit::Kind::Header;
        return hit;
    }
    const qint64 rawFrame = g.frameAt(pos.x());
    if (rawFrame < 0 || rawFrame >= m_index.frameCount()) {
        hit.kind = TimelineHit::Kind::None;
        return hit;
    }
    const QRect area = g.trackArea(*row);
    const double x = pos.x();
    const auto rectOf = [&](double x0, double x1, double y, double h) {
        const double left = std::max(x0, double(g.headerWidth) - 2.0);
        const double right = std::min(x1, double(g.width) + 2.0);
        return QRectF(left, y, std::max(2.0, right - left), h).toAlignedRect();
    };
    // The item of a span list under x (in order of start; the last one that starts before x wins).
    const auto find = [&](const TimelineSpanList &spans, double slackPx, auto &&accept) -> int {
        const qint64 slack = qint64(std::ceil(slackPx / g.pxPerFrame));
        const auto [a, b] = spans.candidates(rawFrame - slack, rawFrame + slack + 1);
        int best = -1;
        for (size_t i = a; i < b; ++i) {
            const TimelineSpan &s = spans.at(i);
            const double x0 = g.xForFrame(double(s.start));
            const double x1 = g.xForFrame(double(std::max(s.end, s.start)));
            if (x >= x0 - slackPx && x < std::max(x1, x0 + 1.0) + slackPx && accept(s))
                best = int(i);
        }
        return best;
    };
    const auto any = [](const TimelineSpan &) { return true; };
    hit.kind = TimelineHit::Kind::Empty;
    switch (row->track) {
    case TimelineTrack::Thumbnails: hit.kind = TimelineHit::Kind::Thumbnail; break;
    case TimelineTrack::Scenes:
        if (int i = find(m_index.scenes(), 0.0, any); i >= 0) {
            const TimelineSpan &s = m_index.scenes().at(size_t(i));
            hit.kind = TimelineHit::Kind::Scene;
            hit.index = s.ref;
            hit.rect = rectOf(g.xForFrame(double(s.start)), g.xForFrame(double(s.end)), area.top() + 3, area.height() - 6);
        }
        break;
    case TimelineTrack::Narration: {
        const TimelineNarrationLayout l = TimelineRenderer::narrationLayout(area, m_palette.labelFont);
        if (pos.y() >= l.wordTop - 1) {
            const TimelineSpanList &words = m_index.words();
            const qint64 slack = qint64(std::ceil(2.0 / g.pxPerFrame)) + 1;
            const auto [a, b] = words.candidates(rawFrame - slack, rawFrame + slack + 1);
            for (size_t i = a; i < b; ++i) {
                const TimelineWord &w = m_index.wordAt(words.at(i).ref);
                const double x0 = g.xForFrame(w.startFrame);
                const double x1 = std::max(g.xForFrame(w.endFrame), x0 + 2.0);
                if (x >= x0 && x < x1) {
                    hit.kind = TimelineHit::Kind::Word;
                    hit.index = words.at(i).ref;
                    hit.rect = rectOf(x0, x1, l.wordTop, l.wordHeight);
                }
            }
            if (hit.kind == TimelineHit::Kind::Word)
                break;
        }
        if (int i = find(m_index.segments(), 0.0, any); i >= 0) {
            const TimelineSpan &s = m_index.segments().at(size_t(i));
            hit.kind = TimelineHit::Kind::Segment;
            hit.index = s.ref;
            hit.rect = rectOf(g.xForFrame(double(s.start)), g.xForFrame(double(s.end)), l.segmentTop, l.segmentHeight);
        }
        break;
    }
    case TimelineTrack::Captions:
        if (int i = find(m_index.captions(), 0.0, any); i >= 0) {
            const TimelineSpan &s = m_index.captions().at(size_t(i));
            hit.kind = TimelineHit::Kind::Caption;
            hit.index = s.ref;
            hit.rect = rectOf(g.xForFrame(double(s.start)), g.xForFrame(double(s.end)), area.top() + 3, area.height() - 6);
        }
        break;
    case TimelineTrack::Structural:
    case TimelineTrack::Deterministic:
    case TimelineTrack::Semantic: {
        const Stage stage = row->track == TimelineTrack::Structural      ? Stage::Structural
                            : row->track == TimelineTrack::Deterministic ? Stage::Deterministic
                                                                          : Stage::Semantic;
        const TimelineSpanList &spans = m_index.findings(stage);
        const int rows = m_index.findingRows(stage);
        const bool strip = !m_index.wholeRunFindings(stage).empty();
        const TimelineLaneLayout l = TimelineRenderer::findingLane(area, rows, strip);
        if (strip && pos.y() < l.top - 1) {
            hit.kind = TimelineHit::Kind::WholeRunFindings;
            hit.rect = rectOf(g.xForFrame(0.0), g.xForFrame(double(m_index.frameCount())), l.stripTop, l.stripHeight);
            break;
        }
        const int rowUnder = std::clamp(int((pos.y() - l.top) / (l.rowHeight + l.rowGap)), 0, rows - 1);
        // Within the row under the cursor: the worst severity wins, then the latest start.
        int best = -1;
        const auto consider = [&](bool anyRow) {
            const qint64 slack = qint64(std::ceil(6.0 / g.pxPerFrame)) + 1;
            const auto [a, b] = spans.candidates(rawFrame - slack, rawFrame + slack + 1);
            for (size_t i = a; i < b; ++i) {
                const TimelineSpan &s = spans.at(i);
                if (!anyRow && s.row != rowUnder)
                    continue;
                const double x0 = g.xForFrame(double(s.start));
                const double x1 = g.xForFrame(double(s.end));
                const bool point = s.end <= s.start || x1 - x0 < 3.0;
                const bool under = point ? std::abs(x - (s.end <= s.start ? x0 : (x0 + x1) / 2.0)) <= 6.0
                                         : (x >= x0 && x < x1);
                if (!under)
                    continue;
                if (best < 0 || s.kind <= spans.at(size_t(best)).kind)
                    best = int(i);
            }
        };
        consider(false);
        if (best < 0)
            consider(true);
        if (best >= 0) {
            const TimelineSpan &s = spans.at(size_t(best));
            hit.kind = TimelineHit::Kind::Finding;
            hit.index = s.ref;
            double x0 = g.xForFrame(double(s.start));
            double x1 = g.xForFrame(double(s.end));
            if (s.end <= s.start || x1 - x0 < 3.0) {
                const double c = s.end <= s.start ? x0 : (x0 + x1) / 2.0;
                x0 = c - 6.0;
                x1 = c + 6.0;
            }
            hit.rect = rectOf(x0, x1, l.rowTop(s.row), l.rowHeight);
        }
        break;
    }
    case TimelineTrack::Loudness:
    case TimelineTrack::Picture: {
        const std::vector<TimelineSignalSpan> kinds =
            row->track == TimelineTrack::Loudness
                ? std::vector<TimelineSignalSpan>{TimelineSignalSpan::Silent}
                : std::vector<TimelineSignalSpan>{TimelineSignalSpan::Black, TimelineSignalSpan::Changed,
                                                  TimelineSignalSpan::Frozen};
        hit.kind = row->track == TimelineTrack::Loudness ? TimelineHit::Kind::Loudness : TimelineHit::Kind::Picture;
        for (TimelineSignalSpan kind : kinds) {
            const TimelineSpanList &spans = m_index.signalSpans(kind);
            if (int i = find(spans, 0.0, any); i >= 0) {
                const TimelineSpan &s = spans.at(size_t(i));
                hit.kind = TimelineHit::Kind::SignalSpan;
                hit.spanKind = kind;
                hit.index = s.ref;
                hit.rect = rectOf(g.xForFrame(double(s.start)), g.xForFrame(double(s.end)), area.top() + 1,
                                  area.height() - 2);
                break;
            }
        }
        break;
    }
    case TimelineTrack::Waveform: hit.kind = TimelineHit::Kind::Waveform; break;
    }
    return hit;
}

QString TimelineInspector::framesText(qint64 start, qint64 end) const
{
    const Rational fps = m_index.fps();
    const auto tc = [&](qint64 f) { return ReviewSession::timecode(f, fps); };
    if (end <= start + 1)
        return tr("frame %1 · %2").arg(start).arg(tc(start));
    const double duration = double(end - start) * double(fps.den) / double(fps.num);
    return tr("frames %1–%2 · %3 – %4 · %5")
        .arg(start)
        .arg(end - 1)
        .arg(tc(start), tc(end - 1), seconds(duration));
}

QString TimelineInspector::describe(const TimelineHit &hit) const
{
    const TimelineContent &c = m_index.content();
    const Rational fps = m_index.fps();
    const QString br = QStringLiteral("<br/>");
    switch (hit.kind) {
    case TimelineHit::Kind::None:
    case TimelineHit::Kind::Empty: return {};
    case TimelineHit::Kind::Ruler:
    case TimelineHit::Kind::Thumbnail: return framesText(hit.frame, hit.frame + 1);
    case TimelineHit::Kind::Header: {
        const QString name = QStringLiteral("<b>") + esc(timelineTrackName(hit.track)) + QStringLiteral("</b>");
        switch (hit.track) {
        case TimelineTrack::Loudness:
            return name + br
                   + tr("Momentary loudness (EBU R128), −60 to 0 LUFS; target %1 LUFS ± %2 LU (dashed); silent spans shaded.")
                         .arg(c.qaSignals.loudnessTargetLufs)
                         .arg(c.qaSignals.loudnessToleranceLu)
                   + (c.qaSignals.loudnessSource.isEmpty() ? QString()
                                                           : br + tr("Source: %1").arg(esc(c.qaSignals.loudnessSource)));
        case TimelineTrack::Picture:
            return name + br + tr("Black spans (black), frozen picture (blue), changed against the baseline (red)")
                   + (c.qaSignals.ssim.empty() ? QString() : br + tr("SSIM to the baseline (violet), threshold dashed"));
        case TimelineTrack::Waveform:
            return name + (c.waveform.sourcePath.isEmpty() ? QString() : br + esc(c.waveform.sourcePath));
        case TimelineTrack::Captions:
            return name + br + tr("%n caption(s)", nullptr, int(c.captions.size()));
        case TimelineTrack::Structural:
        case TimelineTrack::Deterministic:
        case TimelineTrack::Semantic: {
            const Stage stage = hit.track == TimelineTrack::Structural      ? Stage::Structural
                                : hit.track == TimelineTrack::Deterministic ? Stage::Deterministic
                                                                            : Stage::Semantic;
            return name + br
                   + tr("Open: %1 blocker(s), %2 warning(s), %3 info; %4 in all")
                         .arg(m_index.openCount(stage, Severity::Blocker))
                         .arg(m_index.openCount(stage, Severity::Warning))
                         .arg(m_index.openCount(stage, Severity::Info))
                         .arg(m_index.totalCount(stage));
        }
        default: return name;
        }
    }
    case TimelineHit::Kind::Scene: {
        const ReviewScene &s = c.scenes[hit.index];
        return tr("<b>Scene %1</b> · %2").arg(esc(s.id), esc(s.role.isEmpty() ? tr("no role") : s.role)) + br
               + framesText(s.startFrame, s.endFrame);
    }
    case TimelineHit::Kind::Segment: {
        const CueSegment &seg = c.cues->segments[hit.index];
        QString text = tr("<b>Narration %1</b>").arg(esc(seg.id));
        if (seg.scene)
            text += tr(" · scene %1").arg(esc(*seg.scene));
        text += br + QStringLiteral("“") + esc(seg.sourceText) + QStringLiteral("”");
        if (seg.spokenText != seg.sourceText && !seg.spokenText.isEmpty())
            text += br + tr("Spoken: “%1”").arg(esc(seg.spokenText));
        text += br + framesText(seg.startFrame, seg.endFrame);
        text += br + tr("samples %1–%2 at %3 Hz").arg(seg.startSample).arg(seg.endSample).arg(c.cues->sampleRate);
        if (seg.engine)
            text += br + tr("voiced by %1 %2 (%3)").arg(esc(seg.engine->name), esc(seg.engine->version),
                                                        esc(seg.engine->runtimeClass));
        return text;
    }
    case TimelineHit::Kind::Word: {
        const TimelineWord &w = m_index.wordAt(hit.index);
        const CueSegment &seg = c.cues->segments[w.segment];
        const CueWord &word = seg.words[w.word];
        const int rate = c.cues->sampleRate > 0 ? c.cues->sampleRate : 48000;
        const double t0 = double(word.startSample) / rate;
        const double t1 = double(word.endSample) / rate;
        return tr("<b>“%1”</b> · word %2 of %3").arg(esc(word.text)).arg(w.word + 1).arg(esc(seg.id)) + br
               + tr("%1 – %2 (%3)").arg(seconds(t0), seconds(t1), seconds(t1 - t0)) + br
               + tr("frames %1–%2 · %3").arg(w.startFrame, 0, 'f', 1).arg(w.endFrame, 0, 'f', 1)
                     .arg(ReviewSession::timecode(qint64(std::floor(w.startFrame)), fps))
               + br + tr("samples %1–%2 · timing: %3").arg(word.startSample).arg(word.endSample).arg(toString(word.source));
    }
    case TimelineHit::Kind::Caption: {
        const ReviewCaption &cap = c.captions[hit.index];
        QString text = esc(cap.text);
        text.replace(QLatin1Char('\n'), br);
        return tr("<b>Caption %1</b>").arg(hit.index + 1) + br + text + br + framesText(cap.startFrame, cap.endFrame);
    }
    case TimelineHit::Kind::Finding: {
        const Finding &f = c.findings[hit.index];
        QString text = QStringLiteral("<b>") + esc(f.code) + QStringLiteral("</b> · ") + esc(toString(f.severity))
                       + QStringLiteral(" · ") + esc(toString(f.stage));
        if (f.status != FindingStatus::Open)
            text += QStringLiteral(" · ") + esc(toString(f.status));
        text += br + esc(f.message);
        if (f.frames)
            text += br + framesText(f.frames->start, std::max(f.frames->end, f.frames->start + 1));
        if (f.reviewer)
            text += br + tr("by %1").arg(esc(f.reviewer->name));
        if (!f.waiverReason.isEmpty())
            text += br + tr("waived: %1").arg(esc(f.waiverReason));
        return text;
    }
    case TimelineHit::Kind::WholeRunFindings: {
        const Stage stage = hit.track == TimelineTrack::Structural      ? Stage::Structural
                            : hit.track == TimelineTrack::Deterministic ? Stage::Deterministic
                                                                        : Stage::Semantic;
        const std::vector<int> &list = m_index.wholeRunFindings(stage);
        QString text = tr("<b>Findings about the whole run</b>");
        int shown = 0;
        for (int i : list) {
            if (++shown > 8) {
                text += br + tr("… and %1 more").arg(int(list.size()) - 8);
                break;
            }
            const Finding &f = c.findings[i];
            text += br + QStringLiteral("<b>") + esc(f.code) + QStringLiteral("</b> (") + esc(toString(f.severity))
                    + QStringLiteral("): ") + esc(f.message);
        }
        return text;
    }
    case TimelineHit::Kind::SignalSpan: {
        const ReviewSignals &sig = c.qaSignals;
        const FrameSpans &spans = hit.spanKind == TimelineSignalSpan::Black    ? sig.blackSpans
                                  : hit.spanKind == TimelineSignalSpan::Frozen ? sig.frozenSpans
                                  : hit.spanKind == TimelineSignalSpan::Silent ? sig.silentSpans
                                                                               : sig.changedSpans;
        const FrameSpan &s = spans[hit.index];
        const QString what = hit.spanKind == TimelineSignalSpan::Black    ? tr("Black picture")
                             : hit.spanKind == TimelineSignalSpan::Frozen ? tr("Frozen picture")
                             : hit.spanKind == TimelineSignalSpan::Silent ? tr("Silent audio")
                                                                          : tr("Changed against the baseline");
        return QStringLiteral("<b>") + what + QStringLiteral("</b>") + br + framesText(s.start, s.end);
    }
    case TimelineHit::Kind::Loudness: {
        const std::vector<float> &v = c.qaSignals.loudnessLufs;
        if (hit.frame >= qint64(v.size()) || !std::isfinite(v[size_t(hit.frame)]))
            return tr("<b>Loudness</b>") + br + tr("no value at frame %1").arg(hit.frame);
        return tr("<b>Loudness</b> %1 LUFS momentary").arg(double(v[size_t(hit.frame)]), 0, 'f', 1) + br
               + framesText(hit.frame, hit.frame + 1);
    }
    case TimelineHit::Kind::Picture: {
        const std::vector<float> &v = c.qaSignals.ssim;
        if (hit.frame >= qint64(v.size()) || !std::isfinite(v[size_t(hit.frame)]))
            return {};
        return tr("<b>SSIM</b> %1 to the baseline").arg(double(v[size_t(hit.frame)]), 0, 'f', 4) + br
               + framesText(hit.frame, hit.frame + 1);
    }
    case TimelineHit::Kind::Waveform: {
        const WaveformPeaks &w = c.waveform;
        if (hit.frame >= w.frameCount())
            return {};
        const double peak = std::max(std::abs(double(w.minimum[size_t(hit.frame)])),
                                     std::abs(double(w.maximum[size_t(hit.frame)])));
        const QString level = peak > 0.0 ? tr("%1 dBFS").arg(20.0 * std::log10(peak), 0, 'f', 1) : tr("silence");
        return tr("<b>Peak</b> %1").arg(level) + br + framesText(hit.frame, hit.frame + 1);
    }
    }
    return {};
}


} // namespace greenlight
