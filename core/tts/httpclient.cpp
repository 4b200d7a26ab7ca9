#include "tts/httpclient.h"

#include "common/buildinfo.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace greenlight {

namespace {

constexpr int kCancelPoll_ms = 20;

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

bool HttpResponse::timedOut() const
{
    return failure == HttpFailure::ConnectTimeout || failure == HttpFailure::StallTimeout
           || failure == HttpFailure::TotalTimeout;
}

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

HttpClient::HttpClient(HttpTimeouts timeouts) : m_timeouts(timeouts) {}

QString HttpClient::failureName(HttpFailure failure)
{
    switch (failure) {
    case HttpFailure::None: return QStringLiteral("none");
    case HttpFailure::ConnectTimeout: return QStringLiteral("connect timeout");
    case HttpFailure::StallTimeout: return QStringLiteral("stall timeout");
    case HttpFailure::TotalTimeout: return QStringLiteral("total timeout");
    case HttpFailure::ConnectionReset: return QStringLiteral("connection reset");
    case HttpFailure::ConnectionRefused: return QStringLiteral("connection refused");
    case HttpFailure::HostNotFound: return QStringLiteral("host not found");
    case HttpFailure::Truncated: return QStringLiteral("truncated response");
    case HttpFailure::Cancelled: return QStringLiteral("cancelled");
    case HttpFailure::Other: return QStringLiteral("network error");
    }
    return {};
}

QString HttpClient::describeUrl(const QUrl &url)
{
    return url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery | QUrl::RemoveFragment);
}

HttpResponse HttpClient::send(const HttpRequest &request, const CancelToken &cancel) const
{
    HttpResponse response;
    QElapsedTimer clock;
    clock.start();
    if (cancel.isCancelled()) {
        response.failure = HttpFailure::Cancelled;
        response.failureText = QStringLiteral("cancelled before sending");
        return response;
    }

    QNetworkAccessManager manager;
    manager.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    if (isLoopbackHost(request.url.host()))
        manager.setProxy(QNetworkProxy::NoProxy);

    QNetworkRequest netRequest(request.url);
    netRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    netRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    netRequest.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    netRequest.setRawHeader("User-Agent", QByteArray("Greenlight/") + buildinfo::version);
    netRequest.setRawHeader("Accept-Encoding", "identity");
    for (const auto &h : request.headers)
        netRequest.setRawHeader(h.first, h.second);

    QNetworkReply *reply = manager.sendCustomRequest(netRequest, request.method, request.body);
    QEventLoop loop;
    QTimer connectTimer, stallTimer, totalTimer, cancelPoll;
    connectTimer.setSingleShot(true);
    stallTimer.setSingleShot(true);
    totalTimer.setSingleShot(true);
    HttpFailure stopped = HttpFailure::None;

    auto stop = [&](HttpFailure why) {
        if (stopped == HttpFailure::None)
            stopped = why;
        connectTimer.stop();
        stallTimer.stop();
        totalTimer.stop();
        cancelPoll.stop();
        reply->abort(); // emits finished, which ends the loop
    };
    auto activity = [&] {
        connectTimer.stop();
        if (stopped == HttpFailure::None)
            stallTimer.start(m_timeouts.stall_ms);
    };
    QObject::connect(&connectTimer, &QTimer::timeout, [&] { stop(HttpFailure::ConnectTimeout); });
    QObject::connect(&stallTimer, &QTimer::timeout, [&] { stop(HttpFailure::StallTimeout); });
    QObject::connect(&totalTimer, &QTimer::timeout, [&] { stop(HttpFailure::TotalTimeout); });
    QObject::connect(&cancelPoll, &QTimer::timeout, [&] {
        if (cancel.isCancelled())
            stop(HttpFailure::Cancelled);
    });
    QObject::connect(reply, &QNetworkReply::requestSent, activity);
    QObject::connect(reply, &QNetworkReply::metaDataChanged, activity);
    QObject::connect(reply, &QNetworkReply::uploadProgress, [&](qint64 sent, qint64) {
        if (sent > 0 && stallTimer.isActive())
            stallTimer.start(m_timeouts.stall_ms);
    });
    QObject::connect(reply, &QNetworkReply::readyRead, [&] {
        response.body += reply->readAll();
        activity();
    });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);

    connectTimer.start(m_timeouts.connect_ms);
    totalTimer.start(m_timeouts.total_ms);
    cancelPoll.start(kCancelPoll_ms);
    if (!reply->isFinished())
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    connectTimer.stop();
    stallTimer.stop();
    totalTimer.stop();
    cancelPoll.stop();

    if (reply->isOpen())
        response.body += reply->readAll();
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    response.headers = reply->rawHeaderPairs();
    response.elapsed_ms = clock.elapsed();
    const QNetworkReply::NetworkError error = reply->error();
    const QString where = describeUrl(request.url);

    if (stopped != HttpFailure::None) {
        response.failure = stopped;
        const int limit = stopped == HttpFailure::ConnectTimeout ? m_timeouts.connect_ms
                          : stopped == HttpFailure::StallTimeout ? m_timeouts.stall_ms
                                                                 : m_timeouts.total_ms;
        response.failureText = stopped == HttpFailure::Cancelled
                                   ? QStringLiteral("cancelled while talking to %1").arg(where)
                                   : QStringLiteral("%1 after %2 ms talking to %3 (%4 response bytes received)")
                                         .arg(failureName(stopped))
                                         .arg(limit)
                                         .arg(where)
                                         .arg(response.body.size());
    } else if (error != QNetworkReply::NoError && (response.status == 0 || int(error) < 100 || int(error) == 399)) {
        // A transport failure (an HTTP error status with a whole body is not one).
        const bool started = response.status > 0 || !response.body.isEmpty();
        switch (error) {
        case QNetworkReply::RemoteHostClosedError:
            response.failure = started ? HttpFailure::Truncated : HttpFailure::ConnectionReset;
            break;
        case QNetworkReply::ConnectionRefusedError: response.failure = HttpFailure::ConnectionRefused; break;
        case QNetworkReply::HostNotFoundError: response.failure = HttpFailure::HostNotFound; break;
        case QNetworkReply::TimeoutError: response.failure = HttpFailure::StallTimeout; break;
        case QNetworkReply::OperationCanceledError: response.failure = HttpFailure::Cancelled; break;
        default: response.failure = started ? HttpFailure::Truncated : HttpFailure::Other; break;
        }
        response.failureText = QStringLiteral("%1 talking to %2: %3")
                                   .arg(failureName(response.failure), where, reply->errorString());
    }

    if (response.failure == HttpFailure::None) {
        bool haveLength = false;
        const qint64 expected = response.header("Content-Length").trimmed().toLongLong(&haveLength);
        const QByteArray encoding = response.header("Content-Encoding").trimmed().toLower();
        if (haveLength && (encoding.isEmpty() || encoding == "identity") && expected != response.body.size()) {
            response.failure = HttpFailure::Truncated;
            response.failureText = QStringLiteral("truncated response from %1: %2 of %3 bytes (Content-Length)")
                                       .arg(where)
                                       .arg(response.body.size())
                                       .arg(expected);
        }
    }
    if (response.failure == HttpFailure::Truncated && response.failureText.isEmpty())
        response.failureText = QStringLiteral("truncated response from %1").arg(where);
    return response;
}

} // namespace greenlight
