#include "common/hashing.h"

#include <QCryptographicHash>
#include <QFile>

namespace greenlight {

Result<QString> sha256File(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("io.read"), QStringLiteral("cannot read: ") + file.errorString(), path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file))
        return makeError(QStringLiteral("io.read"), QStringLiteral("read failed: ") + file.errorString(), path);
    return QString::fromLatin1(hash.result().toHex());
}

QString sha256Hex(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace greenlight
