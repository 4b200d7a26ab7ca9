#include "tts/timedtokenmapper.h"

#include "tts/wordspans.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace greenlight {

namespace {

constexpr qsizetype kMaxCells = 8'000'000; // words x tokens kept by the alignment table
constexpr int kMaxRun = 6;                 // tokens one word may span, or words one token may

struct Tok
{
    QString norm;
    qint64 start = 0;
    qint64 end = 0;
};

// A run of words matched to a run of tokens.
struct Anchor
{
    qsizetype word = 0;
    qsizetype words = 1;
    qsizetype tok = 0;
    qsizetype toks = 1;
};

qint64 toSample(double seconds, int sampleRate, qint64 totalSamples)
{
    if (!std::isfinite(seconds) || seconds <= 0)
        return 0;
    return std::clamp<qint64>(qint64(std::llround(seconds * sampleRate)), 0, totalSamples);
}

// The moves the alignment may make from (i, j): words taken, tokens taken, words matched.
template<typename Fn>
void forEachMove(const QStringList &w, const std::vector<Tok> &t, qsizetype i, qsizetype j, Fn &&fn)
{
    const qsizetype n = w.size();
    const qsizetype m = qsizetype(t.size());
    if (i < n)
        fn(1, 0, 0);
    if (j < m)
        fn(0, 1, 0);
    if (i >= n || j >= m)
        return;
    const QString &word = w[i];
    const QString &tok = t[size_t(j)].norm;
    if (word == tok) {
        fn(1, 1, 1);
        return;
    }
    if (word.startsWith(tok)) { // one word, several tokens
        QString joined = tok;
        for (qsizetype k = j + 1; k < m && k < j + kMaxRun && joined.size() < word.size(); ++k) {
            joined += t[size_t(k)].norm;
            if (joined == word)
                fn(1, k - j + 1, 1);
            if (!word.startsWith(joined))
                break;
        }
    } else if (tok.startsWith(word)) { // several words, one token
        QString joined = word;
        for (qsizetype k = i + 1; k < n && k < i + kMaxRun && joined.size() < tok.size(); ++k) {
            joined += w[k];
            if (joined == tok)
                fn(k - i + 1, 1, int(k - i + 1));
            if (!tok.startsWith(joined))
                break;
        }
    }
}

SynthesizedWord makeWord(const QString &text, const WordSpan &span, qint64 start, qint64 end, TimingSource source)
{
    SynthesizedWord w;
    w.text = codePointMid(text, span.charStart, span.length());
    w.charStart = span.charStart;
    w.charEnd = span.charEnd;
    w.startSample = start;
    w.endSample = std::max(start, end);
    w.source = source;
    return w;
}

} // namespace

QString TimedTokenMapper::normalize(const QString &word)
{
    QString out;
    const QString lower = word.toCaseFolded();
    for (const uint c : lower.toUcs4())
        if (QChar::isLetterOrNumber(c))
            out += QString::fromUcs4(reinterpret_cast<const char32_t *>(&c), 1);
    return out;
}

QList<SynthesizedWord> TimedTokenMapper::mapTokens(const QString &text, bool ssml, const QList<TimedToken> &tokens,
                                                   int sampleRate, qint64 totalSamples)
{
    const QList<WordSpan> spans = splitWords(text, ssml);
    QStringList words;
    for (const WordSpan &s : spans)
        words.append(normalize(codePointMid(text, s.charStart, s.length())));
    std::vector<Tok> toks;
    for (const TimedToken &t : tokens) {
        Tok tok{normalize(t.text), toSample(t.start_s, sampleRate, totalSamples),
                toSample(t.end_s, sampleRate, totalSamples)};
        if (!tok.norm.isEmpty() && std::isfinite(t.start_s) && std::isfinite(t.end_s)) {
            tok.end = std::max(tok.end, tok.start);
            toks.push_back(tok);
        }
    }
    const qsizetype n = words.size();
    const qsizetype m = qsizetype(toks.size());
    if (n == 0 || m == 0 || (n + 1) * (m + 1) > kMaxCells)
        return {};

    // best(i, j): most words matched aligning words[i..] with toks[j..].
    const qsizetype stride = m + 1;
    std::vector<uint16_t> best(size_t((n + 1) * stride), 0);
    auto at = [&](qsizetype i, qsizetype j) -> uint16_t & { return best[size_t(i * stride + j)]; };
    for (qsizetype i = n; i >= 0; --i)
        for (qsizetype j = m; j >= 0; --j) {
            int v = 0;
            forEachMove(words, toks, i, j, [&](qsizetype di, qsizetype dj, int gain) {
                v = std::max(v, gain + at(i + di, j + dj));
            });
            at(i, j) = uint16_t(std::min(v, 65535));
        }
    if (at(0, 0) == 0)
        return {};

    QList<Anchor> anchors;
    for (qsizetype i = 0, j = 0; i < n && j < m;) {
        const int target = at(i, j);
        qsizetype bi = 0, bj = 0;
        int bgain = -1;
        forEachMove(words, toks, i, j, [&](qsizetype di, qsizetype dj, int gain) {
            // Prefer matches over skips when both reach the optimum.
            if (gain + at(i + di, j + dj) == target && gain > bgain) {
                bi = di;
                bj = dj;
                bgain = gain;
            }
        });
        if (bgain > 0)
            anchors.append({i, bi, j, bj});
        i += bi;
        j += bj;
    }

    QList<SynthesizedWord> out;
    // Words [w0, w1) and tokens [t0, t1) between anchors, inside [lo, hi].
    auto fillGap = [&](qsizetype w0, qsizetype w1, qsizetype t0, qsizetype t1, qint64 lo, qint64 hi) {
        if (w1 <= w0)
            return;
        qint64 a = lo, b = hi;
        if (t1 > t0) {
            a = toks[size_t(t0)].start;
            b = toks[size_t(t1 - 1)].end;
        }
        b = std::max(a, b);
        if (w1 - w0 == 1 && t1 > t0) {
            out.append(makeWord(text, spans[w0], a, b, TimingSource::Engine));
            return;
        }
        out.append(estimateWordTimings(text, spans.mid(w0, w1 - w0), a, b));
    };
    qsizetype nextWord = 0, nextTok = 0;
    qint64 prevEnd = 0;
    for (const Anchor &an : anchors) {
        const qint64 start = toks[size_t(an.tok)].start;
        fillGap(nextWord, an.word, nextTok, an.tok, prevEnd, start);
        const qint64 end = toks[size_t(an.tok + an.toks - 1)].end;
        if (an.words == 1)
            out.append(makeWord(text, spans[an.word], start, end, TimingSource::Engine));
        else
            out.append(estimateWordTimings(text, spans.mid(an.word, an.words), start, std::max(start, end)));
        nextWord = an.word + an.words;
        nextTok = an.tok + an.toks;
        prevEnd = end;
    }
    fillGap(nextWord, n, nextTok, m, prevEnd, totalSamples);

    // Monotonic and inside the clip.
    qint64 floor = 0;
    for (SynthesizedWord &w : out) {
        w.startSample = std::clamp<qint64>(std::max(w.startSample, floor), 0, totalSamples);
        w.endSample = std::clamp<qint64>(std::max(w.endSample, w.startSample), 0, totalSamples);
        floor = w.startSample;
    }
    return out;
}

QList<SynthesizedWord> TimedTokenMapper::mapCharacters(const QString &text, bool ssml, const QStringList &characters,
                                                       const std::vector<double> &start_s,
                                                       const std::vector<double> &end_s, int sampleRate,
                                                       qint64 totalSamples)
{
    const qsizetype count = characters.size();
    if (count == 0 || qsizetype(start_s.size()) != count || qsizetype(end_s.size()) != count)
        return {};

    // Code point -> character index, when the characters spell the text.
    std::vector<qsizetype> owner;
    QString joined;
    for (qsizetype k = 0; k < count; ++k) {
        joined += characters[k];
        for (int c = 0, len = codePointLength(characters[k]); c < len; ++c)
            owner.push_back(k);
    }
    if (joined == text) {
        QList<SynthesizedWord> out;
        qint64 floor = 0;
        for (const WordSpan &span : splitWords(text, ssml)) {
            qint64 start = totalSamples, end = 0;
            for (int cp = span.charStart; cp < span.charEnd && cp < int(owner.size()); ++cp) {
                const qsizetype k = owner[size_t(cp)];
                start = std::min(start, toSample(start_s[size_t(k)], sampleRate, totalSamples));
                end = std::max(end, toSample(end_s[size_t(k)], sampleRate, totalSamples));
            }
            start = std::max(start, floor);
            out.append(makeWord(text, span, start, std::max(start, end), TimingSource::Engine));
            floor = start;
        }
        return out;
    }

    QList<TimedToken> tokens;
    TimedToken current;
    bool open = false;
    for (qsizetype k = 0; k < count; ++k) {
        if (characters[k].trimmed().isEmpty()) {
            if (open)
                tokens.append(current);
            open = false;
            continue;
        }
        if (!open) {
            current = TimedToken{QString(), start_s[size_t(k)], end_s[size_t(k)]};
            open = true;
        }
        current.text += characters[k];
        current.end_s = std::max(current.end_s, end_s[size_t(k)]);
    }
    if (open)
        tokens.append(current);
    return mapTokens(text, ssml, tokens, sampleRate, totalSamples);
}

} // namespace greenlight
