#include "remote/sessionlauncher.h"

#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace greenlight {

namespace {

// What the intermediate child and the grandchild report through the pipe.
struct Report
{
    qint32 kind;  // 1: pid of the grandchild, 2: errno of a failed step
    qint32 step;  // 0 fork, 1 setsid, 2 log, 3 stdin, 4 chdir, 5 exec
    qint64 value; // pid or errno
};

void writeReport(int fd, qint32 kind, qint32 step, qint64 value)
{
    const Report r{kind, step, value};
    [[maybe_unused]] const ssize_t n = ::write(fd, &r, sizeof r);
}

const char *stepName(qint32 step)
{
    switch (step) {
    case 0: return "fork";
    case 1: return "setsid";
    case 2: return "open the log file";
    case 3: return "open /dev/null";
    case 4: return "enter the working folder";
    default: return "exec";
    }
}

// Runs in the grandchild after fork: async-signal-safe calls only, then exec.
[[noreturn]] void execChild(int reportFd, const char *program, char *const *argv, const char *dir, const char *log)
{
    sigset_t all;
    sigemptyset(&all);
    ::sigprocmask(SIG_SETMASK, &all, nullptr);
    for (int sig : {SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGPIPE, SIGCHLD, SIGXFSZ, SIGUSR1, SIGUSR2})
        ::signal(sig, SIG_DFL);
    const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        writeReport(reportFd, 2, 3, errno);
        ::_exit(127);
    }
    const int logFd = ::open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (logFd < 0) {
        writeReport(reportFd, 2, 2, errno);
        ::_exit(127);
    }
    if (::chdir(dir) != 0) {
        writeReport(reportFd, 2, 4, errno);
        ::_exit(127);
    }
    ::dup2(in, STDIN_FILENO);
    ::dup2(logFd, STDOUT_FILENO);
    ::dup2(logFd, STDERR_FILENO);
    // Everything else closes on exec: the caller's pipes (an SSH channel, a test's QProcess)
    // must not stay open in the worker, or the caller would wait for it. The report pipe is
    // close-on-exec too, so a successful exec shows as end of file.
    ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
    ::execv(program, argv);
    writeReport(reportFd, 2, 5, errno);
    ::_exit(127);
}

} // namespace

Result<qint64> SessionLauncher::start(const QString &program, const QStringList &arguments, const QString &workingDir,
                                      const QString &logFile)
{
    // Everything the children need is prepared before fork: after it, no allocation.
    const QByteArray programBytes = QFile::encodeName(program);
    std::vector<QByteArray> argBytes;
    argBytes.push_back(programBytes);
    for (const QString &a : arguments)
        argBytes.push_back(a.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &a : argBytes)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const QByteArray dir = QFile::encodeName(workingDir.isEmpty() ? QStringLiteral("/") : workingDir);
    const QByteArray log = QFile::encodeName(logFile.isEmpty() ? QStringLiteral("/dev/null") : logFile);

    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return makeError(QStringLiteral("job.launch"),
                         QStringLiteral("cannot start the worker: pipe: ") + QString::fromLocal8Bit(std::strerror(errno)));
    const pid_t child = ::fork();
    if (child < 0) {
        const int e = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        return makeError(QStringLiteral("job.launch"),
                         QStringLiteral("cannot start the worker: fork: ") + QString::fromLocal8Bit(std::strerror(e)));
    }
    if (child == 0) {
        ::close(fds[0]);
        if (::setsid() < 0) {
            writeReport(fds[1], 2, 1, errno);
            ::_exit(127);
        }
        const pid_t grandchild = ::fork();
        if (grandchild < 0) {
            writeReport(fds[1], 2, 0, errno);
            ::_exit(127);
        }
        if (grandchild == 0)
            execChild(fds[1], programBytes.constData(), argv.data(), dir.constData(), log.constData());
        writeReport(fds[1], 1, 0, grandchild);
        ::_exit(0); // the grandchild is adopted by init (or the nearest subreaper)
    }
    ::close(fds[1]);
    qint64 pid = 0;
    std::optional<Report> failure;
    Report r;
    for (;;) {
        const ssize_t n = ::read(fds[0], &r, sizeof r);
        if (n < 0 && errno == EINTR)
            continue;
        if (n != ssize_t(sizeof r))
            break; // end of file: the grandchild exec'd (or the children are gone)
        if (r.kind == 1)
            pid = r.value;
        else if (!failure)
            failure = r;
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (failure)
        return makeError(QStringLiteral("job.launch"),
                         QStringLiteral("cannot start %1: %2: %3")
                             .arg(program, QString::fromLatin1(stepName(failure->step)),
                                  QString::fromLocal8Bit(std::strerror(int(failure->value)))));
    if (pid <= 0)
        return makeError(QStringLiteral("job.launch"), QStringLiteral("cannot start %1: the launcher exited early").arg(program));
    return pid;
}

} // namespace greenlight
