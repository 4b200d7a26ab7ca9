#pragma once

#include "common/result.h"

#include <QList>
#include <QString>

namespace greenlight {

// What to lay out and where.
struct TextLayoutRequest
{
    QString fontFile;           // resolved font file (see resolveFontFile)
    int sizePx = 48;            // font size in pixels (FreeType pixel size, as drawtext)
    double lineHeight = 1.2;    // multiple of sizePx between baselines
    int boxWidth = 0;           // available width after padding
    int boxHeight = 0;          // available height after padding
    QString align = QStringLiteral("left");        // left | center | right
    QString verticalAlign = QStringLiteral("top"); // top | middle | bottom
    QString text;               // may contain explicit line breaks
};

struct TextLine
{
    QString text;
    int widthPx = 0;
    int x = 0;         // left edge relative to the box, after alignment
    int baselineY = 0; // baseline relative to the box top
};

struct TextLayoutResult
{
    QList<TextLine> lines;
    int lineHeightPx = 0;
    int ascentPx = 0;
    int totalHeightPx = 0;
    int widestLinePx = 0;
    bool fits = true;
    QString overflowReason; // why it does not fit, for a person
};

// Greedy word wrap measured with FreeType glyph advances and kerning — the same metrics
// ffmpeg's drawtext uses, so what validates is what renders. Thread-safe.
// Errors: spec.font.unavailable when the font file cannot be loaded.
Result<TextLayoutResult> layoutText(const TextLayoutRequest &request);

// Width of a single line of text in pixels.
Result<int> measureTextWidth(const QString &fontFile, int sizePx, const QString &text);

} // namespace greenlight
