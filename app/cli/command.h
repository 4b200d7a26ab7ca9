#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QTextStream>

#include <optional>

class QCommandLineParser;

namespace greenlight::cli {

// Exit codes shared by every verb.
enum ExitCode { ExitOk = 0, ExitFindings = 1, ExitUsage = 2, ExitFailed = 3, ExitCancelled = 4 };

using CommandFn = int (*)(const QStringList &args); // args[0] is the verb (a sub-verb's own name for a sub-verb)
// Declares a verb's command line: its description, options and positional arguments. The one
// definition behind parsing, `VERB --help`, `help VERB` and the manual page; -h/--help is added for it.
using DescribeFn = void (*)(QCommandLineParser &parser);

struct Command
{
    QString name;    // "qa"; a sub-verb is "<verb> <sub>" ("ledger list")
    QString summary; // one line, for the verb list
    DescribeFn describe = nullptr;
    // A sub-verb's run gets its arguments from its own name on. A verb with sub-verbs runs only when
    // no sub-verb matched (for --help and errors, when null a generic one answers).
    CommandFn run = nullptr;
};

// Verbs register themselves from their own file with GREENLIGHT_CLI_COMMAND.
class CommandRegistry
{
public:
    static bool add(const Command &command);
    static const QList<Command> &all(); // verbs and sub-verbs, sorted by name
    static QList<Command> verbs();      // top-level verbs only
    static QList<Command> subVerbs(const QString &verb);
    static const Command *find(const QString &name);
};

// Sets `parser` up for `verb` (its describe, plus -h/--help) and parses `args` (args[0] is taken as
// the program name, as QCommandLineParser does). A malformed option prints "greenlight-cli VERB: "
// and the parser's error and gives ExitUsage; --help prints helpText() and gives ExitOk; otherwise
// nullopt: go on.
std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &args, const QString &verb);

// Sets `parser` up for `command`: -h/--help, then its describe.
void describeCommand(QCommandLineParser &parser, const Command &command);

// "Usage: greenlight-cli VERB [options] ARGS", the description, options, arguments and, for a verb
// with sub-verbs, the sub-verbs. Empty for an unknown verb.
QString helpText(const QString &verb);
// The error prefix of a verb: "greenlight-cli VERB: ".
QString errorPrefix(const QString &verb);

// The verb list main() prints for --help.
void printUsage(QTextStream &s);

QTextStream &out();
QTextStream &err();
bool stdoutIsTerminal();

} // namespace greenlight::cli

#define GREENLIGHT_CLI_COMMAND(ident, name, summary, describe, fn)                                \
    static const bool greenlight_cli_registered_##ident = ::greenlight::cli::CommandRegistry::add( \
        {QStringLiteral(name), QStringLiteral(summary), describe, fn})
