#include "render/ffmpegjob.h"

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace greenlight {

namespace {
constexpr qsizetype kLogTailBytes = 16 * 1024;
}

FfmpegJob::FfmpegJob(QObject *parent) : QObject(parent), m_process(this), m_escalation(this)
{
    m_escalation.setSingleShot(true);
    connect(&m_escalation, &QTimer::timeout, this, &FfmpegJob::escalate);
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &FfmpegJob::onStdout);
    connect(&m_process, &QProcess::readyReadStandardError, this, &FfmpegJob::onStderr);
    connect(&m_process, &QProcess::finished, this, &FfmpegJob::onFinished);
    connect(&m_process, &QProcess::errorOccurred, this, &FfmpegJob::onError);
    connect(&m_process, &QProcess::started, this, [this] { Q_EMIT started(m_process.processId()); });
    const pid_t parent_pid = getpid();
    m_process.setChildProcessModifier([parent_pid] {
        // Runs in the child between fork and exec: async-signal-safe calls only.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent_pid)
            ::_exit(127); // the parent died before prctl took effect
        ::signal(SIGXFSZ, SIG_IGN);
    });
}

FfmpegJob::~FfmpegJob()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.disconnect(this);
        m_process.kill();
        m_process.waitForFinished(5000); // reap it: no zombie, no orphan
    }
}

void FfmpegJob::start()
{
    m_outcome = {};
    m_parser = {};
    m_done = false;
    m_cancelRequested = false;
    m_escalationStep = 0;
    if (!m_logPath.isEmpty()) {
        m_log.setFileName(m_logPath);
        if (m_log.open(QIODevice::WriteOnly | QIODevice::Append)) {
            QByteArray header = "# " + m_program.toUtf8();
            for (const QString &a : std::as_const(m_args))
                header += ' ' + a.toUtf8();
            m_log.write(header + '\n');
            m_log.flush();
        }
    }
    if (!m_workingDir.isEmpty())
        m_process.setWorkingDirectory(m_workingDir);
    m_process.setProgram(m_program);
    m_process.setArguments(m_args);
    m_process.start(QIODevice::ReadWrite);
}

void FfmpegJob::cancel()
{
    if (m_done || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.write("q");
    m_escalationStep = 0;
    m_escalation.start(m_grace_ms);
}

void FfmpegJob::escalate()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    if (m_escalationStep++ == 0) {
        m_process.terminate();
        m_escalation.start(m_grace_ms);
    } else {
        m_process.kill();
    }
}

bool FfmpegJob::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

qint64 FfmpegJob::processId() const
{
    return m_process.processId();
}

void FfmpegJob::onStdout()
{
    for (const FfmpegProgress &p : m_parser.feed(m_process.readAllStandardOutput())) {
        m_outcome.lastFrame = p.frame;
        m_outcome.sawEnd = m_outcome.sawEnd || p.end;
        Q_EMIT progress(p.frame, p.outTime_us);
    }
}

void FfmpegJob::onStderr()
{
    const QByteArray bytes = m_process.readAllStandardError();
    if (m_log.isOpen()) {
        m_log.write(bytes);
        m_log.flush();
    }
    m_outcome.logTail += bytes;
    if (m_outcome.logTail.size() > kLogTailBytes)
        m_outcome.logTail = m_outcome.logTail.right(kLogTailBytes);
}

void FfmpegJob::onFinished(int exitCode, QProcess::ExitStatus status)
{
    onStdout();
    onStderr();
    if (m_cancelRequested)
        finish(FfmpegOutcome::Kind::Cancelled, exitCode);
    else if (status == QProcess::CrashExit)
        finish(FfmpegOutcome::Kind::Crashed, exitCode);
    else
        finish(exitCode == 0 ? FfmpegOutcome::Kind::Succeeded : FfmpegOutcome::Kind::Failed, exitCode);
}

void FfmpegJob::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // crashes and exits arrive through finished()
    m_outcome.startError = m_process.errorString();
    finish(m_cancelRequested ? FfmpegOutcome::Kind::Cancelled : FfmpegOutcome::Kind::FailedToStart, -1);
}

void FfmpegJob::finish(FfmpegOutcome::Kind kind, int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_escalation.stop();
    m_outcome.kind = kind;
    m_outcome.exitCode = exitCode;
    if (m_log.isOpen())
        m_log.close();
    Q_EMIT finished();
}

} // namespace greenlight
