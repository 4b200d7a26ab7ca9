#pragma once

#include "command.h"
#include "interrupts.h"
#include "progressprinter.h"
#include "renderarguments.h"

#include "render/renderrequest.h"
#include "run/runrecord.h"

#include <QEventLoop>

namespace greenlight::cli {

// The exit code of a render verb for how its run ended.
inline int exitCodeFor(RunStatus status)
{
    switch (status) {
    case RunStatus::Succeeded: return ExitOk;
    case RunStatus::Cancelled: return ExitCancelled;
    default: return ExitFindings; // 1: the run failed
    }
}

// Runs `request` on a render runner (RenderRunner, SlurmRenderRunner) to its end: Ctrl+C
// cancels it, its run and outcome go to `printer` (the caller connects its progress), and
// the exit code is the verb's.
template <typename Runner>
int followRender(Runner &runner, const RenderRequest &request, ProgressPrinter &printer, bool json)
{
    Interrupts interrupts;
    QEventLoop loop;
    QObject::connect(&interrupts, &Interrupts::interrupted, &runner, [&] {
        if (runner.isRunning()) {
            printer.cancelling();
            runner.cancel();
        }
    });
    QObject::connect(&runner, &Runner::runCreated, &runner,
                     [&](const QString &id, const QString &dir) { printer.started(id, dir); });
    QObject::connect(&runner, &Runner::finished, &loop, [&](const RunRecord &record) {
        printer.finished(record, runner.runDir());
        loop.quit();
    });
    if (Status s = runner.start(request); !s) {
        RenderArguments::printRefusal(QStringLiteral("render"), json, s.error().toString());
        return ExitUsage;
    }
    loop.exec();
    return exitCodeFor(runner.record().status);
}

} // namespace greenlight::cli
