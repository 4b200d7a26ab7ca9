#pragma once

// A raw HTTP/1.1 server on 127.0.0.1 for protocol tests, running in its own thread so a
// client blocking on the test thread talks to it like to a real server. Every byte on the
// wire is ours: status line, headers, Content-Length, hanging, truncation and resets.
#include "common/jsonio.h"

#include <QByteArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPair>
#include <QThread>
#include <QUrl>

#include <functional>
#include <memory>

namespace greenlight::test {

using RawHeaders = QList<QPair<QByteArray, QByteArray>>;

struct RecordedRequest
{
    QByteArray method;
    QByteArray target; // as on the request line: path and query
    QByteArray path;
    QByteArray query;
    RawHeaders headers;
    QByteArray body;
    QByteArray head; // the raw request line and headers

    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;
    QByteArray queryItem(const QByteArray &name) const;
    Json json() const; // null when the body is not JSON
};

struct ScriptedResponse
{
    enum class Mode {
        Normal,      // status, headers, body, then close
        Hang,        // read the request, answer nothing, keep the connection open
        Stall,       // status, headers and `sendBytes` of the body, then nothing
        Truncate,    // status, headers (full Content-Length) and `sendBytes` of the body, then close
        Reset,       // read the request, then reset the connection (RST)
        CloseSilently, // read the request, then close without answering
        Trickle,     // status and headers, then `sendBytes` of the body every 50 ms
    };

    int status = 200;
    QByteArray reason; // empty = the standard phrase
    RawHeaders headers;
    QByteArray body;
    Mode mode = Mode::Normal;
    qsizetype sendBytes = 0;
    bool contentLength = true; // false: close-delimited body

    static ScriptedResponse json(int status, const Json &body, const RawHeaders &headers = {});
    static ScriptedResponse bytes(int status, const QByteArray &body, const QByteArray &contentType,
                                  const RawHeaders &headers = {});
    static ScriptedResponse withMode(Mode mode, qsizetype sendBytes = 0);
};

class ServerCore;

class LoopbackServer
{
public:
    // Called on the server thread for each request; `index` counts from 0.
    using Handler = std::function<ScriptedResponse(const RecordedRequest &request, int index)>;

    explicit LoopbackServer(Handler handler);
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer &) = delete;
    LoopbackServer &operator=(const LoopbackServer &) = delete;

    void setHandler(Handler handler);
    quint16 port() const { return m_port; }
    QUrl url() const;
    QList<RecordedRequest> requests() const;
    int requestCount() const;
    // Connections accepted (Qt may resend a request on a fresh connection by itself).
    int connectionCount() const;

private:
    friend class ServerCore;
    ScriptedResponse handle(const RecordedRequest &request);

    mutable QMutex m_mutex;
    Handler m_handler;
    QList<RecordedRequest> m_requests;
    int m_connections = 0;
    quint16 m_port = 0;
    QThread m_thread;
    ServerCore *m_core = nullptr;
};

} // namespace greenlight::test
