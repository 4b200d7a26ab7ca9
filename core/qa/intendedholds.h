#pragma once

#include "common/jsonio.h"
#include "qa/finding.h"

#include <QList>

namespace greenlight {

// Frame ranges where a render's resolved props (props.json) draw a still picture on purpose:
// each scene from the end of its transition in to its end, unless a video layer or a video
// background moves in it. The QA stage does not report a frozen picture contained in one of
// these (a slide held while the narration speaks is the design, not a stalled render); a
// frozen span that crosses a scene boundary is still reported, since the picture should have
// changed there.
QList<FrameRange> intendedHoldsFromProps(const Json &props);

} // namespace greenlight
