#pragma once

#include "specstatus.h"

#include <QCoreApplication>
#include <QString>

namespace greenlight {

// How the desk writes numbers and states for people: one place, so every view agrees.
// Uses the default QLocale for decimals.
class DisplayFormat
{
    Q_DECLARE_TR_FUNCTIONS(DisplayFormat)
public:
    // 30/1 -> "30", 30000/1001 -> "29.97", 24000/1001 -> "23.976".
    static QString frameRate(const Rational &fps);
    // "720×1280 @ 30 fps"
    static QString canvas(const Canvas &canvas);
    // "390 frames (13.00 s)"
    static QString duration(qint64 duration_frames, const Rational &fps);
    // "clean", "2 warnings", "3 blockers", "1 blocker, 2 warnings", "invalid JSON", ...
    static QString validationState(const SpecStatus &status);
    // "blocker", "warning", "info"
    static QString severity(Severity severity);
    static QString count(int n, const QString &singular, const QString &plural);
};

} // namespace greenlight
