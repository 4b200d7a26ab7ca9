#pragma once

// A loopback HTTP/1.1 server that speaks OpenAI chat-completions byte for byte: it records
// each request (method, path, headers, body) and answers with scripted replies in order.
#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace greenlight::test {

class ChatCompletionsServer : public QObject
{
    Q_OBJECT

public:
    struct Reply
    {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        bool hang = false; // accept the request and never answer
    };

    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // names in lower case
        QByteArray body;
    };

    explicit ChatCompletionsServer(QObject *parent = nullptr);
    bool listen();
    QUrl baseUrl() const;

    void enqueue(const Reply &reply) { m_replies.append(reply); }
    const QList<Request> &requests() const { return m_requests; }

    // A 200 chat.completion whose choices[0].message.content is `content`.
    static Reply completion(const QByteArray &content, const QByteArray &model = "test-model-2024-06-01");
    static Reply error(int status, const QByteArray &message, QList<QPair<QByteArray, QByteArray>> headers = {});

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const Reply &reply);

    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QList<Reply> m_replies;
    QList<Request> m_requests;
};

} // namespace greenlight::test
