#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class QCommandLineParser;

namespace greenlight {

// A manual page as plain text, turned into roff (man(7) macros) by toRoff(). Nothing here is
// roff: every string is escaped on the way out, so help texts can be used as they are.
//
// Syntax strings (ManEntry::term, ManBlock::heading, ManPage::synopsis) are typeset by word:
// "-x"/"--long" and literal words in bold, "<value>" and upper-case placeholders (FILE, N/D) in
// italics, brackets, '|', ',' and "..." in roman.
struct ManEntry
{
    QString term; // "-o, --output <file>", "<run-dir>", "GREENLIGHT_ROLE"
    QString text;
};

// A run of text in a section: an optional subsection heading (.SS), paragraphs, then an
// indented list (.TP per entry). In `text`, each line is a paragraph; lines indented by spaces
// are kept line by line, indented (tables in help texts).
struct ManBlock
{
    QString heading;
    QString text;
    QList<ManEntry> entries;
};

struct ManSection
{
    QString title; // upper case by convention: "OPTIONS", "EXIT STATUS"
    QList<ManBlock> blocks;
};

struct ManPage
{
    QString name;        // "greenlight-cli"
    QString section = QStringLiteral("1");
    QString date;        // YYYY-MM-DD, or empty
    QString source;      // "Greenlight 0.1.0"
    QString manual;      // "User Commands"
    QString summary;     // NAME: "name \- summary"
    QStringList synopsis; // one syntax line each
    QString description;
    QList<ManSection> sections; // between DESCRIPTION and SEE ALSO
    QStringList seeAlso;        // "greenlight(1)"
};

QString toRoff(const ManPage &page);

// Escapes text for a roff text line: '\' and '-' and characters outside ASCII become escapes,
// and a line starting with '.' or '\'' is guarded so it is not read as a request.
QString roffEscape(const QString &text);
// Typesets a syntax string as described above (already escaped).
QString roffSyntax(const QString &syntax);

// QCommandLineParser::helpText() read back into its parts (the parser keeps no list of its
// options). `usage` is the usage line after the program name ("[options] <spec>").
struct CommandLineHelp
{
    QString usage;
    QString description;
    QList<ManEntry> options;   // terms as the help prints them: "-o, --output <file>"
    QList<ManEntry> arguments; // terms "<name>"
};
CommandLineHelp parseHelpText(const QString &helpText);
CommandLineHelp commandLineHelp(const QCommandLineParser &parser);

// The manual page of a program from its own parser: SYNOPSIS, DESCRIPTION, OPTIONS and
// ARGUMENTS from the parser's help; version and date from this build. Add sections (ENVIRONMENT,
// FILES) and seeAlso to the result before toRoff().
ManPage manPageFromParser(const QCommandLineParser &parser, const QString &name, const QString &summary);

} // namespace greenlight
