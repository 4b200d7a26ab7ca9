#include "remote/slurmclient.h"

#include "remote/slurmcodes.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QThread>

#include <algorithm>
#include <optional>

namespace greenlight {

namespace {

constexpr int kSleepSlice_ms = 50;

// What Slurm's commands print when the cluster, not the request, is the problem.
bool looksUnavailable(const QByteArray &stderrText)
{
    static const char *const kPatterns[] = {
        "Unable to contact slurm controller",
        "Connection refused",
        "Socket timed out",
        "Zero Bytes were transmitted",
        "Unable to process configuration file",
        "Could not establish a configuration source",
        "Communication connection failure",
        "Invalid authentication credential",
        "auth/munge",
        "Munge encode failed",
        "Munge decode failed",
        "backup controller in standby mode",
    };
    for (const char *p : kPatterns)
        if (stderrText.contains(p))
            return true;
    return false;
}

QString firstLines(const QByteArray &text, int lines = 6)
{
    QStringList all =
        QString::fromUtf8(text).trimmed().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (all.size() > lines)
        all = all.mid(0, lines) << QStringLiteral("...");
    return all.join(QStringLiteral(" | "));
}

QString describeEnd(const SlurmTaskStatus &t)
{
    QString s = QStringLiteral("%1 on %2")
                    .arg(t.stateText.isEmpty() ? toString(t.state) : t.stateText,
                         t.nodes.isEmpty() ? QStringLiteral("no node") : t.nodes);
    if (t.exitSignal != 0)
        s += QStringLiteral(", signal %1").arg(t.exitSignal);
    else
        s += QStringLiteral(", exit code %1").arg(t.exitCode);
    if (!t.reason.isEmpty())
        s += QStringLiteral(" (%1)").arg(t.reason);
    return s;
}

} // namespace

SlurmClient::SlurmClient(std::shared_ptr<SlurmCommandRunner> runner) : m_runner(std::move(runner))
{
}

SlurmCommandOutput SlurmClient::runCommand(const QString &program, const QStringList &args,
                                           const QByteArray &stdinData)
{
    SlurmCommand c;
    c.program = program;
    c.arguments = args;
    c.stdinData = stdinData;
    c.timeout_ms = m_commandTimeout_ms;
    return m_runner->run(c);
}

Error SlurmClient::commandError(const SlurmCommandOutput &out, const QString &program,
                                QLatin1String code, const QString &what,
                                const QString &location) const
{
    const QString where = m_runner->describe();
    switch (out.end) {
    case SlurmCommandOutput::End::FailedToStart:
        return makeError(
            slurmcodes::unavailable,
            QStringLiteral("%1: '%2' could not start on %3 (%4). Are the Slurm client commands "
                           "installed there (Debian: slurm-client)?")
                .arg(what, program, where, out.startError),
            location);
    case SlurmCommandOutput::End::TimedOut:
        return makeError(
            slurmcodes::unavailable,
            QStringLiteral("%1: '%2' on %3 did not answer within %4 s; the Slurm controller may be "
                           "down or its configuration missing. %5")
                .arg(what, program, where)
                .arg(m_commandTimeout_ms / 1000)
                .arg(firstLines(out.stdErr)),
            location);
    case SlurmCommandOutput::End::Cancelled:
        return makeError(slurmcodes::interrupted,
                         QStringLiteral("%1: stopped on request").arg(what), location);
    case SlurmCommandOutput::End::Crashed:
        return makeError(code, QStringLiteral("%1: '%2' on %3 crashed").arg(what, program, where),
                         location);
    case SlurmCommandOutput::End::Exited:
        break;
    }
    if (looksUnavailable(out.stdErr))
        return makeError(slurmcodes::unavailable,
                         QStringLiteral("%1: the Slurm cluster is not reachable from %2: %3")
                             .arg(what, where, firstLines(out.stdErr)),
                         location);
    return makeError(code,
                     QStringLiteral("%1: '%2' exited with %3: %4")
                         .arg(what, program)
                         .arg(out.exitCode)
                         .arg(firstLines(out.stdErr.isEmpty() ? out.stdOut : out.stdErr)),
                     location);
}

Status SlurmClient::ping()
{
    const SlurmCommandOutput out = runCommand(QStringLiteral("scontrol"), {QStringLiteral("ping")});
    if (!out.succeeded())
        return commandError(out, QStringLiteral("scontrol"), slurmcodes::unavailable,
                            QStringLiteral("Slurm controller check"));
    if (!out.stdOut.contains("is UP"))
        return makeError(slurmcodes::unavailable,
                         QStringLiteral("The Slurm controller is not up (scontrol ping on %1: %2)")
                             .arg(m_runner->describe(), firstLines(out.stdOut)));
    return {};
}

Result<QString> SlurmClient::submit(const SlurmJobSpec &spec)
{
    const QString what = QStringLiteral("Submitting job '%1'").arg(spec.name);
    if (!spec.script.startsWith(QLatin1String("#!")))
        return makeError(slurmcodes::submit,
                         what + QStringLiteral(": the batch script must start with '#!'"));
    const SlurmCommandOutput out =
        runCommand(QStringLiteral("sbatch"), spec.sbatchArguments(), spec.script.toUtf8());
    if (!out.succeeded())
        return commandError(out, QStringLiteral("sbatch"), slurmcodes::submit, what);
    // --parsable: "<id>" or "<id>;<cluster>"
    const QString first = QString::fromUtf8(out.stdOut)
                              .trimmed()
                              .section(QLatin1Char('\n'), -1)
                              .section(QLatin1Char(';'), 0, 0);
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    if (!digits.match(first).hasMatch())
        return makeError(slurmcodes::submit,
                         what + QStringLiteral(": sbatch printed no job id: '%1'")
                                    .arg(firstLines(out.stdOut + out.stdErr)));
    return first;
}

Result<SlurmJobStatus> SlurmClient::status(const QString &jobId)
{
    const SlurmCommandOutput out =
        runCommand(QStringLiteral("scontrol"),
                   {QStringLiteral("show"), QStringLiteral("job"), QStringLiteral("-o"), jobId});
    if (!out.succeeded()) {
        if (out.end == SlurmCommandOutput::End::Exited && out.stdErr.contains("Invalid job id"))
            return makeError(
                slurmcodes::jobUnknown,
                QStringLiteral("The Slurm controller does not know job %1 (never submitted, or "
                               "forgotten a while after it ended)")
                    .arg(jobId),
                jobId);
        return commandError(out, QStringLiteral("scontrol"), slurmcodes::status,
                            QStringLiteral("Reading the state of job %1").arg(jobId), jobId);
    }
    return SlurmJobStatus::fromScontrol(jobId, out.stdOut);
}

Result<QList<SlurmTaskStatus>> SlurmClient::queue(const QString &jobName)
{
    // %F array job id (the job id for a plain job), %K array task id (N/A), %A the task's
    // own job id, %T state, %r reason, %N nodes, %j name
    QStringList args{QStringLiteral("-h"), QStringLiteral("-r"), QStringLiteral("-o"),
                     QStringLiteral("%F|%K|%A|%T|%r|%N|%j")};
    if (!jobName.isEmpty())
        args << QStringLiteral("--name=") + jobName;
    const SlurmCommandOutput out = runCommand(QStringLiteral("squeue"), args);
    if (!out.succeeded())
        return commandError(out, QStringLiteral("squeue"), slurmcodes::status,
                            QStringLiteral("Listing the queue"));
    QList<SlurmTaskStatus> list;
    for (const QString &line :
         QString::fromUtf8(out.stdOut).split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const QStringList f = line.split(QLatin1Char('|'));
        if (f.size() < 7)
            continue;
        SlurmTaskStatus t;
        bool isTask = false;
        const int task = f[1].toInt(&isTask);
        if (isTask) {
            t.arrayJobId = f[0];
            t.arrayTaskId = task;
        }
        t.jobId = f[2];
        t.stateText = f[3];
        t.state = slurmJobStateFromString(f[3]);
        t.reason = f[4] == QLatin1String("None") ? QString() : f[4];
        t.nodes = f[5];
        t.name = f.mid(6).join(QLatin1Char('|'));
        list.append(t);
    }
    return list;
}

Status SlurmClient::cancel(const QString &jobId)
{
    const SlurmCommandOutput out = runCommand(QStringLiteral("scancel"), {jobId});
    if (!out.succeeded())
        return commandError(out, QStringLiteral("scancel"), slurmcodes::cancel,
                            QStringLiteral("Cancelling job %1").arg(jobId), jobId);
    // scancel exits 0 yet complains about a job that has already ended: that is fine.
    return {};
}

Result<SlurmJobStatus> SlurmClient::wait(const QString &jobId, const SlurmWaitOptions &options)
{
    QElapsedTimer clock;
    clock.start();
    std::optional<SlurmJobStatus> last;
    std::optional<Error> lastError;
    for (;;) {
        Result<SlurmJobStatus> s = status(jobId);
        if (s) {
            lastError.reset();
            if (s->neverRuns() && options.cancelNeverRunnable &&
                std::any_of(s->tasks.cbegin(), s->tasks.cend(), [](const SlurmTaskStatus &t) {
                    return t.state == SlurmJobState::Pending;
                })) {
                // Pending forever otherwise: take it out of the queue, then report it.
                cancel(jobId);
                Result<SlurmJobStatus> after = status(jobId);
                if (after)
                    s = std::move(after);
            }
            if (options.progress)
                options.progress(*s);
            if (s->finished())
                return s;
            last = *s;
        } else if (s.error().code == slurmcodes::unavailable) {
            lastError = s.error(); // the controller may come back before the time runs out
        } else {
            return s.error();
        }
        if (options.timeout_ms > 0 && clock.elapsed() >= options.timeout_ms) {
            const QString state =
                last ? last->summary() : (lastError ? lastError->message : QString());
            return makeError(slurmcodes::timeout,
                             QStringLiteral("Job %1 did not finish within %2 s (%3)")
                                 .arg(jobId)
                                 .arg(options.timeout_ms / 1000)
                                 .arg(state),
                             jobId);
        }
        // Sleep until the next poll in short slices so a cancel is seen at once.
        const qint64 wake = clock.elapsed() + std::max(kSleepSlice_ms, options.pollInterval_ms);
        while (clock.elapsed() < wake) {
            if (options.cancel.isCancelled())
                return makeError(
                    slurmcodes::interrupted,
                    QStringLiteral("Stopped waiting for job %1; the job itself goes on").arg(jobId),
                    jobId);
            QThread::msleep(kSleepSlice_ms);
        }
    }
}

Status SlurmClient::checkSucceeded(const SlurmJobStatus &status, int logTailBytes)
{
    if (status.succeeded())
        return {};
    const SlurmTaskStatus *t = status.firstUnsuccessful();
    if (!t)
        return makeError(
            slurmcodes::status,
            QStringLiteral("Job %1 has not finished (%2)").arg(status.jobId, status.summary()),
            status.jobId);
    const QString who = t->arrayTaskId >= 0 ? QStringLiteral("Task %1 of job array %2 (%3)")
                                                  .arg(t->arrayTaskId)
                                                  .arg(t->arrayJobId, t->id())
                                            : QStringLiteral("Job %1").arg(t->id());
    if (t->neverRuns())
        return makeError(
            slurmcodes::dependency,
            QStringLiteral("%1 never ran: a job it depends on did not succeed (%2, dependency %3)")
                .arg(who, t->stateText,
                     t->dependency.isEmpty() ? QStringLiteral("?") : t->dependency),
            t->id());
    QLatin1String code =
        t->state == SlurmJobState::Cancelled ? slurmcodes::jobCancelled : slurmcodes::jobFailed;
    QString message = QStringLiteral("%1 ended %2").arg(who, describeEnd(*t));
    QStringList logs;
    if (!t->stdErrPath.isEmpty())
        logs << t->stdErrPath;
    if (!t->stdOutPath.isEmpty() && !logs.contains(t->stdOutPath))
        logs.prepend(t->stdOutPath);
    for (const QString &log : std::as_const(logs)) {
        const Result<QByteArray> tail = readTail(log, logTailBytes);
        if (tail)
            message += QStringLiteral(". Log %1 ends with:\n%2")
                           .arg(log, QString::fromUtf8(tail->trimmed()));
        else
            message +=
                QStringLiteral(". Log %1 cannot be read (%2)").arg(log, tail.error().message);
    }
    return makeError(code, message, t->id());
}

Result<QByteArray> SlurmClient::readTail(const QString &path, int bytes)
{
    const SlurmCommandOutput out = runCommand(
        QStringLiteral("tail"),
        {QStringLiteral("-c"), QString::number(std::max(1, bytes)), QStringLiteral("--"), path});
    if (!out.succeeded())
        return commandError(out, QStringLiteral("tail"), slurmcodes::status,
                            QStringLiteral("Reading %1").arg(path), path);
    return out.stdOut;
}

} // namespace greenlight
