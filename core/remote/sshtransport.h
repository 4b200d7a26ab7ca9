#pragma once

#include "common/result.h"
#include "remote/sshhostprofile.h"
#include "remote/sshrunoptions.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight {

// A remote command that ran to its end (whatever its exit status).
struct SshCommandResult
{
    int exitCode = -1;
    QByteArray stdOut;
    QByteArray stdErr;
    qint64 elapsed_ms = 0;
};

// A local file to send and where it goes below the remote root.
struct SshOutgoingFile
{
    QString localPath;
    QString relativePath; // '/'-separated, below the remote root
    QString sha256;       // of the local file, checked on arrival
};

// The system OpenSSH client (`ssh`, `scp`) as a blocking transport for worker threads: each
// call starts the program through QProcess and runs a local event loop until it ends, its time
// limit passes or its cancel token is set. Nothing ever prompts (BatchMode=yes); host keys
// are checked as the user's ssh configuration says, and an unknown or changed key is an
// ssh.hostkey error, never accepted here. Keys, agent, jump hosts and known_hosts come from
// ~/.ssh/config or the profile's config file. Errors carry the codes in remote/sshcodes.h.
// Thread-safe: calls share no state.
class SshTransport
{
public:
    explicit SshTransport(SshHostProfile profile);

    const SshHostProfile &profile() const { return m_profile; }
    // The programs to run (default "ssh" and "scp" from PATH).
    void setPrograms(const QString &ssh, const QString &scp);
    // "host" or "host port N" for messages.
    QString describe() const;

    // Runs `command`, a remote shell command line (quote its words with sshshell::quote), and
    // returns its output and exit status; a non-zero status is a value, not an error. Without
    // options.stdinFile the command reads /dev/null and is watched on the remote side: when
    // the connection goes away (cancel, time limit, a killed client, a dropped network), the
    // remote command's whole process group is terminated, then killed. Errors: ssh.client,
    // ssh.hostkey, ssh.auth, ssh.connect (also a client that died mid-command), ssh.timeout,
    // ssh.cancelled.
    Result<SshCommandResult> run(const QString &command, const SshRunOptions &options = {}) const;
    // run(), and an ssh.remote error naming the status and stderr when the command fails.
    Result<SshCommandResult> runChecked(const QString &command, const SshRunOptions &options = {}) const;

    // The sha256 of each of `relativePaths` below remoteRoot, listed by one remote command
    // (sha256sum). Paths that do not exist remotely are absent from the map.
    Result<QHash<QString, QString>> remoteSha256(const QString &remoteRoot, const QStringList &relativePaths,
                                                const SshRunOptions &options = {}) const;

    // Sends local files below remoteRoot in one connection: packed as one tar stream, unpacked
    // into a hidden staging folder under remoteRoot, each checked against its sha256 on the
    // remote side, and only then renamed into place (folders created). A file that arrives
    // damaged fails the call and nothing of that batch replaces anything. Long lists go in
    // several batches. Errors: ssh.path, ssh.io, ssh.transfer, or as run().
    Status sendFiles(const QList<SshOutgoingFile> &files, const QString &remoteRoot,
                     const SshRunOptions &options = {}) const;

    // Copies the remote folder remoteDir (absolute, "~/..." or relative to the remote home)
    // into localDir with `scp -r`; localDir must not exist yet. Errors: ssh.path (a path scp
    // would expand), ssh.transfer, or as run().
    Status fetchFolder(const QString &remoteDir, const QString &localDir, const SshRunOptions &options = {}) const;

    // The arguments given to ssh for `command` as run() would send it (for logs and tests).
    QStringList sshArguments(const QString &remoteCommand) const;

private:
    QStringList commonOptions() const;

    SshHostProfile m_profile;
    QString m_ssh = QStringLiteral("ssh");
    QString m_scp = QStringLiteral("scp");
};

} // namespace greenlight
