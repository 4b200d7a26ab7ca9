#include "command.h"
#include "jobargument.h"

#include "common/jsonio.h"
#include "remote/jobrecord.h"
#include "remote/jobstore.h"

#include <QCommandLineParser>
#include <QDir>

namespace greenlight::cli {

namespace {

const QString kVerb = QStringLiteral("greenlight-cli status: ");

QString percent(const JobRecord &r)
{
    return QString::number(int(r.progress.fraction * 100.0)) + QLatin1Char('%');
}

void printJob(const JobRecord &r, const QString &dir)
{
    out() << "job " << r.id << ": " << toString(r.state);
    if (r.progress.totalFrames > 0)
        out() << ", " << percent(r) << " (frame " << r.progress.frame << " of " << r.progress.totalFrames << ")";
    out() << "\n";
    out() << "  spec      " << r.request.specPath;
    if (!r.request.variant.isEmpty())
        out() << " (variant " << r.request.variant << ")";
    out() << "\n";
    if (!r.runId.isEmpty())
        out() << "  run       " << r.runId << "  " << r.runDir << "\n";
    if (r.pid > 0)
        out() << "  worker    pid " << r.pid << " on " << r.host << "\n";
    out() << "  created   " << r.createdAt << "\n";
    if (!r.startedAt.isEmpty())
        out() << "  started   " << r.startedAt << "\n";
    if (!r.cancelRequestedAt.isEmpty())
        out() << "  cancel    requested " << r.cancelRequestedAt << "\n";
    if (!r.endedAt.isEmpty())
        out() << "  ended     " << r.endedAt << "\n";
    if (r.exitCode)
        out() << "  exit code " << *r.exitCode << "\n";
    if (r.error)
        out() << "  error     " << r.error->code << ": " << r.error->message << "\n";
    out() << "  folder    " << dir << "\n";
}

int listJobs(const QString &project, bool json)
{
    const QDir jobs(JobStore::jobsFolder(project));
    int shown = 0;
    for (const QString &name : jobs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        if (!isValidJobId(name))
            continue;
        const JobStore store(jobs.filePath(name));
        Result<JobRecord> r = store.refresh();
        if (!r) {
            err() << kVerb << r.error().toString() << "\n";
            continue;
        }
        ++shown;
        if (json) {
            out() << toQString(r->toJson(store.dir()).dump()) << "\n";
            continue;
        }
        out() << r->id << "  " << toString(r->state).leftJustified(10) << percent(*r).rightJustified(5) << "  "
              << (r->runId.isEmpty() ? QStringLiteral("-") : r->runId) << "\n";
    }
    if (shown == 0 && !json)
        out() << "no jobs in " << jobs.path() << "\n";
    return ExitOk;
}

void describeStatus(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "The state of a submitted job: queued, running, succeeded, failed or cancelled, with progress, run id and "
        "run folder once known, exit code, error, times, worker pid and host. A job whose worker is gone without a "
        "result is recorded failed (\"worker exited without a result\") here. Without JOB: every job of the project.\n"
        "Exit 0 shown, 2 no such job, 3 the job record cannot be read."));
    addJobProjectOption(parser);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print job.json as one JSON line, with \"jobDir\" added.")});
    parser.addPositionalArgument(QStringLiteral("job"), QStringLiteral("A job id or a job folder."), QStringLiteral("[JOB]"));
}

int runStatus(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("status")))
        return *exit;
    const bool json = parser.isSet(QStringLiteral("json"));
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        err() << kVerb << "give at most one job\n";
        return ExitUsage;
    }
    if (positional.isEmpty())
        return listJobs(jobProject(parser), json);
    Result<JobStore> store = openJobArgument(parser, positional.first());
    if (!store) {
        err() << kVerb << store.error().toString() << "\n";
        return ExitUsage;
    }
    Result<JobRecord> record = store->refresh();
    if (!record) {
        err() << kVerb << record.error().toString() << "\n";
        return ExitFailed;
    }
    if (json)
        out() << toQString(record->toJson(store->dir()).dump()) << "\n";
    else
        printJob(*record, store->dir());
    return ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(status, "status", "State of a submitted job (or of every job of a project); --json.", describeStatus, runStatus);

} // namespace greenlight::cli
