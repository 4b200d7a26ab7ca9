#pragma once

#include "tts/ttsengine.h"

#include <QList>
#include <QString>

#include <vector>

namespace greenlight {

// A word of a text as Greenlight reports it: half-open span [charStart, charEnd) in Unicode
// code points (not UTF-16 units).
struct WordSpan
{
    int charStart = 0;
    int charEnd = 0;
    int length() const { return charEnd - charStart; }
    bool contains(int pos) const { return pos >= charStart && pos < charEnd; }
    bool operator==(const WordSpan &) const = default;
};

// Splits text into words, our own way, so that every engine's timings land on the same
// words. A word is a run of non-space characters with surrounding punctuation trimmed
// ("well-known", "isn't", "1,234", "$12" and "50%" are one word each; "—" and "..." are
// none). Em/en dashes and ellipses separate words. An espeak phoneme block "[[...]]" is one
// word. With ssml, markup <...> separates words and is never part of one, and character
// entities (&amp;) count as word characters.
QList<WordSpan> splitWords(const QString &text, bool ssml = false);

// Code-point helpers (QString indexes UTF-16 units).
int codePointLength(const QString &text);
QString codePointMid(const QString &text, int start, int length);
// UTF-16 index of code point `cp` (text.size() when cp is at or past the end).
qsizetype utf16Index(const QString &text, int cp);

// Relative spoken length of a word, for timing estimates (letters count 1, digits 3, since
// numerals expand when spoken).
int spokenWeight(const QString &text, const WordSpan &span);

// Timings proportional to spokenWeight over [startSample, endSample), marked Estimate; words
// abut and cover the whole range.
QList<SynthesizedWord> estimateWordTimings(const QString &text, const QList<WordSpan> &spans, qint64 startSample,
                                           qint64 endSample);

} // namespace greenlight
