#include "cues/captionbuilder.h"

#include "cues/timebase.h"
#include "tts/wordspans.h"

#include <algorithm>

namespace greenlight {

namespace {

// Letters and digits, case-folded, as a list of tokens: what two texts must share to "say
// the same" regardless of punctuation, case and spacing.
QStringList matchTokens(const QString &text)
{
    QStringList tokens;
    QString current;
    for (const char32_t cp : text.toUcs4()) {
        if (QChar::isLetterOrNumber(cp) || QChar::isMark(cp)) {
            current += QString::fromUcs4(&cp, 1).toCaseFolded();
        } else if (!current.isEmpty() && cp != U'\'' && cp != U'\u2019') {
            tokens.append(current);
            current.clear();
        }
    }
    if (!current.isEmpty())
        tokens.append(current);
    return tokens;
}

struct Token
{
    QString text;
    int segment = 0;       // index into the timeline's segments
    qint64 startFrame = 0; // of the word the token is in
    qint64 endFrame = 0;
    bool firstOfWord = false;
    bool lastOfWord = false;
};

// The words of a scene's narration as match tokens, in time order.
QList<Token> sceneTokens(const CueTimeline &timeline, const QString &sceneId, const TimeBase &tb)
{
    QList<Token> tokens;
    for (qsizetype k = 0; k < timeline.segments.size(); ++k) {
        const CueSegment &seg = timeline.segments[k];
        if (seg.scene != sceneId)
            continue;
        QList<CueWord> words = seg.words;
        if (words.isEmpty())
            words = estimateWordTimings(seg.sourceText, splitWords(seg.sourceText), seg.startSample,
                                        seg.endSample);
        for (const CueWord &w : std::as_const(words)) {
            const QStringList parts = matchTokens(w.text);
            for (qsizetype j = 0; j < parts.size(); ++j)
                tokens.append({parts[j], int(k), tb.samplesToFramesFloor(w.startSample),
                               tb.samplesToFramesCeil(w.endSample), j == 0, j == parts.size() - 1});
        }
    }
    return tokens;
}

// First position at or after `from` where `needle` occurs in `tokens` on whole words.
qsizetype findWords(const QList<Token> &tokens, const QStringList &needle, qsizetype from)
{
    const qsizetype n = needle.size();
    for (qsizetype p = std::max<qsizetype>(0, from); p + n <= tokens.size(); ++p) {
        if (!tokens[p].firstOfWord || !tokens[p + n - 1].lastOfWord)
            continue;
        bool same = true;
        for (qsizetype j = 0; j < n && same; ++j)
            same = tokens[p + j].text == needle[j];
        if (same)
            return p;
    }
    return -1;
}

} // namespace

QList<PlacedCaptionLine> placeCaptionLines(const VideoSpec &spec, const CueTimeline &timeline)
{
    QList<PlacedCaptionLine> out;
    if (!spec.captions || !spec.captions->lines)
        return out;
    const QList<CaptionLine> &lines = *spec.captions->lines;
    const QList<qint64> starts = spec.sceneStartFrames();
    const TimeBase tb{timeline.sampleRate, spec.canvas.fps};

    for (qsizetype si = 0; si < spec.scenes.size(); ++si) {
        const Scene &scene = spec.scenes[si];
        const qint64 sceneStart = starts.value(si);
        const qint64 sceneEnd = sceneStart + scene.durationFrames;
        auto clampToScene = [&](qint64 f) { return std::clamp(f, sceneStart, sceneEnd); };

        QList<PlacedCaptionLine> placed; // this scene's lines in spec order
        QList<bool> isPlaced;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines[i].scene != scene.id)
                continue;
            PlacedCaptionLine p;
            p.index = int(i);
            p.id = lines[i].id;
            p.scene = scene.id;
            p.text = lines[i].text;
            placed.append(p);
            isPlaced.append(false);
        }
        if (placed.isEmpty())
            continue;

        // Own times first, then the narration, searched in order.
        const QList<Token> tokens = sceneTokens(timeline, scene.id, tb);
        qsizetype cursor = 0;
        for (qsizetype k = 0; k < placed.size(); ++k) {
            PlacedCaptionLine &p = placed[k];
            const CaptionLine &line = lines[p.index];
            if (line.startFrame || line.endFrame) {
                p.startFrame = clampToScene(sceneStart + line.startFrame.value_or(0));
                p.endFrame =
                    clampToScene(sceneStart + line.endFrame.value_or(scene.durationFrames));
                p.timing = QStringLiteral("spec");
                isPlaced[k] = true;
                continue;
            }
            const QStringList needle = matchTokens(line.text);
            if (needle.isEmpty() || tokens.isEmpty())
                continue;
            qsizetype at = findWords(tokens, needle, cursor);
            if (at < 0)
                at = findWords(tokens, needle, 0);
            if (at < 0)
                continue;
            const qsizetype last = at + needle.size() - 1;
            p.startFrame = clampToScene(tokens[at].startFrame);
            p.endFrame = clampToScene(tokens[last].endFrame);
            p.timing = QStringLiteral("narration");
            for (qsizetype t = at; t <= last; ++t) {
                const QString &segId = timeline.segments[tokens[t].segment].id;
                if (!p.segments.contains(segId))
                    p.segments.append(segId);
            }
            isPlaced[k] = true;
            cursor = last + 1;
        }

        // The rest share the gap between their placed neighbours (or the scene), in order.
        for (qsizetype k = 0; k < placed.size();) {
            if (isPlaced[k]) {
                ++k;
                continue;
            }
            qsizetype end = k;
            while (end < placed.size() && !isPlaced[end])
                ++end;
            qint64 from = k > 0 ? placed[k - 1].endFrame : sceneStart;
            qint64 to = end < placed.size() ? placed[end].startFrame : sceneEnd;
            if (to - from < end - k) {
                from = sceneStart;
                to = sceneEnd;
            }
            qint64 total = 0;
            for (qsizetype j = k; j < end; ++j)
                total += std::max(1, codePointLength(placed[j].text.simplified()));
            qint64 done = 0;
            for (qsizetype j = k; j < end; ++j) {
                PlacedCaptionLine &p = placed[j];
                p.startFrame = from + (to - from) * done / total;
                done += std::max(1, codePointLength(p.text.simplified()));
                p.endFrame = from + (to - from) * done / total;
                p.timing = QStringLiteral("scene");
                isPlaced[j] = true;
            }
            k = end;
        }
        for (const PlacedCaptionLine &p : std::as_const(placed))
            if (p.endFrame > p.startFrame)
                out.append(p);
    }
    std::stable_sort(
        out.begin(), out.end(), [](const PlacedCaptionLine &a, const PlacedCaptionLine &b) {
            return a.startFrame != b.startFrame ? a.startFrame < b.startFrame : a.index < b.index;
        });
    return out;
}

QList<CaptionCue> captionsForSpec(const VideoSpec &spec, const CueTimeline &timeline)
{
    const CaptionRules rules = CaptionRules::fromSpec(spec);
    if (!spec.captions || spec.captions->source != QLatin1String("lines")) {
        if (timeline.fps == spec.canvas.fps)
            return CaptionLayout::layout(timeline, rules);
        CueTimeline atCanvasRate = timeline;
        atCanvasRate.fps = spec.canvas.fps;
        return CaptionLayout::layout(atCanvasRate, rules);
    }

    const int maxChars = std::max(1, rules.maxCharsPerLine);
    const int maxLines = std::max(1, rules.maxLines);
    QList<CaptionCue> cues;
    for (const PlacedCaptionLine &p : placeCaptionLines(spec, timeline)) {
        const QStringList pieces = CaptionLayout::pieces(p.text);
        if (pieces.isEmpty())
            continue;
        // Groups of pieces that each fit maxLines lines: from the greedy lines when the
        // whole text does not fit, re-balanced group by group.
        QList<QStringList> groups;
        const QStringList broken = CaptionLayout::breakLines(pieces, maxChars, maxLines);
        if (broken.size() <= maxLines) {
            groups.append(pieces);
        } else {
            qsizetype next = 0;
            for (qsizetype l = 0; l < broken.size(); l += maxLines) {
                const qsizetype wordsInGroup = [&] {
                    qsizetype n = 0;
                    for (qsizetype j = l; j < std::min<qsizetype>(l + maxLines, broken.size()); ++j)
                        n += CaptionLayout::pieces(broken[j]).size();
                    return n;
                }();
                groups.append(pieces.mid(next, wordsInGroup));
                next += wordsInGroup;
            }
        }
        qint64 total = 0;
        for (const QStringList &g : std::as_const(groups))
            total += std::max(1, codePointLength(g.join(QString()).simplified()));
        qint64 done = 0;
        for (const QStringList &g : std::as_const(groups)) {
            CaptionCue cue;
            cue.startFrame = p.startFrame + (p.endFrame - p.startFrame) * done / total;
            done += std::max(1, codePointLength(g.join(QString()).simplified()));
            cue.endFrame = p.startFrame + (p.endFrame - p.startFrame) * done / total;
            cue.lines = CaptionLayout::breakLines(g, maxChars, maxLines);
            cue.segmentId = p.segments.value(0);
            if (cue.endFrame > cue.startFrame)
                cues.append(cue);
        }
    }
    CaptionLayout::settleTimes(cues, rules);
    const qint64 videoEnd = spec.sumOfSceneDurations();
    for (CaptionCue &c : cues)
        c.endFrame = std::min(c.endFrame, std::max(videoEnd, c.startFrame + 1));
    return cues;
}

void bindCaptionLines(const VideoSpec &spec, CueTimeline &timeline)
{
    if (!spec.captions || spec.captions->source != QLatin1String("lines"))
        return;
    const QList<PlacedCaptionLine> placed = placeCaptionLines(spec, timeline);
    const TimeBase tb{timeline.sampleRate, spec.canvas.fps};
    for (CueSegment &seg : timeline.segments) {
        seg.captionLine.reset();
        const qint64 start = tb.samplesToFramesFloor(seg.startSample);
        const qint64 end = std::max(start + 1, tb.samplesToFramesCeil(seg.endSample));
        qint64 bestOverlap = 0;
        for (const PlacedCaptionLine &p : placed) {
            if (!p.id || p.scene != seg.scene.value_or(QString()))
                continue;
            const qint64 overlap = std::min(end, p.endFrame) - std::max(start, p.startFrame);
            if (2 * overlap > end - start && overlap > bestOverlap) {
                bestOverlap = overlap;
                seg.captionLine = p.id;
            }
        }
    }
}

} // namespace greenlight
