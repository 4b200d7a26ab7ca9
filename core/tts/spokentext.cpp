#include "tts/spokentext.h"

#include <algorithm>

namespace greenlight {

namespace {

// Higher is less certain.
int uncertainty(TimingSource s)
{
    switch (s) {
    case TimingSource::Engine:
        return 0;
    case TimingSource::ForcedAlignment:
        return 1;
    case TimingSource::Estimate:
        return 2;
    }
    return 2;
}

struct Entry
{
    QStringList words; // lower-cased tokens of the entry's `word`
    QString replacement;
};

} // namespace

SpokenText SpokenText::identity(const QString &sourceText)
{
    SpokenText t;
    t.m_source = sourceText;
    t.m_spoken = sourceText;
    const int n = codePointLength(sourceText);
    if (n > 0)
        t.m_pieces.append({0, n, 0, n, false});
    return t;
}

bool SpokenText::hasSubstitutions() const
{
    return std::any_of(m_pieces.begin(), m_pieces.end(), [](const Piece &p) { return p.substituted; });
}

SpokenText SpokenText::build(const QString &sourceText, const QList<Pronunciation> &pronunciations, Phonemes phonemes)
{
    SpokenText t;
    t.m_source = sourceText;
    const QList<WordSpan> srcWords = splitWords(sourceText);
    QStringList srcTokens;
    for (const WordSpan &w : srcWords)
        srcTokens.append(codePointMid(sourceText, w.charStart, w.length()).toLower());

    std::vector<Entry> entries;
    for (const Pronunciation &p : pronunciations) {
        Entry e;
        for (const WordSpan &w : splitWords(p.word))
            e.words.append(codePointMid(p.word, w.charStart, w.length()).toLower());
        if (e.words.isEmpty())
            continue;
        if (p.spoken) {
            e.replacement = *p.spoken;
        } else if (p.phonemes) {
            if (p.alphabet.value_or(QStringLiteral("espeak")) != QLatin1String("espeak")) {
                t.m_warnings.append(QStringLiteral("pronunciation of \"%1\": IPA phonemes are not supported by this "
                                                   "engine; the word is spoken as written")
                                        .arg(p.word));
                continue;
            }
            if (phonemes != Phonemes::Espeak) {
                t.m_warnings.append(QStringLiteral("pronunciation of \"%1\": espeak phonemes need the local espeak-ng "
                                                   "engine; the word is spoken as written")
                                        .arg(p.word));
                continue;
            }
            e.replacement = QStringLiteral("[[") + *p.phonemes + QStringLiteral("]]");
        } else {
            continue;
        }
        entries.push_back(e);
    }
    std::stable_sort(entries.begin(), entries.end(),
                     [](const Entry &a, const Entry &b) { return a.words.size() > b.words.size(); });

    // Which entry (if any) starts at each source word, and how many characters of a
    // possessive ('s) after it stay as written ("GL's" -> "gee ell's").
    std::vector<int> entryAt(size_t(srcWords.size()), -1);
    std::vector<int> keptSuffix(size_t(srcWords.size()), 0);
    std::vector<bool> used(size_t(srcWords.size()), false);
    const QStringList possessives{QStringLiteral("'s"), QString(QChar(0x2019)) + QLatin1Char('s')};
    for (size_t e = 0; e < entries.size(); ++e) {
        const qsizetype m = entries[e].words.size();
        for (qsizetype k = 0; k + m <= srcWords.size(); ++k) {
            bool match = true;
            int suffix = 0;
            for (qsizetype j = 0; j < m && match; ++j) {
                const QString &token = srcTokens[k + j];
                const QString &word = entries[e].words[j];
                match = !used[size_t(k + j)] && token == word;
                if (!match && j == m - 1 && !used[size_t(k + j)])
                    for (const QString &p : possessives)
                        if (token == word + p) {
                            match = true;
                            suffix = 2;
                        }
            }
            if (!match)
                continue;
            entryAt[size_t(k)] = int(e);
            keptSuffix[size_t(k)] = suffix;
            for (qsizetype j = 0; j < m; ++j)
                used[size_t(k + j)] = true;
        }
    }

    int srcPos = 0;
    int spokenPos = 0;
    const int srcLen = codePointLength(sourceText);
    auto copyUpTo = [&](int end) {
        if (end <= srcPos)
            return;
        t.m_spoken += codePointMid(sourceText, srcPos, end - srcPos);
        t.m_pieces.append({srcPos, end, spokenPos, spokenPos + (end - srcPos), false});
        spokenPos += end - srcPos;
        srcPos = end;
    };
    for (qsizetype k = 0; k < srcWords.size(); ++k) {
        if (entryAt[size_t(k)] < 0)
            continue;
        const Entry &e = entries[size_t(entryAt[size_t(k)])];
        const int start = srcWords[k].charStart;
        const int end = srcWords[k + e.words.size() - 1].charEnd - keptSuffix[size_t(k)];
        copyUpTo(start);
        const int len = codePointLength(e.replacement);
        t.m_spoken += e.replacement;
        t.m_pieces.append({start, end, spokenPos, spokenPos + len, true});
        spokenPos += len;
        srcPos = end;
    }
    copyUpTo(srcLen);
    return t;
}

int SpokenText::toSourcePos(int spokenPos, bool isEnd) const
{
    const int probe = isEnd ? spokenPos - 1 : spokenPos;
    for (const Piece &p : m_pieces) {
        if (probe < p.spokenStart || probe >= p.spokenEnd)
            continue;
        if (p.substituted)
            return isEnd ? p.sourceEnd : p.sourceStart;
        return p.sourceStart + (spokenPos - p.spokenStart);
    }
    if (probe < 0)
        return 0;
    return m_pieces.isEmpty() ? 0 : m_pieces.last().sourceEnd;
}

WordSpan SpokenText::toSourceSpan(const WordSpan &spoken) const
{
    WordSpan s{toSourcePos(spoken.charStart, false), toSourcePos(spoken.charEnd, true)};
    if (s.charEnd < s.charStart)
        s.charEnd = s.charStart;
    return s;
}

QList<SynthesizedWord> SpokenText::toSourceWords(const QList<SynthesizedWord> &spokenWords) const
{
    QList<SynthesizedWord> out;
    for (const SynthesizedWord &w : spokenWords) {
        const WordSpan span = toSourceSpan({w.charStart, w.charEnd});
        if (!out.isEmpty() && span.charStart < out.last().charEnd) {
            SynthesizedWord &prev = out.last();
            prev.charEnd = std::max(prev.charEnd, span.charEnd);
            prev.endSample = std::max(prev.endSample, w.endSample);
            if (uncertainty(w.source) > uncertainty(prev.source))
                prev.source = w.source;
            prev.text = codePointMid(m_source, prev.charStart, prev.charEnd - prev.charStart);
            continue;
        }
        SynthesizedWord m = w;
        m.charStart = span.charStart;
        m.charEnd = span.charEnd;
        m.text = codePointMid(m_source, span.charStart, span.length());
        out.append(m);
    }
    return out;
}

} // namespace greenlight
