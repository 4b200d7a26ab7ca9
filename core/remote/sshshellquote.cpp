#include "remote/sshshellquote.h"

namespace greenlight::sshshell {

QString quote(const QString &word)
{
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString join(const QStringList &words)
{
    QStringList quoted;
    quoted.reserve(words.size());
    for (const QString &w : words)
        quoted.append(quote(w));
    return quoted.join(QLatin1Char(' '));
}

QString path(const QString &remotePath)
{
    if (remotePath == QLatin1String("~"))
        return QStringLiteral("\"$HOME\"");
    if (remotePath.startsWith(QLatin1String("~/")))
        return QStringLiteral("\"$HOME\"/") + quote(remotePath.mid(2));
    return quote(remotePath);
}

QString joinPath(const QString &remoteDir, const QString &relative)
{
    if (remoteDir.isEmpty())
        return relative;
    if (remoteDir.endsWith(QLatin1Char('/')))
        return remoteDir + relative;
    return remoteDir + QLatin1Char('/') + relative;
}

bool isSafeRelativePath(const QString &relative)
{
    if (relative.isEmpty() || relative.startsWith(QLatin1Char('/')) || relative.startsWith(QLatin1Char('~')))
        return false;
    for (const QChar c : relative)
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return false;
    for (const QString &part : relative.split(QLatin1Char('/')))
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    return true;
}

} // namespace greenlight::sshshell
