#include "qa/findingcodes.h"

namespace greenlight {

QList<FindingCode> deterministicFindingCodes()
{
    using S = Severity;
    const Stage st = Stage::Deterministic;
    return {
        {"qa.media.unreadable", st, S::Blocker, "The output cannot be read as media (missing, empty, truncated or damaged). Render it again and check the render log."},
        {"qa.stream.missing", st, S::Blocker, "The output lacks a required stream (picture or sound). Check the render plan's mapping and the narration step, then render again."},
        {"qa.dimensions.mismatch", st, S::Blocker, "The picture size differs from the spec's canvas. Check the render's scaling and output settings."},
        {"qa.fps.mismatch", st, S::Blocker, "The frame rate differs from the spec's. Check the render's output rate (e.g. 30000/1001 vs 30/1)."},
        {"qa.vfr", st, S::Warning, "The output has a variable frame rate; frame numbers are counted in order, not from timestamps. Render at a constant rate."},
        {"qa.duration.mismatch", st, S::Blocker, "The output is more than one frame longer or shorter than the spec. Look for a truncated render or a mis-timed scene."},
        {"qa.loudness.out-of-range", st, S::Blocker, "Integrated loudness (EBU R128) is outside the target range. Normalize the mix to the target and render again."},
        {"qa.true-peak.too-high", st, S::Blocker, "The true peak exceeds the ceiling; playback may clip after encoding. Apply a true-peak limiter and render again."},
        {"qa.black.span", st, S::Blocker, "Black pictures where none are expected. Check the scene at those frames (missing asset or layer?), or allow the span if it is intended."},
        {"qa.frozen.span", st, S::Warning, "The picture does not change over these frames. Check for a stalled render or missing animation, or allow the span if the hold is intended."},
        {"qa.silence.span", st, S::Warning, "Digital silence where sound is expected. Check the narration and music at those frames, or allow the span if the pause is intended."},
        {"qa.baseline.changed", st, S::Blocker, "These frames differ from the approved baseline (SSIM below the threshold). Review them; allow the span if the change is intended, or waive with a reason."},
        {"qa.artifact.missing", st, S::Blocker, "A required artifact of the run is missing. Render again or restore the file."},
        {"qa.artifact.hash-mismatch", st, S::Blocker, "An artifact's sha256 differs from the manifest. The file changed after the run; restore it or render again."},
    };
}

} // namespace greenlight
