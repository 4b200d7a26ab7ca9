#pragma once

#include "common/result.h"
#include "spec/videospec.h"

#include <QString>

namespace greenlight {

// A quick structural check of a finished render before it is presented as good (ffmpeg can
// exit 0 after a failed write): the file opens, its video stream has the planned size, rate
// and frame count, and every indexed sample lies inside the file. Reads only the container
// header. Errors: render.output.invalid.
Status checkRenderedOutput(const QString &path, const Canvas &canvas, qint64 expectedFrames);

} // namespace greenlight
