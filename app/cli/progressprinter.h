#pragma once

#include "run/runrecord.h"

#include <QElapsedTimer>
#include <QString>

namespace greenlight::cli {

// Render progress for people and for programs: a bar redrawn with a carriage return on a
// terminal, plain lines every tenth otherwise, or JSON lines (one event per line) with --json.
class ProgressPrinter
{
public:
    enum class Mode { Bar, Lines, Json };
    explicit ProgressPrinter(Mode mode) : m_mode(mode) {}
    static Mode modeFor(bool json);

    void started(const QString &runId, const QString &runDir);
    void progress(double fraction, qint64 frame, qint64 totalFrames);
    void cancelling();
    void finished(const RunRecord &record, const QString &runDir);

private:
    Mode m_mode;
    int m_lastTenth = -1;
    int m_lastPercent = -1;
    bool m_barShown = false;
    QElapsedTimer m_clock;
};

} // namespace greenlight::cli
