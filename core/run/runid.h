#pragma once

#include "run/runrecord.h"

#include <QDateTime>
#include <QString>

namespace greenlight {

// Run ids sort by creation time: "20261124T001502Z-render-3f9a2c" (UTC second, kind, six
// random hex digits so runs started in the same second stay distinct).
QString makeRunId(RunKind kind, const QDateTime &utc = QDateTime::currentDateTimeUtc());
bool isValidRunId(const QString &id);

} // namespace greenlight
