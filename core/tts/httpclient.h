#pragma once

#include "common/canceltoken.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace greenlight {

struct HttpTimeouts
{
    int connect_ms = 10000; // until the request is on the wire (DNS, TCP, TLS, upload)
    int stall_ms = 60000;   // no byte moved in either direction for this long (server thinking included)
    int total_ms = 180000;  // the whole exchange
};

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QUrl url;
    QByteArray method = "POST";
    HttpHeaders headers;
    QByteArray body;
};

// Why an exchange produced no complete response. An HTTP error status is not a failure here:
// it is a complete response with that status.
enum class HttpFailure {
    None,
    ConnectTimeout,
    StallTimeout,
    TotalTimeout,
    ConnectionReset,   // closed or reset before any response
    ConnectionRefused,
    HostNotFound,
    Truncated,         // the response started but did not arrive whole
    Cancelled,
    Other,
};

struct HttpResponse
{
    int status = 0; // 0 when no status line arrived
    QByteArray reason;
    HttpHeaders headers;
    QByteArray body;
    HttpFailure failure = HttpFailure::None;
    QString failureText; // for people; names no secrets (no headers, no URL user info)
    qint64 elapsed_ms = 0;

    bool complete() const { return failure == HttpFailure::None; }
    bool timedOut() const;
    // First header with this name, compared case-insensitively; empty when absent.
    QByteArray header(const QByteArray &name) const;
};

// A blocking HTTP/1.1 exchange on QNetworkAccessManager for worker threads: each send()
// creates its manager on the calling thread and runs a local QEventLoop until the reply
// finishes, a timeout fires, or the cancel token is set (then the reply is aborted).
// Redirects are not followed (a key header must never travel to another host), responses
// are asked uncompressed so Content-Length can be checked, and loopback hosts bypass any
// proxy. Thread-safe: no state is shared between calls.
class HttpClient
{
public:
    explicit HttpClient(HttpTimeouts timeouts = {});

    const HttpTimeouts &timeouts() const { return m_timeouts; }
    HttpResponse send(const HttpRequest &request, const CancelToken &cancel) const;

    static QString failureName(HttpFailure failure);
    // The URL for messages: no user info, no query.
    static QString describeUrl(const QUrl &url);

private:
    HttpTimeouts m_timeouts;
};

} // namespace greenlight
