#include "command.h"
#include "jobargument.h"

#include "common/jsonio.h"
#include "remote/jobcontrol.h"
#include "remote/jobrecord.h"
#include "remote/jobstore.h"

#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

namespace greenlight::cli {

namespace {

const QString kVerb = QStringLiteral("greenlight-cli cancel: ");
constexpr int kPoll_ms = 100;
constexpr int kDefaultGrace_s = 20;

int report(const JobRecord &r, const QString &dir, bool json, bool wasFinal)
{
    if (json) {
        out() << toQString(r.toJson(dir).dump()) << "\n";
    } else if (wasFinal) {
        out() << "job " << r.id << " had already ended: " << toString(r.state) << "\n";
    } else {
        out() << "job " << r.id << ": " << toString(r.state);
        if (r.error)
            out() << " (" << r.error->message << ")";
        out() << "\n";
    }
    return isFinal(r.state) ? ExitOk : ExitFailed;
}

void describeCancel(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Cancel a submitted job: the request is recorded in job.json and the worker gets SIGTERM, which cancels the "
        "render cleanly (no output is kept) and records the job cancelled. A worker that has not stopped after the "
        "grace period is killed with its ffmpeg and the job recorded cancelled. A job that has ended is left as it "
        "is.\nExit 0 the job has ended (cancelled, or it had ended before), 2 no such job, 3 it could not be stopped."));
    addJobProjectOption(parser);
    parser.addOption({QStringLiteral("grace"),
                      QStringLiteral("Seconds to wait for a clean stop before killing the worker (default %1).").arg(kDefaultGrace_s),
                      QStringLiteral("S"), QString::number(kDefaultGrace_s)});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the job's final record as one JSON line (as status --json).")});
    parser.addPositionalArgument(QStringLiteral("job"), QStringLiteral("A job id or a job folder."), QStringLiteral("JOB"));
}

int runCancel(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("cancel")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << kVerb << "give exactly one job\n";
        return ExitUsage;
    }
    bool graceOk = false;
    const double grace_s = parser.value(QStringLiteral("grace")).toDouble(&graceOk);
    if (!graceOk || grace_s < 0) {
        err() << kVerb << "--grace needs a number of seconds\n";
        return ExitUsage;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    Result<JobStore> store = openJobArgument(parser, parser.positionalArguments().first());
    if (!store) {
        err() << kVerb << store.error().toString() << "\n";
        return ExitUsage;
    }
    Result<JobRecord> before = store->refresh();
    if (!before) {
        err() << kVerb << before.error().toString() << "\n";
        return ExitFailed;
    }
    if (isFinal(before->state))
        return report(*before, store->dir(), json, true);

    Result<JobRecord> requested = JobControl::requestCancel(*store);
    if (!requested) {
        err() << kVerb << requested.error().toString() << "\n";
        return ExitFailed;
    }

    // Wait for the worker to record its end; past the grace period, stop it by force.
    const QDeadlineTimer deadline(qint64(grace_s * 1000.0));
    Result<JobRecord> current = requested;
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        current = store->refresh();
        if (!current || isFinal(current->state)) {
            loop.quit();
            return;
        }
        if (deadline.hasExpired()) {
            current = JobControl::forceStop(*store, QStringLiteral("the worker did not stop within %1 s of the cancel "
                                                                   "and was killed; no output was kept")
                                                        .arg(grace_s));
            loop.quit();
        }
    });
    if (!isFinal(current->state)) {
        poll.start(kPoll_ms);
        loop.exec();
    }
    if (!current) {
        err() << kVerb << current.error().toString() << "\n";
        return ExitFailed;
    }
    return report(*current, store->dir(), json, false);
}

} // namespace

GREENLIGHT_CLI_COMMAND(cancel, "cancel", "Cancel a submitted job (SIGTERM, then kill after --grace seconds).", describeCancel, runCancel);

} // namespace greenlight::cli
