#include "loopbackserver.h"

#include <QHostAddress>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

namespace greenlight::test {

namespace {

QByteArray standardReason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace

QByteArray RecordedRequest::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

bool RecordedRequest::hasHeader(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QByteArray RecordedRequest::queryItem(const QByteArray &name) const
{
    for (const QByteArray &pair : query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        if (eq > 0 && pair.left(eq) == name)
            return QByteArray::fromPercentEncoding(pair.mid(eq + 1));
    }
    return {};
}

Json RecordedRequest::json() const
{
    try {
        return Json::parse(body.constData(), body.constData() + body.size());
    } catch (const Json::exception &) {
        return Json();
    }
}

ScriptedResponse ScriptedResponse::json(int status, const Json &body, const RawHeaders &headers)
{
    ScriptedResponse r;
    r.status = status;
    const std::string text = body.dump();
    r.body = QByteArray(text.data(), qsizetype(text.size()));
    r.headers = headers;
    r.headers.prepend({"Content-Type", "application/json"});
    return r;
}

ScriptedResponse ScriptedResponse::bytes(int status, const QByteArray &body, const QByteArray &contentType,
                                         const RawHeaders &headers)
{
    ScriptedResponse r;
    r.status = status;
    r.body = body;
    r.headers = headers;
    r.headers.prepend({"Content-Type", contentType});
    return r;
}

ScriptedResponse ScriptedResponse::withMode(Mode mode, qsizetype sendBytes)
{
    ScriptedResponse r;
    r.mode = mode;
    r.sendBytes = sendBytes;
    return r;
}

// Lives on the server thread: accepts connections, reads requests, writes scripted answers.
class ServerCore : public QObject
{
public:
    explicit ServerCore(LoopbackServer *owner) : m_owner(owner) {}

    quint16 listen()
    {
        m_server = new QTcpServer(this);
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] { accept(); });
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        return m_server->serverPort();
    }

    void shutdown()
    {
        for (QTcpSocket *s : findChildren<QTcpSocket *>())
            s->abort();
        if (m_server)
            m_server->close();
    }

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server->nextPendingConnection()) {
            {
                QMutexLocker lock(&m_owner->m_mutex);
                ++m_owner->m_connections;
            }
            socket->setParent(this);
            auto buffer = std::make_shared<QByteArray>();
            auto done = std::make_shared<bool>(false);
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer, done] {
                *buffer += socket->readAll();
                if (!*done)
                    tryServe(socket, *buffer, *done);
            });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void tryServe(QTcpSocket *socket, const QByteArray &buffer, bool &done)
    {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return;
        RecordedRequest req;
        req.head = buffer.left(headEnd);
        const QList<QByteArray> lines = req.head.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        req.method = requestLine.value(0);
        req.target = requestLine.value(1);
        const qsizetype q = req.target.indexOf('?');
        req.path = q < 0 ? req.target : req.target.left(q);
        req.query = q < 0 ? QByteArray() : req.target.mid(q + 1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            req.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            if (line.left(colon).trimmed().toLower() == "content-length")
                length = line.mid(colon + 1).trimmed().toLongLong();
        }
        if (buffer.size() < headEnd + 4 + length)
            return;
        req.body = buffer.mid(headEnd + 4, length);
        done = true;
        respond(socket, m_owner->handle(req));
    }

    void respond(QTcpSocket *socket, const ScriptedResponse &r)
    {
        using Mode = ScriptedResponse::Mode;
        if (r.mode == Mode::Hang)
            return;
        if (r.mode == Mode::Reset) {
            const struct linger lin = {1, 0};
            ::setsockopt(int(socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &lin, sizeof lin);
            socket->abort();
            return;
        }
        if (r.mode == Mode::CloseSilently) {
            socket->disconnectFromHost();
            return;
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(r.status) + ' '
                         + (r.reason.isEmpty() ? standardReason(r.status) : r.reason) + "\r\n";
        for (const auto &h : r.headers)
            out += h.first + ": " + h.second + "\r\n";
        if (r.contentLength)
            out += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\n";
        out += "Connection: close\r\n\r\n";
        if (r.mode == Mode::Trickle) {
            socket->write(out);
            auto *timer = new QTimer(socket);
            auto sent = std::make_shared<qsizetype>(0);
            QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, sent, r] {
                socket->write(r.body.mid(*sent, std::max<qsizetype>(1, r.sendBytes)));
                *sent += std::max<qsizetype>(1, r.sendBytes);
                if (*sent >= r.body.size()) {
                    timer->stop();
                    socket->disconnectFromHost();
                }
            });
            timer->start(50);
            return;
        }
        if (r.mode == Mode::Stall || r.mode == Mode::Truncate)
            out += r.body.left(r.sendBytes);
        else
            out += r.body;
        socket->write(out);
        if (r.mode != Mode::Stall)
            socket->disconnectFromHost();
    }

    LoopbackServer *m_owner;
    QTcpServer *m_server = nullptr;
};

LoopbackServer::LoopbackServer(Handler handler) : m_handler(std::move(handler))
{
    m_thread.setObjectName(QStringLiteral("loopback-server"));
    m_thread.start();
    m_core = new ServerCore(this);
    m_core->moveToThread(&m_thread);
    QMetaObject::invokeMethod(m_core, [this] { m_port = m_core->listen(); }, Qt::BlockingQueuedConnection);
}

LoopbackServer::~LoopbackServer()
{
    QMetaObject::invokeMethod(m_core, [this] {
        m_core->shutdown();
        delete m_core;
    }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void LoopbackServer::setHandler(Handler handler)
{
    QMutexLocker lock(&m_mutex);
    m_handler = std::move(handler);
}

QUrl LoopbackServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

QList<RecordedRequest> LoopbackServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int LoopbackServer::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_requests.size());
}

int LoopbackServer::connectionCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_connections;
}

ScriptedResponse LoopbackServer::handle(const RecordedRequest &request)
{
    Handler handler;
    int index = 0;
    {
        QMutexLocker lock(&m_mutex);
        index = int(m_requests.size());
        m_requests.append(request);
        handler = m_handler;
    }
    return handler ? handler(request, index) : ScriptedResponse::json(404, Json{{"detail", "Not Found"}});
}

} // namespace greenlight::test
