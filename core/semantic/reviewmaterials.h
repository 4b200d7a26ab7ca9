#pragma once

#include "common/result.h"
#include "qa/finding.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// A piece of text the video says or shows: a narration/caption cue or an on-screen text layer.
struct ReviewText
{
    QString id;                      // cue id or layer id
    QString text;
    std::optional<FrameRange> frames; // where it is on the video timeline, when known
    QString scene;
};

// What a model reviewer is shown besides the frames: what is said and what is claimed.
struct ReviewMaterials
{
    QString videoPath;
    QList<ReviewText> cues;         // narration and caption text with cue ids
    QString title;                  // the spec's claims ...
    QString ctaText;
    QList<ReviewText> onScreenText; // ... and its on-screen text layers
    QList<FrameRange> scenes;       // scene ranges (for sampling at scene midpoints)

    // Reads a run folder loosely: <run-dir>/output.mp4 (required; error review.input),
    // cues.json segments (sourceText, else spokenText) and props.json (title, CTA, text layers,
    // scenes; narration segments stand in for cues when cues.json is absent). Missing or odd
    // optional files leave their parts empty.
    static Result<ReviewMaterials> fromRunDir(const QString &runDir);
};

} // namespace greenlight
