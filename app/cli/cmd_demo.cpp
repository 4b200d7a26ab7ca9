#include "command.h"
#include "report.h"

#include "spec/project.h"
#include "spec/specvalidator.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace greenlight::cli {

namespace {

bool copyFolder(const QString &from, const QString &to)
{
    QDir src(from);
    if (!QDir().mkpath(to))
        return false;
    for (const QFileInfo &fi : src.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot)) {
        const QString dst = to + QLatin1Char('/') + fi.fileName();
        if (fi.isDir() ? !copyFolder(fi.filePath(), dst) : !QFile::copy(fi.filePath(), dst))
            return false;
    }
    return true;
}

// The headless demo: what `make run` does on a machine without a display. It works on a
// copy of the bundled demo project, so the source tree stays untouched.
int runDemo(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Run the bundled demo headlessly on a copy of the project."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("out"), QStringLiteral("Where the demo project copy goes."), QStringLiteral("dir"),
                      QStringLiteral("build/demo-project")});
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The demo project folder."));
    if (!parser.parse(args)) {
        err() << parser.errorText() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        err() << "greenlight-cli demo: give the demo project folder\n";
        return ExitUsage;
    }
    auto source = Project::open(positional.first());
    if (!source) {
        err() << "greenlight-cli demo: " << source.error().toString() << "\n";
        return ExitUsage;
    }
    const QString outDir = QFileInfo(parser.value(QStringLiteral("out"))).absoluteFilePath();
    if (QFileInfo::exists(outDir) && !QDir(outDir).removeRecursively()) {
        err() << "greenlight-cli demo: cannot clear " << outDir << "\n";
        return ExitFailed;
    }
    if (!copyFolder(source->root(), outDir)) {
        err() << "greenlight-cli demo: cannot copy the demo project to " << outDir << "\n";
        return ExitFailed;
    }
    auto project = Project::open(outDir);
    if (!project) {
        err() << "greenlight-cli demo: " << project.error().toString() << "\n";
        return ExitFailed;
    }

    out() << "== Greenlight demo (headless) ==\nProject copy: " << project->root() << "\n\n";
    out() << "-- Step 1: structural validation of every spec and variant\n";
    const SpecValidator validator;
    QList<FileFindings> report;
    bool blockers = false;
    for (const SpecReport &r : validateProject(*project, validator)) {
        report.append({r.path, r.findings});
        blockers = blockers || hasOpenBlocker(r.findings);
    }
    printFindingsReport(report);

    out() << "\nOutputs are in " << project->root() << "\n";
    out().flush();
    return blockers ? ExitFindings : ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(demo, "demo", "Run the bundled demo headlessly (what `make run` does without a display).", runDemo);

} // namespace greenlight::cli
