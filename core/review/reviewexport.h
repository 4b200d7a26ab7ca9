#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "gate/gate.h"

#include <QImage>
#include <QList>
#include <QString>

#include <functional>

namespace greenlight {

// Review notes of one evaluated run, exported for people outside the desk: a CSV sheet with a
// still per note, a PDF review report and an OpenTimelineIO timeline with the findings as
// markers. Every finding of every stage is a note, in the order of GateEvaluation::findings.
// Frame ranges are half-open [start, end); timecodes are HH:MM:SS:FF, non-drop-frame, at the
// run's frame rate (ReviewSession::timecode), and a note's out timecode names its end frame
// (exclusive, as an editor's out point).
//
// Every file is written atomically: a failed export leaves no file presented as good (the
// previous export, if any, stays as it was).
namespace reviewexport {

// Grabs frame `frame` of `videoPath` scaled to `width` pixels wide. Errors: media.unreadable,
// media.frame-range, media.decode.
using StillSource = std::function<Result<QImage>(const QString &videoPath, qint64 frame, int width)>;

struct ExportOptions
{
    int stillWidth = 640;       // pixels; smaller videos keep their own width
    StillSource stills;         // empty: the in-process frame decoder (media/framedecoder.h)
    QString generatedAt;        // ISO-8601 text for the report; empty: now (UTC)
};

// The run's frame rate (run.json media), 30/1 when the run names none.
Rational runFps(const GateEvaluation &evaluation);
// The run's video file (the artifact with role "video", else output.mp4), absolute; empty
// when the run has none.
QString runVideoPath(const GateEvaluation &evaluation);
// The frame a note's still shows: the range's first frame, or none (-1) for findings without
// frames.
qint64 stillFrame(const Finding &finding);

// The notes as CSV rows (RFC 4180: CRLF line ends, fields with a comma, quote or line break
// quoted, quotes doubled). Columns: note, id, code, stage, severity, status, frame_start,
// frame_end, timecode_in, timecode_out, message, reviewer, waiver_reason, still.
// `stillFiles[i]` names note i's still (relative to the CSV), empty when it has none.
QByteArray notesCsv(const GateEvaluation &evaluation, const QStringList &stillFiles);

// Writes <outDir>/notes.csv and <outDir>/stills/NNN.png (one still per note with frames, at
// the range's first frame). Stills are made in a staging folder first and replace any earlier
// stills/ folder only when all of them exist; notes.csv is written last. Errors: io.write,
// review.export.video (a note has frames but the run has no readable video), media.*.
// Returns the CSV path.
Result<QString> exportNotesCsv(const GateEvaluation &evaluation, const QString &outDir,
                               const ExportOptions &options = {});

// A multi-page A4 PDF: title block (spec, variant, run, manifest sha256, date), stage summary,
// the latest decision (or that there is none), then every finding with its still.
// Needs a QGuiApplication (Qt's font machinery); without one: review.export.gui.
// Errors: io.write, review.export.pdf, review.export.gui, media.*.
Status exportReportPdf(const GateEvaluation &evaluation, const QString &outPath, const ExportOptions &options = {});

// The OpenTimelineIO document (Timeline.1 -> Stack.1 -> Track.1 "Video" -> Clip.2 referencing
// the run's video through ExternalReference.1) with one Marker.2 per finding on the clip:
// name = code, marked_range = the finding's frames (the whole clip for findings without
// frames), color RED / ORANGE / CYAN for blocker / warning / info, comment = message.
Json otioTimeline(const GateEvaluation &evaluation);
// Writes otioTimeline() to `outPath`. Errors: io.write.
Status exportOtio(const GateEvaluation &evaluation, const QString &outPath);

} // namespace reviewexport

} // namespace greenlight
