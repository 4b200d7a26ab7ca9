#pragma once

#include "media/decodedframe.h"

#include <QList>
#include <QMutex>

#include <list>
#include <optional>
#include <unordered_map>

namespace greenlight {

// Recently decoded frames of one video, keyed by frame number, least recently used evicted
// first once the memory they hold passes a budget in bytes. Frames inside the keep range (the
// span around the playhead the decoder works to fill) go only after every frame outside it,
// and among themselves farthest from the playhead first (behind it counting double, as the
// window behind the playhead is the smaller one).
// Thread-safe: the decoding worker inserts while the GUI side looks up.
class FrameCache
{
public:
    explicit FrameCache(qint64 budget_bytes = 512LL * 1024 * 1024);

    void setBudget(qint64 budget_bytes); // evicts at once when lowered
    qint64 budget() const;
    qint64 usedBytes() const;
    int count() const;

    // Stores (or replaces) a frame; false when the frame alone exceeds the budget.
    bool insert(const DecodedFrame &frame);
    // The frame, marked most recently used.
    std::optional<DecodedFrame> find(qint64 number);
    // Whether it is held; no change in recency. `withImage`: only when it has an image.
    bool contains(qint64 number, bool withImage = false) const;
    // Gives a cached raw frame its image (once converted), dropping the raw picture.
    void setImage(qint64 number, const QImage &image);
    // Drops every image (the output size changed): raw pictures stay, image-only frames go.
    void dropImages();

    void setKeepRange(qint64 first, qint64 last, qint64 playhead);
    // Whether `bytes` more fit without evicting a frame inside the keep range.
    bool canFit(qint64 bytes) const;
    void clear();
    // Numbers of the frames held, ascending.
    QList<qint64> numbers() const;

private:
    struct Entry
    {
        DecodedFrame frame;
        qint64 bytes = 0;
        std::list<qint64>::iterator lru; // position in m_lru (front = most recent)
    };
    void evictLocked(qint64 keep);
    void removeLocked(std::unordered_map<qint64, Entry>::iterator it);

    mutable QMutex m_mutex;
    qint64 m_budget;
    qint64 m_used = 0;
    qint64 m_keepFirst = 0;
    qint64 m_keepLast = -1;
    qint64 m_playhead = 0;
    std::list<qint64> m_lru;
    std::unordered_map<qint64, Entry> m_entries;
};

} // namespace greenlight
