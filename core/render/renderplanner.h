#pragma once

#include "common/result.h"
#include "render/renderplan.h"
#include "render/resolvedprops.h"

#include <QList>

namespace greenlight {

// Splits scenes into at most `chunks` runs of whole scenes with balanced frame counts.
// Returns the first scene index of each chunk.
QList<int> chunkBoundaries(const QList<ResolvedScene> &scenes, int chunks);

// ResolvedProps -> RenderPlan: the files to write and the ffmpeg jobs to run, in order.
// One job renders everything when options.chunks <= 1; otherwise one job per chunk
// (video only, each starting with an IDR) and a final job that concatenates them with the
// concat demuxer and -c copy, muxing the audio once. Errors: render.plan.invalid.
Result<RenderPlan> buildRenderPlan(const ResolvedProps &props, const RenderOptions &options);

} // namespace greenlight
