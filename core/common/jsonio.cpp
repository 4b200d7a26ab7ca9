#include "common/jsonio.h"

#include <QFile>
#include <QSaveFile>

namespace greenlight {

QString toQString(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

std::string toStd(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    return std::string(utf8.constData(), size_t(utf8.size()));
}

namespace {

// nlohmann reports a byte offset; turn it into a 1-based line and column (columns in
// code points, as editors count them).
QString lineColumn(const QByteArray &text, size_t byteOffset)
{
    const qsizetype end = std::min<qsizetype>(qsizetype(byteOffset), text.size());
    int line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < end; ++i) {
        if (text.at(i) == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    // nlohmann's position points one past the offending character.
    const qsizetype colBytes = std::max<qsizetype>(1, end - lineStart);
    const int column = int(QString::fromUtf8(text.mid(lineStart, colBytes)).size());
    return QString::number(line) + QLatin1Char(':') + QString::number(std::max(1, column));
}

} // namespace

Result<Json> parseJson(const QByteArray &text, const QString &fileName)
{
    try {
        return Json::parse(text.constData(), text.constData() + text.size());
    } catch (const Json::parse_error &e) {
        // e.what() is "[json.exception.parse_error.101] parse error at line 3, column 5: ..."
        QString what = QString::fromUtf8(e.what());
        const qsizetype colon = what.indexOf(QLatin1String(": "), what.indexOf(QLatin1String("column")));
        QString detail = colon >= 0 ? what.mid(colon + 2) : what;
        return makeError(QStringLiteral("json.parse"),
                         QStringLiteral("malformed JSON: ") + detail,
                         fileName + QLatin1Char(':') + lineColumn(text, e.byte));
    }
}

Result<Json> readJsonFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("io.read"),
                         QStringLiteral("cannot read file: ") + file.errorString(), path);
    return parseJson(file.readAll(), path);
}

QByteArray toJsonText(const Json &json)
{
    const std::string s = json.dump(2, ' ', false, Json::error_handler_t::replace);
    QByteArray out(s.data(), qsizetype(s.size()));
    out.append('\n');
    return out;
}

Status writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(QStringLiteral("io.write"),
                         QStringLiteral("cannot open for writing: ") + file.errorString(), path);
    if (file.write(bytes) != bytes.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return makeError(QStringLiteral("io.write"), QStringLiteral("write failed: ") + why, path);
    }
    if (!file.commit())
        return makeError(QStringLiteral("io.write"),
                         QStringLiteral("could not save: ") + file.errorString(), path);
    return {};
}

Status writeJsonFile(const QString &path, const Json &json)
{
    return writeFileAtomically(path, toJsonText(json));
}

} // namespace greenlight
