#pragma once

#include "common/canceltoken.h"
#include "common/jsonio.h"
#include "common/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace greenlight {

// Retry limits; the keys are those of a runbook workload's "retry" object.
struct RetryConfig
{
    int maxAttempts = 4;
    qint64 initialBackoff_ms = 500;
    qint64 maxBackoff_ms = 8000;
    qint64 budget_ms = 120000;   // all attempts and waits together
    qint64 timeout_ms = 0;       // one attempt's total time; 0 = the engine's own setting
    double busyBackoffFactor = 4.0; // multiplier for "back off longer" failures (system_busy)

    // Reads {maxAttempts, initialBackoff_ms, maxBackoff_ms, budget_ms, timeout_ms}; missing
    // keys keep their defaults. Errors (tts.config) name the JSON pointer under `pointer`.
    static Result<RetryConfig> fromJson(const Json &json, const QString &pointer = {});
    Json toJson() const;
};

// One try at a request, for the run record (maps onto run.json's attempts[]).
struct AttemptRecord
{
    int number = 1;
    QDateTime startedAt; // UTC
    QDateTime endedAt;   // UTC
    QString outcome;     // "succeeded" | "failed" | "cancelled"
    QString errorCode;   // empty on success
    QString errorMessage;
    int httpStatus = 0;  // 0 when no response arrived
    QString retryReason; // why this attempt was made; empty for the first
    qint64 delay_ms = 0; // how long we waited before this attempt

    Json toJson() const;
};

// What one attempt tells the policy.
struct AttemptOutcome
{
    std::optional<Error> error; // none = success
    int httpStatus = 0;
    bool retryable = false;
    QString retryReason;        // why another attempt may help, e.g. "HTTP 503", "connection reset"
    qint64 retryAfter_ms = -1;  // the server's wish (retry-after-ms / retry-after), -1 = none
    double backoffFactor = 1.0; // > 1: back off longer than usual

    static AttemptOutcome success(int httpStatus = 200);
    static AttemptOutcome failure(Error error, int httpStatus = 0, bool retryable = false, QString retryReason = {});
};

// Retries a request the way PROTOCOLS.md says: 408, 409, 429, 5xx, resets and timeouts are
// retried (the caller marks them retryable); the wait honours the server's retry-after-ms,
// then retry-after; otherwise it doubles from initialBackoff_ms up to maxBackoff_ms with
// jitter (x 0.75..1.0). Attempts stop at maxAttempts, when the budget would be exceeded,
// or on cancel. Each run() keeps the history of its attempts. Not thread-safe: one policy
// per request.
class RetryPolicy
{
public:
    // Waits delay_ms unless cancelled first; returns false when cancelled.
    using SleepFn = std::function<bool(qint64 delay_ms, const CancelToken &cancel)>;
    using RandomFn = std::function<double()>; // uniform in [0, 1)
    // One attempt: its 1-based number and the budget left for it.
    using AttemptFn = std::function<AttemptOutcome(int number, qint64 remainingBudget_ms)>;

    explicit RetryPolicy(RetryConfig config = {});

    void setSleepFunction(SleepFn sleep);
    void setRandomFunction(RandomFn random);
    const RetryConfig &config() const { return m_config; }

    // The last attempt's error when all failed; tts.cancelled when cancelled while waiting.
    Status run(const AttemptFn &attempt, const CancelToken &cancel);
    const QList<AttemptRecord> &attempts() const { return m_attempts; }
    Json attemptsJson() const;

    // The back-off before retry number `retry` (1 = the first retry), jitter included.
    qint64 backoffDelay_ms(int retry, double factor = 1.0) const;

    static bool isRetryableStatus(int httpStatus);
    // retry-after-ms (milliseconds) wins over retry-after (seconds or an HTTP date).
    static std::optional<qint64> parseRetryAfter_ms(const QByteArray &retryAfterMs, const QByteArray &retryAfter,
                                                    const QDateTime &nowUtc);
    // Sleeps in short slices so a cancel is noticed within ~20 ms.
    static bool cancellableSleep(qint64 delay_ms, const CancelToken &cancel);

private:
    RetryConfig m_config;
    SleepFn m_sleep;
    RandomFn m_random;
    QList<AttemptRecord> m_attempts;
};

} // namespace greenlight
