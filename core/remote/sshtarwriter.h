#pragma once

#include "common/result.h"

#include <QIODevice>
#include <QString>

namespace greenlight {

// Writes a POSIX tar stream (ustar, with a pax header for names over 100 bytes or files over
// 8 GiB) of regular files, so a batch of files crosses one ssh connection and the remote
// side unpacks it with plain `tar -x`. Entries carry mode 0644, owner 0 and the file's
// modification time; folders are implied by the paths.
class SshTarWriter
{
public:
    explicit SshTarWriter(QIODevice *out);

    // Appends the local file `localPath` as `archivePath` ('/'-separated, relative).
    Status addFile(const QString &localPath, const QString &archivePath);
    // Writes the end-of-archive blocks.
    Status finish();

private:
    Status writeHeader(const QByteArray &name, qint64 size, qint64 mtime_s, char type);
    Status writeBytes(const QByteArray &bytes);
    Status pad(qint64 size);

    QIODevice *m_out;
};

} // namespace greenlight
