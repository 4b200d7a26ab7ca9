#pragma once

#include "cues/captionlayout.h"
#include "cues/cuetimeline.h"
#include "spec/videospec.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// An explicit caption line of the spec (captions.source = "lines") placed on the video
// timeline, frames [startFrame, endFrame).
struct PlacedCaptionLine
{
    int index = 0;             // into the spec's captions.lines
    std::optional<QString> id; // the line's id, when it has one
    QString scene;
    QString text;
    qint64 startFrame = 0;
    qint64 endFrame = 0;
    // How the time was decided: "spec" (the line's own startFrame/endFrame, scene-relative),
    // "narration" (the words of the scene's narration that say the same text), or "scene"
    // (untimed lines share their scene in order, in proportion to their length).
    QString timing;
    QStringList segments; // cue segment ids the line was aligned to (timing "narration")
};

// Places the spec's explicit caption lines on the video timeline. A line's startFrame and
// endFrame count from its scene's first frame (0 and the scene's length when absent, as the
// spec rules check them). A line with neither is aligned to the narration of its scene when
// a run of the scene's cue words reads the same (letters and digits compared, case and
// punctuation ignored; later lines are searched after earlier ones); the rest of the untimed
// lines of a scene share the scene, one after the other, in proportion to their length.
// Times are clamped to the scene; lines of unknown scenes and empty spans are left out.
// Ordered by startFrame (spec order for ties).
QList<PlacedCaptionLine> placeCaptionLines(const VideoSpec &spec, const CueTimeline &timeline);

// The caption cues the spec asks for. captions.source "lines": one cue per placed line
// (split into consecutive cues, in proportion to their length, when the line needs more than
// maxLines lines), text broken by CaptionLayout::breakLines with the style's rules, short
// cues lengthened to minDurationFrames without running into the next one, overlaps cut at
// the next cue's start. Otherwise (source "narration", or no captions block):
// CaptionLayout::layout of the timeline with CaptionRules::fromSpec. Frames at the spec's
// canvas rate; the timeline's samples are converted at its own sample rate.
QList<CaptionCue> captionsForSpec(const VideoSpec &spec, const CueTimeline &timeline);

// With explicit caption lines, binds each cue segment to the line it is read in
// (CueSegment::captionLine): the line, in the segment's scene and with an id, that covers
// more than half of the segment's frames. Segments with no such line are left unbound.
// Does nothing when captions come from the narration.
void bindCaptionLines(const VideoSpec &spec, CueTimeline &timeline);

} // namespace greenlight
