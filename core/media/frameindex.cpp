#include "media/frameindex.h"

#include "media/avhandles.h"

#include <QCryptographicHash>
#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>

namespace greenlight {

namespace {

constexpr quint32 kMagic = 0x474c4658; // "GLFX"
constexpr quint32 kVersion = 1;
constexpr int kHashBytes = 20; // SHA-1 of the payload, appended

Error unreadable(const QString &path, const QString &why)
{
    return makeError(QStringLiteral("media.unreadable"),
                     QStringLiteral("cannot index this media file: %1").arg(why), path);
}

QString canonicalPath(const QString &path)
{
    const QFileInfo fi(path);
    const QString canonical = fi.canonicalFilePath();
    return canonical.isEmpty() ? fi.absoluteFilePath() : canonical;
}

// The best picture stream that is a real video (not cover art), or -1.
int pickVideoStream(AVFormatContext *fmt)
{
    const int best = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (best >= 0 && !(fmt->streams[best]->disposition & AV_DISPOSITION_ATTACHED_PIC))
        return best;
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        const AVStream *s = fmt->streams[i];
        if (s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
            !(s->disposition & AV_DISPOSITION_ATTACHED_PIC))
            return int(i);
    }
    return -1;
}

// Inserts key -> value, remembering keys seen twice so they are never used for lookups.
void addUnique(QHash<qint64, qint64> &map, QHash<qint64, qint64> &ambiguous, qint64 key,
               qint64 value)
{
    if (ambiguous.contains(key))
        return;
    if (map.contains(key)) {
        map.remove(key);
        ambiguous.insert(key, 0);
        return;
    }
    map.insert(key, value);
}

} // namespace

Result<FrameIndex> FrameIndex::build(const QString &path)
{
    av::OpenResult opened = av::openInput(path);
    if (!opened.format)
        return unreadable(path, opened.error);
    AVFormatContext *fmt = opened.format.get();
    const int video = pickVideoStream(fmt);
    if (video < 0)
        return unreadable(path, QStringLiteral("it has no picture stream"));
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        fmt->streams[i]->discard = int(i) == video ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    const AVStream *st = fmt->streams[video];

    FrameIndex index;
    index.m_path = canonicalPath(path);
    const QFileInfo fi(path);
    index.m_fileSize = fi.size();
    index.m_fileMtimeMs = fi.lastModified().toMSecsSinceEpoch();
    IndexedStream &s = index.m_stream;
    s.streamIndex = video;
    s.timeBaseNum = st->time_base.num;
    s.timeBaseDen = st->time_base.den;
    AVRational rate = st->avg_frame_rate;
    if (!av::isValid(rate))
        rate = st->r_frame_rate;
    if (av::isValid(rate)) {
        s.frameRateNum = rate.num;
        s.frameRateDen = rate.den;
    }
    s.width = st->codecpar->width;
    s.height = st->codecpar->height;
    s.codec = QString::fromLatin1(avcodec_get_name(st->codecpar->codec_id));
    if (!av::isValid(st->time_base))
        return unreadable(path, QStringLiteral("its picture stream has no time base"));

    av::PacketPtr pkt(av_packet_alloc());
    if (!pkt)
        return unreadable(path, QStringLiteral("out of memory"));
    index.m_packets.reserve(st->nb_frames > 0 ? size_t(st->nb_frames) + 16 : 1024);
    while (av_read_frame(fmt, pkt.get()) >=
           0) { // an error past the first packets is a truncated tail
        if (pkt->stream_index == video) {
            IndexedPacket p;
            p.pts = pkt->pts;
            p.dts = pkt->dts;
            p.pos = pkt->pos;
            p.flags = quint8(((pkt->flags & AV_PKT_FLAG_KEY) ? IndexedPacket::Keyframe : 0) |
                             ((pkt->flags & AV_PKT_FLAG_DISCARD) ? IndexedPacket::Discard : 0));
            index.m_packets.push_back(p);
        }
        av_packet_unref(pkt.get());
    }
    index.finish();
    if (index.m_frames.empty())
        return unreadable(path, QStringLiteral("its picture stream has no readable frames"));
    return index;
}

void FrameIndex::finish()
{
    struct Presented
    {
        qint64 pts;
        qint64 packet;
    };
    std::vector<Presented> presented;
    presented.reserve(m_packets.size());
    for (size_t i = 0; i < m_packets.size(); ++i) {
        IndexedPacket &p = m_packets[i];
        p.frame = -1;
        if (p.isDiscarded())
            continue;
        const qint64 t = p.pts != AV_NOPTS_VALUE ? p.pts : p.dts;
        if (t == AV_NOPTS_VALUE)
            continue;
        presented.push_back({t, qint64(i)});
    }
    std::stable_sort(presented.begin(), presented.end(),
                     [](const Presented &a, const Presented &b) { return a.pts < b.pts; });
    m_frames.clear();
    m_frames.reserve(presented.size());
    for (const Presented &pr : presented) {
        IndexedPacket &p = m_packets[size_t(pr.packet)];
        p.frame = qint64(m_frames.size());
        m_frames.push_back({pr.pts, p.pos, pr.packet, p.isKeyframe()});
    }

    m_keyPackets.clear();
    m_keyFrames.clear();
    for (size_t i = 0; i < m_packets.size(); ++i)
        if (m_packets[i].isKeyframe())
            m_keyPackets.push_back(qint64(i));
    if (m_keyPackets.empty() && !m_packets.empty()) {
        m_packets.front().flags |= IndexedPacket::Keyframe; // no flags at all: start from the top
        m_keyPackets.push_back(0);
        if (m_packets.front().frame >= 0)
            m_frames[size_t(m_packets.front().frame)].keyframe = true;
    }
    for (size_t n = 0; n < m_frames.size(); ++n)
        if (m_frames[n].keyframe)
            m_keyFrames.push_back(qint64(n));

    m_byPos.clear();
    m_byPts.clear();
    m_byDts.clear();
    QHash<qint64, qint64> ambiguousPos, ambiguousPts, ambiguousDts;
    for (size_t i = 0; i < m_packets.size(); ++i) {
        const IndexedPacket &p = m_packets[i];
        if (p.pos >= 0)
            addUnique(m_byPos, ambiguousPos, p.pos, qint64(i));
        if (p.pts != AV_NOPTS_VALUE)
            addUnique(m_byPts, ambiguousPts, p.pts, qint64(i));
        if (p.dts != AV_NOPTS_VALUE)
            addUnique(m_byDts, ambiguousDts, p.dts, qint64(i));
    }

    m_variableRate = false;
    if (m_frames.size() >= 3) {
        std::vector<qint64> deltas;
        deltas.reserve(m_frames.size() - 1);
        for (size_t n = 1; n < m_frames.size(); ++n)
            deltas.push_back(m_frames[n].pts - m_frames[n - 1].pts);
        const auto [lo, hi] = std::minmax_element(deltas.begin(), deltas.end());
        std::nth_element(deltas.begin(), deltas.begin() + qsizetype(deltas.size() / 2),
                         deltas.end());
        const qint64 median = deltas[deltas.size() / 2];
        // Tick rounding (e.g. 33/34 ms at 29.97 in a 1 ms time base) is not a variable rate.
        m_variableRate = (*hi - *lo) > std::max<qint64>(1, median / 50);
    }
}

double FrameIndex::timeBase() const
{
    return m_stream.timeBaseDen > 0 ? double(m_stream.timeBaseNum) / double(m_stream.timeBaseDen)
                                    : 0.0;
}

double FrameIndex::frameRate() const
{
    if (m_stream.frameRateNum > 0 && m_stream.frameRateDen > 0)
        return double(m_stream.frameRateNum) / double(m_stream.frameRateDen);
    if (m_frames.size() >= 2) {
        const double span = double(m_frames.back().pts - m_frames.front().pts) * timeBase();
        if (span > 0)
            return double(m_frames.size() - 1) / span;
    }
    return 0.0;
}

double FrameIndex::secondsOf(qint64 n) const
{
    if (n < 0 || n >= frameCount())
        return 0.0;
    return double(m_frames[size_t(n)].pts - startPts()) * timeBase();
}

qint64 FrameIndex::frameAtPts(qint64 pts) const
{
    const auto it = std::upper_bound(m_frames.begin(), m_frames.end(), pts,
                                     [](qint64 t, const IndexedFrame &f) { return t < f.pts; });
    return qint64(it - m_frames.begin()) - 1;
}

qint64 FrameIndex::frameAtSeconds(double seconds) const
{
    const double tb = timeBase();
    if (tb <= 0 || m_frames.empty() || !std::isfinite(seconds))
        return -1;
    return frameAtPts(startPts() + qint64(std::llround(seconds / tb)));
}

qint64 FrameIndex::frameWithPts(qint64 pts) const
{
    const auto it = std::lower_bound(m_frames.begin(), m_frames.end(), pts,
                                     [](const IndexedFrame &f, qint64 t) { return f.pts < t; });
    return (it != m_frames.end() && it->pts == pts) ? qint64(it - m_frames.begin()) : -1;
}

QString FrameIndex::timecode(qint64 n) const
{
    const double fps = frameRate();
    const qint64 base = std::max<qint64>(1, qRound64(fps));
    qint64 count = n;
    if (m_variableRate) // frames at the nominal rate since frame 0, from the timestamp
        count = qint64(std::floor(secondsOf(n) * double(base) + 1e-6));
    const bool drop =
        std::abs(fps - 30000.0 / 1001.0) < 0.01 || std::abs(fps - 60000.0 / 1001.0) < 0.01;
    if (drop) {
        // SMPTE drop-frame: skip frame labels 0 and 1 (0-3 at 59.94) each minute except every
        // tenth.
        const qint64 dropPerMinute = base / 15;
        const qint64 per10Minutes = base * 600 - dropPerMinute * 9;
        const qint64 perMinute = base * 60 - dropPerMinute;
        const qint64 tens = count / per10Minutes;
        const qint64 rest = count % per10Minutes;
        count += dropPerMinute * 9 * tens;
        if (rest > dropPerMinute)
            count += dropPerMinute * ((rest - dropPerMinute) / perMinute);
    }
    const qint64 ff = count % base;
    const qint64 totalSeconds = count / base;
    return QStringLiteral("%1:%2:%3%4%5")
        .arg(totalSeconds / 3600, 2, 10, QLatin1Char('0'))
        .arg((totalSeconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(totalSeconds % 60, 2, 10, QLatin1Char('0'))
        .arg(drop ? QLatin1Char(';') : QLatin1Char(':'))
        .arg(ff, 2, 10, QLatin1Char('0'));
}

qint64 FrameIndex::seekPacketFor(qint64 n) const
{
    if (m_keyPackets.empty())
        return 0;
    const IndexedFrame &f = m_frames[size_t(n)];
    auto it = std::upper_bound(m_keyPackets.begin(), m_keyPackets.end(), f.packet);
    while (it != m_keyPackets.begin()) {
        --it;
        const IndexedPacket &k = m_packets[size_t(*it)];
        const qint64 t = k.pts != AV_NOPTS_VALUE ? k.pts : k.dts;
        if (t == AV_NOPTS_VALUE || t <= f.pts)
            return *it;
    }
    return m_keyPackets.front();
}

qint64 FrameIndex::keyframeAtOrBefore(qint64 n) const
{
    const auto it = std::upper_bound(m_keyFrames.begin(), m_keyFrames.end(), n);
    return it == m_keyFrames.begin() ? -1 : *(it - 1);
}

qint64 FrameIndex::keyframeAfter(qint64 n) const
{
    const auto it = std::upper_bound(m_keyFrames.begin(), m_keyFrames.end(), n);
    return it == m_keyFrames.end() ? -1 : *it;
}

qint64 FrameIndex::identifyPacket(qint64 pos, qint64 pts, qint64 dts) const
{
    // pts first: containers store it per packet; positions can differ for parsed streams.
    if (pts != AV_NOPTS_VALUE) {
        const auto it = m_byPts.constFind(pts);
        if (it != m_byPts.constEnd())
            return it.value();
    }
    if (pos >= 0) {
        const auto it = m_byPos.constFind(pos);
        if (it != m_byPos.constEnd())
            return it.value();
    }
    if (dts != AV_NOPTS_VALUE) {
        const auto it = m_byDts.constFind(dts);
        if (it != m_byDts.constEnd())
            return it.value();
    }
    return -1;
}

QString FrameIndex::defaultCacheDir()
{
    const QString env = qEnvironmentVariable("GREENLIGHT_FRAME_INDEX_CACHE");
    if (!env.isEmpty())
        return env;
    QString base = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (base.isEmpty())
        base = QDir::tempPath() + QStringLiteral("/greenlight");
    return base + QStringLiteral("/frame-index");
}

QString FrameIndex::cacheFilePath(const QString &path, const QString &cacheDir)
{
    const QByteArray key =
        QCryptographicHash::hash(canonicalPath(path).toUtf8(), QCryptographicHash::Sha1).toHex();
    return cacheDir + QLatin1Char('/') + QString::fromLatin1(key) + QStringLiteral(".frameindex");
}

QByteArray FrameIndex::serialize() const
{
    QByteArray payload;
    QDataStream out(&payload, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kMagic << kVersion << m_path << m_fileSize << m_fileMtimeMs;
    out << qint32(m_stream.streamIndex) << qint32(m_stream.timeBaseNum)
        << qint32(m_stream.timeBaseDen) << qint32(m_stream.frameRateNum)
        << qint32(m_stream.frameRateDen) << qint32(m_stream.width) << qint32(m_stream.height)
        << m_stream.codec;
    out << quint64(m_packets.size());
    for (const IndexedPacket &p : m_packets)
        out << p.pts << p.dts << p.pos << p.flags;
    payload += QCryptographicHash::hash(payload, QCryptographicHash::Sha1);
    return payload;
}

bool FrameIndex::deserialize(const QByteArray &data, FrameIndex *out)
{
    if (data.size() <= kHashBytes)
        return false;
    const QByteArray payload = data.left(data.size() - kHashBytes);
    if (QCryptographicHash::hash(payload, QCryptographicHash::Sha1) != data.right(kHashBytes))
        return false;
    QDataStream in(payload);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 magic = 0, version = 0;
    in >> magic >> version;
    if (magic != kMagic || version != kVersion)
        return false;
    FrameIndex index;
    qint32 streamIndex = 0, tbNum = 0, tbDen = 0, rateNum = 0, rateDen = 0, width = 0, height = 0;
    in >> index.m_path >> index.m_fileSize >> index.m_fileMtimeMs;
    in >> streamIndex >> tbNum >> tbDen >> rateNum >> rateDen >> width >> height >>
        index.m_stream.codec;
    quint64 count = 0;
    in >> count;
    constexpr quint64 kPacketBytes = 8 * 3 + 1;
    if (in.status() != QDataStream::Ok || tbNum <= 0 || tbDen <= 0 || count == 0 ||
        count > quint64(payload.size()) / kPacketBytes)
        return false;
    index.m_stream = {streamIndex, tbNum, tbDen,  rateNum,
                      rateDen,     width, height, index.m_stream.codec};
    index.m_packets.resize(size_t(count));
    for (IndexedPacket &p : index.m_packets)
        in >> p.pts >> p.dts >> p.pos >> p.flags;
    if (in.status() != QDataStream::Ok || !in.atEnd())
        return false;
    index.finish();
    if (index.m_frames.empty())
        return false;
    *out = std::move(index);
    return true;
}

Result<FrameIndex> FrameIndex::load(const QString &path, const QString &cacheDir)
{
    const QFileInfo fi(path);
    if (!fi.isFile())
        return build(path); // says what is wrong with the path
    const QString dir = cacheDir.isEmpty() ? defaultCacheDir() : cacheDir;
    const QString cacheFile = cacheFilePath(path, dir);
    QFile f(cacheFile);
    if (f.open(QIODevice::ReadOnly)) {
        FrameIndex cached;
        if (deserialize(f.readAll(), &cached) && cached.m_path == canonicalPath(path) &&
            cached.m_fileSize == fi.size() &&
            cached.m_fileMtimeMs == fi.lastModified().toMSecsSinceEpoch()) {
            cached.m_fromCache = true;
            return cached;
        }
        f.close(); // stale or damaged: rebuilt and overwritten below
    }
    Result<FrameIndex> built = build(path);
    if (!built)
        return built;
    if (QDir().mkpath(dir)) {
        QSaveFile out(cacheFile);
        if (out.open(QIODevice::WriteOnly)) {
            out.write(built->serialize());
            out.commit(); // best effort: an unwritable cache only costs a demux pass next time
        }
    }
    return built;
}

} // namespace greenlight
