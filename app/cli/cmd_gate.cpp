#include "command.h"

#include "common/jsonio.h"
#include "gate/gate.h"
#include "ledger/ledger.h"
#include "run/runfolder.h"
#include "runbook/runbook.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace greenlight::cli {

namespace {

const QString kVerb = QStringLiteral("greenlight-cli gate: ");

QString severityCounts(const GateStage &s)
{
    QStringList parts;
    if (s.openBlockers)
        parts << QStringLiteral("%1 blocker%2").arg(s.openBlockers).arg(s.openBlockers == 1 ? QString() : QStringLiteral("s"));
    if (s.openWarnings)
        parts << QStringLiteral("%1 warning%2").arg(s.openWarnings).arg(s.openWarnings == 1 ? QString() : QStringLiteral("s"));
    if (s.openInfo)
        parts << QStringLiteral("%1 info").arg(s.openInfo);
    if (s.closed)
        parts << QStringLiteral("%1 resolved or waived").arg(s.closed);
    return parts.join(QStringLiteral(", "));
}

void printEvaluation(const GateEvaluation &ev, const Runbook &runbook)
{
    const QString variant = ledgerVariant(ev.run.spec.variant);
    out() << "Run " << ev.run.id << " (" << toString(ev.run.kind) << ", " << toString(ev.run.status) << ") of "
          << ev.run.spec.path << " [" << variant << "]\n"
          << "Workload " << ev.workload << " under runbook '" << runbook.id() << "'\n"
          << "Manifest sha256 " << (ev.manifestSha256.isEmpty() ? QStringLiteral("(unreadable)") : ev.manifestSha256)
          << "\n\n";
    for (const GateStage &s : ev.stages)
        out() << "  " << toString(s.stage).leftJustified(14) << (s.required ? "required  " : "optional  ")
              << QString(s.state.leftJustified(10) + severityCounts(s)).trimmed() << "\n";
    const Findings blockers = ev.openBlockers();
    if (!blockers.isEmpty()) {
        out() << "\nOpen blockers:\n";
        for (const Finding &f : blockers) {
            const QStringList roles = runbook.rolesThatMayWaive(f.code);
            out() << "  " << f.code << "  (" << toString(f.stage) << ")";
            if (f.frames)
                out() << "  frames " << f.frames->start << "-" << f.frames->end;
            out() << "\n      " << f.message << "\n      "
                  << (roles.isEmpty() ? QStringLiteral("not waivable")
                                      : QStringLiteral("waivable by: ") + roles.join(QStringLiteral(", ")))
                  << "\n";
        }
    }
    out() << "\n";
    if (ev.latest) {
        const Decision &d = *ev.latest;
        out() << "Latest decision for this variant: #" << d.seq << " " << toString(d.outcome) << " by " << d.reviewer
              << " (" << d.role << ") at " << d.decidedAt << ", "
              << (ev.latestAppliesToRun() ? QStringLiteral("on this run as it is now")
                  : d.runId == ev.run.id  ? QStringLiteral("on this run, but its manifest has changed since")
                                          : QStringLiteral("on run ") + d.runId)
              << "\n";
    } else {
        out() << "No decision recorded for this variant yet.\n";
    }
    if (ev.latestAppliesToRun() && ev.latest->outcome == Outcome::Pass)
        out() << "This run has passed the gate" << (ev.latest->waivers.isEmpty() ? "" : " with waivers") << ".\n";
    else
        out() << (ev.canPass() ? QStringLiteral("A pass can be recorded.\n")
                               : QStringLiteral("A pass is refused until each blocker is fixed or waived.\n"));
}

int decide(const QCommandLineParser &p, const GateEvaluation &ev, const Runbook &runbook)
{
    const auto outcome = outcomeFromString(p.value(QStringLiteral("decide")));
    if (!outcome) {
        err() << kVerb << "--decide takes pass, revise or reject\n";
        return ExitUsage;
    }
    GateRequest request;
    request.outcome = *outcome;
    request.reasons = p.values(QStringLiteral("reason"));
    for (const QString &w : p.values(QStringLiteral("waive"))) {
        const qsizetype eq = w.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            err() << kVerb << "--waive takes CODE=reason, got '" << w << "'\n";
            return ExitUsage;
        }
        request.waivers.append({w.left(eq).trimmed(), w.mid(eq + 1)});
    }
    request.reviewer = p.value(QStringLiteral("reviewer"));
    if (request.reviewer.isEmpty())
        request.reviewer = qEnvironmentVariable("GREENLIGHT_REVIEWER", qEnvironmentVariable("USER"));
    request.role = p.value(QStringLiteral("role"));
    if (request.role.isEmpty())
        request.role = qEnvironmentVariable("GREENLIGHT_ROLE");
    if (request.reviewer.isEmpty() || request.role.isEmpty()) {
        err() << kVerb << "a decision names who decides: give --reviewer NAME and --role ROLE "
              << "(or set GREENLIGHT_REVIEWER and GREENLIGHT_ROLE)\n";
        return ExitUsage;
    }
    auto ledger = Ledger::open(ev.ledgerPath, Ledger::OpenMode::ReadWrite);
    if (!ledger) {
        err() << kVerb << ledger.error().toString() << "\n";
        return ExitFailed;
    }
    auto d = decideGate(ev, request, runbook, *ledger);
    if (!d) {
        err() << kVerb << (isGateRefusal(d.error().code) ? "refused: " : "") << d.error().toString() << "\n";
        return isGateRefusal(d.error().code) ? ExitFindings : ExitFailed;
    }
    if (p.isSet(QStringLiteral("json"))) {
        out() << QString::fromStdString(d->toJson().dump(2)) << "\n";
    } else {
        out() << "Recorded decision #" << d->seq << " (" << toString(d->outcome) << ") for run " << d->runId
              << ", manifest sha256 " << d->manifestSha256 << "\n"
              << "  in " << QDir::toNativeSeparators(ev.ledgerPath) << ", row hash " << d->rowHash << "\n";
        for (const Waiver &w : d->waivers)
            out() << "  waived " << w.code << ": " << w.reason << "\n";
    }
    return ExitOk;
}

void describeGate(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Evaluate a run for the publish gate and, with --decide, record a decision in the project's ledger.\n"
        "A pass is refused while a blocker is open, unless each is waived by a role the runbook allows.\n"
        "Exit codes: 0 pass possible / decision recorded, 1 blockers open / decision refused, 2 usage, 3 failed."));
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("The run folder (runs/<id> in a project)."));
    parser.addOptions({
        {QStringLiteral("workload"), QStringLiteral("Runbook workload whose required stages apply (default: the last of the run's kind)."), QStringLiteral("id")},
        {QStringLiteral("runbook"), QStringLiteral("Runbook file (default: the project's runbook.json, else the built-in policy)."), QStringLiteral("file")},
        {QStringLiteral("decide"), QStringLiteral("Record a decision: pass, revise or reject."), QStringLiteral("outcome")},
        {QStringLiteral("reason"), QStringLiteral("Why (repeatable; at least one for a decision)."), QStringLiteral("text")},
        {QStringLiteral("waive"), QStringLiteral("Waive the open findings with a code: CODE=reason (repeatable)."), QStringLiteral("code=reason")},
        {QStringLiteral("reviewer"), QStringLiteral("Who decides (default: $GREENLIGHT_REVIEWER, else $USER)."), QStringLiteral("name")},
        {QStringLiteral("role"), QStringLiteral("The reviewer's role in the runbook (default: $GREENLIGHT_ROLE)."), QStringLiteral("role")},
        {QStringLiteral("json"), QStringLiteral("Print the evaluation (or the recorded decision) as JSON.")},
    });
}

int runGate(const QStringList &args)
{
    QCommandLineParser p;
    if (const std::optional<int> exit = parseCommandLine(p, args, QStringLiteral("gate")))
        return *exit;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) {
        err() << kVerb << "give one run folder\n\n" << helpText(QStringLiteral("gate"));
        return ExitUsage;
    }
    const QString runDir = pos.first();
    if (!QFileInfo(runDir + QStringLiteral("/run.json")).isFile()) {
        err() << kVerb << runDir << " is not a run folder (no run.json)\n";
        return ExitUsage;
    }
    auto runbook = p.isSet(QStringLiteral("runbook")) ? Runbook::load(p.value(QStringLiteral("runbook")))
                                                      : Runbook::forProject(projectRootOfRun(runDir));
    if (!runbook) {
        err() << kVerb << runbook.error().toString() << "\n";
        return ExitUsage;
    }
    auto ev = evaluateGate(runDir, *runbook, p.value(QStringLiteral("workload")));
    if (!ev) {
        err() << kVerb << ev.error().toString() << "\n";
        return ev.error().code == QLatin1String("gate.workload") ? ExitUsage : ExitFailed;
    }
    if (p.isSet(QStringLiteral("decide"))) {
        if (!p.isSet(QStringLiteral("json")))
            printEvaluation(*ev, *runbook);
        return decide(p, *ev, *runbook);
    }
    if (!p.values(QStringLiteral("waive")).isEmpty() || !p.values(QStringLiteral("reason")).isEmpty()) {
        err() << kVerb << "--reason and --waive go with --decide\n";
        return ExitUsage;
    }
    if (p.isSet(QStringLiteral("json")))
        out() << QString::fromStdString(ev->toJson().dump(2)) << "\n";
    else
        printEvaluation(*ev, *runbook);
    return ev->canPass() ? ExitOk : ExitFindings;
}

} // namespace

GREENLIGHT_CLI_COMMAND(gate, "gate", "Evaluate a run for the publish gate; record pass, revise or reject.", describeGate, runGate);

} // namespace greenlight::cli
