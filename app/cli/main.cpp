#include "command.h"

#include "common/buildinfo.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include <sys/stat.h>
#include <unistd.h>

namespace greenlight::cli {

namespace {
QList<Command> &registry()
{
    static QList<Command> commands;
    return commands;
}
} // namespace

bool CommandRegistry::add(const Command &command)
{
    registry().append(command);
    std::sort(registry().begin(), registry().end(),
              [](const Command &a, const Command &b) { return a.name < b.name; });
    return true;
}

const QList<Command> &CommandRegistry::all() { return registry(); }

const Command *CommandRegistry::find(const QString &name)
{
    for (const Command &c : registry())
        if (c.name == name)
            return &c;
    return nullptr;
}

std::optional<int> parseCommandLine(QCommandLineParser &parser, const QStringList &args, const QString &prefix)
{
    if (!parser.parse(args)) {
        err() << prefix << parser.errorText() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    return std::nullopt;
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

using namespace greenlight::cli;

static void printUsage(QTextStream &s)
{
    s << "Usage: greenlight-cli <verb> [options]\n\nVerbs:\n";
    for (const Command &c : CommandRegistry::all())
        s << "  " << c.name.leftJustified(12) << c.summary << "\n";
    s << "\nRun 'greenlight-cli <verb> --help' for a verb's options.\n"
         "Exit codes: 0 ok, 1 findings or failed run, 2 unusable input, 3 internal failure, 4 cancelled.\n";
}

int main(int argc, char **argv)
{
    // Text measurement and PDF reports need QtGui but never a window: run on the
    // offscreen platform so the CLI works on machines without a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Without a login session (CI, ssh, cron) there is no runtime folder; give Qt a private
    // one instead of a warning on every run.
    if (qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        const QByteArray dir = QFile::encodeName(QDir::tempPath()) + "/greenlight-runtime-" + QByteArray::number(::getuid());
        if (::mkdir(dir.constData(), 0700) == 0 || errno == EEXIST)
            qputenv("XDG_RUNTIME_DIR", dir);
    }
    QGuiApplication app(argc, argv); // fonts and QPdfWriter (review reports) need a GUI application
    QCoreApplication::setApplicationName(QStringLiteral("greenlight-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Greenlight"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(greenlight::buildinfo::version)
                                            + QStringLiteral(" (") +
                                            QString::fromLatin1(greenlight::buildinfo::commit) + QLatin1Char(')'));

    const QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")
        || args.first() == QLatin1String("help")) {
        printUsage(out());
        return args.isEmpty() ? ExitUsage : ExitOk;
    }
    if (args.first() == QLatin1String("--version")) {
        out() << "greenlight-cli " << QCoreApplication::applicationVersion() << "\n";
        return ExitOk;
    }
    const Command *command = CommandRegistry::find(args.first());
    if (!command) {
        err() << "greenlight-cli: unknown verb '" << args.first() << "'\n\n";
        printUsage(err());
        return ExitUsage;
    }
    const int code = command->run(args);
    out().flush();
    err().flush();
    return code;
}
