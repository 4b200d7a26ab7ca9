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

using CommandFn = int (*)(const QStringList &args); // args[0] is the verb

struct Command
{
    QString name;
    QString summary;
    CommandFn run = nullptr;
};

// Verbs register themselves from their own file with GREENLIGHT_CLI_COMMAND.
class CommandRegistry
{
public:
    static bool add(const Command &command);
    static const QList<Command> &all();
    static const Command *find(const QString &name);
};

// Parses a verb's arguments. A malformed option prints the parser's error after `prefix` and
// gives ExitUsage; --help prints the help and gives ExitOk; otherwise nullopt: go on.
std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &args,
                                    const QString &prefix = {});

QTextStream &out();
QTextStream &err();
bool stdoutIsTerminal();

} // namespace greenlight::cli

#define GREENLIGHT_CLI_COMMAND(ident, name, summary, fn)                                          \
    static const bool greenlight_cli_registered_##ident =                                       \
        ::greenlight::cli::CommandRegistry::add({QStringLiteral(name), QStringLiteral(summary), fn})
