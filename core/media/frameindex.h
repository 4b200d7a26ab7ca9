#pragma once

#include "common/result.h"

#include <QHash>
#include <QString>

#include <limits>
#include <memory>
#include <vector>

namespace greenlight {

// One packet of the picture stream, in decode (file) order.
struct IndexedPacket
{
    enum Flag : quint8
    {
        Keyframe = 1,
        Discard = 2
    };
    static constexpr qint64 NoTimestamp = std::numeric_limits<qint64>::min(); // AV_NOPTS_VALUE

    qint64 pts = NoTimestamp; // stream time base
    qint64 dts = NoTimestamp;
    qint64 pos = -1;   // byte position in the file, -1 when unknown
    qint64 frame = -1; // the frame it presents (its number), -1 when it presents none
    quint8 flags = 0;

    bool isKeyframe() const { return flags & Keyframe; }
    bool isDiscarded() const { return flags & Discard; }
};

// One presented frame. Its number is its rank in presentation order.
struct IndexedFrame
{
    qint64 pts = 0;    // presentation timestamp, stream time base
    qint64 pos = -1;   // byte position of its packet
    qint64 packet = 0; // index of its packet in decode order (IndexedPacket list)
    bool keyframe = false;
};

// The picture stream's facts the index was built with.
struct IndexedStream
{
    int streamIndex = -1;
    int timeBaseNum = 1;
    int timeBaseDen = 1;
    int frameRateNum = 0; // nominal (average) rate; 0 when unknown
    int frameRateDen = 1;
    int width = 0;
    int height = 0;
    QString codec;
};

// A per-file index of the picture stream built from one demux pass (no decoding): every
// packet with its timestamps, keyframe flag and byte position, and the presented frames in
// presentation order. A frame's number is its rank in presentation order, so variable frame
// rates, B-frame reordering, non-zero start times and edit lists (packets the container marks
// as discarded present no frame) all map to 0, 1, 2, ... The index is cached on disk keyed by
// the file's path, size and modification time; a changed file or a damaged cache file means a
// fresh demux pass.
class FrameIndex
{
public:
    // One demux pass over `path`. Errors (code media.unreadable, location = path): missing,
    // empty, garbage or truncated-beyond-use files, files without a picture stream.
    static Result<FrameIndex> build(const QString &path);

    // The cached index when it matches the file, else build() and store it. `cacheDir` empty:
    // defaultCacheDir(). A cache that cannot be written is not an error.
    static Result<FrameIndex> load(const QString &path, const QString &cacheDir = {});

    // <QStandardPaths::CacheLocation>/frame-index, or $GREENLIGHT_FRAME_INDEX_CACHE when set.
    static QString defaultCacheDir();
    // The cache file used for `path` under `cacheDir`.
    static QString cacheFilePath(const QString &path, const QString &cacheDir);

    QString path() const { return m_path; }
    const IndexedStream &stream() const { return m_stream; }
    bool loadedFromCache() const { return m_fromCache; }

    qint64 frameCount() const { return qint64(m_frames.size()); }
    const IndexedFrame &frame(qint64 n) const { return m_frames[size_t(n)]; }
    const std::vector<IndexedFrame> &frames() const { return m_frames; }
    const std::vector<IndexedPacket> &packets() const { return m_packets; }

    // Presentation timestamp of frame 0: the stream's start, which frame times are relative to.
    qint64 startPts() const { return m_frames.empty() ? 0 : m_frames.front().pts; }
    double timeBase() const;
    // True when the gaps between frames are not all equal (variable frame rate).
    bool isVariableFrameRate() const { return m_variableRate; }
    // The nominal rate as a number (frames per second); from the stream or else the index.
    double frameRate() const;

    // Seconds from frame 0 to frame n.
    double secondsOf(qint64 n) const;
    // The frame on screen at a timestamp: the last frame whose pts is <= pts; -1 before
    // frame 0. Timestamps past the end give the last frame.
    qint64 frameAtPts(qint64 pts) const;
    // The frame on screen at `seconds` from frame 0 (rounded to the nearest tick).
    qint64 frameAtSeconds(double seconds) const;
    // The frame with exactly this pts, or -1.
    qint64 frameWithPts(qint64 pts) const;
    // SMPTE timecode HH:MM:SS:FF at the nominal rate (drop-frame HH:MM:SS;FF at 29.97/59.94).
    QString timecode(qint64 n) const;

    // The packet to start decoding from to present frame n exactly: the last keyframe packet
    // at or before n's packet in decode order that is not presented after n (so leading
    // pictures of an open GOP start from the previous keyframe).
    qint64 seekPacketFor(qint64 n) const;
    // Frame numbers of the keyframe at or before n, and of the next keyframe after n (-1: none).
    qint64 keyframeAtOrBefore(qint64 n) const;
    qint64 keyframeAfter(qint64 n) const;

    // Which packet a demuxed packet is, from its byte position, pts or dts; -1 when unknown.
    qint64 identifyPacket(qint64 pos, qint64 pts, qint64 dts) const;

private:
    void finish(); // frames, lookups and rate facts from m_packets
    QByteArray serialize() const;
    static bool deserialize(const QByteArray &data, FrameIndex *out);

    QString m_path;
    qint64 m_fileSize = 0;
    qint64 m_fileMtimeMs = 0;
    IndexedStream m_stream;
    std::vector<IndexedPacket> m_packets;
    std::vector<IndexedFrame> m_frames;
    std::vector<qint64> m_keyPackets; // packet indices of keyframes, ascending
    std::vector<qint64> m_keyFrames;  // frame numbers of keyframes that present a frame, ascending
    QHash<qint64, qint64> m_byPos;
    QHash<qint64, qint64> m_byPts;
    QHash<qint64, qint64> m_byDts;
    bool m_variableRate = false;
    bool m_fromCache = false;
};

} // namespace greenlight
