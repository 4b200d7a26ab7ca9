#include "semantic/chatcompletionsclient.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace greenlight {

struct ChatCompletionsClient::Attempt
{
    int status = 0; // HTTP status; 0 when none arrived
    QByteArray body;
    QByteArray retryAfterMs;
    QByteArray retryAfter;
    bool timedOut = false;
    bool cancelled = false;
    bool retryable = false;
    QString transportError; // set when no HTTP response arrived
};

namespace {

bool retryableTransport(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

// The server's own words for an error, when it sent OpenAI-style {"error": {"message"}}.
QString serverMessage(const QByteArray &body)
{
    auto json = parseJson(body, QString());
    if (json && json->is_object() && json->contains("error")) {
        const Json &e = (*json)["error"];
        if (e.is_object() && e.contains("message") && e["message"].is_string())
            return toQString(e["message"].get<std::string>());
        if (e.is_string())
            return toQString(e.get<std::string>());
    }
    QString text = QString::fromUtf8(body.left(300)).simplified();
    return text;
}

} // namespace

ChatCompletionsClient::ChatCompletionsClient(ChatCompletionsConfig config) : m_config(std::move(config)) {}

QUrl ChatCompletionsClient::endpoint() const
{
    QUrl url = m_config.baseUrl;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (path.endsWith(QLatin1String("/chat/completions")))
        return url;
    if (!path.endsWith(QLatin1String("/v1")))
        path += QStringLiteral("/v1");
    url.setPath(path + QStringLiteral("/chat/completions"));
    return url;
}

QString ChatCompletionsClient::redact(QString text) const
{
    if (!m_config.apiKey.isEmpty())
        text.replace(m_config.apiKey, QStringLiteral("[redacted]"));
    return text;
}

void ChatCompletionsClient::log(const QString &line) const
{
    if (m_config.log)
        m_config.log(redact(line));
}

void ChatCompletionsClient::wait(qint64 delay_ms, const CancelToken &cancel) const
{
    if (m_config.sleep) {
        m_config.sleep(delay_ms);
        return;
    }
    const QDeadlineTimer deadline(delay_ms);
    while (!deadline.hasExpired() && !cancel.isCancelled())
        QThread::msleep(std::min<qint64>(50, std::max<qint64>(1, deadline.remainingTime())));
}

ChatCompletionsClient::Attempt ChatCompletionsClient::send(QNetworkAccessManager &nam, const QByteArray &body,
                                                           const CancelToken &cancel) const
{
    QNetworkRequest request(endpoint());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (!m_config.apiKey.isEmpty())
        request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + m_config.apiKey.toUtf8());

    Attempt a;
    QEventLoop loop;
    QNetworkReply *reply = nam.post(request, body);
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&] {
        a.timedOut = true;
        reply->abort();
    });
    QTimer cancelPoll;
    QObject::connect(&cancelPoll, &QTimer::timeout, &loop, [&] {
        if (cancel.isCancelled()) {
            a.cancelled = true;
            reply->abort();
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timeout.start(int(std::clamp<qint64>(m_config.timeout_ms, 1, std::numeric_limits<int>::max())));
    cancelPoll.start(50);
    if (!reply->isFinished())
        loop.exec();
    timeout.stop();
    cancelPoll.stop();

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!a.timedOut && !a.cancelled && status.isValid()) {
        a.status = status.toInt();
        a.body = reply->readAll();
        a.retryAfterMs = reply->rawHeader(QByteArrayLiteral("retry-after-ms"));
        a.retryAfter = reply->rawHeader(QByteArrayLiteral("Retry-After"));
        a.retryable = RetryBackoff::isRetryableStatus(a.status);
    } else if (a.timedOut) {
        a.retryable = true;
    } else if (!a.cancelled) {
        a.transportError = reply->errorString();
        a.retryable = retryableTransport(reply->error());
    }
    reply->deleteLater();
    return a;
}

Result<ChatCompletion> ChatCompletionsClient::complete(const Json &request, const CancelToken &cancel) const
{
    const QByteArray body = toJsonText(request);
    QNetworkAccessManager nam; // lives on (and is used only by) the calling thread
    const int maxAttempts = std::max(1, m_config.retry.maxAttempts);
    const QString where = endpoint().toString(QUrl::RemoveUserInfo);
    for (int attempt = 1;; ++attempt) {
        if (cancel.isCancelled())
            return makeError(QStringLiteral("review.cancelled"), QStringLiteral("the review was cancelled"));
        log(QStringLiteral("POST %1 (attempt %2 of %3, %4 bytes)").arg(where).arg(attempt).arg(maxAttempts).arg(body.size()));
        const Attempt a = send(nam, body, cancel);
        if (a.cancelled)
            return makeError(QStringLiteral("review.cancelled"), QStringLiteral("the review was cancelled"));
        if (a.status >= 200 && a.status < 300) {
            log(QStringLiteral("HTTP %1, %2 bytes").arg(a.status).arg(a.body.size()));
            auto parsed = parse(a.body);
            if (parsed)
                parsed->attempts = attempt;
            return parsed;
        }
        QString problem;
        if (a.timedOut)
            problem = QStringLiteral("no answer within %1 ms").arg(m_config.timeout_ms);
        else if (a.status > 0)
            problem = QStringLiteral("HTTP %1: %2").arg(a.status).arg(redact(serverMessage(a.body)));
        else
            problem = redact(a.transportError);
        log(problem);
        if (!a.retryable || attempt >= maxAttempts) {
            const QString tries = attempt > 1 ? QStringLiteral(" (after %1 attempts)").arg(attempt) : QString();
            if (a.timedOut)
                return makeError(QStringLiteral("review.timeout"),
                                 QStringLiteral("the reviewer model gave no answer within %1 ms%2")
                                     .arg(m_config.timeout_ms).arg(tries), where);
            if (a.status > 0)
                return makeError(QStringLiteral("review.http"),
                                 QStringLiteral("the reviewer endpoint refused the request: %1%2").arg(problem, tries), where);
            return makeError(QStringLiteral("review.network"),
                             QStringLiteral("cannot reach the reviewer endpoint: %1%2").arg(problem, tries), where);
        }
        const qint64 delay = m_config.retry.delay_ms(attempt, a.retryAfterMs, a.retryAfter);
        log(QStringLiteral("retrying in %1 ms").arg(delay));
        wait(delay, cancel);
    }
}

Result<ChatCompletion> ChatCompletionsClient::parse(const QByteArray &body) const
{
    const QString where = endpoint().toString(QUrl::RemoveUserInfo);
    auto bad = [&](const QString &why) {
        return makeError(QStringLiteral("review.bad-response"), QStringLiteral("not a chat-completions answer: ") + redact(why), where);
    };
    auto json = parseJson(body, QStringLiteral("response"));
    if (!json)
        return bad(json.error().toString());
    const Json &j = *json;
    if (!j.is_object() || !j.contains("choices") || !j["choices"].is_array() || j["choices"].empty())
        return bad(QStringLiteral("no \"choices\""));
    const Json &choice = j["choices"][0];
    if (!choice.is_object() || !choice.contains("message") || !choice["message"].is_object())
        return bad(QStringLiteral("choices[0] has no \"message\""));
    const Json &message = choice["message"];
    if (!message.contains("content") || !message["content"].is_string()) {
        if (message.contains("refusal") && message["refusal"].is_string())
            return bad(QStringLiteral("the model refused: ") + toQString(message["refusal"].get<std::string>()));
        return bad(QStringLiteral("choices[0].message.content is not text"));
    }
    // Whatever the server says is redacted too: a server echoing the key must not get it written.
    ChatCompletion c;
    c.content = redact(toQString(message["content"].get<std::string>()));
    c.model = j.contains("model") && j["model"].is_string() ? redact(toQString(j["model"].get<std::string>())) : QString();
    c.id = j.contains("id") && j["id"].is_string() ? redact(toQString(j["id"].get<std::string>())) : QString();
    return c;
}

} // namespace greenlight
