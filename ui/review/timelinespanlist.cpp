#include "review/timelinespanlist.h"

#include <algorithm>
#include <limits>

namespace greenlight {

void TimelineSpanList::build(std::vector<TimelineSpan> spans)
{
    std::stable_sort(spans.begin(), spans.end(),
                     [](const TimelineSpan &a, const TimelineSpan &b) { return a.start < b.start; });
    m_spans = std::move(spans);
    m_maxEnd.resize(m_spans.size());
    qint64 running = std::numeric_limits<qint64>::min();
    for (size_t i = 0; i < m_spans.size(); ++i) {
        running = std::max(running, std::max(m_spans[i].end, m_spans[i].start + 1));
        m_maxEnd[i] = running;
    }
}

void TimelineSpanList::clear()
{
    m_spans.clear();
    m_maxEnd.clear();
}

std::pair<size_t, size_t> TimelineSpanList::candidates(qint64 from, qint64 to) const
{
    const auto first = std::partition_point(m_maxEnd.begin(), m_maxEnd.end(), [from](qint64 e) { return e <= from; });
    const auto last = std::partition_point(m_spans.begin(), m_spans.end(),
                                           [to](const TimelineSpan &s) { return s.start < to; });
    const size_t a = size_t(first - m_maxEnd.begin());
    const size_t b = size_t(last - m_spans.begin());
    return {a, std::max(a, b)};
}

int packRows(std::vector<TimelineSpan> &spans, int maxRows)
{
    std::stable_sort(spans.begin(), spans.end(),
                     [](const TimelineSpan &a, const TimelineSpan &b) { return a.start < b.start; });
    std::vector<qint64> rowEnd;
    for (TimelineSpan &s : spans) {
        const qint64 end = std::max(s.end, s.start + 1);
        int row = -1;
        for (int r = 0; r < int(rowEnd.size()); ++r)
            if (rowEnd[size_t(r)] <= s.start) {
                row = r;
                break;
            }
        if (row < 0) {
            if (int(rowEnd.size()) < maxRows) {
                rowEnd.push_back(0);
                row = int(rowEnd.size()) - 1;
            } else {
                row = int(std::min_element(rowEnd.begin(), rowEnd.end()) - rowEnd.begin());
            }
        }
        rowEnd[size_t(row)] = std::max(rowEnd[size_t(row)], end);
        s.row = quint8(row);
    }
    return std::max(1, int(rowEnd.size()));
}

} // namespace greenlight
