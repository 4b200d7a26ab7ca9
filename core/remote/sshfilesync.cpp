#include "remote/sshfilesync.h"

#include "common/hashing.h"
#include "remote/sshcodes.h"
#include "remote/sshshellquote.h"
#include "remote/sshtransport.h"
#include "run/manifest.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>

#include <algorithm>

namespace greenlight {

namespace {
constexpr int kProblemsInMessage = 8;
}

SshFileSync::SshFileSync(const SshTransport &transport) : m_transport(transport) {}

QStringList SshFileSync::filesBelow(const QString &root, const QStringList &skipFolders)
{
    QStringList files;
    const QString absolute = QFileInfo(root).absoluteFilePath();
    const QDir dir(absolute);
    QDirIterator it(absolute, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString rel = dir.relativeFilePath(it.next());
        const QString top = rel.section(QLatin1Char('/'), 0, 0);
        if (rel.contains(QLatin1Char('/')) && skipFolders.contains(top))
            continue;
        files.append(rel);
    }
    std::sort(files.begin(), files.end());
    return files;
}

Result<SshUploadReport> SshFileSync::upload(const QString &localRoot, const QStringList &relativePaths,
                                            const QString &remoteRoot, const SshRunOptions &options) const
{
    QElapsedTimer clock;
    clock.start();
    QHash<QString, QString> local;
    for (const QString &rel : relativePaths) {
        if (!sshshell::isSafeRelativePath(rel))
            return makeError(QString(sshcodes::path), QStringLiteral("'%1' is not a path inside %2").arg(rel, localRoot));
        Result<QString> hash = sha256File(QDir(localRoot).filePath(rel));
        if (!hash)
            return makeError(QString(sshcodes::io), hash.error().toString());
        local.insert(rel, *hash);
    }

    Result<QHash<QString, QString>> remote = m_transport.remoteSha256(remoteRoot, relativePaths, options);
    if (!remote)
        return remote.error();

    SshUploadReport report;
    QList<SshOutgoingFile> outgoing;
    for (const QString &rel : relativePaths) {
        if (report.sent.contains(rel) || report.unchanged.contains(rel))
            continue;
        if (remote->value(rel) == local.value(rel)) {
            report.unchanged.append(rel);
            continue;
        }
        const QString path = QDir(localRoot).filePath(rel);
        outgoing.append({path, rel, local.value(rel)});
        report.sent.append(rel);
        report.bytesSent += QFileInfo(path).size();
    }
    if (!outgoing.isEmpty())
        if (const Status s = m_transport.sendFiles(outgoing, remoteRoot, options); !s)
            return s.error();
    report.elapsed_ms = clock.elapsed();
    return report;
}

Result<SshFetchReport> SshFileSync::fetchRun(const QString &remoteRunDir, const QString &localRunDir,
                                             const SshRunOptions &options, const QString &expectedManifestSha256) const
{
    QElapsedTimer clock;
    clock.start();
    const QFileInfo target(localRunDir);
    if (target.exists())
        return makeError(QString(sshcodes::io),
                         QStringLiteral("%1 already exists; a fetched run never replaces a folder").arg(localRunDir));
    const QString staging = target.absolutePath() + QStringLiteral("/.") + target.fileName()
                            + QStringLiteral(".fetching-")
                            + QString::number(QRandomGenerator::global()->generate64(), 16);
    if (const Status s = m_transport.fetchFolder(remoteRunDir, staging, options); !s)
        return s.error();

    auto reject = [&](const QString &why) -> Error {
        QDir(staging).removeRecursively();
        return makeError(QString(sshcodes::verify),
                         QStringLiteral("the run fetched from %1:%2 was rejected: %3")
                             .arg(m_transport.describe(), remoteRunDir, why));
    };

    const QList<ManifestProblem> problems = verifyManifest(staging);
    if (!problems.isEmpty()) {
        QStringList lines;
        for (const ManifestProblem &p : problems.mid(0, kProblemsInMessage))
            lines.append(QStringLiteral("%1 (%2: %3)").arg(p.path, toString(p.kind), p.message));
        if (problems.size() > kProblemsInMessage)
            lines.append(QStringLiteral("and %1 more").arg(problems.size() - kProblemsInMessage));
        return reject(QStringLiteral("%1 file(s) do not match its manifest: %2")
                          .arg(QString::number(problems.size()), lines.join(QStringLiteral("; "))));
    }
    const QString manifestPath = staging + QLatin1Char('/') + QLatin1String(Manifest::fileName);
    Result<QString> manifestHash = sha256File(manifestPath);
    if (!manifestHash)
        return reject(manifestHash.error().toString());
    if (!expectedManifestSha256.isEmpty() && *manifestHash != expectedManifestSha256)
        return reject(QStringLiteral("its manifest.json has sha256 %1, the remote side reported %2")
                          .arg(*manifestHash, expectedManifestSha256));
    Result<Json> manifestJson = readJsonFile(manifestPath);
    if (!manifestJson)
        return reject(manifestJson.error().toString());
    Result<Manifest> manifest = Manifest::fromJson(*manifestJson);
    if (!manifest)
        return reject(manifest.error().toString());

    if (!QDir().rename(staging, target.absoluteFilePath())) {
        QDir(staging).removeRecursively();
        return makeError(QString(sshcodes::io),
                         QStringLiteral("the fetched run verified but could not be moved to %1").arg(localRunDir));
    }
    SshFetchReport report;
    report.localDir = target.absoluteFilePath();
    report.files = int(manifest->files.size());
    for (const ManifestEntry &e : manifest->files)
        report.bytes += e.bytes;
    report.manifestSha256 = *manifestHash;
    report.elapsed_ms = clock.elapsed();
    return report;
}

} // namespace greenlight
