#pragma once

#include "common/result.h"
#include "media/decodedframe.h"
#include "media/frameindex.h"

#include <QImage>
#include <QObject>
#include <QSize>

#include <memory>

namespace greenlight {

class FrameCache;

// Serves exact frames of one video to the review desk's viewer. Lives on the GUI side; a
// worker thread owns the FrameDecoder. request(n) answers from the frame cache at once when it
// can, otherwise the worker decodes it and frameReady follows. The latest request wins: a
// request not yet started when a newer one arrives is dropped, and a result is only emitted
// when nothing newer has been shown. Between requests the worker decodes ahead around the
// playhead (a forward window larger than the backward one) as far as the memory budget allows,
// so playback, stepping and nearby seeks are cache hits.
class FrameServer : public QObject
{
    Q_OBJECT

public:
    struct Stats
    {
        qint64 requests = 0;     // request() and frameAndWait() calls
        qint64 cacheHits = 0;    // answered from the cache
        qint64 decoded = 0;      // decoded by the worker on request
        qint64 superseded = 0;   // dropped before they started: a newer request came
        qint64 staleResults = 0; // decoded, but something newer was already shown
        qint64 decodedAhead = 0; // frames decoded ahead of need
    };

    explicit FrameServer(QObject *parent = nullptr);
    ~FrameServer() override;

    // Opens a video (closing the previous one); the index is loaded (or built) when not given.
    // Building an index reads the whole file once (no decoding; fast, but not instant for long
    // files): for a file not seen before, build it off the GUI thread with FrameIndex::load()
    // and pass it in.
    Status open(const QString &path, std::shared_ptr<const FrameIndex> index = {});
    void close();
    bool isOpen() const;
    std::shared_ptr<const FrameIndex> index() const;
    qint64 frameCount() const;

    // Bytes the cached frames may hold (decode-ahead stays within it). Default 512 MiB.
    void setMemoryBudget(qint64 bytes);
    qint64 memoryBudget() const;
    // Images fit within this size (display aspect kept, never enlarged); empty: full size.
    void setOutputSize(const QSize &bound);
    QSize outputSize() const;
    // Decode-ahead on (default) or off, and caps on its window in frames (default: what the
    // budget holds, two thirds ahead of the playhead and one third behind it).
    void setDecodeAhead(bool enabled);
    void setDecodeAheadLimits(int forwardFrames, int backwardFrames);

    // Asks for frame n; frameReady(n, image) or frameFailed(n, message) follows. A cache hit
    // emits frameReady before request() returns.
    void request(qint64 n);
    // The same, blocking until the frame is there (for tests, benchmarks and export); emits
    // nothing. Errors as FrameDecoder::frame(), plus media.timeout.
    Result<DecodedFrame> frameAndWait(qint64 n, int timeout_ms = 60000);
    // Blocks until the worker has nothing left to do (requests served, window decoded ahead).
    bool waitForIdle(int timeout_ms = 60000);
    // Drops every cached frame and the decoder's position: the next request starts cold.
    void clear();

    qint64 playhead() const;
    FrameCache &cache();
    Stats stats() const;

Q_SIGNALS:
    void frameReady(qint64 number, const QImage &image);
    void frameFailed(qint64 number, const QString &message);

private:
    void deliver(qint64 number, quint64 serial, const Result<DecodedFrame> &result);
    bool answerFromCache(qint64 n, DecodedFrame *out);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace greenlight
