#pragma once

#include "common/canceltoken.h"
#include "render/renderrequest.h"
#include "runs/runjobrequest.h"
#include "runs/runlogtail.h"
#include "run/runrecord.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>

#include <memory>
#include <optional>

class QTimer;

namespace greenlight {

class RenderRunner;
class SlurmRenderRunner;
struct SshRenderOutcome;
struct NarrationOutcome;

// One launched run in the desk's queue. A render drives a RenderRunner (ffmpeg as a
// QProcess, file work on the thread pool) and, when it succeeds, the deterministic QA stage
// on the thread pool (state Qa); a narration run drives a NarrationRunner on the thread pool
// with a CancelToken. Everything it reports (state, progress, log lines) arrives on the
// thread that owns the job. Jobs are made and started by RunQueue.
class RunJob : public QObject
{
    Q_OBJECT

public:
    enum class State { Queued, Running, Qa, Succeeded, Failed, Cancelled };
    Q_ENUM(State)

    RunJob(int serial, RunJobRequest request, QObject *parent = nullptr);
    // Cancels work still running and waits for a narration worker to notice (it checks
    // between segments); a running ffmpeg is killed and its staging folder left as it is.
    // Cancel and wait for finished() first to end a run cleanly.
    ~RunJob() override;

    int serial() const { return m_serial; } // 1, 2, ... in launch order
    const RunJobRequest &request() const { return m_request; }
    RunKind kind() const { return m_request.kind; }
    QString title() const; // "render specs/x.json [base]"

    State state() const { return m_state; }
    static QString stateName(State state); // queued | running | qa | succeeded | failed | cancelled
    bool isActive() const { return m_state == State::Queued || m_state == State::Running || m_state == State::Qa; }
    bool isStarted() const { return m_state != State::Queued; }
    bool isFinished() const { return !isActive(); }
    bool isCancelling() const { return m_cancelRequested && isActive(); }

    // 0..1 of the run (frames for renders, segments for narration); -1 while unknown.
    double progress() const { return m_progress; }
    QString progressText() const { return m_progressText; } // "frame 120 of 390", "segment 2 of 5: ..."
    qint64 elapsed_ms() const;
    // From the progress rate so far; empty while there is too little progress to tell.
    std::optional<qint64> remaining_ms() const;

    QString runId() const { return m_runId; }
    QString runDir() const { return m_runDir; } // the staging folder while running, final afterwards
    const RunRecord &record() const { return m_record; } // final once finished (when a run was made)
    bool hasRecord() const { return m_hasRecord; }
    QString errorText() const { return m_errorText; } // why it failed, for people
    QStringList logLines() const { return m_log; }

    void start();
    // Running: stop the run (render: 'q' to ffmpeg, then terminate; narration: at the next
    // segment). The QA stage of a finished render is short and not interrupted.
    void cancel();

Q_SIGNALS:
    void stateChanged(greenlight::RunJob::State state);
    void progressChanged(double fraction);
    void runCreated(const QString &runId, const QString &runDir);
    void logLinesAdded(const QStringList &lines);
    void finished();

private:
    RenderRequest renderRequest() const; // what a local or farm render of this job renders
    void startRender();
    void startSshRender();
    void startSlurmRender();
    // Moves a render whose remote class failed before any run was made on to the next class
    // the workload allows (local only). False when the runbook does not allow it.
    bool rerouteRender(const QString &errorCode);
    // Keeps a finished render's record; false (the job failed or was cancelled) unless it succeeded.
    bool takeRenderRecord(const RunRecord &record);
    void runQaStage();
    void startNarration();
    void onRenderFinished(const RunRecord &record);
    void onNarrationFinished(const NarrationOutcome &outcome);
    struct QaOutcome;
    void onQaFinished(const QaOutcome &outcome);
    void onSshRenderFinished(const SshRenderOutcome &outcome);
    void pollLogs(bool flush = false);
    void appendLog(const QStringList &lines);
    void setState(State state);
    void finish(State state);
    void setProgress(double fraction, const QString &text);

    int m_serial = 0;
    RunJobRequest m_request;
    State m_state = State::Queued;
    double m_progress = -1.0;
    QString m_progressText;
    QElapsedTimer m_clock;
    qint64 m_finalElapsed_ms = -1;
    QString m_runId;
    QString m_runDir;
    RunRecord m_record;
    bool m_hasRecord = false;
    QString m_errorText;
    QStringList m_log;
    bool m_cancelRequested = false;

    RenderRunner *m_renderer = nullptr;
    SlurmRenderRunner *m_farm = nullptr;
    CancelToken m_cancel;
    RunLogTail m_tail;
    QTimer *m_tailTimer = nullptr;
    struct Workers;
    std::unique_ptr<Workers> m_workers;
};

} // namespace greenlight
