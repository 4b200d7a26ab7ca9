#pragma once

#include <QByteArray>
#include <QDateTime>

#include <optional>

namespace greenlight {

// When to try a request again (PROTOCOLS.md, retry practice): 408, 409, 429 and 5xx, dropped
// connections and timeouts are retried; the server's retry-after-ms, then retry-after
// (seconds or an HTTP date) wins; otherwise exponential back-off with jitter.
struct RetryBackoff
{
    int maxAttempts = 3;
    qint64 initialBackoff_ms = 500;
    qint64 maxBackoff_ms = 8000;
    qint64 maxRetryAfter_ms = 60000; // a server asking for longer is not waited for that long
    bool jitter = true;              // back-off is drawn from [half, full] of the doubled delay

    static bool isRetryableStatus(int httpStatus);
    // The server's wish, when it says one: retry-after-ms, else retry-after.
    static std::optional<qint64> serverDelay_ms(const QByteArray &retryAfterMs, const QByteArray &retryAfter,
                                                const QDateTime &now_utc);
    // Delay after failed attempt number `attempt` (1-based).
    qint64 delay_ms(int attempt, const QByteArray &retryAfterMs = {}, const QByteArray &retryAfter = {},
                    const QDateTime &now_utc = QDateTime::currentDateTimeUtc()) const;
};

} // namespace greenlight
