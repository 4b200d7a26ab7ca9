#include "chatcompletionsserver.h"

#include <QTcpSocket>

#include <nlohmann/json.hpp>

namespace greenlight::test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace

ChatCompletionsServer::ChatCompletionsServer(QObject *parent) : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &ChatCompletionsServer::onNewConnection);
}

bool ChatCompletionsServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl ChatCompletionsServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}

ChatCompletionsServer::Reply ChatCompletionsServer::completion(const QByteArray &content, const QByteArray &model)
{
    const nlohmann::json body = {
        {"id", "chatcmpl-test-1"},
        {"object", "chat.completion"},
        {"created", 1718000000},
        {"model", model.toStdString()},
        {"choices", {{{"index", 0},
                      {"message", {{"role", "assistant"}, {"content", content.toStdString()}}},
                      {"finish_reason", "stop"}}}},
        {"usage", {{"prompt_tokens", 1000}, {"completion_tokens", 100}, {"total_tokens", 1100}}}};
    return Reply{200, {{"Content-Type", "application/json"}}, QByteArray::fromStdString(body.dump()), false};
}

ChatCompletionsServer::Reply ChatCompletionsServer::error(int status, const QByteArray &message,
                                                          QList<QPair<QByteArray, QByteArray>> headers)
{
    const nlohmann::json body = {{"error", {{"message", message.toStdString()}, {"type", "test_error"}, {"code", status}}}};
    headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    return Reply{status, headers, QByteArray::fromStdString(body.dump()), false};
}

void ChatCompletionsServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_buffers.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void ChatCompletionsServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray &buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    Request request;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headEnd + 4 + length)
        return; // wait for the rest of the body
    request.body = buffer.mid(headEnd + 4, length);
    buffer.clear();
    m_requests.append(request);
    respond(socket, m_replies.isEmpty() ? error(500, "no scripted reply left") : m_replies.takeFirst());
}

void ChatCompletionsServer::respond(QTcpSocket *socket, const Reply &reply)
{
    if (reply.hang)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    for (const auto &[name, value] : reply.headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\nConnection: close\r\n\r\n" + reply.body;
    socket->write(out);
    socket->disconnectFromHost();
}

} // namespace greenlight::test
