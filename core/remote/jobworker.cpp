#include "remote/jobworker.h"

#include "remote/jobrecord.h"
#include "remote/jobstore.h"
#include "remote/processidentity.h"
#include "render/renderrunner.h"
#include "run/runrecord.h"

#include <QDir>
#include <QElapsedTimer>
#include <QTimer>

#include <cmath>

namespace greenlight {

namespace {

constexpr qint64 kProgressWrite_ms = 500; // job.json is rewritten at most this often while rendering

double rounded(double fraction)
{
    return std::round(std::clamp(fraction, 0.0, 1.0) * 10000.0) / 10000.0;
}

} // namespace

struct JobWorker::Private
{
    explicit Private(const QString &dir) : store(dir) {}

    JobStore store;
    RenderRunner runner;
    QTimer cancelPoll;
    QElapsedTimer sinceProgressWrite;
    JobProgress progress;
    QString runId;
    QString runDir;
    int lastLoggedTenth = -1;
    bool started = false;
    bool cancelRequested = false;
    bool done = false;
    int exitCode = ExitFailed;
};

JobWorker::JobWorker(const QString &jobDir, QObject *parent)
    : QObject(parent), d(std::make_unique<Private>(QDir(jobDir).absolutePath()))
{
    d->cancelPoll.setInterval(1000);
    connect(&d->cancelPoll, &QTimer::timeout, this, [this] {
        Result<JobRecord> r = d->store.load();
        if (r && !r->cancelRequestedAt.isEmpty())
            cancel();
    });
}

JobWorker::~JobWorker() = default;

bool JobWorker::isFinished() const { return d->done; }
int JobWorker::exitCode() const { return d->exitCode; }
void JobWorker::setCancelPollInterval_ms(int interval_ms) { d->cancelPoll.setInterval(interval_ms); }

void JobWorker::start()
{
    if (d->started)
        return;
    d->started = true;

    const auto finishWith = [this](JobState state, std::optional<Error> error, int code) {
        d->store.update([&](JobRecord &r) {
            if (isFinal(r.state))
                return false; // stopped from outside meanwhile: that result stands
            r.state = state;
            r.error = error;
            r.exitCode = code;
            r.runId = d->runId;
            r.runDir = d->runDir;
            r.progress = d->progress;
            r.endedAt = utcNowIso();
            // Under the job's lock, the event before the state: a follower that sees the final
            // state in job.json has every line.
            d->store.appendEvent(r.finishedEvent());
            return true;
        });
        QString line = QStringLiteral("finished: ") + toString(state);
        if (error)
            line += QStringLiteral(" (") + error->toString() + QLatin1Char(')');
        d->store.appendLog(line);
        d->exitCode = code;
        d->done = true;
        d->cancelPoll.stop();
        QMetaObject::invokeMethod(this, [this, code] { Q_EMIT finished(code); }, Qt::QueuedConnection);
    };

    const ProcessIdentity self = ProcessIdentity::current();
    bool alreadyFinal = false;
    Result<JobRecord> record = d->store.update([&](JobRecord &r) {
        if (isFinal(r.state)) {
            alreadyFinal = true;
            return false;
        }
        r.state = JobState::Running;
        r.pid = self.pid;
        r.pidStartTicks = self.startTicks;
        r.bootId = self.bootId;
        r.host = self.host;
        r.startedAt = utcNowIso();
        return true;
    });
    if (!record) {
        d->store.appendLog(QStringLiteral("cannot run the job: ") + record.error().toString());
        d->exitCode = ExitUnusable;
        d->done = true;
        QMetaObject::invokeMethod(this, [this] { Q_EMIT finished(ExitUnusable); }, Qt::QueuedConnection);
        return;
    }
    if (alreadyFinal) {
        // Cancelled or failed from outside before this worker got going: leave it as it is.
        const int code = record->state == JobState::Succeeded   ? ExitSucceeded
                         : record->state == JobState::Cancelled ? ExitCancelled
                                                                : ExitFailed;
        d->exitCode = code;
        d->done = true;
        QMetaObject::invokeMethod(this, [this, code] { Q_EMIT finished(code); }, Qt::QueuedConnection);
        return;
    }
    d->store.appendEvent({{"event", "running"}, {"pid", self.pid}, {"host", toStd(self.host)}});
    d->store.appendLog(QStringLiteral("worker pid %1 on %2: render %3%4")
                           .arg(self.pid)
                           .arg(self.host, record->request.specPath,
                                record->request.variant.isEmpty()
                                    ? QString()
                                    : QString(QStringLiteral(" (variant ") + record->request.variant + QLatin1Char(')'))));
    if (!record->cancelRequestedAt.isEmpty()) {
        d->cancelRequested = true;
        finishWith(JobState::Cancelled,
                   makeError(QStringLiteral("render.cancelled"), QStringLiteral("cancelled before the render started")),
                   ExitCancelled);
        return;
    }

    connect(&d->runner, &RenderRunner::runCreated, this, [this](const QString &id, const QString &dir) {
        d->runId = id;
        d->runDir = dir;
        d->store.appendEvent({{"event", "started"}, {"runId", toStd(id)}, {"runDir", toStd(dir)}});
        d->store.update([&](JobRecord &r) {
            r.runId = id;
            r.runDir = dir;
            return !isFinal(r.state);
        });
        d->store.appendLog(QStringLiteral("run %1 in %2").arg(id, dir));
    });
    connect(&d->runner, &RenderRunner::progress, this, [this](double fraction, qint64 frame, qint64 total) {
        d->progress = JobProgress{rounded(fraction), frame, total};
        d->store.appendEvent({{"event", "progress"}, {"frame", frame}, {"totalFrames", total}, {"fraction", rounded(fraction)}});
        if (!d->sinceProgressWrite.isValid() || d->sinceProgressWrite.elapsed() >= kProgressWrite_ms) {
            d->sinceProgressWrite.start();
            const JobProgress p = d->progress;
            d->store.update([p](JobRecord &r) {
                r.progress = p;
                return !isFinal(r.state);
            });
        }
        if (const int tenth = int(fraction * 10.0); tenth != d->lastLoggedTenth) {
            d->lastLoggedTenth = tenth;
            d->store.appendLog(QStringLiteral("progress %1% (frame %2 of %3)").arg(tenth * 10).arg(frame).arg(total));
        }
    });
    connect(&d->runner, &RenderRunner::finished, this, [this, finishWith](const RunRecord &run) {
        d->runDir = d->runner.runDir();
        const JobState state = run.status == RunStatus::Succeeded   ? JobState::Succeeded
                               : run.status == RunStatus::Cancelled ? JobState::Cancelled
                                                                    : JobState::Failed;
        const int code = state == JobState::Succeeded ? ExitSucceeded : state == JobState::Cancelled ? ExitCancelled : ExitFailed;
        finishWith(state, run.lastError(), code);
    });

    if (Status s = d->runner.start(record->request); !s) {
        finishWith(JobState::Failed, s.error(), ExitUnusable);
        return;
    }
    d->cancelPoll.start();
}

void JobWorker::cancel()
{
    if (d->cancelRequested || d->done || !d->started)
        return;
    d->cancelRequested = true;
    d->store.appendEvent({{"event", "cancelling"}});
    d->store.update([](JobRecord &r) {
        if (isFinal(r.state) || !r.cancelRequestedAt.isEmpty())
            return false;
        r.cancelRequestedAt = utcNowIso();
        return true;
    });
    d->store.appendLog(QStringLiteral("cancelling"));
    d->runner.cancel(); // ends through RenderRunner::finished, cancelled
}

} // namespace greenlight
