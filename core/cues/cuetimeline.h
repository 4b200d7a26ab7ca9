#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "cues/timebase.h"
#include "spec/videospec.h"
#include "tts/ttsengine.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// A word of a cue segment: text and half-open code-point span [charStart, charEnd) in the
// segment's sourceText; half-open samples [startSample, endSample) on the narration track;
// where the timing came from.
using CueWord = SynthesizedWord;

std::optional<TimingSource> timingSourceFromString(const QString &text);

// Which engine voiced a segment.
struct CueEngine
{
    QString name;         // "espeak-ng", "kokoro", "elevenlabs", ...
    QString version;
    QString runtimeClass; // local | remote-self-hosted | remote-api
    std::optional<QString> voice;
    std::optional<QString> model;
    bool operator==(const CueEngine &) const = default;
};

// One stretch of narration: a spec narration segment (or part of one), or one imported cue.
struct CueSegment
{
    QString id;                              // unique in the timeline
    std::optional<QString> scene;            // spec scene id (always set when built from a spec)
    std::optional<QString> narrationSegment; // spec narration segment id, when it has one
    std::optional<int> narrationIndex;       // index into the spec's narration.segments
    std::optional<QString> captionLine;      // spec caption line id (explicit captions)
    std::optional<QString> speaker;          // e.g. from a WebVTT voice span <v Roger>
    QString sourceText;                      // as written in the spec (what viewers read)
    QString spokenText;                      // what the engine was given (pronunciations applied)
    int charStart = 0;                       // span of sourceText in the spec text it was taken
    int charEnd = 0;                         // from, in code points
    qint64 startSample = 0;                  // on the narration track, half-open
    qint64 endSample = 0;
    qint64 startFrame = 0;                   // on the video timeline, at fps, half-open
    qint64 endFrame = 0;
    std::optional<CueEngine> engine;
    QList<CueWord> words;                    // in order; spans in sourceText, absolute samples
};

struct CueOrigin
{
    QString kind = QStringLiteral("synthesis"); // synthesis | import
    std::optional<QString> format;              // webvtt | srt (imports)
    std::optional<QString> file;                // imported file name
};

// The cue timeline contract (schemas/cues.schema.json). Times are integers: samples at
// sampleRate for the narration track (which starts at video frame 0), frames at fps for the
// video timeline.
struct CueTimeline
{
    int schemaVersion = 1;
    std::optional<QString> specId;
    std::optional<QString> variant;
    std::optional<QString> runId;
    int sampleRate = 48000;
    Rational fps;
    std::optional<qint64> durationSamples; // length of the narration track
    CueOrigin origin;
    QList<CueSegment> segments; // ordered by startSample

    TimeBase timeBase() const { return {sampleRate, fps}; }

    // Sets every segment's startFrame/endFrame from its samples (floor / ceil).
    void placeFrames();

    // Rules the schema cannot say: unique ids, order, spans within the text, words within
    // their segment and in order, frames consistent with samples. Errors name the JSON
    // pointer (code cues.invalid).
    Status check() const;

    // fromJson expects a schema-valid document; it runs check() too. Errors: cues.invalid.
    static Result<CueTimeline> fromJson(const Json &json);
    Json toJson() const;
};

Result<CueTimeline> loadCueTimeline(const QString &path);
Status saveCueTimeline(const QString &path, const CueTimeline &timeline);

} // namespace greenlight
