#pragma once

#include "tts/ttsengine.h"
#include "tts/wordspans.h"

#include <QList>
#include <QString>

#include <vector>

namespace greenlight {

// A word-start event as an engine reports it: 1-based code-point position in the text it
// was given (markup included), and the exact sample where the word starts.
struct WordEvent
{
    int textPosition = 1;
    qint64 sample = 0;
};

// Maps engine word events onto our own word spans (splitWords). Each event goes to the
// word containing its position (or the next word when it points at markup or spacing); a
// word starts at its first event and ends where the next timed word or a clause end
// starts, with trailing silence trimmed. Words without an event share their neighbour's
// interval in proportion to their spoken weight and are marked Estimate. Events that would
// go backwards are ignored. Results are monotonic and within [0, totalSamples].
class WordEventMapper
{
public:
    struct Input
    {
        QString text;
        bool ssml = false;
        QList<WordEvent> words;
        QList<qint64> clauseEndSamples; // END events
        qint64 totalSamples = 0;
        const std::vector<float> *samples = nullptr; // for trimming trailing silence; may be null
        int sampleRate = 22050;
    };

    static QList<SynthesizedWord> map(const Input &input);

    // End of the audible part of [startSample, endSample): trailing silence (at least
    // 30 ms below -40 dB of the loudest 10 ms block) is cut off.
    static qint64 trimTrailingSilence(const std::vector<float> &samples, int sampleRate, qint64 startSample,
                                      qint64 endSample, float threshold);
    static float silenceThreshold(const std::vector<float> &samples, int sampleRate);
};

} // namespace greenlight
