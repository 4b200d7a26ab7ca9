#pragma once

#include "common/result.h"
#include "render/renderplan.h"
#include "render/renderrequest.h"
#include "render/resolvedprops.h"
#include "run/provenance.h"
#include "run/runrecord.h"

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
};

// Reads and hashes the spec, resolves props (variant, defaults, fonts, layout), builds the
// plan, hashes every input file, probes ffmpeg's version, and writes props.json,
// warnings.json, plan.json and the plan's files into runDir. Blocking: run it off the GUI
// thread. `projectRoot` is where the spec's asset paths point.
Result<PreparedRender> prepareRender(const RenderRequest &request, const QString &projectRoot, const QString &runDir);

} // namespace greenlight
