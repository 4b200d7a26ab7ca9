#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace greenlight {

// Lower-case hex sha256 of a file, streamed in blocks (errors: io.read).
Result<QString> sha256File(const QString &path);
QString sha256Hex(const QByteArray &bytes);

} // namespace greenlight
