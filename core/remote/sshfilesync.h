#pragma once

#include "common/result.h"
#include "remote/sshrunoptions.h"

#include <QString>
#include <QStringList>

namespace greenlight {

class SshTransport;

// What an upload did.
struct SshUploadReport
{
    QStringList sent;      // relative paths sent (missing or different on the remote side)
    QStringList unchanged; // relative paths whose remote sha256 already matched
    qint64 bytesSent = 0;
    qint64 elapsed_ms = 0;
};

// What a verified fetch brought back.
struct SshFetchReport
{
    QString localDir;
    int files = 0;          // files the manifest lists
    qint64 bytes = 0;       // their total size
    QString manifestSha256; // sha256 of the fetched manifest.json
    qint64 elapsed_ms = 0;
};

// Moves project files and run folders over an SshTransport. Uploads send only what changed,
// judged by sha256 on both sides; fetched run folders are accepted only when every file
// matches the run's manifest.
class SshFileSync
{
public:
    explicit SshFileSync(const SshTransport &transport);

    // Sends each of `relativePaths` (files below localRoot) to the same path below remoteRoot
    // when the remote copy is missing or differs: one command lists the remote hashes, one
    // more sends the changed files (SshTransport::sendFiles: checked by sha256 on arrival,
    // renamed into place). Errors: ssh.path (a path outside the root), ssh.io (a local file
    // unreadable), or as the transport.
    Result<SshUploadReport> upload(const QString &localRoot, const QStringList &relativePaths,
                                   const QString &remoteRoot, const SshRunOptions &options = {}) const;

    // Fetches the run folder remoteRunDir into localRunDir (which must not exist): first into a
    // hidden staging folder beside it, then checked against the fetched manifest.json (and,
    // when given, that manifest's own sha256 as the remote side reported it), and renamed into
    // place only when everything matches. A rejected fetch leaves nothing behind; the error
    // (ssh.verify) names each file that disagrees.
    Result<SshFetchReport> fetchRun(const QString &remoteRunDir, const QString &localRunDir,
                                    const SshRunOptions &options = {},
                                    const QString &expectedManifestSha256 = {}) const;

    // Every file below a local folder as '/'-separated relative paths, sorted (hidden files
    // included, folders named in `skipFolders` left out).
    static QStringList filesBelow(const QString &root, const QStringList &skipFolders = {});

private:
    const SshTransport &m_transport;
};

} // namespace greenlight
