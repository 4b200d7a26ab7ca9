#include "text/fontresolver.h"

#include <fontconfig/fontconfig.h>

#include <QHash>
#include <QMutex>

namespace greenlight {

QString defaultFontFamily() { return QStringLiteral("DejaVu Sans"); }

Result<QString> resolveFontFile(const QString &family, bool bold)
{
    static QMutex mutex;
    static QHash<QString, QString> cache; // "family|bold" -> file ("" = not found)
    const QString key = family.toLower() + (bold ? QStringLiteral("|b") : QStringLiteral("|r"));

    QMutexLocker lock(&mutex);
    auto it = cache.constFind(key);
    if (it == cache.constEnd()) {
        QString file;
        if (FcInit()) {
            FcPattern *pattern = FcPatternCreate();
            const QByteArray fam = family.toUtf8();
            FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8 *>(fam.constData()));
            FcPatternAddInteger(pattern, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
            FcPatternAddInteger(pattern, FC_SLANT, FC_SLANT_ROMAN);
            FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
            FcDefaultSubstitute(pattern);
            FcResult result = FcResultNoMatch;
            if (FcPattern *match = FcFontMatch(nullptr, pattern, &result)) {
                FcChar8 *matchedFamily = nullptr;
                FcChar8 *path = nullptr;
                int weight = 0;
                const bool sameFamily =
                    FcPatternGetString(match, FC_FAMILY, 0, &matchedFamily) == FcResultMatch
                    && QString::fromUtf8(reinterpret_cast<const char *>(matchedFamily))
                               .compare(family, Qt::CaseInsensitive) == 0;
                FcPatternGetInteger(match, FC_WEIGHT, 0, &weight);
                const bool weightOk = bold ? weight >= FC_WEIGHT_DEMIBOLD : weight < FC_WEIGHT_DEMIBOLD;
                if (sameFamily && weightOk && FcPatternGetString(match, FC_FILE, 0, &path) == FcResultMatch)
                    file = QString::fromUtf8(reinterpret_cast<const char *>(path));
                FcPatternDestroy(match);
            }
            FcPatternDestroy(pattern);
        }
        it = cache.insert(key, file);
    }
    if (it->isEmpty())
        return makeError(QStringLiteral("spec.font.unavailable"),
                         QStringLiteral("font \"%1\" (%2) is not installed")
                             .arg(family, bold ? QStringLiteral("bold") : QStringLiteral("regular")));
    return *it;
}

} // namespace greenlight
