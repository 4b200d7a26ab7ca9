#pragma once

#include <QtGlobal>

#include <algorithm>
#include <utility>
#include <vector>

namespace greenlight {

// An item of a timeline track: frames [start, end) and what it stands for.
struct TimelineSpan
{
    qint64 start = 0;
    qint64 end = 0;
    int ref = 0;      // index into the track's source list
    quint8 row = 0;   // sub-row of the track (overlapping items)
    quint8 kind = 0;  // track-specific: severity, role colour, ...
};

// A track's items sorted by start, with the running maximum of their ends, so the items that
// meet a frame range are found by two binary searches however many items there are and
// however they overlap.
class TimelineSpanList
{
public:
    void build(std::vector<TimelineSpan> spans);
    void clear();

    // Indices [first, last) of the only items that can meet frames [from, to); an item in
    // that range still meets it only when its end > from (point items: end == start, see
    // meets()).
    std::pair<size_t, size_t> candidates(qint64 from, qint64 to) const;
    static bool meets(const TimelineSpan &s, qint64 from, qint64 to)
    {
        return s.start < to && std::max(s.end, s.start + 1) > from;
    }

    const std::vector<TimelineSpan> &spans() const { return m_spans; }
    const TimelineSpan &at(size_t i) const { return m_spans[i]; }
    size_t size() const { return m_spans.size(); }
    bool isEmpty() const { return m_spans.empty(); }
    qint64 lastEnd() const { return m_maxEnd.empty() ? 0 : m_maxEnd.back(); }

private:
    std::vector<TimelineSpan> m_spans;
    std::vector<qint64> m_maxEnd; // max(end, start + 1) over [0, i]
};

// Assigns rows so overlapping items sit on different rows (greedy, in order of start); past
// `maxRows` an item goes to the row that frees up first. Returns the number of rows used.
int packRows(std::vector<TimelineSpan> &spans, int maxRows);

} // namespace greenlight
