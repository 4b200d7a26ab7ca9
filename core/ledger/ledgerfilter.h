#pragma once

#include <QString>

namespace greenlight {

// Which decisions list() and export return. Empty strings match everything.
struct LedgerFilter
{
    QString specId;
    QString variant;
    QString runId;
    qint64 limit = -1; // -1 = no limit
    qint64 offset = 0;
    bool newestFirst = false;
};

} // namespace greenlight
