#include "progressprinter.h"

#include "command.h"

#include "common/jsonio.h"

#include <cmath>

namespace greenlight::cli {

namespace {
void printJsonLine(const Json &event)
{
    out() << toQString(event.dump(-1, ' ', false, Json::error_handler_t::replace)) << "\n";
    out().flush();
}
} // namespace

ProgressPrinter::Mode ProgressPrinter::modeFor(bool json)
{
    if (json)
        return Mode::Json;
    return stdoutIsTerminal() ? Mode::Bar : Mode::Lines;
}

void ProgressPrinter::started(const QString &runId, const QString &runDir)
{
    m_clock.start();
    if (m_mode == Mode::Json) {
        printJsonLine({{"event", "started"}, {"runId", toStd(runId)}, {"runDir", toStd(runDir)}});
        return;
    }
    out() << "render " << runId << "\n";
    out().flush();
}

void ProgressPrinter::progress(double fraction, qint64 frame, qint64 totalFrames)
{
    fraction = std::clamp(fraction, 0.0, 1.0);
    switch (m_mode) {
    case Mode::Json:
        printJsonLine({{"event", "progress"}, {"frame", frame}, {"totalFrames", totalFrames},
                       {"fraction", std::round(fraction * 10000.0) / 10000.0}});
        break;
    case Mode::Bar: {
        const int percent = int(fraction * 100.0);
        if (percent == m_lastPercent)
            break;
        m_lastPercent = percent;
        constexpr int width = 30;
        const int filled = int(fraction * width);
        out() << "\r[" << QString(filled, QLatin1Char('#')) << QString(width - filled, QLatin1Char('.')) << "] "
              << QString::number(percent).rightJustified(3) << "%  frame " << frame << "/" << totalFrames;
        out().flush();
        m_barShown = true;
        break;
    }
    case Mode::Lines: {
        const int tenth = int(fraction * 10.0);
        if (tenth == m_lastTenth)
            break;
        m_lastTenth = tenth;
        out() << "progress " << tenth * 10 << "% (frame " << frame << " of " << totalFrames << ")\n";
        out().flush();
        break;
    }
    }
}

void ProgressPrinter::cancelling()
{
    if (m_mode == Mode::Json) {
        printJsonLine({{"event", "cancelling"}});
        return;
    }
    if (m_barShown)
        out() << "\n";
    m_barShown = false;
    out() << "cancelling...\n";
    out().flush();
}

void ProgressPrinter::finished(const RunRecord &record, const QString &runDir)
{
    const std::optional<Error> error = record.lastError();
    if (m_mode == Mode::Json) {
        Json e = {{"event", "finished"}, {"status", toStd(toString(record.status))}, {"runId", toStd(record.id)},
                  {"runDir", toStd(runDir)}};
        if (error)
            e["error"] = {{"code", toStd(error->code)}, {"message", toStd(error->message)}};
        printJsonLine(e);
        return;
    }
    if (m_barShown)
        out() << "\n";
    out() << toString(record.status) << " in " << QString::number(m_clock.elapsed() / 1000.0, 'f', 1) << " s: "
          << runDir << "\n";
    out().flush();
    if (error) {
        err() << "error (" << error->code << "): " << error->message << "\n";
        err().flush();
    }
}

} // namespace greenlight::cli
