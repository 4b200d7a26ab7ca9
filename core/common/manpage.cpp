#include "common/manpage.h"

#include "common/buildinfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <algorithm>
#include <limits>

namespace greenlight {

namespace {

// One character of a text line. Quotes get a glyph of their own so `make run` and 'x' print as
// typed instead of as typographic quotes.
void appendEscaped(QString &out, char32_t c)
{
    switch (c) {
    case U'\\':
        out += QStringLiteral("\\e");
        return;
    case U'-':
        out += QStringLiteral("\\-");
        return;
    case U'`':
        out += QStringLiteral("\\(ga");
        return;
    case U'\t':
        out += QLatin1Char(' ');
        return;
    default:
        break;
    }
    if (c < 0x20 || c == 0x7f)
        return;
    if (c < 0x7f) {
        out += QChar(char16_t(c));
        return;
    }
    // Outside ASCII: a named Unicode escape, so the page reads the same whatever the input encoding.
    out += QStringLiteral("\\[u") + QString::number(uint(c), 16).toUpper().rightJustified(4, QLatin1Char('0'))
           + QLatin1Char(']');
}

QString escapeChars(const QString &text)
{
    QString out;
    out.reserve(text.size() + text.size() / 8);
    for (const char32_t c : text.toUcs4())
        appendEscaped(out, c);
    return out;
}

// A macro argument: quoted, with its own quotes as a glyph.
QString quoted(const QString &escaped)
{
    QString inner = escaped;
    inner.replace(QLatin1Char('"'), QStringLiteral("\\(dq"));
    return QLatin1Char('"') + inner + QLatin1Char('"');
}

QString bold(const QString &text) { return QStringLiteral("\\fB") + escapeChars(text) + QStringLiteral("\\fR"); }
QString italic(const QString &text) { return QStringLiteral("\\fI") + escapeChars(text) + QStringLiteral("\\fR"); }

bool isPlaceholder(const QString &word)
{
    bool letter = false;
    for (const QChar c : word) {
        if (c.isLower() || c == QLatin1Char('_'))
            return false;
        letter = letter || c.isLetter();
    }
    return letter;
}

// One word of a syntax string, without its surrounding brackets and punctuation.
QString syntaxWord(const QString &word)
{
    if (word.size() > 2 && word.startsWith(QLatin1Char('<')) && word.endsWith(QLatin1Char('>')))
        return italic(word.mid(1, word.size() - 2));
    if (word.contains(QLatin1Char('|')) && !word.startsWith(QLatin1Char('-'))) {
        QStringList parts;
        for (const QString &part : word.split(QLatin1Char('|')))
            parts << syntaxWord(part);
        return parts.join(QLatin1Char('|'));
    }
    if (word.isEmpty())
        return {};
    if (word == QLatin1String("options") || isPlaceholder(word))
        return italic(word);
    return bold(word);
}

// A text line must not start with '.' or '\'': roff would read it as a request.
QString guarded(const QString &escaped)
{
    if (escaped.startsWith(QLatin1Char('.')) || escaped.startsWith(QLatin1Char('\'')))
        return QStringLiteral("\\&") + escaped;
    return escaped;
}

QString textLine(const QString &line) { return guarded(escapeChars(line.trimmed())); }

// Lines indented by spaces (a table in a help text) as they are, unfilled, inset.
void appendInset(QString &out, const QStringList &lines)
{
    qsizetype indent = std::numeric_limits<qsizetype>::max();
    for (const QString &line : lines) {
        qsizetype lead = 0;
        while (lead < line.size() && line.at(lead) == QLatin1Char(' '))
            ++lead;
        indent = std::min(indent, lead);
    }
    out += QStringLiteral(".RS 2\n.nf\n");
    for (const QString &line : lines)
        out += guarded(escapeChars(line.mid(indent))) + QLatin1Char('\n');
    out += QStringLiteral(".fi\n.RE\n");
}

// Paragraphs: a line that ends a sentence ends its paragraph (help texts wrap some descriptions
// by hand); runs of lines indented by spaces are kept as they are.
void appendText(QString &out, const QString &text, bool startWithParagraph)
{
    bool paragraph = startWithParagraph;
    bool continued = false;
    QStringList inset;
    const auto flushInset = [&] {
        if (inset.isEmpty())
            return;
        if (paragraph)
            out += QStringLiteral(".PP\n");
        appendInset(out, inset);
        inset.clear();
        paragraph = true;
        continued = false;
    };
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char(' ')) && !line.trimmed().isEmpty()) {
            inset << line;
            continue;
        }
        flushInset();
        if (line.trimmed().isEmpty()) {
            paragraph = true;
            continued = false;
            continue;
        }
        if (paragraph && !continued)
            out += QStringLiteral(".PP\n");
        out += textLine(line) + QLatin1Char('\n');
        paragraph = true;
        continued = !QStringLiteral(".:!?").contains(line.trimmed().back());
    }
    flushInset();
}

void appendEntries(QString &out, const QList<ManEntry> &entries)
{
    for (const ManEntry &e : entries) {
        out += QStringLiteral(".TP\n") + roffSyntax(e.term) + QLatin1Char('\n');
        QStringList lines;
        for (const QString &line : e.text.split(QLatin1Char('\n')))
            if (!line.trimmed().isEmpty())
                lines << textLine(line);
        out += lines.isEmpty() ? QStringLiteral("\\&\n") : lines.join(QStringLiteral("\n.br\n")) + QLatin1Char('\n');
    }
}

QString syntaxLine(const QString &line, bool startOfLine)
{
    const QString s = roffSyntax(line);
    return startOfLine && s.startsWith(QLatin1Char('.')) ? QStringLiteral("\\&") + s : s;
}

} // namespace

QString roffEscape(const QString &text) { return textLine(text); }

QString roffSyntax(const QString &syntax)
{
    QStringList words;
    for (const QString &token : syntax.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        // Peel brackets and punctuation off the word: "[--json]", "-o,", "[FILE...]".
        qsizetype begin = 0;
        qsizetype end = token.size();
        static const QString kOpen = QStringLiteral("[(");
        static const QString kClose = QStringLiteral("]),.");
        while (begin < end && kOpen.contains(token.at(begin)))
            ++begin;
        while (end > begin && kClose.contains(token.at(end - 1)))
            --end;
        words << escapeChars(token.left(begin)) + syntaxWord(token.mid(begin, end - begin))
                     + escapeChars(token.mid(end));
    }
    return words.join(QLatin1Char(' '));
}

QString toRoff(const ManPage &page)
{
    QString out;
    QString title = page.name.toUpper();
    out += QStringLiteral(".TH ") + quoted(escapeChars(title)) + QLatin1Char(' ') + quoted(escapeChars(page.section))
           + QLatin1Char(' ') + quoted(escapeChars(page.date)) + QLatin1Char(' ') + quoted(escapeChars(page.source))
           + QLatin1Char(' ') + quoted(escapeChars(page.manual)) + QLatin1Char('\n');
    // No hyphenation: option and variable names broken across lines cannot be copied.
    out += QStringLiteral(".nh\n");
    out += QStringLiteral(".SH NAME\n") + textLine(page.name) + QStringLiteral(" \\- ") + escapeChars(page.summary)
           + QLatin1Char('\n');
    if (!page.synopsis.isEmpty()) {
        out += QStringLiteral(".SH SYNOPSIS\n");
        QStringList lines;
        for (const QString &line : page.synopsis)
            lines << syntaxLine(line, true);
        out += lines.join(QStringLiteral("\n.br\n")) + QLatin1Char('\n');
    }
    if (!page.description.trimmed().isEmpty()) {
        out += QStringLiteral(".SH DESCRIPTION\n");
        appendText(out, page.description, false);
    }
    for (const ManSection &section : page.sections) {
        out += QStringLiteral(".SH ") + quoted(escapeChars(section.title)) + QLatin1Char('\n');
        bool first = true;
        for (const ManBlock &block : section.blocks) {
            if (!block.heading.isEmpty())
                out += QStringLiteral(".SS ") + quoted(roffSyntax(block.heading)) + QLatin1Char('\n');
            appendText(out, block.text, !first && block.heading.isEmpty());
            appendEntries(out, block.entries);
            first = false;
        }
    }
    if (!page.seeAlso.isEmpty()) {
        out += QStringLiteral(".SH \"SEE ALSO\"\n");
        for (qsizetype i = 0; i < page.seeAlso.size(); ++i) {
            // "name(1)" as .BR name (1), the cross-reference form man(7) asks for.
            const QString &ref = page.seeAlso.at(i);
            const qsizetype paren = ref.indexOf(QLatin1Char('('));
            const QString name = paren > 0 ? ref.left(paren) : ref;
            const QString rest = (paren > 0 ? ref.mid(paren) : QString()) + (i + 1 < page.seeAlso.size() ? QStringLiteral(",") : QString());
            out += QStringLiteral(".BR ") + quoted(escapeChars(name));
            if (!rest.isEmpty())
                out += QLatin1Char(' ') + quoted(escapeChars(rest));
            out += QLatin1Char('\n');
        }
    }
    return out;
}

CommandLineHelp parseHelpText(const QString &helpText)
{
    CommandLineHelp help;
    QStringList lines = helpText.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return help;

    // "Usage: <argv[0]> [options] ARGS": the program is what the application was started as.
    QString usage = lines.constFirst();
    const QString prefix = QStringLiteral("Usage: ");
    if (usage.startsWith(prefix))
        usage = usage.mid(prefix.size());
    const QString program = QCoreApplication::instance() ? QCoreApplication::arguments().value(0) : QString();
    if (!program.isEmpty() && usage.startsWith(program))
        usage = usage.mid(program.size());
    else
        usage = usage.mid(usage.indexOf(QLatin1Char(' ')) + 1);
    help.usage = usage.trimmed();

    // The description runs up to the blank line before "Options:" or "Arguments:".
    qsizetype listsStart = lines.size();
    for (qsizetype i = 2; i < lines.size(); ++i)
        if (lines.at(i - 1).isEmpty()
            && (lines.at(i) == QLatin1String("Options:") || lines.at(i) == QLatin1String("Arguments:"))) {
            listsStart = i;
            break;
        }
    help.description = lines.mid(1, listsStart - 1).join(QLatin1Char('\n')).trimmed();

    // Entries: "  names<pad> description", continued by lines indented past the name column.
    // Options and arguments share one name column: its width is the longest name plus one,
    // at most 50 (QCommandLineParser's layout).
    qsizetype width = 0;
    for (qsizetype i = listsStart; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (!line.startsWith(QStringLiteral("  ")) || line.at(2).isSpace())
            continue;
        const qsizetype gap = line.indexOf(QStringLiteral("  "), 2);
        width = std::max(width, (gap < 0 ? line.size() : gap) - 2 + 1);
    }
    width = std::min<qsizetype>(width, 50);
    QList<ManEntry> *list = nullptr;
    for (qsizetype i = listsStart; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line == QLatin1String("Options:")) {
            list = &help.options;
        } else if (line == QLatin1String("Arguments:")) {
            list = &help.arguments;
        } else if (list && line.startsWith(QStringLiteral("  "))) {
            const QString name = line.mid(2, width).trimmed();
            const QString text = line.mid(2 + width + 1).trimmed();
            if (!name.isEmpty())
                list->append({list == &help.arguments ? QLatin1Char('<') + name + QLatin1Char('>') : name, text});
            else if (!list->isEmpty())
                list->last().text += (list->last().text.isEmpty() ? QString() : QStringLiteral(" ")) + text;
        }
    }
    return help;
}

CommandLineHelp commandLineHelp(const QCommandLineParser &parser) { return parseHelpText(parser.helpText()); }

ManPage manPageFromParser(const QCommandLineParser &parser, const QString &name, const QString &summary)
{
    const CommandLineHelp help = commandLineHelp(parser);
    ManPage page;
    page.name = name;
    page.date = QString::fromLatin1(buildinfo::commitDate);
    page.source = QStringLiteral("Greenlight ") + QString::fromLatin1(buildinfo::version);
    page.manual = QStringLiteral("User Commands");
    page.summary = summary;
    page.synopsis = {name + QLatin1Char(' ') + help.usage};
    page.description = help.description;
    if (!help.options.isEmpty())
        page.sections.append({QStringLiteral("OPTIONS"), {{{}, {}, help.options}}});
    if (!help.arguments.isEmpty())
        page.sections.append({QStringLiteral("ARGUMENTS"), {{{}, {}, help.arguments}}});
    return page;
}

} // namespace greenlight
