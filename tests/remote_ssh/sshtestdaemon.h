#pragma once

// The test sshd on 127.0.0.1 that tests/services/ssh/start.sh brings up, seen from a test:
// where its state lives, a host profile that reaches it, and the processes of a connection.
#include "remote/sshhostprofile.h"
#include "remote/sshtransport.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QStringList>

namespace greenlight::test {

inline QString sshdStateDir()
{
    return qEnvironmentVariable("GREENLIGHT_SSHD_DIR", QStringLiteral("/tmp/greenlight-sshd"));
}

inline QString sshdStartScript()
{
    return sourceDir() + QStringLiteral("/tests/services/ssh/start.sh");
}

// The daemon as a host profile: the alias greenlight-test from the written ssh_config.
inline SshHostProfile sshdProfile(const QString &remoteProjectRoot)
{
    SshHostProfile p;
    p.host = QStringLiteral("greenlight-test");
    p.configFile = sshdStateDir() + QStringLiteral("/ssh_config");
    p.remoteProjectRoot = remoteProjectRoot;
    p.remoteCli = cliPath();
    p.connectTimeout_s = 10;
    return p;
}

// Makes sure a key login to the daemon runs a command, starting it with start.sh when it does
// not. Empty when it is up; otherwise why not (the script's output and ssh's error).
inline QString ensureSshdUp()
{
    auto probe = []() -> QString {
        SshRunOptions o;
        o.timeout_ms = 20000;
        const Result<SshCommandResult> r = SshTransport(sshdProfile(QStringLiteral("/tmp"))).runChecked(
            QStringLiteral("echo greenlight-ssh-ready"), o);
        if (!r)
            return r.error().code + QStringLiteral(": ") + r.error().message;
        if (!r->stdOut.contains("greenlight-ssh-ready"))
            return QStringLiteral("the probe command printed %1").arg(QString::fromUtf8(r->stdOut));
        return QString();
    };
    QString first;
    if (QFileInfo::exists(sshdStateDir() + QStringLiteral("/ssh_config"))) {
        first = probe();
        if (first.isEmpty())
            return {};
    } else {
        first = QStringLiteral("no %1/ssh_config").arg(sshdStateDir());
    }
    const ProcessResult started = run(QStringLiteral("bash"), {sshdStartScript()}, 300000);
    const QString second = probe();
    if (second.isEmpty())
        return {};
    return QStringLiteral("the test sshd is not reachable (%1); %2 exited %3 and said:\n%4%5\nafter it: %6")
        .arg(first, sshdStartScript(), QString::number(started.exitCode), QString::fromUtf8(started.out),
             QString::fromUtf8(started.err), second);
}

// Process ids whose command line is exactly `argv` (from /proc).
inline QList<qint64> pidsWithArgs(const QStringList &argv)
{
    QList<qint64> pids;
    const QByteArray wanted = argv.join(QChar(0)).toUtf8() + '\0';
    for (const QString &entry : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile f(QStringLiteral("/proc/%1/cmdline").arg(entry));
        if (f.open(QIODevice::ReadOnly) && f.readAll() == wanted)
            pids.append(pid);
    }
    return pids;
}

// The parent process id, 0 when unknown.
inline qint64 parentPid(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    // "pid (comm) state ppid ...": comm may contain spaces, so read after the last ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() : 0;
}

inline QByteArray commandLine(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll().replace('\0', ' ').trimmed() : QByteArray();
}

} // namespace greenlight::test
