#pragma once

#include "spec/videospec.h"
#include "tts/ttsengine.h"
#include "tts/wordspans.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight {

// The text an engine speaks, derived from the source text by applying the spec's
// pronunciations, plus the map from spoken-text spans back to source-text spans. Engines
// time words of the spoken text; toSourceWords() reports them against the source text, so
// a cue always names the words a viewer reads.
class SpokenText
{
public:
    enum class Phonemes {
        Espeak,      // phoneme entries become espeak phoneme input [[...]] (local engine)
        Unsupported, // phoneme entries are left as written (with a warning)
    };

    // No substitutions: spoken text == source text.
    static SpokenText identity(const QString &sourceText);

    // Applies pronunciations whole-word, case-insensitively, longest entry first. An entry
    // may span several words ("New York"). IPA phonemes cannot be fed to espeak-ng: such
    // entries are skipped with a warning.
    static SpokenText build(const QString &sourceText, const QList<Pronunciation> &pronunciations,
                            Phonemes phonemes = Phonemes::Unsupported);

    const QString &sourceText() const { return m_source; }
    const QString &text() const { return m_spoken; }
    const QStringList &warnings() const { return m_warnings; }
    bool hasSubstitutions() const;

    // Source span of a span of the spoken text (code points). A span touching a substituted
    // piece covers that piece's whole source span.
    WordSpan toSourceSpan(const WordSpan &spoken) const;

    // Engine words (spans in text()) as source words: spans mapped back, text taken from
    // the source, words falling into one substituted piece merged into one word (its timing
    // source the least certain of theirs).
    QList<SynthesizedWord> toSourceWords(const QList<SynthesizedWord> &spokenWords) const;

private:
    struct Piece
    {
        int sourceStart = 0;
        int sourceEnd = 0;
        int spokenStart = 0;
        int spokenEnd = 0;
        bool substituted = false;
    };
    int toSourcePos(int spokenPos, bool isEnd) const;

    QString m_source;
    QString m_spoken;
    QList<Piece> m_pieces;
    QStringList m_warnings;
};

} // namespace greenlight
