#include "command.h"
#include "interrupts.h"

#include "remote/jobworker.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

#include <csignal>

namespace greenlight::cli {

namespace {

void describeJobRun(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Run a submitted job in the foreground: the worker `submit` starts in its own session, or what a scheduler "
        "runs for a job made with `submit --no-start`. Writes job.json, events.jsonl and worker.log in the job "
        "folder. SIGTERM or Ctrl+C cancels the render cleanly.\n"
        "Exit 0 succeeded, 1 failed, 2 the job cannot run, 4 cancelled."));
    parser.addPositionalArgument(QStringLiteral("job-dir"), QStringLiteral("The job folder (jobs/<job-id> in a project)."),
                                 QStringLiteral("<job-dir>"));
}

int runJobRun(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("job-run")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli job-run: give exactly one job folder\n";
        return ExitUsage;
    }
    const QString dir = QFileInfo(parser.positionalArguments().constFirst()).absoluteFilePath();
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

GREENLIGHT_CLI_COMMAND(jobrun, "job-run", "Run a submitted job in the foreground (what submit starts detached).",
                       describeJobRun, runJobRun);

} // namespace greenlight::cli
