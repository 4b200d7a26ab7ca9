#include "command.h"

#include "common/manpage.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <algorithm>
#include <cstdio>

#include <unistd.h>

namespace greenlight::cli {

namespace {

QList<Command> &registry()
{
    static QList<Command> commands;
    return commands;
}

bool isSubVerb(const Command &c) { return c.name.contains(QLatin1Char(' ')); }

QString helpFor(const QCommandLineParser &parser, const Command &command)
{
    // Qt names the program as it was started; the help names the verb.
    const QString text = parser.helpText();
    const qsizetype endOfUsage = text.indexOf(QLatin1Char('\n'));
    const QString usage = parseHelpText(text.left(endOfUsage)).usage;
    QString help = QStringLiteral("Usage: greenlight-cli ") + command.name
                   + (usage.isEmpty() ? QString() : QLatin1Char(' ') + usage) + text.mid(endOfUsage);
    const QList<Command> subs = CommandRegistry::subVerbs(command.name);
    if (!subs.isEmpty()) {
        help += QStringLiteral("\nSub-verbs:\n");
        for (const Command &sub : subs)
            help += QStringLiteral("  ") + sub.name.mid(command.name.size() + 1).leftJustified(10) + sub.summary
                    + QLatin1Char('\n');
        help += QStringLiteral("\nRun 'greenlight-cli ") + command.name
                + QStringLiteral(" <sub-verb> --help' for a sub-verb's options.\n");
    }
    return help;
}

} // namespace

// Every verb's parser starts the same: -h/--help (Qt's addHelpOption() would add --help-all,
// which means nothing here), then what the verb declares.
void describeCommand(QCommandLineParser &parser, const Command &command)
{
    parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit.")});
    if (command.describe)
        command.describe(parser);
}

bool CommandRegistry::add(const Command &command)
{
    registry().append(command);
    std::sort(registry().begin(), registry().end(),
              [](const Command &a, const Command &b) { return a.name < b.name; });
    return true;
}

const QList<Command> &CommandRegistry::all() { return registry(); }

QList<Command> CommandRegistry::verbs()
{
    QList<Command> verbs;
    for (const Command &c : registry())
        if (!isSubVerb(c))
            verbs.append(c);
    return verbs;
}

QList<Command> CommandRegistry::subVerbs(const QString &verb)
{
    QList<Command> subs;
    const QString prefix = verb + QLatin1Char(' ');
    for (const Command &c : registry())
        if (c.name.startsWith(prefix) && !c.name.mid(prefix.size()).contains(QLatin1Char(' ')))
            subs.append(c);
    return subs;
}

const Command *CommandRegistry::find(const QString &name)
{
    for (const Command &c : registry())
        if (c.name == name)
            return &c;
    return nullptr;
}

QString errorPrefix(const QString &verb) { return QStringLiteral("greenlight-cli ") + verb + QStringLiteral(": "); }

std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &args, const QString &verb)
{
    const Command *command = CommandRegistry::find(verb);
    Q_ASSERT(command);
    describeCommand(parser, *command);
    if (!parser.parse(args)) {
        err() << errorPrefix(verb) << parser.errorText() << "\n"
              << "Run 'greenlight-cli " << verb << " --help' for its options.\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << helpFor(parser, *command);
        return ExitOk;
    }
    return std::nullopt;
}

QString helpText(const QString &verb)
{
    const Command *command = CommandRegistry::find(verb);
    if (!command)
        return {};
    QCommandLineParser parser;
    describeCommand(parser, *command);
    return helpFor(parser, *command);
}

void printUsage(QTextStream &s)
{
    s << "Usage: greenlight-cli <verb> [options] [arguments]\n"
         "       greenlight-cli <verb> --help | help <verb>\n"
         "       greenlight-cli --version\n\nVerbs:\n";
    for (const Command &c : CommandRegistry::verbs())
        s << "  " << c.name.leftJustified(14) << c.summary << "\n";
    s << "\nRun 'greenlight-cli <verb> --help' for a verb's options; 'greenlight-cli manpage' prints the manual.\n"
         "Exit codes: 0 ok, 1 findings or failed run, 2 unusable input, 3 internal failure, 4 cancelled.\n";
}

QTextStream &out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream &err()
{
    static QTextStream s(stderr);
    return s;
}

bool stdoutIsTerminal() { return isatty(fileno(stdout)) != 0; }

} // namespace greenlight::cli
