#include "spec/textstyles.h"

#include "text/fontresolver.h"

#include <QDir>

namespace greenlight {

EffectiveTextStyle effectiveTextStyle(const VideoSpec &spec, const std::optional<TextStyle> &own)
{
    TextStyle merged;
    if (spec.defaults && spec.defaults->textStyle)
        merged = *spec.defaults->textStyle;
    if (own)
        merged = own->mergedOver(merged);

    EffectiveTextStyle s;
    s.fontFamily = merged.font.value_or(defaultFontFamily());
    s.fontAsset = merged.fontAsset.value_or(QString());
    s.bold = merged.weight.value_or(QStringLiteral("regular")) == QLatin1String("bold");
    s.sizePx = merged.sizePx.value_or(s.sizePx);
    s.color = merged.color.value_or(s.color);
    s.align = merged.align.value_or(s.align);
    s.verticalAlign = merged.verticalAlign.value_or(s.verticalAlign);
    s.lineHeight = merged.lineHeight.value_or(s.lineHeight);
    s.background = merged.background.value_or(QString());
    s.paddingPx = merged.paddingPx.value_or(0);
    return s;
}

Result<QString> fontFileFor(const EffectiveTextStyle &style, const VideoSpec &spec,
                            const QString &projectRoot)
{
    if (!style.fontAsset.isEmpty()) {
        const Asset *asset = spec.findAsset(style.fontAsset);
        if (!asset)
            return makeError(QStringLiteral("spec.asset.unknown"),
                             QStringLiteral("font asset \"%1\" is not listed").arg(style.fontAsset));
        return QDir(projectRoot).absoluteFilePath(asset->path);
    }
    return resolveFontFile(style.fontFamily, style.bold);
}

TextLayoutRequest layoutRequestFor(const EffectiveTextStyle &style, const Box &box,
                                   const QString &text, const QString &fontFile)
{
    TextLayoutRequest r;
    r.fontFile = fontFile;
    r.sizePx = style.sizePx;
    r.lineHeight = style.lineHeight;
    r.boxWidth = std::max(0, box.width - 2 * style.paddingPx);
    r.boxHeight = std::max(0, box.height - 2 * style.paddingPx);
    r.align = style.align;
    r.verticalAlign = style.verticalAlign;
    r.text = text;
    return r;
}

} // namespace greenlight
