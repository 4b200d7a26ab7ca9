#pragma once

#include <QString>

namespace greenlight {

// How long narration takes to speak, estimated from its words. The spec rules
// (spec.narration.too-long) and the narration form use the same pace so they agree.

// Words per second at speed 1.0: a brisk narration pace (about 156 words per minute).
inline constexpr double kNarrationWordsPerSecond = 2.6;

// Words in a narration text: runs of characters between whitespace.
int countSpokenWords(const QString &text);

// Estimated speaking time in seconds: words / (kNarrationWordsPerSecond × speed), where
// speed is the narration's speed factor (1.0 = normal; values <= 0 count as 1.0).
double estimateSpeechSeconds(int words, double speed = 1.0);

} // namespace greenlight
