#pragma once

#include "common/result.h"
#include "cues/captionlayout.h"
#include "render/renderplan.h"
#include "render/resolvedprops.h"
#include "spec/textstyles.h"
#include "spec/videospec.h"

#include <QList>
#include <QString>

namespace greenlight {

// The text style captions are drawn with: captions.style.text over caption defaults (white,
// centred, bottom-aligned, on a 70% black plate, sized so that maxCharsPerLine characters
// fit the box), with the font family, font asset and weight of the spec's default text
// style when the caption style names none.
EffectiveTextStyle captionTextStyle(const VideoSpec &spec);

// Where captions go: captions.style.box, or a box 80% of the canvas wide, centred, tall
// enough for maxLines lines, whose bottom edge is 8% of the canvas height above the bottom
// (inside the title-safe area, the inner 90%).
Box captionBox(const VideoSpec &spec, const EffectiveTextStyle &style);

// Lays out caption cues for burning in with the same FreeType metrics as slide text. A cue
// that does not fit the box is still drawn and leaves a render.captions.overflow warning.
// Errors: spec.font.unavailable, render.asset.missing (the font file).
Result<ResolvedCaptions> resolveCaptions(const VideoSpec &spec, const QList<CaptionCue> &cues,
                                         const QString &projectRoot,
                                         QList<RenderWarning> &warnings);

// The filters that burn the cues showing within frames [firstFrame, firstFrame + frameCount)
// into a stream whose frames are numbered from 0 at firstFrame: per cue a drawbox for the
// plate and a drawtext per line, each enabled on the cue's frames only. Comma-separated
// (empty when no cue shows); the drawtext text files are added to `files` once each.
QString captionFilters(const ResolvedCaptions &captions, qint64 firstFrame, qint64 frameCount,
                       QList<PlanFile> &files);

// Where the text of line `line` of cue `cue` is written for drawtext's textfile=.
QString captionTextFilePath(int cue, int line);

} // namespace greenlight
