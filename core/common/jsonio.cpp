#include "common/jsonio.h"

#include <QFile>
#include <QSaveFile>

#include <cctype>

namespace greenlight {

QString toQString(const std::string &s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString toQString(const Json &value)
{
    return value.is_string() ? toQString(value.get<std::string>()) : toQString(value.dump());
}

std::string toStd(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    return std::string(utf8.constData(), size_t(utf8.size()));
}

namespace {

// nlohmann reports the offset just past the offending token; step back to where the token
// starts, which is where a person looks.
qsizetype tokenStart(const QByteArray &text, qsizetype end)
{
    if (end <= 0)
        return 0;
    qsizetype i = end - 1;
    while (i > 0 && std::isspace(static_cast<unsigned char>(text.at(i))))
        --i; // a literal is only known to be broken once the character after it is read
    if (text.at(i) == '"') {
        for (qsizetype j = i - 1; j >= 0; --j)
            if (text.at(j) == '"' && (j == 0 || text.at(j - 1) != '\\'))
                return j;
        return i;
    }
    auto isWordChar = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+'; };
    if (!isWordChar(text.at(i)))
        return i;
    while (i > 0 && isWordChar(text.at(i - 1)))
        --i;
    return i;
}

// Turns a byte offset into a 1-based line and column (columns in code points, as editors
// count them).
QString lineColumn(const QByteArray &text, size_t byteOffset)
{
    const qsizetype end = std::min<qsizetype>(
        text.size(), tokenStart(text, std::min<qsizetype>(qsizetype(byteOffset), text.size())) + 1);
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
