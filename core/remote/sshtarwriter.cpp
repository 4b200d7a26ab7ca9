#include "remote/sshtarwriter.h"

#include "remote/sshcodes.h"

#include <QFile>
#include <QFileInfo>

#include <cstring>

namespace greenlight {

namespace {

constexpr qint64 kBlock = 512;
constexpr qint64 kMaxUstarSize = 077777777777LL; // 11 octal digits
constexpr qsizetype kMaxUstarName = 100;

void putOctal(char *field, int width, qint64 value)
{
    // width - 1 digits, zero-padded, then NUL.
    const QByteArray digits = QByteArray::number(value, 8).rightJustified(width - 1, '0');
    std::memcpy(field, digits.constData(), size_t(width - 1));
    field[width - 1] = '\0';
}

// One pax record: "<length> <key>=<value>\n", where length counts the whole record.
QByteArray paxRecord(const QByteArray &key, const QByteArray &value)
{
    const QByteArray body = ' ' + key + '=' + value + '\n';
    qsizetype length = body.size() + 1;
    while (QByteArray::number(length).size() + body.size() != length)
        length = QByteArray::number(length).size() + body.size();
    return QByteArray::number(length) + body;
}

Error writeError(const QString &what)
{
    return makeError(QString(sshcodes::io), QStringLiteral("cannot write the upload archive: %1").arg(what));
}

} // namespace

SshTarWriter::SshTarWriter(QIODevice *out) : m_out(out) {}

Status SshTarWriter::writeBytes(const QByteArray &bytes)
{
    if (m_out->write(bytes) != bytes.size())
        return writeError(m_out->errorString());
    return Status::success();
}

Status SshTarWriter::pad(qint64 size)
{
    const qint64 rest = size % kBlock;
    if (rest == 0)
        return Status::success();
    return writeBytes(QByteArray(kBlock - rest, '\0'));
}

Status SshTarWriter::writeHeader(const QByteArray &name, qint64 size, qint64 mtime_s, char type)
{
    QByteArray header(kBlock, '\0');
    char *h = header.data();
    std::memcpy(h, name.constData(), size_t(qMin<qsizetype>(name.size(), kMaxUstarName)));
    putOctal(h + 100, 8, 0644);
    putOctal(h + 108, 8, 0);
    putOctal(h + 116, 8, 0);
    putOctal(h + 124, 12, qMin(size, kMaxUstarSize));
    putOctal(h + 136, 12, qMax<qint64>(0, mtime_s));
    std::memset(h + 148, ' ', 8);
    h[156] = type;
    std::memcpy(h + 257, "ustar", 6);
    std::memcpy(h + 263, "00", 2);
    unsigned sum = 0;
    for (qint64 i = 0; i < kBlock; ++i)
        sum += static_cast<unsigned char>(h[i]);
    putOctal(h + 148, 7, sum);
    h[155] = ' ';
    return writeBytes(header);
}

Status SshTarWriter::addFile(const QString &localPath, const QString &archivePath)
{
    QFile in(localPath);
    if (!in.open(QIODevice::ReadOnly))
        return makeError(QString(sshcodes::io), QStringLiteral("cannot read %1: %2").arg(localPath, in.errorString()));
    const qint64 size = in.size();
    const qint64 mtime_s = QFileInfo(in).lastModified().toSecsSinceEpoch();
    const QByteArray name = archivePath.toUtf8();

    if (name.size() > kMaxUstarName || size > kMaxUstarSize) {
        QByteArray records = paxRecord("path", name);
        if (size > kMaxUstarSize)
            records += paxRecord("size", QByteArray::number(size));
        if (Status s = writeHeader("PaxHeader/" + name.right(80), records.size(), mtime_s, 'x'); !s)
            return s;
        if (Status s = writeBytes(records); !s)
            return s;
        if (Status s = pad(records.size()); !s)
            return s;
    }
    if (Status s = writeHeader(name, size, mtime_s, '0'); !s)
        return s;
    qint64 copied = 0;
    while (copied < size) {
        const QByteArray chunk = in.read(qMin<qint64>(1 << 20, size - copied));
        if (chunk.isEmpty())
            return makeError(QString(sshcodes::io),
                             QStringLiteral("%1 shrank or became unreadable while it was packed").arg(localPath));
        if (Status s = writeBytes(chunk); !s)
            return s;
        copied += chunk.size();
    }
    return pad(size);
}

Status SshTarWriter::finish()
{
    return writeBytes(QByteArray(2 * kBlock, '\0'));
}

} // namespace greenlight
