#include "tts/retrypolicy.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QRandomGenerator>
#include <QThread>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace greenlight {

namespace {

const QString kCancelled = QStringLiteral("tts.cancelled");

Error cancelledError()
{
    return makeError(kCancelled, QStringLiteral("speech synthesis was cancelled"));
}

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

Result<qint64> readInteger(const Json &json, const char *key, const QString &pointer, qint64 minimum, qint64 fallback)
{
    if (!json.contains(key))
        return fallback;
    const Json &v = json.at(key);
    const QString where = pointer + QLatin1Char('/') + QString::fromLatin1(key);
    if (!v.is_number_integer())
        return makeError(QStringLiteral("tts.config"), QStringLiteral("must be an integer"), where);
    const qint64 value = v.get<qint64>();
    if (value < minimum)
        return makeError(QStringLiteral("tts.config"), QStringLiteral("must be at least %1").arg(minimum), where);
    return value;
}

} // namespace

Result<RetryConfig> RetryConfig::fromJson(const Json &json, const QString &pointer)
{
    RetryConfig c;
    if (json.is_null())
        return c;
    if (!json.is_object())
        return makeError(QStringLiteral("tts.config"), QStringLiteral("must be an object"), pointer);
    const auto attempts = readInteger(json, "maxAttempts", pointer, 1, c.maxAttempts);
    const auto initial = readInteger(json, "initialBackoff_ms", pointer, 0, c.initialBackoff_ms);
    const auto maxBackoff = readInteger(json, "maxBackoff_ms", pointer, 0, c.maxBackoff_ms);
    const auto budget = readInteger(json, "budget_ms", pointer, 0, c.budget_ms);
    const auto timeout = readInteger(json, "timeout_ms", pointer, 0, c.timeout_ms);
    for (const auto *r : {&attempts, &initial, &maxBackoff, &budget, &timeout})
        if (!r->ok())
            return r->error();
    c.maxAttempts = int(std::min<qint64>(*attempts, 100));
    c.initialBackoff_ms = *initial;
    c.maxBackoff_ms = *maxBackoff;
    c.budget_ms = *budget;
    c.timeout_ms = *timeout;
    return c;
}

Json RetryConfig::toJson() const
{
    Json j = Json::object();
    j["maxAttempts"] = maxAttempts;
    j["initialBackoff_ms"] = initialBackoff_ms;
    j["maxBackoff_ms"] = maxBackoff_ms;
    j["budget_ms"] = budget_ms;
    if (timeout_ms > 0)
        j["timeout_ms"] = timeout_ms;
    return j;
}

Json AttemptRecord::toJson() const
{
    Json j = Json::object();
    j["number"] = number;
    j["startedAt"] = toStd(isoUtc(startedAt));
    j["endedAt"] = toStd(isoUtc(endedAt));
    j["outcome"] = toStd(outcome);
    if (!errorCode.isEmpty()) {
        j["errorCode"] = toStd(errorCode);
        j["errorMessage"] = toStd(errorMessage);
    }
    if (httpStatus > 0)
        j["httpStatus"] = httpStatus;
    if (!retryReason.isEmpty())
        j["retryReason"] = toStd(retryReason);
    j["delay_ms"] = delay_ms;
    return j;
}

AttemptOutcome AttemptOutcome::success(int httpStatus)
{
    AttemptOutcome o;
    o.httpStatus = httpStatus;
    return o;
}

AttemptOutcome AttemptOutcome::failure(Error error, int httpStatus, bool retryable, QString retryReason)
{
    AttemptOutcome o;
    o.error = std::move(error);
    o.httpStatus = httpStatus;
    o.retryable = retryable;
    o.retryReason = std::move(retryReason);
    return o;
}

RetryPolicy::RetryPolicy(RetryConfig config)
    : m_config(config)
    , m_sleep(&RetryPolicy::cancellableSleep)
    , m_random([] { return QRandomGenerator::global()->generateDouble(); })
{
}

void RetryPolicy::setSleepFunction(SleepFn sleep)
{
    m_sleep = sleep ? std::move(sleep) : SleepFn(&RetryPolicy::cancellableSleep);
}

void RetryPolicy::setRandomFunction(RandomFn random)
{
    if (random)
        m_random = std::move(random);
}

bool RetryPolicy::isRetryableStatus(int httpStatus)
{
    return httpStatus == 408 || httpStatus == 409 || httpStatus == 429 || (httpStatus >= 500 && httpStatus <= 599);
}

qint64 RetryPolicy::backoffDelay_ms(int retry, double factor) const
{
    const int doublings = std::clamp(retry - 1, 0, 30);
    const double base = std::min(double(m_config.maxBackoff_ms),
                                 double(m_config.initialBackoff_ms) * std::max(1.0, factor) * std::ldexp(1.0, doublings));
    const double jitter = 1.0 - 0.25 * std::clamp(m_random(), 0.0, 1.0);
    return qint64(std::llround(base * jitter));
}

std::optional<qint64> RetryPolicy::parseRetryAfter_ms(const QByteArray &retryAfterMs, const QByteArray &retryAfter,
                                                      const QDateTime &nowUtc)
{
    bool ok = false;
    const double ms = retryAfterMs.trimmed().toDouble(&ok);
    if (ok && ms >= 0 && std::isfinite(ms))
        return qint64(std::llround(ms));
    const QByteArray value = retryAfter.trimmed();
    if (value.isEmpty())
        return std::nullopt;
    const double seconds = value.toDouble(&ok);
    if (ok && seconds >= 0 && std::isfinite(seconds))
        return qint64(std::llround(seconds * 1000.0));
    // An HTTP date (RFC 9110 IMF-fixdate, e.g. "Wed, 21 Oct 2015 07:28:00 GMT").
    const QString text = QString::fromLatin1(value);
    QDateTime when = QLocale::c().toDateTime(text, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (when.isValid())
        when.setTimeZone(QTimeZone::utc());
    else
        when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return std::max<qint64>(0, nowUtc.msecsTo(when));
}

bool RetryPolicy::cancellableSleep(qint64 delay_ms, const CancelToken &cancel)
{
    QElapsedTimer timer;
    timer.start();
    while (!cancel.isCancelled()) {
        const qint64 left = delay_ms - timer.elapsed();
        if (left <= 0)
            return true;
        QThread::msleep(ulong(std::min<qint64>(left, 20)));
    }
    return false;
}

Json RetryPolicy::attemptsJson() const
{
    Json list = Json::array();
    for (const AttemptRecord &a : m_attempts)
        list.push_back(a.toJson());
    return list;
}

Status RetryPolicy::run(const AttemptFn &attempt, const CancelToken &cancel)
{
    m_attempts.clear();
    qint64 used_ms = 0; // attempts and waits so far (waits counted as asked, even when injected)
    QString reason;
    qint64 delay_ms = 0;
    auto giveUp = [this](Error error, const QString &why) {
        if (m_attempts.size() > 1 || !why.isEmpty())
            error.message += QStringLiteral(" (%1 attempt%2%3)")
                                 .arg(m_attempts.size())
                                 .arg(m_attempts.size() == 1 ? QString() : QStringLiteral("s"),
                                      why.isEmpty() ? QString() : QStringLiteral("; ") + why);
        return Status(std::move(error));
    };
    for (int number = 1;; ++number) {
        if (cancel.isCancelled())
            return cancelledError();
        AttemptRecord record;
        record.number = number;
        record.retryReason = reason;
        record.delay_ms = delay_ms;
        record.startedAt = QDateTime::currentDateTimeUtc();
        QElapsedTimer timer;
        timer.start();
        const AttemptOutcome outcome = attempt(number, std::max<qint64>(1, m_config.budget_ms - used_ms));
        used_ms += timer.elapsed();
        record.endedAt = QDateTime::currentDateTimeUtc();
        record.httpStatus = outcome.httpStatus;
        if (!outcome.error) {
            record.outcome = QStringLiteral("succeeded");
            m_attempts.append(record);
            return {};
        }
        const Error &error = *outcome.error;
        const bool cancelled = error.code == kCancelled || cancel.isCancelled();
        record.outcome = cancelled ? QStringLiteral("cancelled") : QStringLiteral("failed");
        record.errorCode = error.code;
        record.errorMessage = error.message;
        m_attempts.append(record);
        if (cancelled)
            return cancelledError();
        if (!outcome.retryable)
            return giveUp(error, {});
        if (number >= m_config.maxAttempts)
            return giveUp(error, QStringLiteral("no attempts left"));
        const bool serverAsked = outcome.retryAfter_ms >= 0;
        const qint64 wait_ms = serverAsked ? outcome.retryAfter_ms : backoffDelay_ms(number, outcome.backoffFactor);
        if (used_ms + wait_ms > m_config.budget_ms)
            return giveUp(error, QStringLiteral("waiting %1 ms more would exceed the retry budget of %2 ms")
                                     .arg(wait_ms)
                                     .arg(m_config.budget_ms));
        if (!m_sleep(wait_ms, cancel))
            return cancelledError();
        used_ms += wait_ms;
        delay_ms = wait_ms;
        reason = outcome.retryReason.isEmpty() ? error.code : outcome.retryReason;
        reason += serverAsked ? QStringLiteral("; server asked to wait %1 ms").arg(wait_ms)
                              : QStringLiteral("; backed off %1 ms").arg(wait_ms);
    }
}

} // namespace greenlight
