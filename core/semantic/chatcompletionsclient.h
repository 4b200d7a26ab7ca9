#pragma once

#include "common/canceltoken.h"
#include "common/jsonio.h"
#include "common/result.h"
#include "semantic/retrybackoff.h"

#include <QString>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace greenlight {

struct ChatCompletionsConfig
{
    QUrl baseUrl;          // e.g. http://gpu-box:8000 (a trailing /v1 is accepted)
    QString apiKey;        // sent as "Authorization: Bearer <key>" when set; never logged
    qint64 timeout_ms = 120000; // per attempt, from sending the request to the last byte
    RetryBackoff retry;
    // Waits between attempts; null = a wait on the calling thread that wakes early on cancel.
    std::function<void(qint64 delay_ms)> sleep;
    // Progress lines for a log (attempts, statuses, waits); the key never appears in them.
    std::function<void(const QString &line)> log;
};

struct ChatCompletion
{
    QString content; // choices[0].message.content
    QString model;   // the "model" the server says answered (its exact version)
    QString id;
    int attempts = 0;
};

// A blocking OpenAI-compatible chat-completions client: POST {base}/v1/chat/completions.
// Runs a local QEventLoop on the calling thread, so call it from a worker thread (never
// the GUI thread). Errors: review.http (a status it will not or no longer retry),
// review.timeout, review.network, review.bad-response (not chat-completions JSON),
// review.cancelled. Error texts carry the server's message but never the API key.
class ChatCompletionsClient
{
public:
    explicit ChatCompletionsClient(ChatCompletionsConfig config);

    QUrl endpoint() const;
    Result<ChatCompletion> complete(const Json &request, const CancelToken &cancel = {}) const;

    // Replaces every occurrence of the key with "[redacted]".
    QString redact(QString text) const;

private:
    struct Attempt;
    Attempt send(QNetworkAccessManager &nam, const QByteArray &body, const CancelToken &cancel) const;
    Result<ChatCompletion> parse(const QByteArray &body) const;
    void log(const QString &line) const;
    void wait(qint64 delay_ms, const CancelToken &cancel) const;

    ChatCompletionsConfig m_config;
};

} // namespace greenlight
