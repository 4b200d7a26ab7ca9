#include "remote/slurmlocalrunner.h"

#include <QElapsedTimer>
#include <QProcess>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace greenlight {

namespace {
constexpr int kSlice_ms = 50;
constexpr int kKillGrace_ms = 2000;

// Terminates, then kills after a grace period, and reaps the process.
void stop(QProcess &process)
{
    process.terminate();
    if (!process.waitForFinished(kKillGrace_ms)) {
        process.kill();
        process.waitForFinished(kKillGrace_ms);
    }
}
} // namespace

SlurmLocalRunner::SlurmLocalRunner() : m_env(QProcessEnvironment::systemEnvironment())
{
    // Commands print times and messages we parse: keep them in a known form.
    m_env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
}

void SlurmLocalRunner::setSlurmConf(const QString &path)
{
    if (path.isEmpty())
        m_env.remove(QStringLiteral("SLURM_CONF"));
    else
        m_env.insert(QStringLiteral("SLURM_CONF"), path);
}

void SlurmLocalRunner::setEnvironmentValue(const QString &name, const QString &value)
{
    m_env.insert(name, value);
}

QString SlurmLocalRunner::describe() const
{
    return QStringLiteral("localhost");
}

SlurmCommandOutput SlurmLocalRunner::run(const SlurmCommand &command)
{
    SlurmCommandOutput out;
    QElapsedTimer clock;
    clock.start();
    QProcess process;
    process.setProcessEnvironment(m_env);
    const pid_t parent_pid = getpid();
    process.setChildProcessModifier([parent_pid] {
        // Between fork and exec: async-signal-safe calls only.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent_pid)
            ::_exit(127);
    });
    process.start(command.program, command.arguments);
    if (!process.waitForStarted(10000)) {
        out.end = SlurmCommandOutput::End::FailedToStart;
        out.startError = process.errorString();
        out.elapsed_ms = clock.elapsed();
        return out;
    }
    if (!command.stdinData.isEmpty())
        process.write(command.stdinData);
    process.closeWriteChannel();

    bool done = false;
    while (!done) {
        if (command.cancel.isCancelled()) {
            stop(process);
            out.end = SlurmCommandOutput::End::Cancelled;
            break;
        }
        if (command.timeout_ms > 0 && clock.elapsed() >= command.timeout_ms) {
            stop(process);
            out.end = SlurmCommandOutput::End::TimedOut;
            break;
        }
        // Blocks in the kernel for at most one slice: no event processing, no busy loop.
        done = process.waitForFinished(kSlice_ms) || process.state() == QProcess::NotRunning;
    }
    out.stdOut = process.readAllStandardOutput();
    out.stdErr = process.readAllStandardError();
    out.elapsed_ms = clock.elapsed();
    if (done) {
        out.end = process.exitStatus() == QProcess::NormalExit ? SlurmCommandOutput::End::Exited
                                                               : SlurmCommandOutput::End::Crashed;
        out.exitCode = process.exitCode();
    }
    return out;
}

} // namespace greenlight
