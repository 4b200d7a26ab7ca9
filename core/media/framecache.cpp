#include "media/framecache.h"

#include <QMutexLocker>

#include <algorithm>

namespace greenlight {

FrameCache::FrameCache(qint64 budget_bytes) : m_budget(std::max<qint64>(0, budget_bytes)) {}

void FrameCache::setBudget(qint64 budget_bytes)
{
    const QMutexLocker lock(&m_mutex);
    m_budget = std::max<qint64>(0, budget_bytes);
    evictLocked(-1);
}

qint64 FrameCache::budget() const
{
    const QMutexLocker lock(&m_mutex);
    return m_budget;
}

qint64 FrameCache::usedBytes() const
{
    const QMutexLocker lock(&m_mutex);
    return m_used;
}

int FrameCache::count() const
{
    const QMutexLocker lock(&m_mutex);
    return int(m_entries.size());
}

bool FrameCache::insert(const DecodedFrame &frame)
{
    if (frame.isNull())
        return false;
    const qint64 bytes = frame.bytes();
    const QMutexLocker lock(&m_mutex);
    if (auto it = m_entries.find(frame.number); it != m_entries.end())
        removeLocked(it);
    if (bytes > m_budget)
        return false;
    m_lru.push_front(frame.number);
    m_entries.emplace(frame.number, Entry{frame, bytes, m_lru.begin()});
    m_used += bytes;
    evictLocked(frame.number);
    return true;
}

std::optional<DecodedFrame> FrameCache::find(qint64 number)
{
    const QMutexLocker lock(&m_mutex);
    const auto it = m_entries.find(number);
    if (it == m_entries.end())
        return std::nullopt;
    m_lru.splice(m_lru.begin(), m_lru, it->second.lru);
    return it->second.frame;
}

bool FrameCache::contains(qint64 number, bool withImage) const
{
    const QMutexLocker lock(&m_mutex);
    const auto it = m_entries.find(number);
    return it != m_entries.end() && (!withImage || !it->second.frame.image.isNull());
}

void FrameCache::setImage(qint64 number, const QImage &image)
{
    const QMutexLocker lock(&m_mutex);
    const auto it = m_entries.find(number);
    if (it == m_entries.end())
        return;
    Entry &e = it->second;
    e.frame.image = image;
    e.frame.raw.reset();
    m_used -= e.bytes;
    e.bytes = e.frame.bytes();
    m_used += e.bytes;
    evictLocked(number);
}

void FrameCache::dropImages()
{
    const QMutexLocker lock(&m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        Entry &e = it->second;
        if (!e.frame.raw) {
            auto gone = it++;
            removeLocked(gone);
            continue;
        }
        e.frame.image = QImage();
        m_used -= e.bytes;
        e.bytes = e.frame.bytes();
        m_used += e.bytes;
        ++it;
    }
}

void FrameCache::setKeepRange(qint64 first, qint64 last, qint64 playhead)
{
    const QMutexLocker lock(&m_mutex);
    m_keepFirst = first;
    m_keepLast = last;
    m_playhead = playhead;
}

bool FrameCache::canFit(qint64 bytes) const
{
    const QMutexLocker lock(&m_mutex);
    qint64 evictable = 0;
    if (m_used + bytes > m_budget)
        for (const auto &[n, e] : m_entries)
            if (n < m_keepFirst || n > m_keepLast)
                evictable += e.bytes;
    return m_used - evictable + bytes <= m_budget;
}

void FrameCache::clear()
{
    const QMutexLocker lock(&m_mutex);
    m_entries.clear();
    m_lru.clear();
    m_used = 0;
}

QList<qint64> FrameCache::numbers() const
{
    const QMutexLocker lock(&m_mutex);
    QList<qint64> out;
    out.reserve(qsizetype(m_entries.size()));
    for (const auto &[n, e] : m_entries)
        out.append(n);
    std::sort(out.begin(), out.end());
    return out;
}

void FrameCache::removeLocked(std::unordered_map<qint64, Entry>::iterator it)
{
    m_used -= it->second.bytes;
    m_lru.erase(it->second.lru);
    m_entries.erase(it);
}

// Least recently used first among frames outside the keep range, then the frames inside it
// farthest from the playhead; never `keep` (the frame just stored).
void FrameCache::evictLocked(qint64 keep)
{
    auto it = m_lru.end();
    while (it != m_lru.begin() && m_used > m_budget) {
        --it;
        const qint64 n = *it;
        if (n == keep || (n >= m_keepFirst && n <= m_keepLast))
            continue;
        const auto entry = m_entries.find(n);
        it = std::next(it); // erase invalidates the current position only
        removeLocked(entry);
    }
    while (m_used > m_budget) {
        auto victim = m_entries.end();
        qint64 farthest = -1;
        for (auto e = m_entries.begin(); e != m_entries.end(); ++e) {
            if (e->first == keep)
                continue;
            const qint64 distance =
                e->first >= m_playhead ? e->first - m_playhead : 2 * (m_playhead - e->first);
            if (distance > farthest) {
                farthest = distance;
                victim = e;
            }
        }
        if (victim == m_entries.end())
            return;
        removeLocked(victim);
    }
}

} // namespace greenlight
