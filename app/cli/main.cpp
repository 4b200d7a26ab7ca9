#include "command.h"

#include "common/buildinfo.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <cerrno>

#include <sys/stat.h>
#include <unistd.h>

using namespace greenlight::cli;

namespace {

// A verb with sub-verbs: the sub-verb named next runs; else the verb's own run (for --help or an
// error), or the verb's help and the list of its sub-verbs.
int runVerb(const Command &command, const QStringList &args)
{
    const QList<Command> subs = CommandRegistry::subVerbs(command.name);
    if (subs.isEmpty())
        return command.run(args);
    if (const Command *sub = CommandRegistry::find(command.name + QLatin1Char(' ') + args.value(1)); sub && sub->run)
        return sub->run(args.mid(1));
    if (command.run)
        return command.run(args);
    const QString next = args.value(1);
    if (next == QLatin1String("--help") || next == QLatin1String("-h")) {
        out() << helpText(command.name);
        return ExitOk;
    }
    err() << errorPrefix(command.name)
          << (next.isEmpty() ? QStringLiteral("give a sub-verb")
                             : QStringLiteral("unknown sub-verb '") + next + QLatin1Char('\''))
          << "\n\n" << helpText(command.name);
    return ExitUsage;
}

} // namespace

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
    if (args.isEmpty()) {
        printUsage(out());
        return ExitUsage;
    }
    if (args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        printUsage(out());
        return ExitOk;
    }
    if (args.first() == QLatin1String("--version") || args.first() == QLatin1String("-V")) {
        out() << "greenlight-cli " << QCoreApplication::applicationVersion() << "\n";
        return ExitOk;
    }
    const Command *command = args.first().contains(QLatin1Char(' ')) ? nullptr : CommandRegistry::find(args.first());
    if (!command) {
        err() << "greenlight-cli: unknown verb '" << args.first() << "'\n\n";
        printUsage(err());
        return ExitUsage;
    }
    const int code = runVerb(*command, args);
    out().flush();
    err().flush();
    return code;
}
