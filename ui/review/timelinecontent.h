#pragma once

#include "cues/cuetimeline.h"
#include "qa/finding.h"
#include "review/reviewsession.h"
#include "spec/videospec.h"

#include <QList>
#include <QSize>

#include <optional>

namespace greenlight {

// What a timeline shows, as plain data: a review session's parts, or parts made up by a test.
// Frames are on the video's frame grid at `fps`.
struct TimelineContent
{
    Rational fps{30, 1};
    qint64 frameCount = 0;
    QSize frameSize; // the picture's size, for thumbnail slots; empty = 16:9
    QList<ReviewScene> scenes;
    std::optional<CueTimeline> cues;
    QList<ReviewCaption> captions;
    Findings findings; // findingActivated(index) indexes this list
    ReviewSignals qaSignals;
    WaveformPeaks waveform;

    static TimelineContent fromSession(const ReviewSession &session);
};

} // namespace greenlight
