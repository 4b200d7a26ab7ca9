#pragma once

#include "common/result.h"
#include "spec/videospec.h"
#include "text/textlayout.h"

namespace greenlight {

// A text style with every field decided: the layer's own style over the spec's defaults
// over Greenlight's built-in defaults.
struct EffectiveTextStyle
{
    QString fontFamily;
    QString fontAsset; // asset id, when the font comes from the project
    bool bold = false;
    int sizePx = 48;
    QString color = QStringLiteral("#FFFFFF");
    QString align = QStringLiteral("left");
    QString verticalAlign = QStringLiteral("top");
    double lineHeight = 1.2;
    QString background; // empty = none
    int paddingPx = 0;
};

EffectiveTextStyle effectiveTextStyle(const VideoSpec &spec, const std::optional<TextStyle> &own);

// The font file a style draws with: a project font asset, or a family through fontconfig.
Result<QString> fontFileFor(const EffectiveTextStyle &style, const VideoSpec &spec,
                            const QString &projectRoot);

// The layout request for text in a box with a style (padding taken off the box).
TextLayoutRequest layoutRequestFor(const EffectiveTextStyle &style, const Box &box,
                                   const QString &text, const QString &fontFile);

} // namespace greenlight
