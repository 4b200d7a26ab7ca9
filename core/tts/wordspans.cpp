#include "tts/wordspans.h"

#include <QChar>

#include <algorithm>

namespace greenlight {

namespace {

bool isSeparator(char32_t c)
{
    return QChar::isSpace(c) || c == 0x2014 || c == 0x2013 || c == 0x2015 || c == 0x2026;
}

// Punctuation trimmed from a word's edges; %, &, #, @ and / are spoken, so they stay.
bool isTrimmable(char32_t c)
{
    if (c == U'%' || c == U'&' || c == U'#' || c == U'@' || c == U'/')
        return false;
    return QChar::isPunct(c);
}

// Length of a character entity (&amp; &#233;) starting at i, or 0.
int entityLength(const QList<uint> &cps, qsizetype i)
{
    if (cps[i] != U'&')
        return 0;
    for (qsizetype j = i + 1; j < cps.size() && j < i + 12; ++j) {
        const char32_t c = cps[j];
        if (c == U';')
            return j > i + 1 ? int(j - i + 1) : 0;
        if (!(QChar::isLetterOrNumber(c) || c == U'#'))
            return 0;
    }
    return 0;
}

} // namespace

QList<WordSpan> splitWords(const QString &text, bool ssml)
{
    const QList<uint> cps = text.toUcs4();
    const qsizetype n = cps.size();
    QList<WordSpan> words;

    // Marks each code point: 0 separator, 1 ordinary, 2 protected (entity, phoneme block).
    std::vector<char> kind(size_t(n), 1);
    std::vector<int> blockEnd(size_t(n), -1); // protected runs that form one unit
    for (qsizetype i = 0; i < n;) {
        const char32_t c = cps[i];
        if (ssml && c == U'<') {
            qsizetype j = i;
            while (j < n && cps[j] != U'>')
                ++j;
            for (qsizetype k = i; k < std::min(j + 1, n); ++k)
                kind[size_t(k)] = 0;
            i = j + 1;
            continue;
        }
        if (c == U'[' && i + 1 < n && cps[i + 1] == U'[') {
            qsizetype j = i + 2;
            while (j + 1 < n && !(cps[j] == U']' && cps[j + 1] == U']'))
                ++j;
            if (j + 1 < n) {
                for (qsizetype k = i; k < j + 2; ++k)
                    kind[size_t(k)] = 2;
                blockEnd[size_t(i)] = int(j + 2);
                i = j + 2;
                continue;
            }
        }
        if (ssml) {
            if (const int len = entityLength(cps, i)) {
                for (qsizetype k = i; k < i + len; ++k)
                    kind[size_t(k)] = 2;
                i += len;
                continue;
            }
        }
        if (isSeparator(c))
            kind[size_t(i)] = 0;
        ++i;
    }

    for (qsizetype i = 0; i < n;) {
        if (kind[size_t(i)] == 0) {
            ++i;
            continue;
        }
        // A phoneme block is a word of its own.
        if (blockEnd[size_t(i)] > 0) {
            words.append({int(i), blockEnd[size_t(i)]});
            i = blockEnd[size_t(i)];
            continue;
        }
        qsizetype j = i;
        while (j < n && kind[size_t(j)] != 0 && (j == i || blockEnd[size_t(j)] < 0))
            ++j;
        qsizetype a = i;
        qsizetype b = j;
        while (a < b && kind[size_t(a)] == 1 && isTrimmable(cps[a]))
            ++a;
        while (b > a && kind[size_t(b - 1)] == 1 && isTrimmable(cps[b - 1]))
            --b;
        if (b > a)
            words.append({int(a), int(b)});
        i = j;
    }
    return words;
}

int codePointLength(const QString &text)
{
    int count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        ++count;
    }
    return count;
}

qsizetype utf16Index(const QString &text, int cp)
{
    qsizetype i = 0;
    for (int count = 0; i < text.size() && count < cp; ++count) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        ++i;
    }
    return i;
}

QString codePointMid(const QString &text, int start, int length)
{
    const qsizetype a = utf16Index(text, start);
    const qsizetype b = utf16Index(text, start + std::max(0, length));
    return text.mid(a, b - a);
}

int spokenWeight(const QString &text, const WordSpan &span)
{
    int weight = 0;
    const QList<uint> cps = codePointMid(text, span.charStart, span.length()).toUcs4();
    for (const uint c : cps) {
        if (QChar::isDigit(c))
            weight += 3;
        else if (QChar::isLetterOrNumber(c) || c == U'%' || c == U'&' || c == U'@' || c == U'#')
            weight += 1;
    }
    return std::max(weight, 1);
}

QList<SynthesizedWord> estimateWordTimings(const QString &text, const QList<WordSpan> &spans, qint64 startSample,
                                           qint64 endSample)
{
    QList<SynthesizedWord> out;
    if (spans.isEmpty())
        return out;
    std::vector<qint64> weights;
    qint64 total = 0;
    for (const WordSpan &s : spans) {
        weights.push_back(spokenWeight(text, s) + 1); // +1: the gap after the word
        total += weights.back();
    }
    const qint64 range = std::max<qint64>(0, endSample - startSample);
    qint64 cumulative = 0;
    for (qsizetype k = 0; k < spans.size(); ++k) {
        SynthesizedWord w;
        w.text = codePointMid(text, spans[k].charStart, spans[k].length());
        w.charStart = spans[k].charStart;
        w.charEnd = spans[k].charEnd;
        w.startSample = startSample + range * cumulative / total;
        cumulative += weights[size_t(k)];
        w.endSample = startSample + range * cumulative / total;
        w.source = TimingSource::Estimate;
        out.append(w);
    }
    return out;
}

} // namespace greenlight
