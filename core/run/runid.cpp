#include "run/runid.h"

#include <QRandomGenerator>
#include <QRegularExpression>

namespace greenlight {

QString makeRunId(RunKind kind, const QDateTime &utc)
{
    const quint32 random = QRandomGenerator::global()->generate() & 0xFFFFFFu;
    return utc.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")) + QLatin1Char('-') + toString(kind)
           + QLatin1Char('-') + QStringLiteral("%1").arg(random, 6, 16, QLatin1Char('0'));
}

bool isValidRunId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[0-9]{8}T[0-9]{6}Z-(render|tts)-[0-9a-f]{6}$"));
    return re.match(id).hasMatch();
}

} // namespace greenlight
