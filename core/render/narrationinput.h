#pragma once

#include "common/result.h"
#include "cues/cuetimeline.h"
#include "spec/videospec.h"

#include <QString>

namespace greenlight {

// A narration (tts) run folder as the input of a render: its narration.wav (placed at video
// frame 0, where the cue timeline's samples start) and its cue timeline (cues.json).
struct NarrationRunInput
{
    QString runId;
    QString runDir;   // absolute
    QString wavPath;  // absolute
    QString cuesPath; // absolute
    QString wavSha256;
    QString cuesSha256;
    CueTimeline cues;
};

// Reads a narration run folder for a render of spec `specId` (`variant`, empty = base) at
// `fps`. run.json must be a succeeded tts run; cues.json must be a cue timeline (schema and
// rules) of the same spec and variant at the same frame rate; narration.wav must exist; both
// files must still match the run's manifest.json. Errors say which file is wrong and what to
// do, with code render.narration.invalid (wrong or damaged run) or
// render.narration.unreadable (missing files).
Result<NarrationRunInput> loadNarrationRun(const QString &runDir, const QString &specId,
                                           const QString &variant, const Rational &fps);

} // namespace greenlight
