#include "cues/subtitleparser.h"

#include <QRegularExpression>

#include <array>

namespace greenlight {

namespace {

QStringList splitLines(QByteArray bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    QString text = QString::fromUtf8(bytes);
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    return text.split(QLatin1Char('\n'));
}

Error parseError(const QString &file, int line, const QString &message)
{
    return makeError(QStringLiteral("cues.parse"), message, file + QLatin1Char(':') + QString::number(line));
}

QString warning(const QString &file, int line, const QString &message)
{
    return file + QLatin1Char(':') + QString::number(line) + QStringLiteral(": ") + message;
}

bool isBlank(const QString &line) { return line.trimmed().isEmpty(); }

bool isNumber(const QString &line)
{
    static const QRegularExpression re(QStringLiteral("^\\d+$"));
    return re.match(line.trimmed()).hasMatch();
}

// A block that starts with a keyword alone or followed by a space or tab ("NOTE this").
bool startsBlock(const QString &line, QLatin1String keyword)
{
    if (!line.startsWith(keyword))
        return false;
    return line.size() == keyword.size() || line.at(keyword.size()) == QLatin1Char(' ')
           || line.at(keyword.size()) == QLatin1Char('\t');
}

QString describeMs(qint64 ms)
{
    return QStringLiteral("%1:%2:%3.%4")
        .arg(ms / 3600000, 2, 10, QLatin1Char('0'))
        .arg(ms / 60000 % 60, 2, 10, QLatin1Char('0'))
        .arg(ms / 1000 % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

// Parses "start --> end [settings]" into cue; error names the line.
std::optional<Error> parseTiming(const QString &line, int lineNumber, const QString &file, SubtitleCue &cue)
{
    const qsizetype arrow = line.indexOf(QLatin1String("-->"));
    const QString left = line.left(arrow).trimmed();
    const QString right = line.mid(arrow + 3).trimmed();
    static const QRegularExpression ws(QStringLiteral("\\s"));
    const qsizetype gap = right.indexOf(ws);
    const QString endText = gap < 0 ? right : right.left(gap);
    const auto start = SubtitleParser::parseTimestamp(left);
    if (!start)
        return parseError(file, lineNumber,
                          QStringLiteral("bad start time \"%1\" (expected [hh:]mm:ss.ttt)").arg(left));
    const auto end = SubtitleParser::parseTimestamp(endText);
    if (!end)
        return parseError(file, lineNumber,
                          QStringLiteral("bad end time \"%1\" (expected [hh:]mm:ss.ttt)").arg(endText));
    if (*end < *start)
        return parseError(file, lineNumber,
                          QStringLiteral("the cue ends (%1) before it starts (%2)").arg(describeMs(*end), describeMs(*start)));
    cue.startMs = *start;
    cue.endMs = *end;
    cue.settings = gap < 0 ? QString() : right.mid(gap).trimmed();
    cue.line = lineNumber;
    return std::nullopt;
}

// Collects cue text from lines[i] on until a blank line. A line with "-->" means the blank
// line before the next cue is missing: stop there (taking back a cue number just read).
qsizetype collectText(const QStringList &lines, qsizetype i, SubtitleCue &cue, bool webVtt, const QString &file,
                      QStringList &warnings)
{
    QStringList raw;
    while (i < lines.size() && !isBlank(lines[i])) {
        if (lines[i].contains(QLatin1String("-->"))) {
            warnings.append(warning(file, int(i + 1), QStringLiteral("no blank line before this cue; read as a new cue")));
            if (!raw.isEmpty() && isNumber(raw.last())) {
                raw.removeLast();
                --i;
            }
            break;
        }
        raw.append(lines[i]);
        ++i;
    }
    std::optional<QString> speaker;
    for (const QString &l : raw) {
        std::optional<QString> s;
        const QString text = SubtitleParser::stripMarkup(l, webVtt, &s);
        if (!speaker && s)
            speaker = s;
        if (!text.trimmed().isEmpty())
            cue.lines.append(text.trimmed());
    }
    cue.speaker = speaker;
    return i;
}

QString decodeEntities(QString text)
{
    static const QRegularExpression re(QStringLiteral("&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);"));
    QString out;
    qsizetype last = 0;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        QString rep;
        if (name.startsWith(QLatin1String("#x")) || name.startsWith(QLatin1String("#X")))
            rep = QString::fromUcs4(std::array<char32_t, 1>{char32_t(name.mid(2).toUInt(nullptr, 16))}.data(), 1);
        else if (name.startsWith(QLatin1Char('#')))
            rep = QString::fromUcs4(std::array<char32_t, 1>{char32_t(name.mid(1).toUInt())}.data(), 1);
        else if (name == QLatin1String("amp"))
            rep = QStringLiteral("&");
        else if (name == QLatin1String("lt"))
            rep = QStringLiteral("<");
        else if (name == QLatin1String("gt"))
            rep = QStringLiteral(">");
        else if (name == QLatin1String("nbsp"))
            rep = QStringLiteral(" ");
        else if (name == QLatin1String("quot"))
            rep = QStringLiteral("\"");
        else if (name == QLatin1String("apos"))
            rep = QStringLiteral("'");
        else if (name == QLatin1String("lrm") || name == QLatin1String("rlm"))
            rep = QString();
        else
            rep = m.captured(0);
        out += rep;
        last = m.capturedEnd();
    }
    out += text.mid(last);
    return out;
}

} // namespace

std::optional<qint64> SubtitleParser::parseTimestamp(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(?:(\\d+):)?(\\d{1,2}):(\\d{1,2})[.,](\\d{1,3})$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 hours = m.captured(1).isEmpty() ? 0 : m.captured(1).toLongLong();
    const qint64 minutes = m.captured(2).toLongLong();
    const qint64 seconds = m.captured(3).toLongLong();
    const QString frac = m.captured(4);
    qint64 ms = frac.toLongLong();
    for (qsizetype k = frac.size(); k < 3; ++k)
        ms *= 10;
    if (minutes > 59 || seconds > 59)
        return std::nullopt;
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

QString SubtitleParser::stripMarkup(const QString &text, bool webVtt, std::optional<QString> *speaker)
{
    static const QRegularExpression tag(QStringLiteral("<([^<>\\n]*)>"));
    static const QRegularExpression assOverride(QStringLiteral("\\{\\\\[^}]*\\}"));
    static const QRegularExpression voice(QStringLiteral("^v(?:\\.[^\\s]+)?\\s+(.+)$"));
    QString out;
    qsizetype last = 0;
    auto it = tag.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += text.mid(last, m.capturedStart() - last);
        last = m.capturedEnd();
        const QRegularExpressionMatch v = voice.match(m.captured(1).trimmed());
        if (speaker && v.hasMatch() && !speaker->has_value())
            *speaker = v.captured(1).trimmed();
    }
    out += text.mid(last);
    if (!webVtt)
        out.remove(assOverride);
    return webVtt ? decodeEntities(out) : out;
}

Result<ParsedSubtitles> SubtitleParser::parse(const QByteArray &bytes, const QString &fileName)
{
    QByteArray head = bytes.left(16);
    if (head.startsWith("\xEF\xBB\xBF"))
        head.remove(0, 3);
    if (head.startsWith("WEBVTT"))
        return parseWebVtt(bytes, fileName);
    return parseSrt(bytes, fileName);
}

Result<ParsedSubtitles> SubtitleParser::parseWebVtt(const QByteArray &bytes, const QString &file)
{
    const QStringList lines = splitLines(bytes);
    ParsedSubtitles out;
    out.format = QStringLiteral("webvtt");
    if (lines.isEmpty() || !startsBlock(lines[0], QLatin1String("WEBVTT")))
        return parseError(file, 1, QStringLiteral("not a WebVTT file: the first line must be \"WEBVTT\""));
    qsizetype i = 1;
    while (i < lines.size() && !isBlank(lines[i])) {
        if (lines[i].contains(QLatin1String("-->"))) {
            out.warnings.append(warning(file, int(i + 1), QStringLiteral("no blank line after the header")));
            break;
        }
        ++i;
    }
    while (i < lines.size()) {
        if (isBlank(lines[i])) {
            ++i;
            continue;
        }
        const QString &line = lines[i];
        if (startsBlock(line, QLatin1String("NOTE")) || startsBlock(line, QLatin1String("STYLE"))
            || startsBlock(line, QLatin1String("REGION"))) {
            while (i < lines.size() && !isBlank(lines[i]))
                ++i;
            continue;
        }
        SubtitleCue cue;
        qsizetype timing = i;
        if (!line.contains(QLatin1String("-->"))) {
            cue.identifier = line.trimmed();
            timing = i + 1;
            if (timing >= lines.size() || !lines[timing].contains(QLatin1String("-->")))
                return parseError(file, int(std::min(timing, lines.size() - 1) + 1),
                                  QStringLiteral("expected a cue timing line (start --> end) after \"%1\"")
                                      .arg(cue.identifier));
        }
        if (const auto e = parseTiming(lines[timing], int(timing + 1), file, cue))
            return *e;
        i = collectText(lines, timing + 1, cue, true, file, out.warnings);
        out.cues.append(cue);
    }
    return out;
}

Result<ParsedSubtitles> SubtitleParser::parseSrt(const QByteArray &bytes, const QString &file)
{
    const QStringList lines = splitLines(bytes);
    ParsedSubtitles out;
    out.format = QStringLiteral("srt");
    qsizetype i = 0;
    while (i < lines.size()) {
        if (isBlank(lines[i])) {
            ++i;
            continue;
        }
        const QString line = lines[i].trimmed();
        SubtitleCue cue;
        qsizetype timing = i;
        if (isNumber(line)) {
            cue.identifier = line;
            timing = i + 1;
            if (timing >= lines.size() || !lines[timing].contains(QLatin1String("-->")))
                return parseError(file, int(std::min(timing, lines.size() - 1) + 1),
                                  QStringLiteral("expected a timing line (00:00:01,000 --> 00:00:02,000) after cue "
                                                 "number %1")
                                      .arg(line));
        } else if (line.contains(QLatin1String("-->"))) {
            out.warnings.append(warning(file, int(i + 1), QStringLiteral("cue without a number")));
        } else {
            return parseError(file, int(i + 1),
                              QStringLiteral("expected a cue number or a timing line, found \"%1\"").arg(line.left(60)));
        }
        if (const auto e = parseTiming(lines[timing], int(timing + 1), file, cue))
            return *e;
        i = collectText(lines, timing + 1, cue, false, file, out.warnings);
        out.cues.append(cue);
    }
    return out;
}

} // namespace greenlight
