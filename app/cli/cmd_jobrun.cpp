#include "command.h"
#include "interrupts.h"

#include "remote/jobworker.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

#include <csignal>

namespace greenlight::cli {

namespace {

int runJobRun(const QStringList &args)
{
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        out() << "Usage: greenlight-cli job-run <job-dir>\n"
                 "Runs a submitted job in the foreground: the worker `submit` starts in its own session, or what a\n"
                 "scheduler runs for a job made with `submit --no-start`. Writes job.json, events.jsonl and worker.log\n"
                 "in the job folder. SIGTERM or Ctrl+C cancels the render cleanly.\n"
                 "Exit 0 succeeded, 1 failed, 2 the job cannot run, 4 cancelled.\n";
        return ExitOk;
    }
    if (args.size() != 2) {
        err() << "greenlight-cli job-run: give exactly one job folder\n";
        return ExitUsage;
    }
    const QString dir = QFileInfo(args.at(1)).absoluteFilePath();
    if (!QFileInfo(dir + QStringLiteral("/job.json")).isFile()) {
        err() << "greenlight-cli job-run: not a job folder (no job.json): " << dir << "\n";
        return ExitUsage;
    }
    // A hangup of whatever started us (a terminal, an SSH session) is not a reason to stop.
    ::signal(SIGHUP, SIG_IGN);
    Interrupts interrupts;
    JobWorker worker(dir);
    QEventLoop loop;
    QObject::connect(&interrupts, &Interrupts::interrupted, &worker, &JobWorker::cancel);
    QObject::connect(&worker, &JobWorker::finished, &loop, [&loop](int code) { loop.exit(code); });
    worker.start();
    return loop.exec();
}

} // namespace

GREENLIGHT_CLI_COMMAND(jobrun, "job-run", "Run a submitted job in the foreground (what submit starts detached).", runJobRun);

} // namespace greenlight::cli
