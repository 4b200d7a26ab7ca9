#include "render/renderrunner.h"

#include "render/ffmpegdiagnosis.h"
#include "render/ffmpegjob.h"
#include "render/outputcheck.h"
#include "render/renderpreparation.h"
#include "run/provenance.h"
#include "run/runfolder.h"
#include "run/runid.h"
#include "run/runsealer.h"
#include "spec/project.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace greenlight {

struct RenderRunner::Private
{
    RenderRequest request;
    QString projectRoot;
    RunRecord record;
    std::optional<RunFolder> folder;
    QFutureWatcher<Result<PreparedRender>> prepareWatcher;
    struct Sealed
    {
        RunRecord record;
        RunFolder folder;
        Status status;
    };
    QFutureWatcher<Sealed> sealWatcher;
    std::optional<PreparedRender> prepared;
    std::unique_ptr<FfmpegJob> job;
    int jobIndex = -1;
    bool running = false;
    bool cancelRequested = false;
    bool sealing = false;
};

RenderRunner::RenderRunner(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    connect(&d->prepareWatcher, &QFutureWatcherBase::finished, this, &RenderRunner::onPrepared);
    connect(&d->sealWatcher, &QFutureWatcherBase::finished, this, &RenderRunner::onSealed);
}

RenderRunner::~RenderRunner()
{
    d->job.reset(); // kills ffmpeg if it still runs
    d->prepareWatcher.waitForFinished();
    d->sealWatcher.waitForFinished();
}

bool RenderRunner::isRunning() const { return d->running; }
const RunRecord &RenderRunner::record() const { return d->record; }
QString RenderRunner::runDir() const { return d->folder ? d->folder->path() : QString(); }
qint64 RenderRunner::ffmpegPid() const { return d->job && d->job->isRunning() ? d->job->processId() : 0; }

Status RenderRunner::start(const RenderRequest &request)
{
    if (d->running)
        return makeError(QStringLiteral("render.busy"), QStringLiteral("a render is already running"));
    const QFileInfo spec(request.specPath);
    if (!spec.isFile())
        return makeError(QStringLiteral("render.input.unreadable"), QStringLiteral("no such spec file"), request.specPath);
    QString root = request.projectRoot;
    if (root.isEmpty()) {
        Result<Project> project = Project::open(spec.absoluteFilePath());
        if (!project)
            return project.error();
        root = project->root();
    }
    const QString outProject = request.outputProject.isEmpty() ? root : request.outputProject;
    const QString id = makeRunId(RunKind::Render);
    Result<RunFolder> folder = RunFolder::createStaging(QDir(outProject).filePath(QStringLiteral("runs")), id);
    if (!folder)
        return folder.error();

    d->prepared.reset();
    d->job.reset();
    d->jobIndex = -1;
    d->cancelRequested = false;
    d->sealing = false;
    d->record = RunRecord{};
    d->request = request;
    d->projectRoot = QDir(root).absolutePath();
    d->folder = *folder;
    RunRecord &r = d->record;
    r.id = id;
    r.kind = RunKind::Render;
    r.runtimeClass = RuntimeClass::Local;
    r.engineName = QStringLiteral("ffmpeg");
    r.status = RunStatus::Running;
    r.project = QFileInfo(d->projectRoot).fileName();
    r.spec.path = QDir(d->projectRoot).relativeFilePath(spec.absoluteFilePath());
    r.spec.variant = request.variant;
    r.chunks = std::max(1, request.options.chunks);
    r.provenance = localProvenance();
    r.createdAt = r.startedAt = utcNowIso();
    r.attempts.append(RunAttempt{1, r.startedAt, {}, RunStatus::Running, std::nullopt, {}, r.provenance.host, {}});
    if (Status s = saveRunRecord(d->folder->filePath(QStringLiteral("run.json")), r); !s) {
        QDir(d->folder->stagingPath()).removeRecursively();
        return s;
    }
    d->running = true;
    Q_EMIT runCreated(id, d->folder->path());

    const RenderRequest req = d->request;
    const QString projectRoot = d->projectRoot;
    const QString dir = d->folder->path();
    d->prepareWatcher.setFuture(QtConcurrent::run([req, projectRoot, dir] { return prepareRender(req, projectRoot, dir); }));
    return {};
}

void RenderRunner::cancel()
{
    if (!d->running || d->cancelRequested || d->sealing)
        return;
    d->cancelRequested = true;
    if (d->job)
        d->job->cancel(); // ends through onJobFinished
    // While preparing, onPrepared sees the request.
}

void RenderRunner::onPrepared()
{
    Result<PreparedRender> result = d->prepareWatcher.result();
    RunRecord &r = d->record;
    if (result) {
        const PreparedRender &p = *result;
        r.spec = p.spec;
        r.inputs = p.inputs;
        r.media = p.media;
        r.chunks = p.plan.chunks;
        r.engineVersion = p.ffmpeg.version;
        r.provenance.ffmpegVersion = p.ffmpeg.version;
        r.provenance.ffmpegConfiguration = p.ffmpeg.configuration;
        d->prepared = std::move(result).value();
    }
    if (d->cancelRequested)
        return finishRun(RunStatus::Cancelled,
                         makeError(QStringLiteral("render.cancelled"),
                                   QStringLiteral("the render was cancelled before ffmpeg started; no output was made")));
    if (!d->prepared)
        return finishRun(RunStatus::Failed, result.error());
    saveRunRecord(d->folder->filePath(QStringLiteral("run.json")), r); // best effort; sealing rewrites it
    startJob(0);
}

void RenderRunner::startJob(int index)
{
    const RenderPlan &plan = d->prepared->plan;
    const PlanJob &pj = plan.jobs[index];
    d->jobIndex = index;
    d->job = std::make_unique<FfmpegJob>();
    FfmpegJob *job = d->job.get();
    job->setProgram(plan.program);
    job->setArguments(pj.args);
    job->setWorkingDirectory(d->folder->path());
    job->setLogFile(d->folder->filePath(pj.log));
    job->setCancelGrace_ms(d->request.cancelGrace_ms);
    const qint64 before = plan.framesBefore(index);
    const qint64 total = std::max<qint64>(1, plan.durationFrames);
    const bool counts = pj.role != QLatin1String("concat");
    connect(job, &FfmpegJob::progress, this, [this, before, total, counts](qint64 frame, qint64) {
        if (!counts)
            return;
        const qint64 global = std::min(total, before + frame);
        Q_EMIT progress(double(global) / double(total), global, total);
    });
    connect(job, &FfmpegJob::started, this, &RenderRunner::ffmpegStarted);
    // Queued: the job may report a failure to start from inside start().
    connect(job, &FfmpegJob::finished, this, [this, index] { onJobFinished(index); }, Qt::QueuedConnection);
    job->start();
}

void RenderRunner::onJobFinished(int index)
{
    if (!d->job || index != d->jobIndex)
        return;
    const FfmpegOutcome outcome = d->job->outcome();
    const RenderPlan &plan = d->prepared->plan;
    const PlanJob &pj = plan.jobs[index];
    d->job.release()->deleteLater();
    if (outcome.kind == FfmpegOutcome::Kind::Cancelled || (d->cancelRequested && outcome.kind != FfmpegOutcome::Kind::Succeeded))
        return finishRun(RunStatus::Cancelled,
                         makeError(QStringLiteral("render.cancelled"),
                                   QStringLiteral("the render was cancelled at frame %1 of %2; no output was kept")
                                       .arg(plan.framesBefore(index) + outcome.lastFrame)
                                       .arg(plan.durationFrames)),
                         outcome.exitCode);
    // Stream copy counts packets, not encoded frames; only encoding jobs must match exactly.
    const bool framesOk = pj.role == QLatin1String("concat") || outcome.lastFrame == pj.frameCount;
    if (outcome.kind != FfmpegOutcome::Kind::Succeeded || !framesOk || ffmpegLogShowsWriteFailure(outcome.logTail))
        return finishRun(RunStatus::Failed,
                         describeFfmpegFailure(outcome, plan.program, pj.id, pj.frameCount, pj.log), outcome.exitCode);
    if (d->cancelRequested)
        return finishRun(RunStatus::Cancelled,
                         makeError(QStringLiteral("render.cancelled"),
                                   QStringLiteral("the render was cancelled; no output was kept")));
    if (index + 1 < plan.jobs.size())
        return startJob(index + 1);
    Q_EMIT progress(1.0, plan.durationFrames, plan.durationFrames);
    finishRun(RunStatus::Succeeded, std::nullopt, outcome.exitCode);
}

void RenderRunner::finishRun(RunStatus status, std::optional<Error> error, std::optional<int> exitCode)
{
    d->sealing = true;
    RunRecord record = d->record;
    record.status = status;
    if (RunAttempt *a = record.currentAttempt()) {
        a->error = std::move(error);
        a->exitCode = exitCode;
    }
    RunOutputs outputs;
    if (d->prepared) {
        outputs.outputs = QStringList{d->prepared->plan.output} + d->prepared->captionSidecars;
        outputs.discard = d->prepared->plan.intermediates;
    } else {
        // Preparation may have stopped after writing some of its files: none is an output.
        outputs.outputs = {QStringLiteral("output.mp4"), QStringLiteral("captions.vtt"), QStringLiteral("captions.srt")};
    }
    RunFolder folder = *d->folder;
    std::optional<std::pair<Canvas, qint64>> expected;
    if (d->prepared)
        expected = std::make_pair(d->prepared->plan.canvas, d->prepared->plan.durationFrames);
    d->sealWatcher.setFuture(QtConcurrent::run([record, folder, outputs, expected]() mutable {
        // ffmpeg can exit 0 after a failed write: look at the file before calling it good.
        if (record.status == RunStatus::Succeeded && expected && !outputs.outputs.isEmpty()) {
            const Status check = checkRenderedOutput(folder.filePath(outputs.outputs.first()), expected->first,
                                                     expected->second);
            if (!check) {
                record.status = RunStatus::Failed;
                if (RunAttempt *a = record.currentAttempt())
                    a->error = check.error();
            }
        }
        Status s = sealRun(folder, record, outputs);
        return Private::Sealed{record, folder, s};
    }));
}

void RenderRunner::onSealed()
{
    Private::Sealed sealed = d->sealWatcher.result();
    if (!sealed.status.ok()) {
        if (RunAttempt *a = sealed.record.currentAttempt(); a && !a->error)
            a->error = sealed.status.error();
    }
    d->folder = sealed.folder; // knows whether it moved into place
    d->record = sealed.record;
    d->running = false;
    d->sealing = false;
    Q_EMIT finished(d->record);
}

} // namespace greenlight
