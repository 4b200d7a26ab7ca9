#include "narration/speechestimate.h"

namespace greenlight {

int countSpokenWords(const QString &text)
{
    int words = 0;
    bool inWord = false;
    for (const QChar c : text) {
        const bool space = c.isSpace();
        if (!space && !inWord)
            ++words;
        inWord = !space;
    }
    return words;
}

double estimateSpeechSeconds(int words, double speed)
{
    if (speed <= 0.0)
        speed = 1.0;
    return double(words) / (kNarrationWordsPerSecond * speed);
}

} // namespace greenlight
