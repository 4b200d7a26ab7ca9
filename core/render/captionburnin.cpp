#include "render/captionburnin.h"

#include "render/filterescape.h"
#include "text/textlayout.h"

#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight {

namespace {

int evenDown(int v)
{
    return v & ~1;
}

} // namespace

EffectiveTextStyle captionTextStyle(const VideoSpec &spec)
{
    const CaptionRules rules = CaptionRules::fromSpec(spec);
    const int boxWidth = evenDown(int(std::lround(spec.canvas.width * 0.8)));
    const int shortSide = std::min(spec.canvas.width, spec.canvas.height);
    // DejaVu-like faces average about 0.6 em per character.
    const int size =
        std::clamp(int(std::lround(boxWidth / (std::max(10, rules.maxCharsPerLine) * 0.6))), 12,
                   std::max(12, int(std::lround(shortSide * 0.06))));
    TextStyle base;
    base.sizePx = size;
    base.color = QStringLiteral("#FFFFFF");
    base.align = QStringLiteral("center");
    base.verticalAlign = QStringLiteral("bottom");
    base.lineHeight = 1.25;
    base.background = QStringLiteral("#000000B3");
    base.paddingPx = std::max(4, int(std::lround(size * 0.35)));
    std::optional<TextStyle> own = base;
    if (spec.captions && spec.captions->style && spec.captions->style->text)
        own = spec.captions->style->text->mergedOver(base);
    return effectiveTextStyle(spec, own);
}

Box captionBox(const VideoSpec &spec, const EffectiveTextStyle &style)
{
    if (spec.captions && spec.captions->style && spec.captions->style->box)
        return *spec.captions->style->box;
    const CaptionRules rules = CaptionRules::fromSpec(spec);
    Box b;
    b.width = evenDown(int(std::lround(spec.canvas.width * 0.8)));
    b.x = (spec.canvas.width - b.width) / 2;
    const int lineHeight = int(std::lround(style.sizePx * style.lineHeight));
    b.height = std::max(1, rules.maxLines) * lineHeight + 2 * style.paddingPx;
    const int bottom = spec.canvas.height - int(std::lround(spec.canvas.height * 0.08));
    b.y = std::max(0, bottom - b.height);
    return b;
}

Result<ResolvedCaptions> resolveCaptions(const VideoSpec &spec, const QList<CaptionCue> &cues,
                                         const QString &projectRoot, QList<RenderWarning> &warnings)
{
    ResolvedCaptions out;
    if (cues.isEmpty())
        return out;
    out.style = captionTextStyle(spec);
    out.box = captionBox(spec, out.style);
    Result<QString> font = fontFileFor(out.style, spec, projectRoot);
    if (!font)
        return makeError(font.error().code, font.error().message,
                         QStringLiteral("/captions/style/text"));
    if (!QFileInfo(*font).isFile())
        return makeError(
            QStringLiteral("render.asset.missing"),
            QStringLiteral("the caption font file %1 is missing; restore it or pick another font")
                .arg(*font),
            QStringLiteral("/captions/style/text"));
    out.fontFile = *font;
    const int pad = out.style.paddingPx;
    for (qsizetype i = 0; i < cues.size(); ++i) {
        const CaptionCue &cue = cues[i];
        if (cue.endFrame <= cue.startFrame || cue.lines.isEmpty())
            continue;
        Result<TextLayoutResult> layout = layoutText(
            layoutRequestFor(out.style, out.box, cue.lines.join(QLatin1Char('\n')), out.fontFile));
        if (!layout)
            return makeError(layout.error().code, layout.error().message,
                             QStringLiteral("/captions/style"));
        out.lineHeightPx = layout->lineHeightPx;
        ResolvedCaption rc;
        rc.startFrame = cue.startFrame;
        rc.endFrame = cue.endFrame;
        rc.fits = layout->fits;
        if (!layout->fits)
            warnings.append(
                {QStringLiteral("render.captions.overflow"),
                 QStringLiteral(
                     "the caption \"%1\" (frames %2–%3) does not fit the caption box: %4")
                     .arg(cue.lines.join(QLatin1Char(' ')))
                     .arg(cue.startFrame)
                     .arg(cue.endFrame)
                     .arg(layout->overflowReason),
                 QStringLiteral("/captions/style")});
        int left = std::numeric_limits<int>::max(), right = std::numeric_limits<int>::min();
        for (const TextLine &line : layout->lines) {
            if (line.text.trimmed().isEmpty())
                continue;
            const ResolvedTextLine drawn{line.text, line.widthPx, out.box.x + pad + line.x,
                                         out.box.y + pad + line.baselineY};
            left = std::min(left, drawn.x);
            right = std::max(right, drawn.x + drawn.widthPx);
            rc.lines.append(drawn);
        }
        if (rc.lines.isEmpty())
            continue;
        const int textTop = out.box.y + pad + (layout->lines.first().baselineY - layout->ascentPx);
        rc.plate =
            Box{left - pad, textTop - pad, right - left + 2 * pad, layout->totalHeightPx + 2 * pad};
        out.cues.append(rc);
    }
    return out;
}

QString captionTextFilePath(int cue, int line)
{
    return QStringLiteral("text/captions/cue-%1-%2.txt")
        .arg(cue, 4, 10, QLatin1Char('0'))
        .arg(line);
}

QString captionFilters(const ResolvedCaptions &captions, qint64 firstFrame, qint64 frameCount,
                       QList<PlanFile> &files)
{
    QStringList filters;
    const qint64 lastFrame = firstFrame + frameCount; // exclusive
    for (qsizetype i = 0; i < captions.cues.size(); ++i) {
        const ResolvedCaption &c = captions.cues[i];
        const qint64 from = std::max(c.startFrame, firstFrame);
        const qint64 to = std::min(c.endFrame, lastFrame);
        if (to <= from)
            continue;
        const QString enable =
            QStringLiteral(":enable=") +
            escapeFilterValue(
                QStringLiteral("between(n,%1,%2)").arg(from - firstFrame).arg(to - 1 - firstFrame));
        if (!captions.style.background.isEmpty())
            filters.append(QStringLiteral("drawbox=x=%1:y=%2:w=%3:h=%4:color=%5:t=fill%6")
                               .arg(c.plate.x)
                               .arg(c.plate.y)
                               .arg(c.plate.width)
                               .arg(c.plate.height)
                               .arg(ffmpegColor(captions.style.background), enable));
        for (qsizetype l = 0; l < c.lines.size(); ++l) {
            const ResolvedTextLine &line = c.lines[l];
            const QString file = captionTextFilePath(int(i), int(l));
            const bool known = std::any_of(files.cbegin(), files.cend(),
                                           [&](const PlanFile &f) { return f.path == file; });
            if (!known)
                files.append({file, line.text.toUtf8()});
            // As for slide text: drawtext's y is the top of the glyph box, max_glyph_a above
            // the baseline.
            filters.append(QStringLiteral("drawtext=fontfile=%1:textfile=%2:expansion=none:"
                                          "fontsize=%3:fontcolor=%4:x=%5:y=%6-max_glyph_a%7")
                               .arg(escapeFilterValue(captions.fontFile), escapeFilterValue(file))
                               .arg(captions.style.sizePx)
                               .arg(ffmpegColor(captions.style.color))
                               .arg(line.x)
                               .arg(line.baselineY)
                               .arg(enable));
        }
    }
    return filters.join(QLatin1Char(','));
}

} // namespace greenlight
