#include "runs/runjob.h"

#include "narration/narrationrunner.h"
#include "qa/runqa.h"
#include "remote/slurmlocalrunner.h"
#include "remote/slurmrenderrunner.h"
#include "remote/sshrenderrunner.h"
#include "render/renderrunner.h"
#include "runbook/runbook.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QStandardPaths>
#include <QTimer>
#include <QtConcurrent>

namespace greenlight {

namespace {

constexpr int kLogTailInterval_ms = 400;
constexpr int kMaxLogLines = 5000;
constexpr double kMinProgressForEstimate = 0.01;
constexpr qint64 kMinElapsedForEstimate_ms = 500;

QString errorLine(const std::optional<Error> &error)
{
    if (!error)
        return {};
    return error->code.isEmpty() ? error->message : QStringLiteral("%1 (%2)").arg(error->message, error->code);
}

RunJob::State stateFor(RunStatus status)
{
    switch (status) {
    case RunStatus::Succeeded: return RunJob::State::Succeeded;
    case RunStatus::Cancelled: return RunJob::State::Cancelled;
    default: return RunJob::State::Failed;
    }
}

} // namespace

struct RunJob::QaOutcome
{
    QString error;                  // why the QA stage could not run
    std::optional<RunRecord> record; // run.json as the QA stage left it
    int findings = 0;
};

struct RunJob::Workers
{
    QFutureWatcher<NarrationOutcome> narration;
    QFutureWatcher<QaOutcome> qa;
    QFutureWatcher<SshRenderOutcome> ssh;
};

RunJob::RunJob(int serial, RunJobRequest request, QObject *parent)
    : QObject(parent), m_serial(serial), m_request(std::move(request)), m_workers(std::make_unique<Workers>())
{
    connect(&m_workers->narration, &QFutureWatcherBase::finished, this,
            [this] { onNarrationFinished(m_workers->narration.result()); });
    connect(&m_workers->qa, &QFutureWatcherBase::finished, this, [this] { onQaFinished(m_workers->qa.result()); });
    connect(&m_workers->ssh, &QFutureWatcherBase::finished, this,
            [this] { onSshRenderFinished(m_workers->ssh.result()); });
}

RunJob::~RunJob()
{
    m_cancel.cancel();
    // Deleted while this job is whole: a running ffmpeg is killed, the staging folder stays.
    delete std::exchange(m_renderer, nullptr);
    delete std::exchange(m_farm, nullptr); // cancels and waits for the farm tasks to settle
    m_workers->narration.waitForFinished();
    m_workers->qa.waitForFinished();
    m_workers->ssh.waitForFinished();
}

QString RunJob::title() const
{
    return QStringLiteral("%1 %2 [%3]")
        .arg(m_request.kind == RunKind::Render ? tr("Render") : tr("Narration"), m_request.specRelativePath(),
             m_request.variantLabel());
}

QString RunJob::stateName(State state)
{
    switch (state) {
    case State::Queued: return QStringLiteral("queued");
    case State::Running: return QStringLiteral("running");
    case State::Qa: return QStringLiteral("qa");
    case State::Succeeded: return QStringLiteral("succeeded");
    case State::Failed: return QStringLiteral("failed");
    case State::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

qint64 RunJob::elapsed_ms() const
{
    if (m_finalElapsed_ms >= 0)
        return m_finalElapsed_ms;
    return m_clock.isValid() ? m_clock.elapsed() : 0;
}

std::optional<qint64> RunJob::remaining_ms() const
{
    if (m_state != State::Running || m_progress < kMinProgressForEstimate || m_progress >= 1.0)
        return std::nullopt;
    const qint64 elapsed = elapsed_ms();
    if (elapsed < kMinElapsedForEstimate_ms)
        return std::nullopt;
    return qint64(double(elapsed) * (1.0 - m_progress) / m_progress);
}

void RunJob::start()
{
    if (m_state != State::Queued)
        return;
    m_clock.start();
    setState(State::Running);
    appendLog({tr("%1 started (%2, %3 \u00b7 %4)")
                   .arg(title(), m_request.workload, m_request.runtimeClass.isEmpty() ? tr("default class") : m_request.runtimeClass,
                        m_request.engine.isEmpty() ? tr("default engine") : m_request.engine)});
    if (m_request.isSshRender())
        startSshRender();
    else if (m_request.isSlurmRender())
        startSlurmRender();
    else if (m_request.kind == RunKind::Render)
        startRender();
    else
        startNarration();
}

void RunJob::cancel()
{
    if (m_state != State::Running || m_cancelRequested)
        return;
    m_cancelRequested = true;
    appendLog({tr("Cancelling\u2026")});
    m_cancel.cancel();
    if (m_renderer)
        m_renderer->cancel();
    if (m_farm)
        m_farm->cancel();
    Q_EMIT stateChanged(m_state); // isCancelling() changed
}

RenderRequest RunJob::renderRequest() const
{
    RenderRequest request;
    request.specPath = m_request.specPath;
    request.projectRoot = m_request.projectRoot;
    request.variant = m_request.variant;
    request.narrationRun = m_request.narrationRun;
    request.options = m_request.renderOptions;
    return request;
}

void RunJob::startRender()
{
    m_renderer = new RenderRunner(this);
    connect(m_renderer, &RenderRunner::runCreated, this, [this](const QString &id, const QString &dir) {
        m_runId = id;
        m_runDir = dir;
        Q_EMIT runCreated(id, dir);
    });
    connect(m_renderer, &RenderRunner::progress, this, [this](double fraction, qint64 frame, qint64 total) {
        setProgress(fraction, tr("frame %1 of %2").arg(frame).arg(total));
    });
    connect(m_renderer, &RenderRunner::finished, this, &RunJob::onRenderFinished);
    m_tailTimer = new QTimer(this);
    m_tailTimer->setInterval(kLogTailInterval_ms);
    connect(m_tailTimer, &QTimer::timeout, this, [this] { pollLogs(); });

    const RenderRequest request = renderRequest();
    setProgress(0.0, tr("preparing"));
    if (Status started = m_renderer->start(request); !started) {
        m_errorText = started.error().toString();
        appendLog({tr("The render could not start: %1").arg(m_errorText)});
        finish(State::Failed);
        return;
    }
    m_tailTimer->start();
}

void RunJob::startSshRender()
{
    SshRenderRequest request = SshRenderRequest::from(renderRequest());
    request.outputProject = m_request.projectRoot;
    SshRenderOptions options;
    options.cancel = m_cancel;
    // Progress comes from the worker; it is posted to this job's thread. The destructor waits
    // for the worker, so `this` outlives every post.
    options.progress = [this](const SshRenderProgress &p) {
        QMetaObject::invokeMethod(this, [this, p] {
            const bool remote = p.phase == SshRenderProgress::Phase::Remote;
            setProgress(remote ? p.fraction : m_progress,
                        remote && p.totalFrames > 0 ? tr("frame %1 of %2 on %3").arg(p.frame).arg(p.totalFrames).arg(m_request.sshHost.host)
                                                    : p.message);
            if (!p.message.isEmpty() && (m_log.isEmpty() || m_log.last() != p.message))
                appendLog({p.message});
        }, Qt::QueuedConnection);
    };
    setProgress(0.0, tr("connecting to %1").arg(m_request.sshHost.host));
    const SshHostProfile profile = m_request.sshHost;
    m_workers->ssh.setFuture(QtConcurrent::run(
        [profile, request, options] { return SshRenderRunner(profile).runToOutcome(request, options); }));
}

// greenlight-cli as the farm's nodes run it: GREENLIGHT_CLI_PATH, else the one beside this
// program, else the one on the PATH.
static QString farmCliPath()
{
    const QString env = qEnvironmentVariable("GREENLIGHT_CLI_PATH");
    if (!env.isEmpty())
        return env;
    const QString beside = QCoreApplication::applicationDirPath() + QStringLiteral("/greenlight-cli");
    if (QFileInfo(beside).isExecutable())
        return beside;
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("greenlight-cli"));
    return onPath.isEmpty() ? QStringLiteral("greenlight-cli") : onPath;
}

void RunJob::startSlurmRender()
{
    m_farm = new SlurmRenderRunner(std::make_shared<SlurmLocalRunner>(), this);
    SlurmRenderOptions options;
    options.cliPath = farmCliPath();
    m_farm->setOptions(options);
    connect(m_farm, &SlurmRenderRunner::runCreated, this, [this](const QString &id, const QString &dir) {
        m_runId = id;
        m_runDir = dir;
        appendLog({tr("Run %1 submitted to the farm as %n chunk(s)", "", m_request.renderOptions.chunks).arg(id)});
        Q_EMIT runCreated(id, dir);
    });
    connect(m_farm, &SlurmRenderRunner::progress, this, [this](int done, int chunks) {
        setProgress(chunks > 0 ? double(done) / chunks : 0.0, tr("chunk %1 of %2 done").arg(done).arg(chunks));
    });
    connect(m_farm, &SlurmRenderRunner::finished, this, [this](const RunRecord &record) {
        m_runDir = m_farm->runDir();
        if (takeRenderRecord(record))
            runQaStage();
    });
    const RenderRequest request = renderRequest();
    setProgress(0.0, tr("submitting to the farm"));
    if (Status started = m_farm->start(request); !started) {
        m_errorText = started.error().toString();
        appendLog({tr("The farm render could not start: %1").arg(m_errorText)});
        finish(State::Failed);
    }
}

bool RunJob::rerouteRender(const QString &errorCode)
{
    // Only failures that leave no run behind (the host unreachable, refused, ...) reroute;
    // a render that ran and failed is a result, not an outage.
    Result<Runbook> runbook = Runbook::forProject(m_request.projectRoot);
    const Workload *w = runbook ? runbook->workload(m_request.workload) : nullptr;
    if (!w || errorCode.isEmpty())
        return false;
    const std::optional<QString> next = w->rerouteAfter(m_request.runtimeClass, errorCode);
    if (!next || *next != QLatin1String("local"))
        return false;
    appendLog({tr("Rerouting to %1 (%2), as workload %3 allows after %4").arg(*next, w->engineFor(*next), w->id, errorCode)});
    m_request.runtimeClass = *next;
    m_request.engine = w->engineFor(*next);
    m_errorText.clear();
    startRender();
    return true;
}

void RunJob::onSshRenderFinished(const SshRenderOutcome &outcome)
{
    if (!outcome.result) {
        m_errorText = errorLine(outcome.error);
        appendLog({tr("The remote render could not run: %1").arg(m_errorText)});
        if (!m_cancelRequested && rerouteRender(outcome.error.code))
            return;
        finish(m_cancelRequested ? State::Cancelled : State::Failed);
        return;
    }
    m_runId = outcome.result->record.id;
    m_runDir = outcome.result->runDir;
    Q_EMIT runCreated(m_runId, m_runDir);
    if (!takeRenderRecord(outcome.result->record))
        return;
    appendLog({tr("Fetched and verified %1 from %2").arg(m_runId, m_request.sshHost.host)});
    runQaStage();
}

void RunJob::startNarration()
{
    NarrationRequest request;
    request.specPath = m_request.specPath;
    request.projectRoot = m_request.projectRoot;
    request.variant = m_request.variant;
    if (!m_request.workload.isEmpty())
        request.workload = m_request.workload;
    request.forcedClass = m_request.runtimeClass;
    request.engineSettings = m_request.engineSettings;

    // The callbacks run on the worker; their work is posted to this job's thread. The
    // destructor waits for the worker, so `this` outlives every post.
    NarrationRunner::Callbacks callbacks;
    callbacks.started = [this](const QString &id, const QString &dir) {
        QMetaObject::invokeMethod(this, [this, id, dir] {
            m_runId = id;
            m_runDir = dir;
            appendLog({tr("Run %1").arg(id)});
            Q_EMIT runCreated(id, dir);
        }, Qt::QueuedConnection);
    };
    callbacks.progress = [this](int done, int total, const QString &what) {
        QMetaObject::invokeMethod(this, [this, done, total, what] {
            setProgress(total > 0 ? double(done) / total : 1.0, tr("segment %1 of %2").arg(done).arg(total));
            appendLog({QStringLiteral("[%1/%2] %3").arg(done).arg(total).arg(what)});
        }, Qt::QueuedConnection);
    };
    setProgress(0.0, tr("starting"));
    const CancelToken cancel = m_cancel;
    m_workers->narration.setFuture(QtConcurrent::run([request, cancel, callbacks] {
        return NarrationRunner(request).run(cancel, callbacks);
    }));
}

void RunJob::onRenderFinished(const RunRecord &record)
{
    m_tailTimer->stop();
    m_runDir = m_renderer->runDir();
    pollLogs(true);
    if (takeRenderRecord(record))
        runQaStage();
}

bool RunJob::takeRenderRecord(const RunRecord &record)
{
    m_record = record;
    m_hasRecord = true;
    if (record.status == RunStatus::Succeeded)
        return true;
    m_errorText = errorLine(record.lastError());
    appendLog({tr("Render %1: %2").arg(toString(record.status), m_errorText)});
    finish(stateFor(record.status));
    return false;
}

void RunJob::runQaStage()
{
    appendLog({tr("Render succeeded; running the deterministic QA checks\u2026")});
    setState(State::Qa);
    const QString runDir = m_runDir;
    const QString projectRoot = m_request.projectRoot;
    m_workers->qa.setFuture(QtConcurrent::run([runDir, projectRoot] {
        QaOutcome outcome;
        Result<Runbook> runbook = Runbook::forProject(projectRoot);
        if (!runbook) {
            outcome.error = runbook.error().toString();
            return outcome;
        }
        Result<DeterministicQaReport> report = runDeterministicQa(runDir, *runbook);
        if (!report)
            outcome.error = report.error().toString();
        else
            outcome.findings = int(report->findings.size());
        if (Result<RunRecord> record = loadRunRecord(runDir + QStringLiteral("/run.json")))
            outcome.record = *record;
        return outcome;
    }));
}

void RunJob::onQaFinished(const QaOutcome &outcome)
{
    if (outcome.record)
        m_record = *outcome.record;
    if (!outcome.error.isEmpty())
        appendLog({tr("QA could not run: %1").arg(outcome.error)});
    else
        appendLog({tr("QA %1: %2 blocker(s), %3 warning(s)")
                       .arg(m_record.qa.state)
                       .arg(m_record.qa.blockers)
                       .arg(m_record.qa.warnings)});
    finish(State::Succeeded);
}

void RunJob::onNarrationFinished(const NarrationOutcome &outcome)
{
    if (outcome.refused) {
        m_errorText = outcome.refusal.toString();
        QStringList lines{tr("Narration refused: %1").arg(m_errorText)};
        for (const Finding &f : outcome.blockers)
            lines.append(QStringLiteral("  %1: %2").arg(f.code, f.message));
        appendLog(lines);
        finish(State::Failed);
        return;
    }
    m_record = outcome.record;
    m_hasRecord = true;
    m_runId = outcome.record.id;
    m_runDir = outcome.runDir;
    QStringList lines;
    for (const Finding &f : outcome.findings)
        lines.append(QStringLiteral("  %1 %2: %3").arg(toString(f.severity), f.code, f.message));
    if (outcome.record.status != RunStatus::Succeeded)
        m_errorText = errorLine(outcome.record.lastError());
    lines.prepend(tr("Narration %1 (%2 \u00b7 %3)%4")
                      .arg(toString(outcome.record.status), toString(outcome.record.runtimeClass),
                           outcome.record.engineName,
                           m_errorText.isEmpty() ? QString() : QStringLiteral(": ") + m_errorText));
    appendLog(lines);
    finish(stateFor(outcome.record.status));
}

void RunJob::pollLogs(bool flush)
{
    const QString dir = m_renderer ? m_renderer->runDir() : m_runDir;
    const QStringList lines = m_tail.poll(dir, flush);
    if (!lines.isEmpty())
        appendLog(lines);
}

void RunJob::appendLog(const QStringList &lines)
{
    m_log.append(lines);
    if (m_log.size() > kMaxLogLines)
        m_log.remove(0, m_log.size() - kMaxLogLines);
    Q_EMIT logLinesAdded(lines);
}

void RunJob::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void RunJob::finish(State state)
{
    m_finalElapsed_ms = m_clock.isValid() ? m_clock.elapsed() : 0;
    if (m_tailTimer)
        m_tailTimer->stop();
    if (state == State::Succeeded)
        setProgress(1.0, m_progressText);
    setState(state);
    Q_EMIT finished();
}

void RunJob::setProgress(double fraction, const QString &text)
{
    m_progress = fraction;
    m_progressText = text;
    Q_EMIT progressChanged(fraction);
}

} // namespace greenlight
