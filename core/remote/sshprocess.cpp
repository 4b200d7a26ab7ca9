#include "remote/sshprocess.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace greenlight {

namespace {
constexpr int kPoll_ms = 50;
constexpr int kKillGrace_ms = 2000;
} // namespace

SshProcessOutcome SshProcess::run(const QString &program, const QStringList &arguments, const SshRunOptions &options)
{
    SshProcessOutcome outcome;
    QElapsedTimer clock;
    clock.start();

    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Never ask anything: no askpass program, no terminal to prompt on.
    env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("never"));
    env.remove(QStringLiteral("DISPLAY"));
    process.setProcessEnvironment(env);
    if (!options.stdinFile.isEmpty())
        process.setStandardInputFile(options.stdinFile);
    const pid_t parent_pid = ::getpid();
    process.setChildProcessModifier([parent_pid] {
        // Between fork and exec: async-signal-safe calls only.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent_pid)
            ::_exit(127);
        ::setsid(); // no controlling terminal: ssh cannot open /dev/tty to prompt
    });

    QEventLoop loop;
    bool finished = false;
    QObject::connect(&process, &QProcess::readyReadStandardOutput, &loop, [&] {
        const QByteArray chunk = process.readAllStandardOutput();
        outcome.stdOut += chunk;
        if (options.stdoutChunk && !chunk.isEmpty())
            options.stdoutChunk(chunk);
    });
    QObject::connect(&process, &QProcess::readyReadStandardError, &loop,
                     [&] { outcome.stdErr += process.readAllStandardError(); });
    QObject::connect(&process, &QProcess::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });

    process.start(QIODevice::ReadWrite);
    if (!process.waitForStarted(10000)) {
        outcome.end = SshProcessOutcome::End::FailedToStart;
        outcome.startError = process.errorString();
        outcome.elapsed_ms = clock.elapsed();
        return outcome;
    }
    if (options.started)
        options.started(process.processId());

    enum class Stop { None, Timeout, Cancel };
    Stop stop = Stop::None;
    qint64 stoppedAt_ms = 0;
    QTimer tick;
    tick.setInterval(kPoll_ms);
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (stop == Stop::None) {
            if (options.cancel.isCancelled())
                stop = Stop::Cancel;
            else if (options.timeout_ms > 0 && clock.elapsed() >= options.timeout_ms)
                stop = Stop::Timeout;
            if (stop != Stop::None) {
                stoppedAt_ms = clock.elapsed();
                process.terminate();
            }
        } else if (clock.elapsed() - stoppedAt_ms >= kKillGrace_ms) {
            process.kill();
        }
    });
    tick.start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    tick.stop();

    const QByteArray restOut = process.readAllStandardOutput();
    outcome.stdOut += restOut;
    if (options.stdoutChunk && !restOut.isEmpty())
        options.stdoutChunk(restOut);
    outcome.stdErr += process.readAllStandardError();
    outcome.exitCode = process.exitCode();
    outcome.elapsed_ms = clock.elapsed();
    if (stop == Stop::Cancel)
        outcome.end = SshProcessOutcome::End::Cancelled;
    else if (stop == Stop::Timeout)
        outcome.end = SshProcessOutcome::End::TimedOut;
    else if (process.exitStatus() == QProcess::CrashExit)
        outcome.end = SshProcessOutcome::End::Crashed;
    else
        outcome.end = SshProcessOutcome::End::Exited;
    return outcome;
}

} // namespace greenlight
