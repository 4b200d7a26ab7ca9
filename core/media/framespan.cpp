#include "media/framespan.h"

#include <algorithm>

namespace greenlight {

FrameSpans spansFromMask(const std::vector<quint8> &mask, qint64 minLength)
{
    FrameSpans spans;
    const qint64 n = qint64(mask.size());
    qint64 i = 0;
    while (i < n) {
        if (!mask[size_t(i)]) {
            ++i;
            continue;
        }
        qint64 j = i;
        while (j < n && mask[size_t(j)])
            ++j;
        if (j - i >= std::max<qint64>(1, minLength))
            spans.append(FrameSpan{i, j});
        i = j;
    }
    return spans;
}

FrameSpans subtractSpans(const FrameSpan &span, const FrameSpans &allowed)
{
    FrameSpans pieces{span};
    for (const FrameSpan &a : allowed) {
        FrameSpans next;
        for (const FrameSpan &p : pieces) {
            if (a.end <= p.start || a.start >= p.end) {
                next.append(p);
                continue;
            }
            if (a.start > p.start)
                next.append(FrameSpan{p.start, a.start});
            if (a.end < p.end)
                next.append(FrameSpan{a.end, p.end});
        }
        pieces = next;
    }
    return pieces;
}

Json spanToJson(const FrameSpan &span)
{
    return Json{{"start", span.start}, {"end", span.end}};
}

Json spansToJson(const FrameSpans &spans)
{
    Json a = Json::array();
    for (const FrameSpan &s : spans)
        a.push_back(spanToJson(s));
    return a;
}

} // namespace greenlight
