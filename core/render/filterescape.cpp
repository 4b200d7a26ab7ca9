#include "render/filterescape.h"

namespace greenlight {

namespace {
QString escapeChars(const QString &s, QLatin1String specials)
{
    QString out;
    out.reserve(s.size() + 8);
    for (const QChar c : s) {
        if (QLatin1String(specials).contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}
} // namespace

QString escapeFilterValue(const QString &value)
{
    const QString optionLevel = escapeChars(value, QLatin1String("\\':"));
    return escapeChars(optionLevel, QLatin1String("\\'[],;"));
}

QString ffmpegColor(const QString &specColor)
{
    QString c = specColor.trimmed();
    if (c.startsWith(QLatin1Char('#')))
        c = c.mid(1);
    return QStringLiteral("0x") + c.toUpper();
}

QString shellQuote(const QString &arg)
{
    static const QString safe = QStringLiteral(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_");
    bool needs = arg.isEmpty();
    for (const QChar c : arg)
        if (!safe.contains(c))
            needs = true;
    if (!needs)
        return arg;
    QString q = arg;
    q.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + q + QLatin1Char('\'');
}

} // namespace greenlight
