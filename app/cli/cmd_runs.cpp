#include "command.h"

#include "retention/retention.h"
#include "runbook/runbook.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QLocale>

namespace greenlight::cli {

namespace {

const QString kVerb = QStringLiteral("greenlight-cli runs prune: ");

void describePrune(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Remove run folders the runbook's retention no longer keeps (runbooks/retention.md). Runs a ledger\n"
        "decision names, inputs of kept runs and the newest run of each spec variant always stay.\n"
        "Exit 0 done (or nothing to do), 2 usage, 3 a folder could not be removed."));
    parser.addOptions({
        {QStringLiteral("project"), QStringLiteral("The project folder (default: the current folder)."), QStringLiteral("dir")},
        {QStringLiteral("runbook"), QStringLiteral("Runbook file (default: the project's, else the built-in policy)."), QStringLiteral("file")},
        {QStringLiteral("dry-run"), QStringLiteral("Only say what would be removed.")},
        {QStringLiteral("verbose"), QStringLiteral("Also list the runs kept, with the reason.")},
    });
}

int runPrune(const QStringList &args)
{
    QCommandLineParser p;
    if (const std::optional<int> exit = parseCommandLine(p, args, QStringLiteral("runs prune")))
        return *exit;
    const QString project = QDir(p.isSet(QStringLiteral("project")) ? p.value(QStringLiteral("project"))
                                                                     : QDir::currentPath())
                                .absolutePath();
    if (!QFileInfo(project + QStringLiteral("/runs")).isDir()) {
        err() << kVerb << project << " has no runs/ folder; give --project DIR\n";
        return ExitUsage;
    }
    auto runbook = p.isSet(QStringLiteral("runbook")) ? Runbook::load(p.value(QStringLiteral("runbook")))
                                                      : Runbook::forProject(project);
    if (!runbook) {
        err() << kVerb << runbook.error().toString() << "\n";
        return ExitUsage;
    }
    auto plan = planRetention(project, *runbook);
    if (!plan) {
        err() << kVerb << plan.error().toString() << "\n";
        return ExitFailed;
    }
    const bool dry = p.isSet(QStringLiteral("dry-run"));
    for (const RetentionItem &it : plan->items)
        if (it.remove)
            out() << (dry ? "would remove " : "remove ") << it.runId << "  (" << it.reason << ")\n";
        else if (p.isSet(QStringLiteral("verbose")))
            out() << "keep " << it.runId << "  (" << it.reason.mid(it.reason.indexOf(QLatin1Char(':')) + 2) << ")\n";
    const QString size = QLocale::c().formattedDataSize(plan->removeBytes);
    if (dry) {
        out() << plan->removeCount() << " of " << plan->items.size() << " runs would be removed, freeing " << size << "\n";
        return ExitOk;
    }
    auto removed = applyRetention(*plan);
    if (!removed) {
        err() << kVerb << removed.error().toString() << "\n";
        return ExitFailed;
    }
    out() << removed->size() << " of " << plan->items.size() << " runs removed, " << size << " freed\n";
    return ExitOk;
}

void describeRuns(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Manage the run folders of a project."));
    parser.addPositionalArgument(QStringLiteral("sub-verb"), QStringLiteral("prune"), QStringLiteral("<sub-verb>"));
}

} // namespace

GREENLIGHT_CLI_COMMAND(runs, "runs", "Run folders of a project: prune what the runbook's retention no longer keeps.",
                       describeRuns, nullptr);
GREENLIGHT_CLI_COMMAND(runsprune, "runs prune", "Remove the run folders the runbook's retention no longer keeps.",
                       describePrune, runPrune);

} // namespace greenlight::cli
