#pragma once

#include "cues/cuetimeline.h"
#include "cues/subtitleparser.h"
#include "spec/videospec.h"

#include <QString>
#include <QStringList>

namespace greenlight {

struct SubtitleImportOptions
{
    int sampleRate = 48000;
    Rational fps;
    const VideoSpec *spec = nullptr; // when given: segments are bound to the scene they start in
};

// Turns a WebVTT or SubRip file into a cue timeline: one segment per cue (in order of
// start), text with markup removed (lines joined by "\n"), words with timings estimated in
// proportion to their length (source "estimate"). Times convert exactly: milliseconds to
// samples and frames rounded to the nearest in integer arithmetic. Errors: cues.parse
// (with file:line), io.read.
class SubtitleImporter
{
public:
    static Result<CueTimeline> importFile(const QString &path, const SubtitleImportOptions &options,
                                          QStringList *warnings = nullptr);
    static Result<CueTimeline> importBytes(const QByteArray &bytes, const QString &fileName,
                                           const SubtitleImportOptions &options, QStringList *warnings = nullptr);
    static CueTimeline fromParsed(const ParsedSubtitles &parsed, const QString &fileName,
                                  const SubtitleImportOptions &options);
};

} // namespace greenlight
