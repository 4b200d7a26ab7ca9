#pragma once

#include "common/result.h"
#include "render/ffmpegjob.h"

#include <QString>

namespace greenlight {

// Turns how an ffmpeg job ended into an error a person can act on: what happened, the line
// of ffmpeg's log that says so, and what to do. Codes: render.disk.full,
// render.input.missing, render.io.permission, render.ffmpeg.missing, render.ffmpeg.crashed,
// render.ffmpeg.rejected, render.ffmpeg.failed.
Error describeFfmpegFailure(const FfmpegOutcome &outcome, const QString &program, const QString &jobId,
                            qint64 expectedFrames, const QString &logPath);

// True when ffmpeg's log shows a failed write even though it may have exited 0 (ffmpeg 5.1
// does so when closing the output fails, e.g. "Error closing file output.mp4: File too large").
bool ffmpegLogShowsWriteFailure(const QByteArray &logTail);

// "SIGKILL" for 9, and so on; "signal N" for the rest.
QString signalName(int signal);

} // namespace greenlight
