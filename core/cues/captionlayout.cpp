#include "cues/captionlayout.h"

#include "tts/wordspans.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight {

namespace {

QString joined(const QStringList &pieces, qsizetype a, qsizetype b) // [a, b]
{
    QString s;
    for (qsizetype k = a; k <= b; ++k)
        s += pieces[k];
    return s.simplified();
}

int lengthOf(const QStringList &pieces, qsizetype a, qsizetype b)
{
    return codePointLength(joined(pieces, a, b));
}

bool endsStrong(const QString &piece)
{
    QString t = piece.trimmed();
    while (!t.isEmpty() && (t.endsWith(QLatin1Char('"')) || t.endsWith(QChar(0x201D)) || t.endsWith(QLatin1Char(')'))
                            || t.endsWith(QLatin1Char('\''))))
        t.chop(1);
    return t.endsWith(QLatin1Char('.')) || t.endsWith(QLatin1Char('!')) || t.endsWith(QLatin1Char('?'))
           || t.endsWith(QChar(0x2026));
}

bool endsWeak(const QString &piece)
{
    const QString t = piece.trimmed();
    return t.endsWith(QLatin1Char(',')) || t.endsWith(QLatin1Char(';')) || t.endsWith(QLatin1Char(':'))
           || t.endsWith(QChar(0x2014)) || t.endsWith(QChar(0x2013));
}

// Fewest lines: fill each line greedily.
int minimalLines(const QStringList &pieces, qsizetype a, qsizetype b, int maxChars)
{
    int lines = 0;
    qsizetype start = a;
    while (start <= b) {
        qsizetype end = start;
        while (end + 1 <= b && lengthOf(pieces, start, end + 1) <= maxChars)
            ++end;
        ++lines;
        start = end + 1;
    }
    return lines;
}

} // namespace

CaptionRules CaptionRules::fromStyle(const std::optional<CaptionStyle> &style, const Rational &fps)
{
    CaptionRules r;
    const qint64 num = std::max<qint64>(1, fps.num);
    const qint64 den = std::max<qint64>(1, fps.den);
    r.minDurationFrames = (5 * num + 6 * den - 1) / (6 * den); // ceil(5/6 s)
    r.maxDurationFrames = 7 * num / den;
    r.maxPauseFrames = (3 * num + 2 * den - 1) / (2 * den); // ceil(1.5 s)
    if (style) {
        if (style->maxCharsPerLine)
            r.maxCharsPerLine = *style->maxCharsPerLine;
        if (style->maxLines)
            r.maxLines = *style->maxLines;
        if (style->minDurationFrames)
            r.minDurationFrames = *style->minDurationFrames;
        if (style->maxDurationFrames)
            r.maxDurationFrames = *style->maxDurationFrames;
    }
    if (r.maxDurationFrames > 0 && r.minDurationFrames > r.maxDurationFrames)
        r.minDurationFrames = r.maxDurationFrames;
    return r;
}

CaptionRules CaptionRules::fromSpec(const VideoSpec &spec)
{
    return fromStyle(spec.captions ? spec.captions->style : std::nullopt, spec.canvas.fps);
}

QStringList CaptionLayout::breakLines(const QStringList &pieces, int maxChars, int maxLines)
{
    const qsizetype n = pieces.size();
    if (n == 0)
        return {};
    maxChars = std::max(1, maxChars);
    const int lines = minimalLines(pieces, 0, n - 1, maxChars);
    if (lines <= 1)
        return {joined(pieces, 0, n - 1)};
    if (lines > std::max(1, maxLines) || n > 400) {
        // Cannot fit anyway: greedy lines.
        QStringList out;
        qsizetype start = 0;
        while (start < n) {
            qsizetype end = start;
            while (end + 1 < n && lengthOf(pieces, start, end + 1) <= maxChars)
                ++end;
            out.append(joined(pieces, start, end));
            start = end + 1;
        }
        return out;
    }
    // Balanced: fewest lines, line lengths close to the mean, breaks after punctuation.
    const double target = double(lengthOf(pieces, 0, n - 1)) / lines;
    constexpr double kInf = std::numeric_limits<double>::infinity();
    std::vector<std::vector<double>> best(size_t(n + 1), std::vector<double>(size_t(lines + 1), kInf));
    std::vector<std::vector<qsizetype>> from(size_t(n + 1), std::vector<qsizetype>(size_t(lines + 1), -1));
    best[0][0] = 0;
    for (int l = 1; l <= lines; ++l) {
        for (qsizetype end = 1; end <= n; ++end) {
            for (qsizetype start = end - 1; start >= 0; --start) {
                if (!std::isfinite(best[size_t(start)][size_t(l - 1)]))
                    continue;
                const int len = lengthOf(pieces, start, end - 1);
                if (len > maxChars && end - 1 > start)
                    break; // longer lines only get longer
                double cost = (len - target) * (len - target);
                if (end < n) {
                    if (endsStrong(pieces[end - 1]))
                        cost -= 0.30 * target * target;
                    else if (endsWeak(pieces[end - 1]))
                        cost -= 0.15 * target * target;
                }
                const double total = best[size_t(start)][size_t(l - 1)] + cost;
                if (total < best[size_t(end)][size_t(l)]) {
                    best[size_t(end)][size_t(l)] = total;
                    from[size_t(end)][size_t(l)] = start;
                }
            }
        }
    }
    QStringList out;
    qsizetype end = n;
    for (int l = lines; l > 0 && end > 0; --l) {
        const qsizetype start = from[size_t(end)][size_t(l)];
        if (start < 0)
            return {joined(pieces, 0, n - 1)};
        out.prepend(joined(pieces, start, end - 1));
        end = start;
    }
    return out;
}

QList<CaptionCue> CaptionLayout::layout(const CueTimeline &timeline, const CaptionRules &rules)
{
    const TimeBase tb = timeline.timeBase();
    const int maxChars = std::max(1, rules.maxCharsPerLine);
    const int maxLines = std::max(1, rules.maxLines);
    QList<CaptionCue> cues;

    for (const CueSegment &seg : timeline.segments) {
        QList<CueWord> words = seg.words;
        if (words.isEmpty())
            words = estimateWordTimings(seg.sourceText, splitWords(seg.sourceText), seg.startSample, seg.endSample);
        const qsizetype n = words.size();
        if (n == 0)
            continue;

        // Display pieces: each word with the punctuation around it, up to the next word.
        const int textLength = codePointLength(seg.sourceText);
        const QList<uint> cps = seg.sourceText.toUcs4();
        std::vector<int> ds(size_t(n + 1), 0);
        for (qsizetype k = 1; k < n; ++k) {
            const int prevEnd = std::clamp(words[k - 1].charEnd, 0, textLength);
            int p = std::clamp(words[k].charStart, prevEnd, textLength);
            while (p > prevEnd && !QChar::isSpace(cps[p - 1]))
                --p;
            ds[size_t(k)] = p;
        }
        ds[size_t(n)] = textLength;
        QStringList pieces;
        for (qsizetype k = 0; k < n; ++k)
            pieces.append(codePointMid(seg.sourceText, ds[size_t(k)], ds[size_t(k + 1)] - ds[size_t(k)]));

        auto startFrame = [&](qsizetype k) { return tb.samplesToFramesFloor(words[k].startSample); };
        auto endFrame = [&](qsizetype k) { return tb.samplesToFramesCeil(words[k].endSample); };
        auto fits = [&](qsizetype a, qsizetype b) { return minimalLines(pieces, a, b, maxChars) <= maxLines; };
        const int capacity = maxChars * maxLines;

        qsizetype a = 0;
        while (a < n) {
            qsizetype b = a;
            bool pauseBreak = false;
            while (b + 1 < n) {
                const qsizetype c = b + 1;
                if (rules.maxPauseFrames > 0 && startFrame(c) - endFrame(b) >= rules.maxPauseFrames) {
                    pauseBreak = true;
                    break;
                }
                if (!fits(a, c))
                    break;
                if (rules.maxDurationFrames > 0 && endFrame(c) - startFrame(a) > rules.maxDurationFrames)
                    break;
                b = c;
            }
            qsizetype end = b;
            if (b + 1 < n && !pauseBreak && !endsStrong(pieces[b])) {
                for (qsizetype k = b - 1; k >= a && end == b; --k)
                    if (endsStrong(pieces[k]) && lengthOf(pieces, a, k) >= capacity * 2 / 5)
                        end = k;
                for (qsizetype k = b - 1; k >= a && end == b; --k)
                    if (endsWeak(pieces[k]) && lengthOf(pieces, a, k) >= capacity * 3 / 5)
                        end = k;
            }
            CaptionCue cue;
            cue.startFrame = startFrame(a);
            cue.endFrame = std::max(cue.startFrame + 1, endFrame(end));
            cue.lines = breakLines(pieces.mid(a, end - a + 1), maxChars, maxLines);
            cue.segmentId = seg.id;
            cue.speaker = seg.speaker;
            cues.append(cue);
            a = end + 1;
        }
    }

    settleTimes(cues, rules);
    return cues;
}

QStringList CaptionLayout::pieces(const QString &text)
{
    QStringList out;
    QString current;
    bool inSpace = false;
    for (const QChar c : text) {
        if (c.isSpace()) {
            inSpace = true;
        } else if (inSpace) {
            if (!current.trimmed().isEmpty())
                out.append(current);
            current.clear();
            inSpace = false;
        }
        if (!c.isSpace())
            current += c;
        else if (!current.endsWith(QLatin1Char(' ')))
            current += QLatin1Char(' ');
    }
    if (!current.trimmed().isEmpty())
        out.append(current);
    return out;
}

void CaptionLayout::settleTimes(QList<CaptionCue> &cues, const CaptionRules &rules)
{
    std::stable_sort(cues.begin(), cues.end(),
                     [](const CaptionCue &x, const CaptionCue &y) { return x.startFrame < y.startFrame; });
    for (qsizetype i = 0; i < cues.size(); ++i) {
        CaptionCue &c = cues[i];
        const qint64 next = i + 1 < cues.size() ? cues[i + 1].startFrame : std::numeric_limits<qint64>::max();
        if (c.endFrame - c.startFrame < rules.minDurationFrames)
            c.endFrame = std::max(c.endFrame, std::min(c.startFrame + rules.minDurationFrames, next));
        if (next > c.startFrame && c.endFrame > next)
            c.endFrame = next;
    }
}

} // namespace greenlight
