#include "remote/sshtransport.h"

#include "remote/sshcodes.h"
#include "remote/sshdiagnosis.h"
#include "remote/sshprocess.h"
#include "remote/sshshellquote.h"
#include "remote/sshtarwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryFile>

namespace greenlight {

namespace {

// Runs "$1" in its own session with stdin from /dev/null, and terminates (then kills) that
// whole process group as soon as the wrapper's stdin -- the ssh channel -- reaches its end:
// the connection is gone, so nobody is left to read the command's output or stop it.
// Background jobs of a non-interactive shell read /dev/null, hence the explicit fd 3.
constexpr char kWatchScript[] =
    "exec 3<&0\n"
    "if command -v setsid >/dev/null 2>&1; then setsid sh -c \"$1\" </dev/null 3<&- &\n"
    "else sh -c \"$1\" </dev/null 3<&- & fi\n"
    "p=$!\n"
    "( while read -r _l; do :; done\n"
    "  kill -TERM -$p 2>/dev/null || kill -TERM $p 2>/dev/null\n"
    "  i=0; while [ $i -lt 30 ] && kill -0 $p 2>/dev/null; do sleep 0.1; i=$((i+1)); done\n"
    "  kill -KILL -$p 2>/dev/null ) <&3 &\n"
    "w=$!\n"
    "exec 3<&-\n"
    "wait $p; s=$?\n"
    "kill $w 2>/dev/null\n"
    "exit $s\n";

// Exit statuses of the upload script, beside ssh's own 255.
constexpr int kUploadNoFolder = 70;
constexpr int kUploadWriteFailed = 71;
constexpr int kUploadHashMismatch = 72;

// Longest remote command line built for one listing or upload batch; longer lists are split.
constexpr qsizetype kMaxCommandChars = 60000;

Error stoppedError(const SshProcessOutcome &o, const QString &host, const SshRunOptions &options)
{
    if (o.end == SshProcessOutcome::End::Cancelled)
        return makeError(QString(sshcodes::cancelled),
                         QStringLiteral("cancelled: the ssh connection to %1 was closed and the remote command "
                                        "stopped")
                             .arg(host));
    return makeError(QString(sshcodes::timeout),
                     QStringLiteral("%1 did not finish within %2 s; the ssh connection was closed and the remote "
                                    "command stopped")
                         .arg(host, QString::number(options.timeout_ms / 1000.0, 'f', 1)));
}

// The error for an ssh or scp run that did not end on its own with an exit status.
std::optional<Error> abnormalEnd(const SshProcessOutcome &o, const QString &program, const QString &host,
                                 const SshRunOptions &options)
{
    switch (o.end) {
    case SshProcessOutcome::End::FailedToStart:
        return makeError(QString(sshcodes::client),
                         QStringLiteral("could not start %1 (%2); install the OpenSSH client (Debian: openssh-client)")
                             .arg(program, o.startError));
    case SshProcessOutcome::End::Cancelled:
    case SshProcessOutcome::End::TimedOut:
        return stoppedError(o, host, options);
    case SshProcessOutcome::End::Crashed:
        return makeError(QString(sshcodes::connect),
                         QStringLiteral("the ssh client for %1 was killed (signal %2) before the remote command "
                                        "finished: the connection is gone and the command's result is unknown")
                             .arg(host, QString::number(o.exitCode)));
    case SshProcessOutcome::End::Exited:
        break;
    }
    return std::nullopt;
}

} // namespace

SshTransport::SshTransport(SshHostProfile profile) : m_profile(std::move(profile)) {}

void SshTransport::setPrograms(const QString &ssh, const QString &scp)
{
    m_ssh = ssh;
    m_scp = scp;
}

QString SshTransport::describe() const
{
    return m_profile.port ? QStringLiteral("%1 port %2").arg(m_profile.host, QString::number(*m_profile.port)) : m_profile.host;
}

QStringList SshTransport::commonOptions() const
{
    QStringList args;
    if (!m_profile.configFile.isEmpty())
        args << QStringLiteral("-F") << m_profile.configFile;
    // ssh takes the first value it sees for an option: BatchMode first so nothing can turn
    // prompting back on, then the profile's options, then defaults the profile may override.
    args << QStringLiteral("-o") << QStringLiteral("BatchMode=yes");
    for (const QString &o : m_profile.options)
        args << QStringLiteral("-o") << o;
    args << QStringLiteral("-o") << QStringLiteral("ConnectTimeout=%1").arg(m_profile.connectTimeout_s)
         << QStringLiteral("-o") << QStringLiteral("ServerAliveInterval=%1").arg(m_profile.aliveInterval_s)
         << QStringLiteral("-o") << QStringLiteral("ServerAliveCountMax=3");
    return args;
}

QStringList SshTransport::sshArguments(const QString &remoteCommand) const
{
    QStringList args = commonOptions();
    if (m_profile.port)
        args << QStringLiteral("-p") << QString::number(*m_profile.port);
    args << QStringLiteral("-T") << QStringLiteral("-x") << QStringLiteral("--") << m_profile.host << remoteCommand;
    return args;
}

Result<SshCommandResult> SshTransport::run(const QString &command, const SshRunOptions &options) const
{
    if (const Status valid = m_profile.validate(); !valid)
        return valid.error();
    const QString remote = options.stdinFile.isEmpty()
                               ? QStringLiteral("sh -c ") + sshshell::quote(QString::fromLatin1(kWatchScript))
                                     + QStringLiteral(" greenlight-ssh ") + sshshell::quote(command)
                               : command;
    const SshProcessOutcome o = SshProcess::run(m_ssh, sshArguments(remote), options);
    if (auto error = abnormalEnd(o, m_ssh, describe(), options))
        return *error;
    if (o.exitCode == 255)
        return sshdiagnosis::connectionError(describe(), o.stdErr);
    SshCommandResult r;
    r.exitCode = o.exitCode;
    r.stdOut = o.stdOut;
    r.stdErr = o.stdErr;
    r.elapsed_ms = o.elapsed_ms;
    return r;
}

Result<SshCommandResult> SshTransport::runChecked(const QString &command, const SshRunOptions &options) const
{
    Result<SshCommandResult> r = run(command, options);
    if (r && r->exitCode != 0) {
        const QString said = sshdiagnosis::tail(r->stdErr, 5);
        return makeError(QString(sshcodes::remote),
                         QStringLiteral("the command on %1 failed with exit status %2%3")
                             .arg(describe(), QString::number(r->exitCode),
                                  said.isEmpty() ? QString() : QStringLiteral(": ") + said));
    }
    return r;
}

Result<QHash<QString, QString>> SshTransport::remoteSha256(const QString &remoteRoot, const QStringList &relativePaths,
                                                         const SshRunOptions &options) const
{
    QHash<QString, QString> hashes;
    const QString head = QStringLiteral("cd %1 2>/dev/null || exit 0\n"
                                        "if command -v sha256sum >/dev/null 2>&1; then h='sha256sum'; "
                                        "else h='shasum -a 256'; fi\n"
                                        "$h --")
                             .arg(sshshell::path(remoteRoot));
    static const QRegularExpression line(QStringLiteral("^([0-9a-f]{64}) [ *](.+)$"));
    qsizetype next = 0;
    while (next < relativePaths.size()) {
        QString command = head;
        while (next < relativePaths.size() && (command.size() < kMaxCommandChars || command == head)) {
            const QString &rel = relativePaths.at(next++);
            if (!sshshell::isSafeRelativePath(rel))
                return makeError(QString(sshcodes::path),
                                 QStringLiteral("'%1' is not a path inside the remote folder").arg(rel));
            command += QLatin1Char(' ') + sshshell::quote(rel);
        }
        command += QStringLiteral(" 2>/dev/null\nexit 0\n");
        Result<SshCommandResult> r = runChecked(command, options);
        if (!r)
            return r.error();
        for (const QByteArray &raw : r->stdOut.split('\n')) {
            // sha256sum escapes names with a backslash or newline (the line then starts with
            // '\'): such files never match and are sent again.
            const QRegularExpressionMatch m = line.match(QString::fromUtf8(raw));
            if (m.hasMatch())
                hashes.insert(m.captured(2), m.captured(1));
        }
    }
    return hashes;
}

Status SshTransport::sendFiles(const QList<SshOutgoingFile> &files, const QString &remoteRoot,
                               const SshRunOptions &options) const
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    for (const SshOutgoingFile &f : files) {
        if (!sshshell::isSafeRelativePath(f.relativePath))
            return makeError(QString(sshcodes::path),
                             QStringLiteral("'%1' is not a path inside the remote folder").arg(f.relativePath));
        if (!hex.match(f.sha256).hasMatch())
            return makeError(QString(sshcodes::transfer),
                             QStringLiteral("'%1' is not a sha256 in hex (for %2)").arg(f.sha256, f.relativePath));
    }
    qsizetype next = 0;
    while (next < files.size()) {
        if (options.cancel.isCancelled())
            return makeError(QString(sshcodes::cancelled), QStringLiteral("cancelled before all files were sent"));
        QTemporaryFile archive(QDir::tempPath() + QStringLiteral("/greenlight-upload-XXXXXX.tar"));
        if (!archive.open())
            return makeError(QString(sshcodes::io),
                             QStringLiteral("cannot create a temporary file for the upload: %1").arg(archive.errorString()));
        SshTarWriter tar(&archive);
        QString checks;
        QString places;
        QStringList names;
        while (next < files.size() && (checks.size() + places.size() < kMaxCommandChars || names.isEmpty())) {
            const SshOutgoingFile &f = files.at(next++);
            if (const Status s = tar.addFile(f.localPath, f.relativePath); !s)
                return s;
            checks += QStringLiteral("check %1 %2\n").arg(sshshell::quote(f.relativePath), sshshell::quote(f.sha256));
            places += QStringLiteral("place %1\n").arg(sshshell::quote(f.relativePath));
            names.append(f.relativePath);
        }
        if (const Status s = tar.finish(); !s)
            return s;
        if (!archive.flush())
            return makeError(QString(sshcodes::io), QStringLiteral("cannot write %1").arg(archive.fileName()));

        const QString command =
            QStringLiteral("r=%1; s=\"$r/.greenlight-upload.$$\"\n"
                           "fail() { rm -rf -- \"$s\"; exit \"$1\"; }\n"
                           "mkdir -p -- \"$s\" || exit %2\n"
                           "tar -xof - -C \"$s\" || fail %3\n"
                           "if command -v sha256sum >/dev/null 2>&1; then sum() { sha256sum < \"$1\"; }; "
                           "else sum() { shasum -a 256 < \"$1\"; }; fi\n"
                           "check() { h=$(sum \"$s/$1\") || fail %3; h=${h%% *}; "
                           "[ \"$h\" = \"$2\" ] || { echo \"$1 arrived with sha256 $h\" >&2; fail %4; }; }\n"
                           "place() { mkdir -p -- \"$(dirname -- \"$r/$1\")\" && mv -f -- \"$s/$1\" \"$r/$1\" || fail %3; }\n")
                .arg(sshshell::path(remoteRoot), QString::number(kUploadNoFolder), QString::number(kUploadWriteFailed),
                     QString::number(kUploadHashMismatch))
            + checks + places + QStringLiteral("rm -rf -- \"$s\"\n");
        SshRunOptions o = options;
        o.stdinFile = archive.fileName();
        Result<SshCommandResult> r = run(command, o);
        if (!r)
            return r.error();
        if (r->exitCode == 0)
            continue;
        const QString said = sshdiagnosis::tail(r->stdErr);
        QString why;
        switch (r->exitCode) {
        case kUploadNoFolder:
            why = QStringLiteral("the remote folder could not be created");
            break;
        case kUploadWriteFailed:
            why = QStringLiteral("the files could not be unpacked or moved into place (disk full, no permission, "
                                 "or no tar on the host?)");
            break;
        case kUploadHashMismatch:
            why = QStringLiteral("a file arrived damaged (its sha256 on the remote side differs); the batch was "
                                 "discarded");
            break;
        default:
            why = QStringLiteral("the remote side ended with status %1").arg(r->exitCode);
        }
        return makeError(QString(sshcodes::transfer),
                         QStringLiteral("sending %1 file(s) to %2:%3 failed: %4%5")
                             .arg(QString::number(names.size()), describe(), remoteRoot, why,
                                  said.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(said)));
    }
    return Status::success();
}

Status SshTransport::fetchFolder(const QString &remoteDir, const QString &localDir, const SshRunOptions &options) const
{
    if (const Status valid = m_profile.validate(); !valid)
        return valid.error();
    static const QRegularExpression unsafe(QStringLiteral("[*?\\[\\]{}\\\\\\n\\r\\t]"));
    if (remoteDir.isEmpty() || remoteDir.contains(unsafe))
        return makeError(QString(sshcodes::path),
                         QStringLiteral("'%1' cannot be fetched with scp: remote paths with wildcards, "
                                        "backslashes or control characters are not supported")
                             .arg(remoteDir));
    if (QFileInfo::exists(localDir))
        return makeError(QString(sshcodes::io), QStringLiteral("%1 already exists; fetch into a new folder").arg(localDir));
    if (!QDir().mkpath(QFileInfo(localDir).absolutePath()))
        return makeError(QString(sshcodes::io), QStringLiteral("cannot create %1").arg(QFileInfo(localDir).absolutePath()));

    // scp (SFTP mode) takes remote paths literally and relative to the remote home.
    QString source = remoteDir;
    if (source.startsWith(QLatin1String("~/")))
        source = source.mid(2);
    while (source.size() > 1 && source.endsWith(QLatin1Char('/')))
        source.chop(1);
    QStringList args = commonOptions();
    if (m_profile.port)
        args << QStringLiteral("-P") << QString::number(*m_profile.port);
    args << QStringLiteral("-q") << QStringLiteral("-r") << QStringLiteral("--")
         // An absolute local path: scp would read "a:b" as a remote one.
         << m_profile.host + QLatin1Char(':') + source << QFileInfo(localDir).absoluteFilePath();
    const SshProcessOutcome o = SshProcess::run(m_scp, args, options);
    std::optional<Error> error = abnormalEnd(o, m_scp, describe(), options);
    if (!error && o.exitCode != 0) {
        if (sshdiagnosis::classify(o.stdErr) != sshdiagnosis::Kind::None || o.exitCode == 255)
            error = sshdiagnosis::connectionError(describe(), o.stdErr);
        else
            error = makeError(QString(sshcodes::transfer),
                              QStringLiteral("fetching %1:%2 failed (scp status %3): %4")
                                  .arg(describe(), remoteDir, QString::number(o.exitCode),
                                       sshdiagnosis::tail(o.stdErr)));
    }
    if (error) {
        QDir(localDir).removeRecursively(); // never leave a partial copy that looks like a folder
        return *error;
    }
    if (!QFileInfo(localDir).isDir())
        return makeError(QString(sshcodes::transfer),
                         QStringLiteral("fetching %1:%2 produced no folder (is it a file?)").arg(describe(), remoteDir));
    return Status::success();
}

} // namespace greenlight
