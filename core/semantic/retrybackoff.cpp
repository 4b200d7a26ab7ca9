#include "semantic/retrybackoff.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace greenlight {

bool RetryBackoff::isRetryableStatus(int status)
{
    return status == 408 || status == 409 || status == 429 || (status >= 500 && status <= 599);
}

std::optional<qint64> RetryBackoff::serverDelay_ms(const QByteArray &retryAfterMs, const QByteArray &retryAfter,
                                                   const QDateTime &now_utc)
{
    bool ok = false;
    const double ms = retryAfterMs.trimmed().toDouble(&ok);
    if (ok && ms >= 0 && std::isfinite(ms))
        return qint64(std::ceil(ms));
    const QByteArray ra = retryAfter.trimmed();
    if (ra.isEmpty())
        return std::nullopt;
    const double seconds = ra.toDouble(&ok);
    if (ok && seconds >= 0 && std::isfinite(seconds))
        return qint64(std::ceil(seconds * 1000.0));
    // HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT"
    QDateTime when = QLocale::c().toDateTime(QString::fromLatin1(ra), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (when.isValid())
        when.setTimeZone(QTimeZone::utc()); // the wall clock it names is UTC
    else
        when = QDateTime::fromString(QString::fromLatin1(ra), Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now_utc.msecsTo(when));
}

qint64 RetryBackoff::delay_ms(int attempt, const QByteArray &retryAfterMs, const QByteArray &retryAfter,
                              const QDateTime &now_utc) const
{
    if (const auto server = serverDelay_ms(retryAfterMs, retryAfter, now_utc))
        return std::min(*server, maxRetryAfter_ms);
    const int doublings = std::clamp(attempt - 1, 0, 30);
    const qint64 full = std::min<qint64>(maxBackoff_ms, initialBackoff_ms << std::min(doublings, 20));
    if (!jitter || full <= 1)
        return full;
    return full / 2 + qint64(QRandomGenerator::global()->bounded(quint64(full - full / 2 + 1)));
}

} // namespace greenlight
