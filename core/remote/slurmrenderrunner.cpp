#include "remote/slurmrenderrunner.h"

#include "remote/slurmclient.h"
#include "remote/slurmcodes.h"
#include "remote/slurmplanjob.h"
#include "remote/sshshellquote.h"
#include "render/outputcheck.h"
#include "render/renderpreparation.h"
#include "run/provenance.h"
#include "run/runfolder.h"
#include "run/runid.h"
#include "run/runsealer.h"
#include "spec/project.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QPointer>
#include <QtConcurrent>

#include <algorithm>

namespace greenlight {

namespace {

constexpr int kSettle_ms = 60000; // how long cancelled tasks may take to leave the queue

QString isoUtc(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODate) : QString();
}

RunStatus outcomeOf(const SlurmTaskStatus &t)
{
    if (t.succeeded())
        return RunStatus::Succeeded;
    if (t.state == SlurmJobState::Cancelled || t.state == SlurmJobState::Pending || t.neverRuns())
        return RunStatus::Cancelled;
    if (!t.isTerminal())
        return RunStatus::Running;
    return RunStatus::Failed;
}

// The record of a run that fails before (or while) it reaches the cluster.
void failLastAttempt(RunRecord &r, RunStatus status, const Error &error)
{
    r.status = status;
    if (r.attempts.isEmpty())
        r.attempts.append(RunAttempt{1, utcNowIso(), {}, status, error, {}, {}, {}});
    else
        r.attempts.last().error = error;
}

} // namespace

SlurmRenderRunner::SlurmRenderRunner(std::shared_ptr<SlurmCommandRunner> commands, QObject *parent)
    : QObject(parent), m_commands(std::move(commands))
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        m_record = m_watcher.result();
        Q_EMIT finished(m_record);
    });
}

SlurmRenderRunner::~SlurmRenderRunner()
{
    if (m_watcher.isRunning()) {
        m_cancel.cancel();
        m_watcher.waitForFinished();
    }
}

Status SlurmRenderRunner::start(const RenderRequest &request)
{
    if (m_watcher.isRunning())
        return makeError(QStringLiteral("render.busy"),
                         QStringLiteral("a render is already running"));
    if (!QFileInfo(request.specPath).isFile())
        return makeError(QStringLiteral("render.input.unreadable"),
                         QStringLiteral("no such spec file"), request.specPath);
    m_cancel = CancelToken();
    const CancelToken cancel = m_cancel;
    QPointer<SlurmRenderRunner> self(this);
    auto progressFn = [self](int done, int chunks) {
        QMetaObject::invokeMethod(
            self,
            [self, done, chunks] {
                if (self)
                    Q_EMIT self->progress(done, chunks);
            },
            Qt::QueuedConnection);
    };
    auto createdFn = [self](const QString &id, const QString &dir) {
        QMetaObject::invokeMethod(
            self,
            [self, id, dir] {
                if (self)
                    Q_EMIT self->runCreated(id, dir);
            },
            Qt::QueuedConnection);
    };
    m_watcher.setFuture(QtConcurrent::run([this, request, cancel, progressFn, createdFn] {
        return run(request, cancel, progressFn, createdFn);
    }));
    return {};
}

RunRecord SlurmRenderRunner::run(const RenderRequest &request, const CancelToken &cancel,
                                 const ProgressFn &progress, const CreatedFn &created)
{
    RunRecord r;
    r.kind = RunKind::Render;
    r.runtimeClass = RuntimeClass::RemoteSelfHosted;
    r.engineName = QStringLiteral("slurm");
    r.status = RunStatus::Running;
    r.provenance = localProvenance();
    r.createdAt = r.startedAt = utcNowIso();
    m_runDir.clear();

    const QFileInfo spec(request.specPath);
    QString root = request.projectRoot;
    if (root.isEmpty()) {
        Result<Project> project = Project::open(spec.absoluteFilePath());
        if (!project) {
            failLastAttempt(r, RunStatus::Failed, project.error());
            return r;
        }
        root = project->root();
    }
    root = QDir(root).absolutePath();
    const QString outProject = request.outputProject.isEmpty() ? root : request.outputProject;
    r.id = makeRunId(RunKind::Render);
    Result<RunFolder> made =
        RunFolder::createStaging(QDir(outProject).filePath(QStringLiteral("runs")), r.id);
    if (!made) {
        failLastAttempt(r, RunStatus::Failed, made.error());
        return r;
    }
    RunFolder folder = *made;
    const QString dir = folder.path();
    m_runDir = dir;
    r.project = QFileInfo(root).fileName();
    r.spec.path = QDir(root).relativeFilePath(spec.absoluteFilePath());
    r.spec.variant = request.variant;
    r.chunks = std::max(1, request.options.chunks);
    r.attempts.append(RunAttempt{
        1, r.startedAt, {}, RunStatus::Running, std::nullopt, {}, m_commands->describe(), {}});
    saveRunRecord(folder.filePath(QStringLiteral("run.json")), r);
    if (created)
        created(r.id, dir);

    // Seals the run (intermediates removed, output checked and hashed, manifest, rename).
    std::optional<PreparedRender> prepared;
    auto finish = [&](RunStatus status, std::optional<Error> error) {
        r.status = status;
        if (error && !r.attempts.isEmpty())
            r.attempts.last().error = error;
        RunOutputs outputs;
        if (prepared) {
            outputs.outputs = QStringList{prepared->plan.output} + prepared->captionSidecars;
            outputs.discard = prepared->plan.intermediates;
            if (r.status == RunStatus::Succeeded) {
                const Status check =
                    checkRenderedOutput(folder.filePath(prepared->plan.output),
                                        prepared->plan.canvas, prepared->plan.durationFrames);
                if (!check) {
                    r.status = RunStatus::Failed;
                    r.attempts.last().error = check.error();
                }
            }
        } else {
            outputs.outputs = {QStringLiteral("output.mp4"), QStringLiteral("captions.vtt"),
                               QStringLiteral("captions.srt")};
        }
        if (Status s = sealRun(folder, r, outputs); !s && !r.attempts.last().error)
            r.attempts.last().error = s.error();
        m_runDir = folder.path();
        return r;
    };

    if (m_options.cliPath.isEmpty())
        return finish(RunStatus::Failed,
                      makeError(slurmcodes::submit,
                                QStringLiteral("no greenlight-cli path for the nodes is set")));
    Result<PreparedRender> prep = prepareRender(request, root, dir);
    if (!prep)
        return finish(RunStatus::Failed, prep.error());
    prepared = std::move(prep).value();
    r.spec = prepared->spec;
    r.inputs = prepared->inputs;
    r.media = prepared->media;
    r.chunks = prepared->plan.chunks;
    r.engineVersion = prepared->ffmpeg.version;
    r.provenance.ffmpegVersion = prepared->ffmpeg.version;
    r.provenance.ffmpegConfiguration = prepared->ffmpeg.configuration;
    saveRunRecord(folder.filePath(QStringLiteral("run.json")), r);
    if (cancel.isCancelled())
        return finish(
            RunStatus::Cancelled,
            makeError(QStringLiteral("render.cancelled"),
                      QStringLiteral("the render was cancelled before it was submitted")));

    Result<QStringList> arrayJobs = SlurmPlanJob::arrayJobIds(dir);
    if (!arrayJobs || arrayJobs->isEmpty())
        return finish(RunStatus::Failed,
                      arrayJobs ? makeError(QStringLiteral("render.plan.invalid"),
                                            QStringLiteral("the plan has no job to run"))
                                : arrayJobs.error());
    bool hasConcat = false;
    for (const PlanJob &j : std::as_const(prepared->plan.jobs))
        hasConcat = hasConcat || j.role == QLatin1String("concat");

    SlurmClient client(m_commands);
    const QString cli = sshshell::quote(m_options.cliPath);
    const QString runArg = sshshell::quote(dir);
    SlurmJobSpec array;
    array.name = QStringLiteral("greenlight-") + r.id;
    array.workDir = dir;
    array.arraySize = int(arrayJobs->size());
    array.output = dir + QStringLiteral("/logs/slurm-chunk-%a.log");
    array.partition = m_options.partition;
    array.cpusPerTask = m_options.cpusPerTask;
    array.timeLimit_min = m_options.timeLimit_min;
    array.script =
        QStringLiteral(
            "#!/bin/sh\n# Greenlight farm render %1: one chunk of whole scenes per array task.\n"
            "exec %2 render-job %3 --chunk \"$SLURM_ARRAY_TASK_ID\"\n")
            .arg(r.id, cli, runArg);
    Result<QString> arrayId = client.submit(array);
    if (!arrayId)
        return finish(RunStatus::Failed, arrayId.error());

    QString concatId;
    if (hasConcat) {
        SlurmJobSpec concat = array;
        concat.name = QStringLiteral("greenlight-") + r.id + QStringLiteral("-concat");
        concat.arraySize = 0;
        concat.afterOk = {*arrayId};
        concat.output = dir + QStringLiteral("/logs/slurm-concat.log");
        concat.script =
            QStringLiteral(
                "#!/bin/sh\n# Greenlight farm render %1: join the chunks, mux the narration.\n"
                "exec %2 render-job %3 --job concat\n")
                .arg(r.id, cli, runArg);
        Result<QString> id = client.submit(concat);
        if (!id) {
            client.cancel(*arrayId);
            return finish(RunStatus::Failed, id.error());
        }
        concatId = *id;
    }

    QElapsedTimer clock;
    clock.start();
    auto remaining = [&] {
        return m_options.timeout_ms <= 0
                   ? 0
                   : std::max<int>(1, m_options.timeout_ms - int(clock.elapsed()));
    };
    SlurmWaitOptions wait;
    wait.pollInterval_ms = m_options.pollInterval_ms;
    wait.cancel = cancel;
    const int chunks = int(arrayJobs->size());
    wait.progress = [&](const SlurmJobStatus &s) {
        if (progress)
            progress(s.count(SlurmJobState::Completed), chunks);
    };
    wait.timeout_ms = remaining();
    Result<SlurmJobStatus> arrayDone = client.wait(*arrayId, wait);
    std::optional<SlurmJobStatus> concatDone;
    std::optional<Error> error;
    RunStatus status = RunStatus::Succeeded;
    bool stopAll = false;
    if (!arrayDone) {
        error = arrayDone.error();
        stopAll = true;
    } else if (Status ok = client.checkSucceeded(*arrayDone); !ok) {
        error = ok.error();
        error->message =
            QStringLiteral("A chunk failed on the farm, so the chunks were not joined. ") +
            error->message;
        status =
            ok.error().code == slurmcodes::jobCancelled ? RunStatus::Cancelled : RunStatus::Failed;
    } else if (hasConcat) {
        wait.progress = {};
        wait.timeout_ms = remaining();
        Result<SlurmJobStatus> c = client.wait(concatId, wait);
        if (!c) {
            error = c.error();
            stopAll = true;
        } else {
            concatDone = *c;
            if (Status ok = client.checkSucceeded(*c); !ok) {
                error = ok.error();
                status = ok.error().code == slurmcodes::jobCancelled ? RunStatus::Cancelled
                                                                     : RunStatus::Failed;
            }
        }
    }
    if (stopAll) {
        // Interrupted or out of time: take every task off the cluster, then record where each was.
        status = error->code == slurmcodes::interrupted ? RunStatus::Cancelled : RunStatus::Failed;
        if (status == RunStatus::Cancelled)
            error = makeError(QStringLiteral("render.cancelled"),
                              QStringLiteral("the farm render was cancelled; its tasks were "
                                             "cancelled on the cluster and no output was kept"));
        client.cancel(*arrayId);
        if (!concatId.isEmpty())
            client.cancel(concatId);
        SlurmWaitOptions settle;
        settle.timeout_ms = kSettle_ms;
        settle.pollInterval_ms = 250;
        if (Result<SlurmJobStatus> s = client.wait(*arrayId, settle))
            arrayDone = *s;
    }
    if (hasConcat && !concatDone && !concatId.isEmpty()) {
        SlurmWaitOptions settle;
        settle.timeout_ms = kSettle_ms;
        settle.pollInterval_ms = 250;
        if (Result<SlurmJobStatus> s = client.wait(concatId, settle))
            concatDone = *s;
    }

    // One attempt per chunk, then the concat: node, times, outcome, exit code.
    QList<RunAttempt> attempts;
    Json jobs = Json::array();
    const QStringList &ids = *arrayJobs;
    for (int k = 0; k < ids.size(); ++k) {
        RunAttempt a;
        a.number = k + 1;
        const SlurmTaskStatus *t = arrayDone ? arrayDone->task(k) : nullptr;
        if (t) {
            a.startedAt = isoUtc(t->startTime.isValid() ? t->startTime : t->submitTime);
            a.endedAt = isoUtc(t->endTime);
            a.outcome = outcomeOf(*t);
            a.host = t->nodes;
            if (t->startTime.isValid() && t->isTerminal())
                a.exitCode = t->exitCode;
            if (a.outcome == RunStatus::Failed) {
                SlurmJobStatus one;
                one.jobId = t->id();
                one.tasks = {*t};
                const Status failed = client.checkSucceeded(one);
                if (!failed)
                    a.error =
                        makeError(failed.error().code,
                                  ids[k] + QStringLiteral(": ") + failed.error().message, ids[k]);
            }
            jobs.push_back(
                {{"planJob", toStd(ids[k])}, {"attempt", a.number}, {"slurm", t->toJson()}});
        } else {
            a.startedAt = r.startedAt;
            a.outcome = RunStatus::Cancelled;
            jobs.push_back({{"planJob", toStd(ids[k])}, {"attempt", a.number}, {"slurm", nullptr}});
        }
        if (a.startedAt.isEmpty())
            a.startedAt = r.startedAt;
        attempts.append(a);
    }
    if (hasConcat) {
        RunAttempt a;
        a.number = int(ids.size()) + 1;
        a.startedAt = r.startedAt;
        a.outcome = RunStatus::Cancelled;
        if (concatDone && !concatDone->tasks.isEmpty()) {
            const SlurmTaskStatus &t = concatDone->tasks.first();
            if (t.startTime.isValid() && !t.neverRuns()) {
                a.startedAt = isoUtc(t.startTime);
                a.endedAt = isoUtc(t.endTime);
                a.host = t.nodes;
                a.exitCode = t.exitCode;
            }
            a.outcome = outcomeOf(t);
            jobs.push_back({{"planJob", "concat"}, {"attempt", a.number}, {"slurm", t.toJson()}});
        } else {
            jobs.push_back({{"planJob", "concat"}, {"attempt", a.number}, {"slurm", nullptr}});
        }
        attempts.append(a);
    }
    r.attempts = attempts;
    const Json slurm = {
        {"schemaVersion", 1},
        {"submittedFrom", toStd(m_commands->describe())},
        {"arrayJobId", toStd(*arrayId)},
        {"concatJobId", toStd(concatId)},
        {"note", "attempts in run.json are the array's chunks in order, then the concat job"},
        {"jobs", jobs}};
    writeJsonFile(folder.filePath(QStringLiteral("slurm.json")), slurm);
    if (progress && status == RunStatus::Succeeded)
        progress(chunks, chunks);
    return finish(status, error);
}

} // namespace greenlight
