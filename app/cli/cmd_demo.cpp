#include "command.h"

#include "gate/gate.h"
#include "ledger/ledger.h"
#include "report.h"

#include "narration/narrationrunner.h"
#include "qa/runqa.h"
#include "render/renderrunner.h"
#include "runbook/runbook.h"
#include "spec/project.h"
#include "spec/specvalidator.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

#include <optional>

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
void describeDemo(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Run the bundled demo headlessly on a copy of the project."));
    parser.addOption({QStringLiteral("out"), QStringLiteral("Where the demo project copy goes."), QStringLiteral("dir"),
                      QStringLiteral("build/demo-project")});
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The demo project folder."));
}

int runDemo(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("demo")))
        return *exit;
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

    if (blockers) {
        out() << "\nThe demo specs have blockers; nothing to render.\n";
        return ExitFindings;
    }

    // The explainer asks for burned-in captions, so the render shows the whole hand-off:
    // narration track and cue-timed captions from the narration run.
    const QString spec = project->absolutePath(QStringLiteral("specs/feature-explainer.greenlight.json"));
    // Voices and renders one variant ("" = the base spec): its narration run, then a render
    // that plays that narration and burns its captions in. Returns the two run folders.
    struct Made
    {
        QString narrationDir;
        QString narrationId;
        QString renderDir;
        QString renderId;
    };
    const auto voiceAndRender = [&](const QString &variant) -> std::optional<Made> {
        NarrationRequest narrationRequest;
        narrationRequest.specPath = spec;
        narrationRequest.projectRoot = project->root();
        narrationRequest.variant = variant;
        const NarrationOutcome narration = NarrationRunner(narrationRequest).run(CancelToken());
        if (narration.refused || narration.record.status != RunStatus::Succeeded) {
            err() << "narration failed: "
                  << (narration.refused ? narration.refusal.toString()
                                        : narration.record.lastError().value_or(Error{}).toString())
                  << "\n";
            return std::nullopt;
        }
        RenderRequest renderRequest;
        renderRequest.specPath = spec;
        renderRequest.projectRoot = project->root();
        renderRequest.variant = variant;
        renderRequest.narrationRun = narration.runDir;
        RenderRunner runner;
        RunRecord rendered;
        QEventLoop loop;
        QObject::connect(&runner, &RenderRunner::finished, &loop, [&](const RunRecord &record) {
            rendered = record;
            loop.quit();
        });
        if (Status started = runner.start(renderRequest); !started) {
            err() << "render could not start: " << started.error().toString() << "\n";
            return std::nullopt;
        }
        loop.exec();
        if (rendered.status != RunStatus::Succeeded) {
            err() << "render failed: " << rendered.lastError().value_or(Error{}).toString() << "\n";
            return std::nullopt;
        }
        return Made{narration.runDir, narration.record.id, runner.runDir(), rendered.id};
    };

    out() << "\n-- Step 2: the 'light' variant of specs/feature-explainer.greenlight.json, voiced and rendered (B, to compare\n"
             "   against in the desk)\n";
    out().flush();
    const std::optional<Made> light = voiceAndRender(QStringLiteral("light"));
    if (!light)
        return ExitFailed;
    out() << "   narration run " << light->narrationId << ", render run " << light->renderId << ": " << light->renderDir
          << "\n";

    out() << "\n-- Step 3: specs/feature-explainer.greenlight.json voiced locally (espeak-ng), then rendered (ffmpeg) with\n"
             "   the narration track and captions burned in\n";
    out().flush();
    const std::optional<Made> base = voiceAndRender(QString());
    if (!base)
        return ExitFailed;
    out() << "   narration run " << base->narrationId << ": " << base->narrationDir << "\n"
          << "      cues.json, captions.vtt, captions.srt, narration.wav\n"
          << "   render run " << base->renderId << ": " << base->renderDir << "\n";

    out() << "\n-- Step 4: deterministic QA of the renders (runbook thresholds); the base render's findings:\n";
    out().flush();
    auto runbook = Runbook::forProject(project->root());
    if (!runbook) {
        err() << runbook.error().toString() << "\n";
        return ExitFailed;
    }
    auto qa = runDeterministicQa(base->renderDir, *runbook);
    if (!qa) {
        err() << "qa failed: " << qa.error().toString() << "\n";
        return ExitFailed;
    }
    if (auto lightQa = runDeterministicQa(light->renderDir, *runbook); !lightQa) {
        err() << "qa failed: " << lightQa.error().toString() << "\n";
        return ExitFailed;
    }
    printFindingsReport({{QDir(project->root()).relativeFilePath(base->renderDir) + QStringLiteral("/output.mp4"),
                          qa->findings}});

    out() << "\n-- Step 5: publish gate (runbook policy, decision recorded in the ledger)\n";
    out().flush();
    auto gate = evaluateGate(base->renderDir, *runbook);
    if (!gate) {
        err() << "gate failed: " << gate.error().toString() << "\n";
        return ExitFailed;
    }
    for (const GateStage &s : gate->stages)
        out() << "   " << toString(s.stage).leftJustified(14) << s.state.leftJustified(9) << " " << s.openBlockers
              << " open blocker(s), " << s.openWarnings << " warning(s)\n";
    // The demo decides as a QA lead would with what it has: a pass only when nothing blocks,
    // otherwise a revise that names what is still open.
    GateRequest decision;
    decision.reviewer = QStringLiteral("demo");
    decision.role = QStringLiteral("qa-lead");
    const QStringList open = gate->unwaivedBlockerCodes({});
    decision.outcome = open.isEmpty() ? Outcome::Pass : Outcome::Revise;
    decision.reasons = open.isEmpty() ? QStringList{QStringLiteral("demo: every required stage is clean")}
                                      : QStringList{QStringLiteral("demo: open blockers: ") + open.join(QStringLiteral(", "))};
    auto ledger = Ledger::open(gate->ledgerPath, Ledger::OpenMode::ReadWrite);
    if (!ledger) {
        err() << ledger.error().toString() << "\n";
        return ExitFailed;
    }
    auto recorded = decideGate(*gate, decision, *runbook, *ledger);
    if (!recorded) {
        err() << "gate decision failed: " << recorded.error().toString() << "\n";
        return ExitFailed;
    }
    out() << "   decision #" << recorded->seq << ": " << toString(recorded->outcome) << " (" << decision.reasons.first()
          << ")\n   run " << recorded->runId << ", manifest sha256 " << recorded->manifestSha256 << "\n"
          << "   ledger " << gate->ledgerPath << " (greenlight-cli ledger verify --project " << project->root() << ")\n";
    if (!open.isEmpty())
        out() << "   next: review the run (greenlight-cli observe " << base->renderDir
              << " add ...), then greenlight-cli gate " << base->renderDir
              << " --decide pass --reason TEXT --role qa-lead\n";

    out() << "\nOutputs are in " << project->root() << ":\n"
          << "  " << base->narrationDir << "  (narration, cues, WebVTT/SRT captions)\n"
          << "  " << base->renderDir << "  (output.mp4, run.json, plan.json, findings.json, signals.json, manifest.json)\n"
          << "  " << light->renderDir << "  (the 'light' variant, for A/B in the desk)\n"
          << "  " << gate->ledgerPath << "  (the gate's decision)\n";
    out().flush();
    return ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(demo, "demo", "Run the bundled demo headlessly (what `make run` does without a display).", describeDemo, runDemo);

} // namespace greenlight::cli
