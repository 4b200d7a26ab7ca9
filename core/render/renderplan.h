#pragma once

#include "common/jsonio.h"
#include "render/encodersettings.h"
#include "spec/videospec.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight {

// Narration audio placed on the timeline: the file starts playing at startFrame.
// (Issue #4 supplies these from a TTS run; without any, the render carries digital silence.)
struct NarrationClip
{
    QString path;         // absolute, or relative to the run folder
    qint64 startFrame = 0; // on the video timeline
    QString sceneId;      // the scene it belongs to, for the record
};

struct RenderOptions
{
    int chunks = 1; // >1: independent chunks of whole scenes, concatenated without re-encoding
    QList<NarrationClip> narration;
    EncoderSettings encoder;
    QString program = QStringLiteral("ffmpeg");
};

// A file the plan needs in the run folder before any job starts (text for drawtext, filter
// scripts, the concat list).
struct PlanFile
{
    QString path; // relative to the run folder
    QByteArray content;
};

// One ffmpeg invocation. Run it from the run folder: every path in args is either
// absolute (project assets, fonts) or relative to the run folder.
struct PlanJob
{
    QString id;   // render | chunk-000 ... | concat
    QString role; // render | chunk | concat
    QStringList args;     // everything after the program name
    QString filterScript; // relative path of its -filter_complex_script
    QString output;       // relative path of what it writes
    QString log;          // relative path of its stderr log
    int firstScene = 0;
    int sceneCount = 0;
    qint64 firstFrame = 0;
    qint64 frameCount = 0; // frames it writes (progress is measured against this)
};

// Scene by scene and layer by layer what will be drawn, and the exact ffmpeg jobs that
// draw it (plan.json).
struct RenderPlan
{
    QString program = QStringLiteral("ffmpeg");
    Canvas canvas;
    qint64 durationFrames = 0;
    int audioSampleRate = 48000;
    qint64 durationSamples = 0;
    EncoderSettings encoder;
    int chunks = 1;
    Json scenes = Json::array(); // descriptions, one per scene
    Json captions = Json::array(); // burned-in captions: frames, lines, plate
    QList<NarrationClip> narration;
    QList<PlanFile> files;
    QList<PlanJob> jobs;
    QString output = QStringLiteral("output.mp4");
    QStringList intermediates; // files removed once the output is complete (chunks)

    // Frames written by the render and chunk jobs before job index `job`.
    qint64 framesBefore(int job) const;
    Json toJson() const;
};

} // namespace greenlight
