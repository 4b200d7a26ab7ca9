#pragma once

#include "common/jsonio.h"
#include "qa/finding.h"
#include "spec/videospec.h" // Rational

#include <QHash>
#include <QList>

namespace greenlight {

// The limits the deterministic QA stage holds a render to. Every field has a default, so an
// empty JSON object is valid. The JSON is flat and its first ten keys are exactly the "qa"
// object of a runbook (schemas/runbook.schema.json, Runbook::qaThresholds()), so a runbook's
// policy loads as it is:
//
//   {
//     "loudnessTargetLufs": -14, "loudnessToleranceLu": 1, "truePeakMaxDbtp": -1,
//     "durationToleranceFrames": 1,
//     "blackMinSpan_ms": 500, "frozenMinSpan_ms": 500, "silenceMinSpan_ms": 500,
//     "silenceThresholdDbfs": -60, "ssimThreshold": 0.98, "requireAudio": false,
//
//     -- Greenlight extensions (per spec or per run rather than runbook policy):
//     "changedMinSpanFrames": 1,
//     "blackPixelThreshold": 0.10, "blackPictureRatio": 0.98, "freezeNoiseDb": -60,
//     "allowedSpans": {"black": [{"start": 0, "end": 15}], "frozen": [], "silence": [], "changed": []},
//     "severities": {"qa.frozen.span": "blocker"}
//   }
//
// Allowed spans are frame ranges [start, end) where black, frozen, silent or changed pictures
// are expected (fades, title holds, pauses, a scene the spec changed on purpose).
struct QaThresholds
{
    double loudnessTargetLufs = -14.0;
    double loudnessToleranceLu = 1.0;
    double truePeakMaxDbtp = -1.0;
    qint64 durationToleranceFrames = 1;
    qint64 blackMinSpan_ms = 500;
    qint64 frozenMinSpan_ms = 500;
    qint64 silenceMinSpan_ms = 500;
    double silenceThresholdDbfs = -60.0;
    double ssimThreshold = 0.98;
    bool requireAudio = false;

    qint64 changedMinSpanFrames = 1;
    double blackPixelThreshold = 0.10;  // FFmpeg blackdetect pix_th
    double blackPictureRatio = 0.98;    // FFmpeg blackdetect pic_th
    double freezeNoiseDb = -60.0;       // FFmpeg freezedetect noise

    QList<FrameRange> allowedBlack;
    QList<FrameRange> allowedFrozen;
    QList<FrameRange> allowedSilence;
    QList<FrameRange> allowedChanged;

    QHash<QString, Severity> severities; // per finding code, overriding the table's default

    // A span in milliseconds as a whole number of frames (rounded up, at least 1).
    static qint64 framesFor(qint64 span_ms, const Rational &fps);
    double freezeNoiseRatio() const;

    Json toJson() const;
    // Errors (code qa.thresholds.invalid) name the JSON pointer of the offending value;
    // unknown keys are errors too, so a misspelt limit never silently falls back to a default.
    static Result<QaThresholds> fromJson(const Json &json);
};

} // namespace greenlight
