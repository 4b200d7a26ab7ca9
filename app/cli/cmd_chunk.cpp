#include "command.h"
#include "interrupts.h"

#include "common/jsonio.h"
#include "remote/slurmplanjob.h"
#include "render/ffmpegdiagnosis.h"
#include "render/ffmpegjob.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QSysInfo>

#include <csignal>

namespace greenlight::cli {

namespace {

// `render-job`: what one task of a farm render runs on its node. The run folder was
// prepared by the submitting side (plan.json, filter scripts, text files) on storage both
// sides see; this runs one of its ffmpeg jobs there, exactly as the local renderer would.
void describeRenderJob(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Run one ffmpeg job of a prepared render plan (plan.json in a run folder): a chunk of "
        "whole "
        "scenes (--chunk K, the K-th chunk, as a Slurm array task runs it) or a job by id (--job "
        "concat). "
        "Writes the job's output and its log (logs/ffmpeg-<job>.log) in the run folder and checks "
        "the "
        "frame count. SIGTERM or Ctrl+C stops ffmpeg cleanly. Exit 0 succeeded, 2 unusable input, "
        "3 failed, 4 cancelled."));
    parser.addOption({QStringLiteral("chunk"),
                      QStringLiteral("Run the K-th chunk (0-based) of the plan."),
                      QStringLiteral("K")});
    parser.addOption({QStringLiteral("job"),
                      QStringLiteral("Run the plan job with this id (chunk-001, concat, render)."),
                      QStringLiteral("ID")});
    parser.addOption(
        {QStringLiteral("json"), QStringLiteral("Print the result as one JSON line.")});
    parser.addPositionalArgument(QStringLiteral("run-dir"),
                                 QStringLiteral("The prepared run folder."),
                                 QStringLiteral("<run-dir>"));
}

int runRenderJob(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("render-job")))
        return *exit;
    if (parser.positionalArguments().size() != 1 ||
        parser.isSet(QStringLiteral("chunk")) == parser.isSet(QStringLiteral("job"))) {
        err()
            << "greenlight-cli render-job: give one run folder and either --chunk K or --job ID\n";
        return ExitUsage;
    }
    const QString runDir = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();
    Result<SlurmPlanJob> planJob = makeError(QString(), QString());
    if (parser.isSet(QStringLiteral("chunk"))) {
        bool ok = false;
        const int k = parser.value(QStringLiteral("chunk")).toInt(&ok);
        if (!ok || k < 0) {
            err() << "greenlight-cli render-job: --chunk needs a whole number of at least 0\n";
            return ExitUsage;
        }
        planJob = SlurmPlanJob::loadChunk(runDir, k);
    } else {
        planJob = SlurmPlanJob::load(runDir, parser.value(QStringLiteral("job")));
    }
    if (!planJob) {
        err() << "greenlight-cli render-job: " << planJob.error().toString() << "\n";
        return ExitUsage;
    }
    const SlurmPlanJob &pj = *planJob;
    const QDir dir(runDir);
    QDir().mkpath(QFileInfo(dir.filePath(pj.output)).path());
    QDir().mkpath(QFileInfo(dir.filePath(pj.log)).path());

    // A hangup of whatever started us is not a reason to stop; SIGTERM (scancel) is.
    ::signal(SIGHUP, SIG_IGN);
    Interrupts interrupts;
    FfmpegJob job;
    job.setProgram(pj.program);
    job.setArguments(pj.args);
    job.setWorkingDirectory(runDir);
    job.setLogFile(dir.filePath(pj.log));
    QEventLoop loop;
    QObject::connect(&interrupts, &Interrupts::interrupted, &job, &FfmpegJob::cancel);
    QObject::connect(&job, &FfmpegJob::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
    const QString host = QSysInfo::machineHostName();
    const QString startedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    job.start();
    loop.exec();

    const FfmpegOutcome &outcome = job.outcome();
    const bool framesOk = pj.role == QLatin1String("concat") || outcome.lastFrame == pj.frameCount;
    int code = ExitOk;
    QString message;
    std::optional<Error> error;
    if (outcome.kind == FfmpegOutcome::Kind::Cancelled) {
        code = ExitCancelled;
        message = QStringLiteral("cancelled at frame %1").arg(outcome.lastFrame);
    } else if (outcome.kind != FfmpegOutcome::Kind::Succeeded || !framesOk ||
               ffmpegLogShowsWriteFailure(outcome.logTail)) {
        code = ExitFailed;
        error = describeFfmpegFailure(outcome, pj.program, pj.id, pj.frameCount, pj.log);
        message = error->toString();
    } else {
        message = QStringLiteral("%1 frames").arg(outcome.lastFrame);
    }
    const Json result = {{"event", "finished"},
                         {"job", toStd(pj.id)},
                         {"host", toStd(host)},
                         {"startedAt", toStd(startedAt)},
                         {"endedAt", toStd(QDateTime::currentDateTimeUtc().toString(Qt::ISODate))},
                         {"status", code == ExitOk          ? "succeeded"
                                    : code == ExitCancelled ? "cancelled"
                                                            : "failed"},
                         {"frames", outcome.lastFrame},
                         {"exitCode", outcome.exitCode},
                         {"message", toStd(message)},
                         {"code", error ? toStd(error->code) : std::string()}};
    if (parser.isSet(QStringLiteral("json")))
        out() << toQString(result.dump()) << "\n";
    else if (code == ExitOk)
        out() << "render-job " << pj.id << ": done on " << host << ", " << message << "\n";
    if (code != ExitOk)
        err() << "greenlight-cli render-job " << pj.id << " on " << host << ": " << message << "\n";
    return code;
}

} // namespace

GREENLIGHT_CLI_COMMAND(
    renderjob, "render-job",
    "Run one job (a chunk or the concat) of a prepared render plan: what a farm task runs.",
    describeRenderJob, runRenderJob);

} // namespace greenlight::cli
