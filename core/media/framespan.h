#pragma once

#include "common/jsonio.h"

#include <QList>
#include <QtGlobal>

#include <vector>

namespace greenlight {

// A half-open run of indices [start, end): frames on a video's frame grid, or samples.
struct FrameSpan
{
    qint64 start = 0;
    qint64 end = 0;

    qint64 length() const { return end - start; }
    bool isEmpty() const { return end <= start; }
    bool operator==(const FrameSpan &) const = default;
};

using FrameSpans = QList<FrameSpan>;

// The runs of set flags, each at least minLength long.
FrameSpans spansFromMask(const std::vector<quint8> &mask, qint64 minLength = 1);

// The parts of `span` that lie outside every span in `allowed`.
FrameSpans subtractSpans(const FrameSpan &span, const FrameSpans &allowed);

Json spanToJson(const FrameSpan &span);
Json spansToJson(const FrameSpans &spans);

} // namespace greenlight
