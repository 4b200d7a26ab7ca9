#pragma once

#include "render/renderplan.h"

#include <QString>

namespace greenlight {

// What to render and where the run goes.
struct RenderRequest
{
    QString specPath;      // the spec file
    QString projectRoot;   // folder its asset paths are relative to; empty = the spec's project
    QString outputProject; // project whose runs/ receives the run; empty = projectRoot
    QString variant;       // empty = the base spec
    RenderOptions options; // chunks, narration clips, encoder, ffmpeg program
    // A narration (tts) run folder, absolute or relative to the project: its narration.wav
    // plays from frame 0 and its cues.json times the captions. Empty = no narration run.
    QString narrationRun;
    int cancelGrace_ms = 3000; // after 'q', wait this long before terminate, then kill
};

} // namespace greenlight
