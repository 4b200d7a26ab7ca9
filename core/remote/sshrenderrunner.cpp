#include "remote/sshrenderrunner.h"

#include "common/jsonio.h"
#include "remote/jobrecord.h"
#include "remote/sshcodes.h"
#include "remote/sshprocess.h"
#include "remote/sshshellquote.h"
#include "remote/sshtransport.h"
#include "run/manifest.h"
#include "spec/project.h"
#include "spec/variantresolver.h"
#include "spec/videospec.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QThread>

#include <algorithm>

namespace greenlight {

namespace {

constexpr int kMaxBackoff_ms = 10000;

// One local folder to mirror below the remote project.
struct SyncSet
{
    QString localRoot;
    QString remoteRoot;
    QStringList files; // relative to both roots
};

struct RemotePlan
{
    QString projectName;
    QString remoteProject;
    QString remoteSpec;
    QString remoteNarration; // empty: none
    QString localRuns;       // <output project>/runs
    QList<SyncSet> sync;
};

// The run's own log, logs/ssh.log in the local run folder: what happened on this side.
class SshRunLog
{
public:
    void add(const QString &line)
    {
        m_text += QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + QLatin1Char(' ') + line
                  + QLatin1Char('\n');
    }
    const QString &text() const { return m_text; }

private:
    QString m_text;
};

Result<RemotePlan> planSync(const SshRenderRequest &request, const SshHostProfile &profile)
{
    Result<Project> project = Project::open(request.specPath);
    if (!project)
        return project.error();
    const QString root = project->root();
    const QString specRel = project->relativePath(QFileInfo(request.specPath).absoluteFilePath());
    if (!sshshell::isSafeRelativePath(specRel))
        return makeError(QString(sshcodes::path), QStringLiteral("the spec is not inside its project: %1").arg(request.specPath));
    Result<VideoSpec> spec = loadVideoSpec(request.specPath);
    if (!spec)
        return spec.error();

    RemotePlan plan;
    plan.projectName = project->name();
    plan.remoteProject = sshshell::joinPath(profile.remoteProjectRoot, plan.projectName);
    plan.remoteSpec = sshshell::joinPath(plan.remoteProject, specRel);
    const QString outputProject = request.outputProject.isEmpty() ? root : QFileInfo(request.outputProject).absoluteFilePath();
    plan.localRuns = outputProject + QStringLiteral("/runs");

    SyncSet projectFiles{root, plan.remoteProject, {specRel}};
    QList<Asset> assets = spec->assets.value_or(QList<Asset>{});
    if (!request.variant.isEmpty()) {
        Result<VideoSpec> resolved = resolveVariant(*spec, request.variant);
        if (!resolved)
            return resolved.error();
        assets += resolved->assets.value_or(QList<Asset>{});
    }
    for (const Asset &a : assets) {
        // Missing assets are left to the remote side, which refuses the spec with its findings.
        if (sshshell::isSafeRelativePath(a.path) && QFileInfo(project->absolutePath(a.path)).isFile()
            && !projectFiles.files.contains(a.path))
            projectFiles.files.append(a.path);
    }

    if (!request.narrationRun.isEmpty()) {
        QString local = request.narrationRun;
        if (QDir::isRelativePath(local))
            local = QFileInfo(project->absolutePath(local)).isDir() ? project->absolutePath(local)
                                                                    : project->runsDir() + QLatin1Char('/') + local;
        local = QFileInfo(local).absoluteFilePath();
        if (!QFileInfo(local).isDir())
            return makeError(QString(sshcodes::io), QStringLiteral("no narration run folder at %1").arg(local));
        const QString rel = project->relativePath(local);
        const QStringList files = SshFileSync::filesBelow(local);
        if (sshshell::isSafeRelativePath(rel)) {
            plan.remoteNarration = sshshell::joinPath(plan.remoteProject, rel);
            for (const QString &f : files)
                projectFiles.files.append(rel + QLatin1Char('/') + f);
        } else {
            // A run folder outside the project goes to the remote project's runs/.
            plan.remoteNarration = sshshell::joinPath(plan.remoteProject, QStringLiteral("runs/") + QFileInfo(local).fileName());
            plan.sync.append({local, plan.remoteNarration, files});
        }
    }
    plan.sync.prepend(projectFiles);
    return plan;
}

// Waits `ms` on this worker thread, returning early (false) when cancelled.
bool waitUnlessCancelled(int ms, const CancelToken &cancel)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < ms) {
        if (cancel.isCancelled())
            return false;
        QThread::msleep(25);
    }
    return !cancel.isCancelled();
}

bool isConnectionLoss(const Error &e)
{
    return e.code == sshcodes::connect || e.code == sshcodes::timeout;
}

// The last line of a command's output that parses as a JSON object.
Result<Json> lastJsonLine(const QByteArray &out, const QString &what)
{
    QList<QByteArray> lines = out.trimmed().split('\n');
    std::reverse(lines.begin(), lines.end());
    for (const QByteArray &line : lines) {
        Result<Json> j = parseJson(line, what);
        if (j && j->is_object())
            return j;
    }
    return makeError(QString(sshcodes::remote),
                     QStringLiteral("%1 printed no JSON: %2").arg(what, QString::fromUtf8(out.left(400))));
}

Status copyFile(const QString &from, const QString &to)
{
    QDir().mkpath(QFileInfo(to).absolutePath());
    QFile::remove(to);
    if (!QFile::copy(from, to))
        return makeError(QString(sshcodes::io), QStringLiteral("cannot copy %1 to %2").arg(from, to));
    return Status::success();
}

} // namespace

SshRenderRequest SshRenderRequest::from(const RenderRequest &request)
{
    SshRenderRequest r;
    r.specPath = request.specPath;
    r.variant = request.variant;
    r.narrationRun = request.narrationRun;
    r.chunks = request.options.chunks;
    r.preset = request.options.encoder.preset;
    r.outputProject = request.outputProject;
    return r;
}

SshRenderRunner::SshRenderRunner(SshHostProfile profile) : m_profile(std::move(profile)) {}

void SshRenderRunner::setPrograms(const QString &ssh, const QString &scp)
{
    m_ssh = ssh;
    m_scp = scp;
}

QString SshRenderRunner::sshVersion() const
{
    SshRunOptions o;
    o.timeout_ms = 10000;
    const SshProcessOutcome v = SshProcess::run(m_ssh, {QStringLiteral("-V")}, o);
    const QString text = QString::fromUtf8(v.stdErr + v.stdOut).trimmed();
    return text.section(QLatin1Char(','), 0, 0).trimmed();
}

SshRenderOutcome SshRenderRunner::runToOutcome(const SshRenderRequest &request, const SshRenderOptions &options) const
{
    SshRenderOutcome outcome;
    Result<SshRenderResult> result = run(request, options);
    if (result)
        outcome.result = std::move(*result);
    else
        outcome.error = result.error();
    return outcome;
}

Result<SshRenderResult> SshRenderRunner::run(const SshRenderRequest &request, const SshRenderOptions &options) const
{
    QElapsedTimer total;
    total.start();
    if (const Status valid = m_profile.validate(); !valid)
        return valid.error();
    SshTransport transport(m_profile);
    transport.setPrograms(m_ssh, m_scp);
    const SshFileSync sync(transport);
    SshRunLog log;
    SshRenderResult result;
    SshRenderProgress progress;
    auto report = [&](SshRenderProgress::Phase phase, const QString &message) {
        progress.phase = phase;
        progress.message = message;
        log.add(message);
        if (options.progress)
            options.progress(progress);
    };
    // Short commands get a token of their own: a cancel must not abort the command that
    // carries it to the remote job.
    SshRunOptions shortCommand;
    shortCommand.timeout_ms = options.command_timeout_ms;
    shortCommand.started = options.sshStarted;
    SshRunOptions transfer;
    transfer.timeout_ms = options.transfer_timeout_ms;
    transfer.cancel = options.cancel;
    transfer.started = options.sshStarted;
    const QString cli = sshshell::path(m_profile.remoteCli);

    // --- sync ---------------------------------------------------------------------------------
    QElapsedTimer phase;
    phase.start();
    Result<RemotePlan> plan = planSync(request, m_profile);
    if (!plan)
        return plan.error();
    for (const SyncSet &set : std::as_const(plan->sync)) {
        report(SshRenderProgress::Phase::Sync,
               QStringLiteral("comparing %1 file(s) with %2:%3").arg(QString::number(set.files.size()), transport.describe(), set.remoteRoot));
        Result<SshUploadReport> up = sync.upload(set.localRoot, set.files, set.remoteRoot, transfer);
        if (!up)
            return up.error();
        result.upload.sent += up->sent;
        result.upload.unchanged += up->unchanged;
        result.upload.bytesSent += up->bytesSent;
        log.add(QStringLiteral("sent %1 file(s) (%2 bytes), %3 unchanged")
                    .arg(QString::number(up->sent.size()), QString::number(up->bytesSent), QString::number(up->unchanged.size())));
    }
    result.upload.elapsed_ms = phase.elapsed();
    result.sync_ms = phase.elapsed();
    if (options.cancel.isCancelled())
        return makeError(QString(sshcodes::cancelled), QStringLiteral("cancelled before the job was submitted"));

    // --- submit -------------------------------------------------------------------------------
    phase.restart();
    QString submit = cli + QStringLiteral(" submit --json ") + sshshell::path(plan->remoteSpec);
    if (!request.variant.isEmpty())
        submit += QStringLiteral(" --variant ") + sshshell::quote(request.variant);
    if (!plan->remoteNarration.isEmpty())
        submit += QStringLiteral(" --narration ") + sshshell::path(plan->remoteNarration);
    if (request.chunks > 1)
        submit += QStringLiteral(" --chunks ") + QString::number(request.chunks);
    if (!request.preset.isEmpty())
        submit += QStringLiteral(" --preset ") + sshshell::quote(request.preset);
    report(SshRenderProgress::Phase::Submit, QStringLiteral("submitting on %1").arg(transport.describe()));
    // Never retried: a submit whose answer was lost may still have made a job.
    Result<SshCommandResult> submitted = transport.runChecked(submit, shortCommand);
    if (!submitted)
        return submitted.error();
    Result<Json> ids = lastJsonLine(submitted->stdOut, QStringLiteral("greenlight-cli submit"));
    if (!ids)
        return ids.error();
    result.jobId = toQString(ids->value("jobId", std::string()));
    result.remoteJobDir = toQString(ids->value("jobDir", std::string()));
    if (result.jobId.isEmpty() || result.remoteJobDir.isEmpty())
        return makeError(QString(sshcodes::remote), QStringLiteral("greenlight-cli submit named no job"));
    progress.jobId = result.jobId;
    report(SshRenderProgress::Phase::Remote, QStringLiteral("job %1 submitted (%2)").arg(result.jobId, result.remoteJobDir));

    // --- poll ---------------------------------------------------------------------------------
    const QString status = cli + QStringLiteral(" status --json ") + sshshell::quote(result.remoteJobDir);
    const QString cancel = cli + QStringLiteral(" cancel --json ") + sshshell::quote(result.remoteJobDir);
    JobRecord job;
    bool cancelSent = false;
    bool userCancelled = false;
    QElapsedTimer lost;
    int backoff_ms = options.poll_ms;
    for (;;) {
        if (options.cancel.isCancelled() && !cancelSent) {
            userCancelled = true;
            report(SshRenderProgress::Phase::Remote, QStringLiteral("cancelling job %1").arg(result.jobId));
            Result<SshCommandResult> c = transport.run(cancel, shortCommand);
            if (c)
                cancelSent = true; // whatever it answered, status says how the job ended
            else if (!isConnectionLoss(c.error()))
                return c.error();
        }
        Result<SshCommandResult> polled = transport.runChecked(status, shortCommand);
        Result<Json> state = polled ? lastJsonLine(polled->stdOut, QStringLiteral("greenlight-cli status"))
                                    : Result<Json>(polled.error());
        if (!state) {
            if (!isConnectionLoss(state.error()))
                return state.error();
            if (!lost.isValid()) {
                lost.start();
                report(SshRenderProgress::Phase::Remote,
                       QStringLiteral("connection to %1 lost while job %2 runs; retrying (%3)")
                           .arg(transport.describe(), result.jobId, state.error().message));
            }
            if (lost.elapsed() > options.reconnectWindow_ms)
                return makeError(QString(sshcodes::connect),
                                 QStringLiteral("lost the connection to %1 for more than %2 s while job %3 ran; it may "
                                                "still be running there (greenlight-cli status %4): %5")
                                     .arg(transport.describe(), QString::number(options.reconnectWindow_ms / 1000),
                                          result.jobId, result.remoteJobDir, state.error().message));
            waitUnlessCancelled(backoff_ms, cancelSent ? CancelToken() : options.cancel);
            backoff_ms = std::min(backoff_ms * 2, kMaxBackoff_ms);
            continue;
        }
        if (lost.isValid()) {
            ++result.reconnects;
            report(SshRenderProgress::Phase::Remote,
                   QStringLiteral("connection back after %1 ms; polling job %2 again")
                       .arg(QString::number(lost.elapsed()), result.jobId));
            lost.invalidate();
        }
        backoff_ms = options.poll_ms;
        Result<JobRecord> parsed = JobRecord::fromJson(*state, QStringLiteral("status of job ") + result.jobId);
        if (!parsed)
            return parsed.error();
        job = *parsed;
        progress.fraction = job.progress.fraction;
        progress.frame = job.progress.frame;
        progress.totalFrames = job.progress.totalFrames;
        if (options.progress) {
            progress.phase = SshRenderProgress::Phase::Remote;
            progress.message = toString(job.state);
            options.progress(progress);
        }
        if (isFinal(job.state))
            break;
        waitUnlessCancelled(options.poll_ms, cancelSent ? CancelToken() : options.cancel);
    }
    result.remote_ms = phase.elapsed();
    log.add(QStringLiteral("job %1 ended %2 on %3").arg(result.jobId, toString(job.state), job.host));

    // --- fetch --------------------------------------------------------------------------------
    phase.restart();
    if (job.runDir.isEmpty() || job.runId.isEmpty()) {
        if (job.error)
            return *job.error;
        return makeError(userCancelled ? QString(sshcodes::cancelled) : QString(sshcodes::remote),
                         QStringLiteral("job %1 ended %2 without a run folder").arg(result.jobId, toString(job.state)));
    }
    result.remoteRunDir = job.runDir;
    report(SshRenderProgress::Phase::Fetch, QStringLiteral("fetching run %1").arg(job.runId));
    const QString manifestOnRemote = sshshell::quote(sshshell::joinPath(job.runDir, QLatin1String(Manifest::fileName)));
    Result<SshCommandResult> hashed = transport.runChecked(
        QStringLiteral("if command -v sha256sum >/dev/null 2>&1; then sha256sum < %1; else shasum -a 256 < %1; fi")
            .arg(manifestOnRemote),
        shortCommand);
    if (!hashed)
        return hashed.error();
    const QString manifestHash = QString::fromLatin1(hashed->stdOut.trimmed().left(64));

    const QString staging = plan->localRuns + QStringLiteral("/.staging/") + job.runId;
    const QString finalDir = plan->localRuns + QLatin1Char('/') + job.runId;
    if (QFileInfo::exists(finalDir))
        return makeError(QString(sshcodes::io), QStringLiteral("%1 already exists").arg(finalDir));
    QDir(staging).removeRecursively(); // a fetch of this run that died half-way
    QDir().mkpath(plan->localRuns + QStringLiteral("/.staging"));
    // A cancelled run still comes back (its record and logs): the fetch then ignores the token.
    SshRunOptions fetchOptions = transfer;
    if (userCancelled)
        fetchOptions.cancel = CancelToken();
    Result<SshFetchReport> fetched = sync.fetchRun(job.runDir, staging, fetchOptions, manifestHash);
    if (!fetched)
        return fetched.error();
    log.add(QStringLiteral("fetched %1 file(s), %2 bytes; every file matches the remote manifest (sha256 %3)")
                .arg(QString::number(fetched->files), QString::number(fetched->bytes), manifestHash));

    // Keep the remote side's record and manifest as fetched, and the job's folder as its log.
    for (const char *name : {"run.json", "manifest.json"}) {
        const QString file = QString::fromLatin1(name);
        if (const Status s = copyFile(staging + QLatin1Char('/') + file, staging + QStringLiteral("/remote/") + file); !s)
            return s.error();
    }
    QDir().mkpath(staging + QStringLiteral("/logs"));
    if (const Status s = transport.fetchFolder(result.remoteJobDir, staging + QStringLiteral("/logs/remote-job"), fetchOptions); !s)
        log.add(QStringLiteral("the job folder could not be fetched: %1").arg(s.error().message));
    QFile::remove(staging + QStringLiteral("/logs/remote-job/job.lock"));

    const QString runJson = staging + QStringLiteral("/run.json");
    Result<RunRecord> record = loadRunRecord(runJson);
    if (!record)
        return record.error();
    record->runtimeClass = RuntimeClass::RemoteSelfHosted;
    record->engineName = QStringLiteral("ssh");
    record->engineVersion = sshVersion();
    for (RunAttempt &a : record->attempts)
        if (a.host.isEmpty())
            a.host = job.host.isEmpty() ? m_profile.host : job.host;
    result.fetch_ms = phase.elapsed();
    log.add(QStringLiteral("sync %1 ms, remote %2 ms, fetch %3 ms, %4 reconnect(s)")
                .arg(QString::number(result.sync_ms), QString::number(result.remote_ms), QString::number(result.fetch_ms),
                     QString::number(result.reconnects)));
    if (const Status s = writeFileAtomically(staging + QStringLiteral("/logs/ssh.log"), log.text().toUtf8()); !s)
        return s.error();
    if (const Status s = saveRunRecord(runJson, *record); !s)
        return s.error();
    if (Result<Manifest> m = writeManifest(staging, job.runId); !m)
        return m.error();
    if (!QDir().rename(staging, finalDir))
        return makeError(QString(sshcodes::io), QStringLiteral("the fetched run verified but could not be moved to %1").arg(finalDir));

    result.record = *record;
    result.runDir = finalDir;
    result.total_ms = total.elapsed();
    progress.fraction = job.progress.fraction;
    report(SshRenderProgress::Phase::Done, QStringLiteral("run %1 is in %2").arg(job.runId, finalDir));
    return result;
}

} // namespace greenlight
