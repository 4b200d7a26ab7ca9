#pragma once

#include "common/result.h"
#include "render/renderplan.h"
#include "render/renderrequest.h"
#include "render/resolvedprops.h"
#include "run/provenance.h"
#include "run/runrecord.h"

#include <QStringList>

namespace greenlight {

// Everything decided before ffmpeg starts.
struct PreparedRender
{
    RunSpecInput spec;
    QList<RunInput> inputs;
    RunMedia media;
    RenderPlan plan;
    FfmpegVersionInfo ffmpeg;
    int warningCount = 0;
    QString narrationRunId;     // the narration run the render uses, if any
    QStringList captionSidecars; // captions.vtt, captions.srt when the spec asks for sidecars
};

// Reads and hashes the spec, resolves props (variant, defaults, fonts, layout), reads the
// narration run when the request names one (loadNarrationRun), decides the captions
// (captionsForSpec: burned in for captions.mode burn-in or both, captions.vtt and
// captions.srt for sidecar or both, sidecar when the mode is absent), builds the plan, hashes
// every input file, probes ffmpeg's version, and writes props.json, warnings.json,
// plan.json, the plan's files and the caption sidecars into runDir. Captions from the
// narration without a narration run are left out with a render.captions.no-narration
// warning. Blocking: run it off the GUI thread. `projectRoot` is where the spec's asset
// paths point.
Result<PreparedRender> prepareRender(const RenderRequest &request, const QString &projectRoot, const QString &runDir);

} // namespace greenlight
