#include "media/framedecoder.h"

#include "media/avhandles.h"
#include "media/rawframe.h"

#include <algorithm>
#include <limits>

namespace greenlight {

namespace {

constexpr qint64 kNoPts = AV_NOPTS_VALUE;
// Packets read after a seek while looking for one the index knows.
constexpr int kIdentifyLimit = 256;
// Packets read forward without decoding instead of seeking, when the start keyframe is ahead.
constexpr qint64 kDemuxSkipLimit = 64;

Error decodeError(const QString &path, const QString &why)
{
    return makeError(QStringLiteral("media.decode"), why, path);
}

// The earliest timestamp of a packet (for seeking backward onto it), or kNoPts.
qint64 seekTimestamp(const IndexedPacket &p)
{
    if (p.pts == kNoPts)
        return p.dts;
    if (p.dts == kNoPts)
        return p.pts;
    return std::min(p.pts, p.dts);
}

} // namespace

struct FrameDecoder::Private
{
    QString path;
    std::shared_ptr<const FrameIndex> index;
    av::FormatPtr format;
    AVStream *stream = nullptr;
    av::CodecPtr codec;
    av::PacketPtr packet{av_packet_alloc()};
    av::FramePtr frame{av_frame_alloc()};
    ImageConverter converter;

    QSize bound;
    int threads = 0;
    bool skipNonRef = true;
    int forwardLimit = 8;
    bool drainAfterRestart = false;

    // Where demuxing and decoding stand.
    bool havePending = false; // `packet` was read but not yet sent
    qint64 pendingIndex = -1;
    qint64 nextPacket = -1;    // index of the next packet the demuxer delivers; -1: unknown
    bool decoding = false;     // the codec was fed from a start keyframe since its last flush
    bool drained = false;      // end of stream sent to the codec
    bool drainedEarly = false; // ... before the end of the file (a drained restart)
    qint64 lastOutput = -1;    // number of the last frame the codec returned
    qint64 skipBarrierPts =
        std::numeric_limits<qint64>::min(); // frames below may have been skipped

    // The last frame returned, kept for repeated requests.
    av::FramePtr lastFrame{av_frame_alloc()};
    qint64 lastNumber = -1;
    QImage lastImage;

    Stats stats;

    Status openFormat();
    void forgetPosition();
    int readVideoPacket();
    qint64 identifyRead() const;
    bool positionAt(qint64 startPacket);
    bool readUntil(qint64 startPacket, qint64 previous);
    qint64 identifyFrame(const AVFrame *f) const;
    Result<DecodedFrame> decodeTo(qint64 n, Output output, const std::function<bool()> &cancelled,
                                  bool allowSkip, bool allowDrain);
    Result<DecodedFrame> result(qint64 n, const AVFrame *f, Output output, bool fresh);
};

FrameDecoder::FrameDecoder() : d(std::make_unique<Private>()) {}
FrameDecoder::~FrameDecoder() = default;

Status FrameDecoder::Private::openFormat()
{
    av::OpenResult opened = av::openInput(path);
    if (!opened.format)
        return makeError(QStringLiteral("media.unreadable"),
                         QStringLiteral("cannot read this media file: %1").arg(opened.error), path);
    AVFormatContext *fmt = opened.format.get();
    const int si = index->stream().streamIndex;
    if (si < 0 || unsigned(si) >= fmt->nb_streams ||
        fmt->streams[si]->codecpar->codec_type != AVMEDIA_TYPE_VIDEO)
        return makeError(QStringLiteral("media.unreadable"),
                         QStringLiteral("the frame index does not match the file's streams"), path);
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        fmt->streams[i]->discard = int(i) == si ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    format = std::move(opened.format);
    stream = format->streams[si];
    havePending = false;
    av_packet_unref(packet.get());
    nextPacket = 0; // a freshly opened demuxer delivers the first packet next
    return Status::success();
}

Status FrameDecoder::open(const QString &path, std::shared_ptr<const FrameIndex> index)
{
    const int threads = d->threads;
    const QSize bound = d->bound;
    const bool skip = d->skipNonRef;
    const int limit = d->forwardLimit;
    const bool drain = d->drainAfterRestart;
    d = std::make_unique<Private>();
    d->threads = threads;
    d->bound = bound;
    d->skipNonRef = skip;
    d->forwardLimit = limit;
    d->drainAfterRestart = drain;
    if (!d->packet || !d->frame || !d->lastFrame)
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("out of memory"), path);
    d->path = path;
    if (!index) {
        Result<FrameIndex> loaded = FrameIndex::load(path);
        if (!loaded)
            return loaded.error();
        index = std::make_shared<const FrameIndex>(std::move(loaded).value());
    }
    d->index = std::move(index);
    if (Status s = d->openFormat(); !s)
        return s;
    QString error;
    d->codec = av::openDecoder(d->stream, threads, &error);
    if (!d->codec)
        return makeError(QStringLiteral("media.unreadable"),
                         QStringLiteral("cannot decode the picture stream: %1").arg(error), path);
    return Status::success();
}

bool FrameDecoder::isOpen() const
{
    return d->codec != nullptr;
}
const FrameIndex &FrameDecoder::index() const
{
    return *d->index;
}
std::shared_ptr<const FrameIndex> FrameDecoder::sharedIndex() const
{
    return d->index;
}
qint64 FrameDecoder::frameCount() const
{
    return d->index ? d->index->frameCount() : 0;
}

void FrameDecoder::setOutputSize(const QSize &bound)
{
    if (bound != d->bound)
        d->lastImage = QImage();
    d->bound = bound;
}

QSize FrameDecoder::outputSize() const
{
    return d->bound;
}
void FrameDecoder::setThreads(int threads)
{
    d->threads = std::max(0, threads);
}
void FrameDecoder::setSkipNonReferenceBeforeTarget(bool skip)
{
    d->skipNonRef = skip;
}
void FrameDecoder::setDrainAfterRestart(bool drain)
{
    d->drainAfterRestart = drain;
}
void FrameDecoder::setForwardDecodeLimit(int packets)
{
    d->forwardLimit = std::max(0, packets);
}
qint64 FrameDecoder::position() const
{
    return d->lastOutput;
}
const FrameDecoder::Stats &FrameDecoder::stats() const
{
    return d->stats;
}

void FrameDecoder::reset()
{
    if (d->codec)
        d->forgetPosition();
    d->nextPacket = -1;
    av_frame_unref(d->lastFrame.get());
    d->lastNumber = -1;
    d->lastImage = QImage();
}

void FrameDecoder::Private::forgetPosition()
{
    avcodec_flush_buffers(codec.get());
    decoding = false;
    drained = false;
    drainedEarly = false;
    lastOutput = -1;
    skipBarrierPts = std::numeric_limits<qint64>::min();
}

int FrameDecoder::Private::readVideoPacket()
{
    while (true) {
        const int rc = av_read_frame(format.get(), packet.get());
        if (rc < 0)
            return rc;
        if (packet->stream_index == stream->index)
            return 0;
        av_packet_unref(packet.get());
    }
}

qint64 FrameDecoder::Private::identifyRead() const
{
    return index->identifyPacket(packet->pos, packet->pts, packet->dts);
}

// Reads forward (without decoding) until the packet at hand is `startPacket`, which is then
// kept pending. `previous`: index of the packet read last (consumed), -1 when unknown. False
// when the packet stream does not line up with the index.
bool FrameDecoder::Private::readUntil(qint64 startPacket, qint64 previous)
{
    qint64 i = havePending ? pendingIndex : previous;
    int unknown = 0;
    while (!havePending || i != startPacket) {
        if (havePending) {
            av_packet_unref(packet.get());
            havePending = false;
            ++stats.packetsSkipped;
        }
        if (readVideoPacket() < 0)
            return false;
        const qint64 known = identifyRead();
        if (known >= 0) {
            i = known;
        } else if (i >= 0) {
            i = i + 1; // consecutive in decode order
        } else if (++unknown > kIdentifyLimit) {
            av_packet_unref(packet.get());
            return false;
        }
        havePending = true;
        pendingIndex = i;
        if (i > startPacket)
            return false; // landed past the keyframe
    }
    nextPacket = startPacket + 1;
    return true;
}

bool FrameDecoder::Private::positionAt(qint64 startPacket)
{
    forgetPosition();
    ++stats.repositions;
    const std::vector<IndexedPacket> &packets = index->packets();
    // Close ahead: read forward without decoding instead of seeking.
    if (!havePending && nextPacket >= 0 && nextPacket <= startPacket &&
        startPacket - nextPacket <= kDemuxSkipLimit && readUntil(startPacket, nextPacket - 1))
        return true;
    if (havePending && pendingIndex >= 0 && pendingIndex <= startPacket &&
        startPacket - pendingIndex <= kDemuxSkipLimit && readUntil(startPacket, -1))
        return true;

    // Seek onto the keyframe; if the demuxer lands after it, retry from earlier keyframes.
    qint64 candidate = startPacket;
    for (int attempt = 0; attempt < 4; ++attempt) {
        havePending = false;
        av_packet_unref(packet.get());
        nextPacket = -1;
        const qint64 ts = seekTimestamp(packets[size_t(candidate)]);
        if (ts != kNoPts) {
            ++stats.seeks;
            int rc = av_seek_frame(format.get(), stream->index, ts, AVSEEK_FLAG_BACKWARD);
            if (rc < 0)
                rc = avformat_seek_file(format.get(), stream->index,
                                        std::numeric_limits<qint64>::min(), ts, ts, 0);
            if (rc >= 0 && readUntil(startPacket, -1))
                return true;
        }
        // An earlier keyframe (doubling the step back each attempt).
        qint64 steps = qint64(1) << attempt;
        while (candidate > 0 && steps > 0) {
            --candidate;
            if (packets[size_t(candidate)].isKeyframe())
                --steps;
        }
    }
    // Last resort: reopen and read from the top.
    ++stats.seeks;
    if (!openFormat())
        return false;
    return readUntil(startPacket, -1);
}

qint64 FrameDecoder::Private::identifyFrame(const AVFrame *f) const
{
    qint64 t = f->pts;
    if (t == kNoPts)
        t = f->best_effort_timestamp;
    if (t == kNoPts)
        return lastOutput >= 0 ? lastOutput + 1 : -1;
    qint64 m = index->frameWithPts(t);
    if (m < 0)
        return -1; // not a presented frame (e.g. cut by an edit list)
    // Equal timestamps (damaged files): the next of them after the last output.
    while (m <= lastOutput && m + 1 < index->frameCount() && index->frame(m + 1).pts == t)
        ++m;
    return m;
}

Result<DecodedFrame> FrameDecoder::Private::result(qint64 n, const AVFrame *f, Output output,
                                                   bool fresh)
{
    DecodedFrame r;
    const IndexedFrame &info = index->frame(n);
    r.number = n;
    r.pts = info.pts;
    r.seconds = index->secondsOf(n);
    r.keyframe = info.keyframe;
    if (output != Output::Raw) {
        if (!fresh && !lastImage.isNull()) {
            r.image = lastImage;
        } else {
            r.image = converter.convert(f, bound);
            if (r.image.isNull())
                return decodeError(
                    path, QStringLiteral("frame %1 cannot be converted to an image").arg(n));
            lastImage = r.image;
        }
    } else if (fresh) {
        lastImage = QImage();
    }
    if (output != Output::Image) {
        r.raw = RawFrame::copyOf(f);
        if (!r.raw)
            return decodeError(path, QStringLiteral("out of memory copying frame %1").arg(n));
    }
    return r;
}

Result<DecodedFrame> FrameDecoder::frame(qint64 n, Output output,
                                         const std::function<bool()> &cancelled)
{
    if (!isOpen())
        return makeError(QStringLiteral("media.unreadable"), QStringLiteral("no video is open"));
    if (n < 0 || n >= frameCount())
        return makeError(QStringLiteral("media.frame-range"),
                         QStringLiteral("frame %1 is outside the video (frames 0 to %2)")
                             .arg(n)
                             .arg(frameCount() - 1),
                         d->path);
    if (n == d->lastNumber)
        return d->result(n, d->lastFrame.get(), output, false);
    Result<DecodedFrame> r = d->decodeTo(n, output, cancelled, d->skipNonRef, d->drainAfterRestart);
    if (!r && r.error().code == QStringLiteral("media.decode-missed") &&
        (d->skipNonRef || d->drainAfterRestart)) {
        // The frame did not come out (a codec may hold back frames after a mid-GOP start until
        // it sees more): decode again from its keyframe, every frame in full, no early drain.
        d->nextPacket = -1;
        d->decoding = false;
        r = d->decodeTo(n, output, cancelled, false, false);
    }
    if (!r && r.error().code == QStringLiteral("media.decode-missed"))
        return decodeError(
            d->path, QStringLiteral("frame %1 cannot be decoded (the file is damaged)").arg(n));
    return r;
}

Result<DecodedFrame> FrameDecoder::Private::decodeTo(qint64 n, Output output,
                                                     const std::function<bool()> &cancelled,
                                                     bool allowSkip, bool allowDrain)
{
    const IndexedFrame &target = index->frame(n);
    const qint64 startPacket = index->seekPacketFor(n);
    // After end of stream was sent the codec still hands out what it holds, in order.
    const bool forward = decoding && nextPacket >= 0 && lastOutput < n &&
                         target.pts >= skipBarrierPts &&
                         (drained || startPacket <= nextPacket + forwardLimit);
    const bool drainAtTarget = !forward && allowDrain;
    if (!forward && !positionAt(startPacket)) {
        nextPacket = -1;
        decoding = false;
        return decodeError(
            path,
            QStringLiteral("cannot seek to frame %1 (the file is damaged or truncated)").arg(n));
    }

    const std::vector<IndexedPacket> &packets = index->packets();
    // Enough packets to reach the frame from wherever decoding stands, plus codec delay.
    qint64 budget = std::max<qint64>(
                        0, target.packet - std::min(startPacket, std::max<qint64>(0, nextPacket))) +
                    256;
    int errors = 0;
    while (true) {
        const int rc = avcodec_receive_frame(codec.get(), frame.get());
        if (rc >= 0) {
            ++stats.framesDecoded;
            const qint64 m = identifyFrame(frame.get());
            if (m < 0) {
                av_frame_unref(frame.get());
                continue;
            }
            lastOutput = m;
            if (m == n) {
                Result<DecodedFrame> r = result(n, frame.get(), output, true);
                av_frame_unref(lastFrame.get());
                av_frame_move_ref(lastFrame.get(), frame.get());
                lastNumber = n;
                if (drainedEarly)
                    decoding = false; // the codec is drained mid-file: restart next time
                return r;
            }
            av_frame_unref(frame.get());
            if (m > n) {
                nextPacket = -1;
                decoding = false;
                return makeError(QStringLiteral("media.decode-missed"), QString(), path);
            }
            continue;
        }
        if (rc == AVERROR_EOF) {
            nextPacket = -1;
            decoding = false;
            return makeError(QStringLiteral("media.decode-missed"), QString(), path);
        }
        if (rc != AVERROR(EAGAIN)) {
            if (++errors > 1000)
                return decodeError(path, QStringLiteral("frame %1 cannot be decoded (%2)")
                                             .arg(n)
                                             .arg(av::errorText(rc)));
            continue; // a damaged frame: the codec reports it once, then wants more input
        }
        if (cancelled && cancelled())
            return makeError(QStringLiteral("media.cancelled"), QStringLiteral("cancelled"), path);
        if (drained) // the codec wants input after end of stream: nothing more will come
            return makeError(QStringLiteral("media.decode-missed"), QString(), path);
        if (--budget < 0) {
            nextPacket = -1;
            decoding = false;
            return makeError(QStringLiteral("media.decode-missed"), QString(), path);
        }
        if (!havePending) {
            if (readVideoPacket() < 0) {
                avcodec_send_packet(codec.get(), nullptr); // end of file (or a truncated tail)
                drained = true;
                continue;
            }
            const qint64 known = identifyRead();
            pendingIndex = known >= 0 ? known : nextPacket;
            nextPacket = pendingIndex >= 0 ? pendingIndex + 1 : -1;
            havePending = true;
        }
        AVPacket *pkt = packet.get();
        qint64 pts = pkt->pts;
        if (pts == kNoPts && pendingIndex >= 0 && size_t(pendingIndex) < packets.size())
            pts = packets[size_t(pendingIndex)].pts;
        const bool skip =
            allowSkip && pts != kNoPts && pts < target.pts && !(pkt->flags & AV_PKT_FLAG_KEY);
        codec->skip_frame = skip ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
        if (skip)
            skipBarrierPts = std::max(skipBarrierPts, target.pts);
        const int sent = avcodec_send_packet(codec.get(), pkt);
        if (sent == AVERROR(EAGAIN)) {
            if (++errors > 1000)
                return decodeError(path,
                                   QStringLiteral("the decoder stalled before frame %1").arg(n));
            continue; // receive first; the packet stays pending
        }
        av_packet_unref(pkt);
        havePending = false;
        if (sent >= 0) {
            ++stats.packetsSent;
            decoding = true;
        }
        if (drainAtTarget && pendingIndex == target.packet) {
            avcodec_send_packet(codec.get(), nullptr);
            drained = true;
            drainedEarly = true;
        }
    }
}

} // namespace greenlight
