#include "media/frameserver.h"

#include "media/framecache.h"
#include "media/framedecoder.h"
#include "media/rawframe.h"

#include <QDeadlineTimer>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <climits>
#include <optional>

namespace greenlight {

namespace {

constexpr qint64 kDefaultBudget = 512LL * 1024 * 1024;
// Frames right after the playhead decoded before the window behind it.
constexpr qint64 kNearAhead = 10;
// Frames around the playhead given their images ahead of need (steps and playback show them
// without converting on the GUI thread).
constexpr qint64 kImagesAhead = 8;
constexpr qint64 kImagesBehind = 4;

Error notOpen()
{
    return makeError(QStringLiteral("media.unreadable"), QStringLiteral("no video is open"));
}

// State the GUI side and the worker share; everything but the cache and `interrupt` is guarded
// by `mutex`.
struct Shared
{
    QMutex mutex;
    QWaitCondition wake; // the worker waits for work
    QWaitCondition done; // the GUI side waits for results and idleness
    FrameCache cache{kDefaultBudget};
    std::atomic<bool> interrupt{false}; // plans changed: stop decoding ahead

    std::optional<qint64> request; // the latest request not yet started
    quint64 requestSerial = 0;     // serial of the latest request made
    quint64 pendingSerial = 0;     // serial of `request`
    bool pendingSync = false;
    quint64 completedSerial = 0;
    quint64 syncSerial = 0;
    std::optional<Result<DecodedFrame>> syncResult;

    qint64 frameCount = 0;
    qint64 playhead = 0;
    bool decodeAhead = true;
    int maxForward = INT_MAX;
    int maxBackward = INT_MAX;
    qint64 frameBytes = 1; // a decoded-ahead frame's bytes (largest seen)
    qint64 imageBytes = 1; // an image's bytes (largest seen)
    QSize bound;
    quint64 generation = 0; // bumped when cached frames or the decoder position are dropped
    bool resetDecoder = false;
    bool idle = true;
    FrameServer::Stats stats;

    struct Window
    {
        qint64 first = 0;
        qint64 last = -1;
        qint64 nearLast = -1;
    };

    Window windowLocked() const
    {
        Window w;
        if (frameCount <= 0)
            return w;
        // Room for the images around the playhead (and the one shown) first, the rest in
        // decoded pictures with a little slack.
        const qint64 images =
            (kImagesAhead + kImagesBehind + 1) * std::max<qint64>(0, imageBytes - frameBytes) +
            imageBytes;
        const qint64 capacity = std::max<qint64>(0, cache.budget() - images) * 19 / 20 /
                                std::max<qint64>(1, frameBytes);
        const qint64 forward = std::min<qint64>(maxForward, capacity * 2 / 3);
        const qint64 backward = std::min<qint64>(maxBackward, capacity / 3);
        w.first = std::max<qint64>(0, playhead - backward);
        w.last = std::min(frameCount - 1, playhead + forward);
        w.nearLast = std::min(w.last, playhead + kNearAhead);
        return w;
    }

    void updateKeepRangeLocked()
    {
        const Window w = windowLocked();
        cache.setKeepRange(w.first, w.last, playhead);
    }

    enum class Job
    {
        None,
        Decode,
        Image
    };
    struct Ahead
    {
        Job job = Job::None;
        qint64 frame = -1;
    };

    // What to do next between requests: decode the playhead and the frames just after it,
    // give the frames right around it their images (so a step shows at once), decode the
    // window behind it (ascending, so one seek serves it), then the rest ahead. Nothing when
    // decode-ahead is off, or when there is no room left without evicting frames of the window.
    Ahead nextAheadLocked(const QSet<qint64> &failed) const
    {
        if (!decodeAhead || frameCount <= 0)
            return {};
        const Window w = windowLocked();
        const bool roomForFrame = cache.canFit(frameBytes);
        const auto decode = [&](qint64 k) {
            return roomForFrame && !failed.contains(k) && !cache.contains(k);
        };
        const qint64 p = std::clamp<qint64>(playhead, 0, frameCount - 1);
        if (p >= w.first && p <= w.last && decode(p))
            return {Job::Decode, p};
        for (qint64 k = p + 1; k <= w.nearLast; ++k)
            if (decode(k))
                return {Job::Decode, k};
        if (cache.canFit(std::max<qint64>(0, imageBytes - frameBytes))) {
            const auto image = [&](qint64 k) {
                return k >= 0 && k < frameCount && !failed.contains(k) && cache.contains(k) &&
                       !cache.contains(k, true);
            };
            for (qint64 k = p; k <= p + kImagesAhead; ++k)
                if (image(k))
                    return {Job::Image, k};
            for (qint64 k = p - 1; k >= p - kImagesBehind; --k)
                if (image(k))
                    return {Job::Image, k};
        }
        for (qint64 k = w.first; k < p; ++k)
            if (decode(k))
                return {Job::Decode, k};
        for (qint64 k = w.nearLast + 1; k <= w.last; ++k)
            if (decode(k))
                return {Job::Decode, k};
        return {};
    }
};

class Worker : public QThread
{
public:
    Worker(std::shared_ptr<Shared> shared, std::unique_ptr<FrameDecoder> decoder,
           FrameServer *server,
           std::function<void(qint64, quint64, const Result<DecodedFrame> &)> deliver)
        : m_shared(std::move(shared)), m_decoder(std::move(decoder)), m_server(server),
          m_deliver(std::move(deliver))
    {
    }

protected:
    void run() override;

private:
    Result<DecodedFrame> serve(qint64 n, quint64 generation, bool *decoded);
    void store(const DecodedFrame &frame, quint64 generation, bool ahead);
    bool prepareImage(qint64 n, quint64 generation);

    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<FrameDecoder> m_decoder;
    FrameServer *m_server;
    std::function<void(qint64, quint64, const Result<DecodedFrame> &)> m_deliver;
    ImageConverter m_converter;
    QSize m_bound;
};

void Worker::store(const DecodedFrame &frame, quint64 generation, bool ahead)
{
    Shared &s = *m_shared;
    const QMutexLocker lock(&s.mutex);
    if (s.generation != generation)
        return; // dropped meanwhile (new size, cleared)
    if (ahead) {
        s.frameBytes = std::max(s.frameBytes, frame.bytes());
        ++s.stats.decodedAhead;
    }
    s.cache.insert(frame);
}

// False when the picture cannot be converted.
bool Worker::prepareImage(qint64 n, quint64 generation)
{
    std::optional<DecodedFrame> hit = m_shared->cache.find(n);
    if (!hit || !hit->image.isNull() || !hit->raw)
        return true;
    const QImage image = m_converter.convert(hit->raw->frame(), m_bound);
    if (image.isNull())
        return false;
    Shared &s = *m_shared;
    const QMutexLocker lock(&s.mutex);
    if (s.generation == generation) {
        s.imageBytes = std::max(s.imageBytes, image.sizeInBytes());
        s.cache.setImage(n, image);
    }
    return true;
}

// Frame n with its image: from the cache when it was decoded ahead meanwhile, else decoded.
Result<DecodedFrame> Worker::serve(qint64 n, quint64 generation, bool *decoded)
{
    *decoded = false;
    if (std::optional<DecodedFrame> hit = m_shared->cache.find(n)) { // decoded ahead meanwhile
        if (hit->image.isNull() && hit->raw) {
            hit->image = m_converter.convert(hit->raw->frame(), m_bound);
            if (!hit->image.isNull()) {
                const QMutexLocker lock(&m_shared->mutex);
                if (m_shared->generation == generation)
                    m_shared->cache.setImage(n, hit->image);
            }
        }
        if (!hit->image.isNull()) {
            hit->raw.reset();
            return *hit;
        }
    }
    *decoded = true;
    m_decoder->setDrainAfterRestart(true); // a seek on request: the frame as soon as possible
    Result<DecodedFrame> r = m_decoder->frame(n, FrameDecoder::Output::Image);
    if (r)
        store(*r, generation, false);
    return r;
}

void Worker::run()
{
    Shared &s = *m_shared;
    QSet<qint64> failed; // frames that would not decode ahead: not retried until cleared
    m_bound = m_decoder->outputSize();
    while (true) {
        bool isRequest = false;
        Shared::Ahead ahead;
        qint64 n = -1;
        quint64 serial = 0;
        bool sync = false;
        quint64 generation = 0;
        {
            QMutexLocker lock(&s.mutex);
            while (true) {
                if (isInterruptionRequested())
                    return;
                if (s.resetDecoder) {
                    s.resetDecoder = false;
                    m_decoder->reset();
                    failed.clear();
                }
                if (s.bound != m_bound) {
                    m_bound = s.bound;
                    m_decoder->setOutputSize(m_bound);
                }
                s.interrupt = false;
                if (s.request) {
                    isRequest = true;
                    n = *s.request;
                    serial = s.pendingSerial;
                    sync = s.pendingSync;
                    s.request.reset();
                    break;
                }
                ahead = s.nextAheadLocked(failed);
                if (ahead.job != Shared::Job::None) {
                    n = ahead.frame;
                    break;
                }
                s.idle = true;
                s.done.wakeAll();
                s.wake.wait(&s.mutex);
            }
            s.idle = false;
            generation = s.generation;
        }

        if (!isRequest && ahead.job == Shared::Job::Image) {
            if (!prepareImage(n, generation))
                failed.insert(n);
            continue;
        }
        if (!isRequest) {
            const auto cancelled = [this] {
                return m_shared->interrupt.load() || isInterruptionRequested();
            };
            m_decoder->setDrainAfterRestart(false);
            Result<DecodedFrame> r = m_decoder->frame(n, FrameDecoder::Output::Raw, cancelled);
            if (r)
                store(*r, generation, true);
            else if (r.error().code != QStringLiteral("media.cancelled"))
                failed.insert(n);
            continue;
        }

        bool decoded = false;
        Result<DecodedFrame> r = serve(n, generation, &decoded);
        {
            const QMutexLocker lock(&s.mutex);
            if (decoded)
                ++s.stats.decoded;
            else
                ++s.stats.cacheHits;
            s.completedSerial = std::max(s.completedSerial, serial);
            if (sync) {
                s.syncSerial = serial;
                s.syncResult = r;
            }
            s.done.wakeAll();
        }
        if (!sync) {
            const auto deliver = m_deliver;
            QMetaObject::invokeMethod(
                m_server, [deliver, n, serial, r] { deliver(n, serial, r); }, Qt::QueuedConnection);
        }
    }
}

} // namespace

struct FrameServer::Private
{
    std::shared_ptr<Shared> shared = std::make_shared<Shared>();
    std::unique_ptr<Worker> worker;
    std::shared_ptr<const FrameIndex> index;
    ImageConverter converter; // GUI side: images for frames cached raw
    quint64 shownSerial = 0;  // serial of the request whose answer was emitted last
};

FrameServer::FrameServer(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    d->converter.setRecycling(4);
}

FrameServer::~FrameServer()
{
    close();
}

Status FrameServer::open(const QString &path, std::shared_ptr<const FrameIndex> index)
{
    close();
    if (!index) {
        Result<FrameIndex> loaded = FrameIndex::load(path);
        if (!loaded)
            return loaded.error();
        index = std::make_shared<const FrameIndex>(std::move(loaded).value());
    }
    auto decoder = std::make_unique<FrameDecoder>();
    Shared &s = *d->shared;
    {
        const QMutexLocker lock(&s.mutex);
        decoder->setOutputSize(s.bound);
    }
    if (Status st = decoder->open(path, index); !st)
        return st;
    d->index = index;
    {
        const QMutexLocker lock(&s.mutex);
        ++s.generation;
        s.cache.clear();
        s.request.reset();
        s.syncResult.reset();
        s.completedSerial = s.requestSerial;
        s.frameCount = index->frameCount();
        s.playhead = 0;
        s.frameBytes =
            std::max<qint64>(1, qint64(index->stream().width) * index->stream().height * 3 / 2);
        s.imageBytes =
            std::max<qint64>(1, qint64(index->stream().width) * index->stream().height * 4);
        s.resetDecoder = false;
        s.idle = false;
        s.stats = {};
        s.updateKeepRangeLocked();
    }
    d->shownSerial = s.requestSerial;
    auto deliver = [this](qint64 n, quint64 serial, const Result<DecodedFrame> &r) {
        this->deliver(n, serial, r);
    };
    d->worker = std::make_unique<Worker>(d->shared, std::move(decoder), this, deliver);
    d->worker->start();
    return Status::success();
}

void FrameServer::close()
{
    if (d->worker) {
        d->worker->requestInterruption();
        {
            const QMutexLocker lock(&d->shared->mutex);
            d->shared->interrupt = true;
            d->shared->wake.wakeAll();
        }
        d->worker->wait();
        d->worker.reset();
    }
    const QMutexLocker lock(&d->shared->mutex);
    d->shared->cache.clear();
    d->shared->request.reset();
    d->shared->frameCount = 0;
    d->shared->idle = true;
    d->index.reset();
}

bool FrameServer::isOpen() const
{
    return d->worker != nullptr;
}
std::shared_ptr<const FrameIndex> FrameServer::index() const
{
    return d->index;
}
qint64 FrameServer::frameCount() const
{
    return d->index ? d->index->frameCount() : 0;
}
FrameCache &FrameServer::cache()
{
    return d->shared->cache;
}

void FrameServer::setMemoryBudget(qint64 bytes)
{
    Shared &s = *d->shared;
    s.cache.setBudget(bytes);
    const QMutexLocker lock(&s.mutex);
    s.updateKeepRangeLocked();
    s.interrupt = true;
    s.idle = false;
    s.wake.wakeAll();
}

qint64 FrameServer::memoryBudget() const
{
    return d->shared->cache.budget();
}

void FrameServer::setOutputSize(const QSize &bound)
{
    Shared &s = *d->shared;
    const QMutexLocker lock(&s.mutex);
    if (s.bound == bound)
        return;
    s.bound = bound;
    ++s.generation;
    s.cache.dropImages();
    s.interrupt = true;
    s.idle = false;
    s.wake.wakeAll();
}

QSize FrameServer::outputSize() const
{
    const QMutexLocker lock(&d->shared->mutex);
    return d->shared->bound;
}

void FrameServer::setDecodeAhead(bool enabled)
{
    Shared &s = *d->shared;
    const QMutexLocker lock(&s.mutex);
    s.decodeAhead = enabled;
    s.interrupt = true;
    s.idle = false;
    s.wake.wakeAll();
}

void FrameServer::setDecodeAheadLimits(int forwardFrames, int backwardFrames)
{
    Shared &s = *d->shared;
    const QMutexLocker lock(&s.mutex);
    s.maxForward = std::max(0, forwardFrames);
    s.maxBackward = std::max(0, backwardFrames);
    s.updateKeepRangeLocked();
    s.interrupt = true;
    s.idle = false;
    s.wake.wakeAll();
}

qint64 FrameServer::playhead() const
{
    const QMutexLocker lock(&d->shared->mutex);
    return d->shared->playhead;
}

FrameServer::Stats FrameServer::stats() const
{
    const QMutexLocker lock(&d->shared->mutex);
    return d->shared->stats;
}

// A cache hit with its image. A frame cached as a raw picture is converted here into one of a
// few recycled images (not kept in the cache: cheap to redo, and fresh memory would cost more).
bool FrameServer::answerFromCache(qint64 n, DecodedFrame *out)
{
    Shared &s = *d->shared;
    std::optional<DecodedFrame> hit = s.cache.find(n);
    if (!hit)
        return false;
    if (hit->image.isNull()) {
        if (!hit->raw)
            return false;
        QSize bound;
        {
            const QMutexLocker lock(&s.mutex);
            bound = s.bound;
        }
        hit->image = d->converter.convert(hit->raw->frame(), bound);
        if (hit->image.isNull())
            return false;
    }
    hit->raw.reset();
    *out = std::move(*hit);
    return true;
}

void FrameServer::request(qint64 n)
{
    Shared &s = *d->shared;
    if (!isOpen() || n < 0 || n >= frameCount()) {
        quint64 serial = 0;
        {
            const QMutexLocker lock(&s.mutex);
            serial = ++s.requestSerial;
            ++s.stats.requests;
        }
        d->shownSerial = serial;
        Q_EMIT frameFailed(n, isOpen()
                                  ? QStringLiteral("frame %1 is outside the video (frames 0 to %2)")
                                        .arg(n)
                                        .arg(frameCount() - 1)
                                  : notOpen().message);
        return;
    }
    DecodedFrame hit;
    const bool isHit = answerFromCache(n, &hit);
    quint64 serial = 0;
    {
        const QMutexLocker lock(&s.mutex);
        serial = ++s.requestSerial;
        ++s.stats.requests;
        s.playhead = n;
        s.updateKeepRangeLocked();
        if (s.request)
            ++s.stats.superseded;
        if (isHit) {
            ++s.stats.cacheHits;
            s.request.reset();
        } else {
            s.request = n;
            s.pendingSerial = serial;
            s.pendingSync = false;
        }
        s.interrupt = true;
        s.idle = false;
        s.wake.wakeAll();
    }
    if (isHit) {
        d->shownSerial = serial;
        Q_EMIT frameReady(n, hit.image);
    }
}

Result<DecodedFrame> FrameServer::frameAndWait(qint64 n, int timeout_ms)
{
    if (!isOpen())
        return notOpen();
    if (n < 0 || n >= frameCount())
        return makeError(QStringLiteral("media.frame-range"),
                         QStringLiteral("frame %1 is outside the video (frames 0 to %2)")
                             .arg(n)
                             .arg(frameCount() - 1),
                         d->index->path());
    Shared &s = *d->shared;
    DecodedFrame hit;
    const bool isHit = answerFromCache(n, &hit);
    QMutexLocker lock(&s.mutex);
    const quint64 serial = ++s.requestSerial;
    ++s.stats.requests;
    s.playhead = n;
    s.updateKeepRangeLocked();
    if (s.request)
        ++s.stats.superseded;
    s.interrupt = true;
    s.idle = false;
    if (isHit) {
        ++s.stats.cacheHits;
        s.request.reset();
        s.wake.wakeAll();
        return hit;
    }
    s.request = n;
    s.pendingSerial = serial;
    s.pendingSync = true;
    s.wake.wakeAll();
    const QDeadlineTimer deadline(timeout_ms);
    while (s.completedSerial < serial)
        if (!s.done.wait(&s.mutex, deadline))
            break;
    if (s.syncSerial == serial && s.syncResult) {
        Result<DecodedFrame> r = std::move(*s.syncResult);
        s.syncResult.reset();
        return r;
    }
    return makeError(QStringLiteral("media.timeout"),
                     QStringLiteral("frame %1 was not decoded within %2 ms").arg(n).arg(timeout_ms),
                     d->index->path());
}

bool FrameServer::waitForIdle(int timeout_ms)
{
    Shared &s = *d->shared;
    const QDeadlineTimer deadline(timeout_ms);
    QMutexLocker lock(&s.mutex);
    while (!(s.idle && !s.request))
        if (!s.done.wait(&s.mutex, deadline))
            return false;
    return true;
}

void FrameServer::clear()
{
    Shared &s = *d->shared;
    const QMutexLocker lock(&s.mutex);
    ++s.generation;
    s.cache.clear();
    s.resetDecoder = true;
    s.interrupt = true;
    s.idle = false;
    s.wake.wakeAll();
}

void FrameServer::deliver(qint64 number, quint64 serial, const Result<DecodedFrame> &result)
{
    if (serial <= d->shownSerial) {
        const QMutexLocker lock(&d->shared->mutex);
        ++d->shared->stats.staleResults;
        return;
    }
    d->shownSerial = serial;
    if (result)
        Q_EMIT frameReady(number, result->image);
    else
        Q_EMIT frameFailed(number, result.error().message);
}

} // namespace greenlight
