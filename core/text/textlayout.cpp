#include "text/textlayout.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <QHash>
#include <QMutex>

#include <cmath>

namespace greenlight {

namespace {

// FreeType faces are not thread-safe; every use goes through this mutex-guarded cache.
class FaceCache
{
public:
    static FaceCache &instance()
    {
        static FaceCache cache;
        return cache;
    }
    QMutex mutex;

    FT_Face face(const QString &file, int sizePx)
    {
        if (!m_library && FT_Init_FreeType(&m_library) != 0)
            return nullptr;
        FT_Face &f = m_faces[file];
        if (!f) {
            if (FT_New_Face(m_library, file.toUtf8().constData(), 0, &f) != 0) {
                m_faces.remove(file);
                return nullptr;
            }
        }
        if (FT_Set_Pixel_Sizes(f, 0, FT_UInt(sizePx)) != 0)
            return nullptr;
        m_advances = &m_advanceCache[file + QLatin1Char('@') + QString::number(sizePx)];
        return f;
    }

    // Advance of a run of text in whole pixels, summed the way drawtext does. Hinted glyph
    // advances are cached per face and size: loading a glyph runs the hinting program.
    int advance(FT_Face face, const QString &text)
    {
        int width = 0;
        FT_UInt previous = 0;
        const bool kerning = FT_HAS_KERNING(face);
        for (const char32_t cp : text.toUcs4()) {
            const FT_UInt glyph = FT_Get_Char_Index(face, cp);
            if (kerning && previous && glyph) {
                FT_Vector delta;
                FT_Get_Kerning(face, previous, glyph, FT_KERNING_DEFAULT, &delta);
                width += int(delta.x >> 6);
            }
            auto it = m_advances->constFind(glyph);
            if (it == m_advances->constEnd()) {
                const int a = FT_Load_Glyph(face, glyph, FT_LOAD_DEFAULT) == 0 ? int(face->glyph->advance.x >> 6) : 0;
                it = m_advances->insert(glyph, a);
            }
            width += *it;
            previous = glyph;
        }
        return width;
    }

private:
    FaceCache() = default;
    ~FaceCache()
    {
        for (FT_Face f : std::as_const(m_faces))
            FT_Done_Face(f);
        if (m_library)
            FT_Done_FreeType(m_library);
    }
    FT_Library m_library = nullptr;
    QHash<QString, FT_Face> m_faces;
    QHash<QString, QHash<FT_UInt, int>> m_advanceCache; // "file@size" -> glyph -> advance px
    QHash<FT_UInt, int> *m_advances = nullptr;          // the current face and size
};

Error fontError(const QString &file)
{
    return makeError(QStringLiteral("spec.font.unavailable"),
                     QStringLiteral("cannot load font file"), file);
}

} // namespace

Result<int> measureTextWidth(const QString &fontFile, int sizePx, const QString &text)
{
    FaceCache &cache = FaceCache::instance();
    QMutexLocker lock(&cache.mutex);
    FT_Face face = cache.face(fontFile, sizePx);
    if (!face)
        return fontError(fontFile);
    return cache.advance(face, text);
}

Result<TextLayoutResult> layoutText(const TextLayoutRequest &req)
{
    FaceCache &cache = FaceCache::instance();
    QMutexLocker lock(&cache.mutex);
    FT_Face face = cache.face(req.fontFile, req.sizePx);
    if (!face)
        return fontError(req.fontFile);

    TextLayoutResult out;
    out.lineHeightPx = int(std::lround(req.sizePx * req.lineHeight));
    out.ascentPx = int(face->size->metrics.ascender >> 6);
    const int spaceWidth = cache.advance(face, QStringLiteral(" "));

    QString normalized = req.text;
    normalized.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    for (const QString &paragraph : normalized.split(QLatin1Char('\n'))) {
        const QStringList words = paragraph.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QString line;
        int lineWidth = 0;
        for (const QString &word : words) {
            const int w = cache.advance(face, word);
            if (w > req.boxWidth && out.fits) {
                out.fits = false;
                out.overflowReason = QStringLiteral("the word \"%1\" is %2 px wide; the box allows %3 px")
                                         .arg(word).arg(w).arg(req.boxWidth);
            }
            if (!line.isEmpty() && lineWidth + spaceWidth + w > req.boxWidth) {
                out.lines.append(TextLine{line, lineWidth, 0, 0});
                line.clear();
                lineWidth = 0;
            }
            if (!line.isEmpty()) {
                line += QLatin1Char(' ');
                lineWidth += spaceWidth;
            }
            line += word;
            lineWidth += w;
        }
        // Re-measure whole lines: kerning across word boundaries counts too.
        out.lines.append(TextLine{line, line.isEmpty() ? 0 : cache.advance(face, line), 0, 0});
    }
    for (TextLine &l : out.lines)
        l.widthPx = l.text.isEmpty() ? 0 : cache.advance(face, l.text);

    const int n = int(out.lines.size());
    // The last line needs only its ascent plus descent, not a full line pitch.
    const int descent = int(-(face->size->metrics.descender >> 6));
    out.totalHeightPx = n > 0 ? (n - 1) * out.lineHeightPx + out.ascentPx + descent : 0;
    int top = 0;
    if (req.verticalAlign == QLatin1String("middle"))
        top = (req.boxHeight - out.totalHeightPx) / 2;
    else if (req.verticalAlign == QLatin1String("bottom"))
        top = req.boxHeight - out.totalHeightPx;
    for (int i = 0; i < n; ++i) {
        TextLine &l = out.lines[i];
        out.widestLinePx = std::max(out.widestLinePx, l.widthPx);
        if (req.align == QLatin1String("center"))
            l.x = (req.boxWidth - l.widthPx) / 2;
        else if (req.align == QLatin1String("right"))
            l.x = req.boxWidth - l.widthPx;
        l.baselineY = top + out.ascentPx + i * out.lineHeightPx;
    }
    if (out.fits && out.widestLinePx > req.boxWidth) {
        out.fits = false;
        out.overflowReason = QStringLiteral("a line is %1 px wide; the box allows %2 px")
                                 .arg(out.widestLinePx).arg(req.boxWidth);
    }
    if (out.fits && out.totalHeightPx > req.boxHeight) {
        out.fits = false;
        out.overflowReason = QStringLiteral("%1 lines need %2 px of height; the box allows %3 px")
                                 .arg(n).arg(out.totalHeightPx).arg(req.boxHeight);
    }
    return out;
}

} // namespace greenlight
