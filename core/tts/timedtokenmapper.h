#pragma once

#include "tts/ttsengine.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <vector>

namespace greenlight {

// A piece of text with the time a remote engine gives it, in seconds.
struct TimedToken
{
    QString text;
    double start_s = 0;
    double end_s = 0;
};

// Carries a remote engine's timings onto our own word spans (splitWords), so every engine's
// words are the same words. Engines tokenize differently and normalize text ("10" is said
// "ten"), so tokens are aligned to words by their letters and digits: a longest common
// subsequence that also lets one word match a run of tokens ("don't" = "do" + "n't") or a
// run of words share one token. Matched words take the engine's time (source Engine). Words
// between matches share the unmatched tokens' interval: alone they keep it (Engine), several
// split it by spoken weight (Estimate). Results are monotonic and within [0, totalSamples];
// an empty list means the tokens could not be placed (the caller falls back to alignment).
class TimedTokenMapper
{
public:
    static QList<SynthesizedWord> mapTokens(const QString &text, bool ssml, const QList<TimedToken> &tokens,
                                            int sampleRate, qint64 totalSamples);

    // Per-character timings of the text as sent (ElevenLabs "alignment"). When the characters
    // spell the text exactly, each word spans its own characters; otherwise characters are
    // grouped into whitespace-separated tokens and mapped as above.
    static QList<SynthesizedWord> mapCharacters(const QString &text, bool ssml, const QStringList &characters,
                                                const std::vector<double> &start_s, const std::vector<double> &end_s,
                                                int sampleRate, qint64 totalSamples);

    // Lower-case letters and digits only: what two spellings of a word must share.
    static QString normalize(const QString &word);
};

} // namespace greenlight
