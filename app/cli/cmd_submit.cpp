#include "command.h"
#include "renderarguments.h"

#include "common/jsonio.h"
#include "remote/jobcontrol.h"
#include "remote/jobrecord.h"
#include "remote/jobstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>

namespace greenlight::cli {

namespace {

void describeSubmit(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Start a render job that runs on without the caller: the spec is checked as `render` checks it, a job "
        "folder <project>/jobs/<job-id>/ is made in the output project (job.json, events.jsonl, worker.log) and a "
        "worker (`greenlight-cli job-run`) starts in its own session, so it survives the caller's exit and a dropped "
        "SSH connection. Prints the job id and returns at once; follow it with status, logs and cancel.\n"
        "Exit 0 submitted, 2 refused (bad options or spec: no job is made), 3 the worker could not start."));
    RenderArguments::addOptions(parser);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print {\"jobId\", \"jobDir\"} as one JSON line.")});
    parser.addOption({QStringLiteral("no-start"),
                      QStringLiteral("Only make the job folder (queued); a scheduler runs `greenlight-cli job-run <job-dir>`.")});
    parser.addPositionalArgument(QStringLiteral("spec"), QStringLiteral("The spec file to render."), QStringLiteral("<spec>"));
}

int runSubmit(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("submit")))
        return *exit;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli submit: give exactly one spec file\n";
        return ExitUsage;
    }
    RenderArguments render;
    if (!render.resolve(parser, parser.positionalArguments().first())) {
        render.printRefusal(QStringLiteral("submit"), json);
        return ExitUsage;
    }

    JobRecord record;
    record.request = render.request();
    record.launcher = parser.isSet(QStringLiteral("no-start")) ? JobLauncher::External : JobLauncher::Detached;
    Result<JobStore> store = JobStore::create(record);
    if (!store) {
        err() << "greenlight-cli submit: " << store.error().toString() << "\n";
        return ExitFailed;
    }
    Result<JobRecord> id = store->load();
    if (!id) {
        err() << "greenlight-cli submit: " << id.error().toString() << "\n";
        return ExitFailed;
    }
    if (record.launcher == JobLauncher::Detached) {
        if (Result<JobRecord> launched = JobControl::launch(*store, QCoreApplication::applicationFilePath()); !launched) {
            err() << "greenlight-cli submit: " << launched.error().toString() << "\n";
            return ExitFailed;
        }
    }
    if (json)
        out() << toQString(Json({{"jobId", toStd(id->id)}, {"jobDir", toStd(store->dir())}}).dump()) << "\n";
    else
        out() << id->id << "\n";
    out().flush();
    return ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(submit, "submit",
                       "Start a detached render job (render's options; --json, --no-start); prints its job id.",
                       describeSubmit, runSubmit);

} // namespace greenlight::cli
