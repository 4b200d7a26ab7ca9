#pragma once

#include "render/ffmpegprogressparser.h"

#include <QFile>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace greenlight {

// How an ffmpeg invocation ended.
struct FfmpegOutcome
{
    enum class Kind { Succeeded, Failed, Crashed, Cancelled, FailedToStart };
    Kind kind = Kind::Failed;
    int exitCode = -1;     // exit status; the signal number when Crashed
    qint64 lastFrame = 0;  // last frame= reported by -progress
    bool sawEnd = false;   // progress=end was reported
    QString startError;    // why it could not start
    QByteArray logTail;    // the last lines ffmpeg wrote to stderr
};

// The `ffmpeg` program as an event-driven QProcess job (never blocks the caller's thread):
// progress from `-progress pipe:1`, stderr streamed to a log file, cancel by writing 'q' to
// its stdin and then terminate/kill after a grace period. The child dies with its parent:
// the destructor kills it, and PR_SET_PDEATHSIG kills it should this process die (start the
// job from a thread that outlives it, e.g. the GUI thread). The child ignores SIGXFSZ so a
// file-size limit makes its writes fail with EFBIG instead of killing it.
class FfmpegJob : public QObject
{
    Q_OBJECT

public:
    explicit FfmpegJob(QObject *parent = nullptr);
    ~FfmpegJob() override;

    void setProgram(const QString &program) { m_program = program; }
    void setArguments(const QStringList &args) { m_args = args; }
    void setWorkingDirectory(const QString &dir) { m_workingDir = dir; }
    void setLogFile(const QString &path) { m_logPath = path; }
    void setCancelGrace_ms(int grace_ms) { m_grace_ms = grace_ms; }

    void start();
    void cancel();
    bool isRunning() const;
    qint64 processId() const;
    const FfmpegOutcome &outcome() const { return m_outcome; }

Q_SIGNALS:
    void started(qint64 pid);
    void progress(qint64 frame, qint64 outTime_us);
    void finished(); // outcome() says how

private:
    void onStdout();
    void onStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);
    void escalate();
    void finish(FfmpegOutcome::Kind kind, int exitCode);

    QProcess m_process;
    QFile m_log;
    QTimer m_escalation;
    FfmpegProgressParser m_parser;
    FfmpegOutcome m_outcome;
    QString m_program = QStringLiteral("ffmpeg");
    QStringList m_args;
    QString m_workingDir;
    QString m_logPath;
    int m_grace_ms = 3000;
    int m_escalationStep = 0;
    bool m_cancelRequested = false;
    bool m_done = false;
};

} // namespace greenlight
