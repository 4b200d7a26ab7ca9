#include "command.h"
#include "interrupts.h"
#include "progressprinter.h"
#include "report.h"

#include "render/renderrunner.h"
#include "run/manifest.h"
#include "spec/project.h"
#include "spec/specvalidator.h"
#include "spec/videospec.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>

namespace greenlight::cli {

namespace {

void printRefusal(bool json, const QString &reason, const QString &label, const Findings &findings)
{
    if (json) {
        Json list = Json::array();
        for (const Finding &f : findings)
            list.push_back(f.toJson());
        out() << toQString(Json({{"event", "refused"}, {"reason", toStd(reason)}, {"findings", list}}).dump()) << "\n";
        out().flush();
    }
    err() << "greenlight-cli render: " << reason << "\n";
    if (!findings.isEmpty())
        printFindingsReport({{label, findings}});
    err().flush();
}

// `render --verify <run-dir>`: the run folder against its manifest.json.
int verifyRun(const QString &runDir, bool json)
{
    if (!QFileInfo(runDir + QStringLiteral("/run.json")).isFile()) {
        err() << "greenlight-cli render --verify: not a run folder (no run.json): " << runDir << "\n";
        return ExitUsage;
    }
    const QList<ManifestProblem> problems = verifyManifest(runDir);
    if (json) {
        Json list = Json::array();
        for (const ManifestProblem &p : problems)
            list.push_back({{"kind", toStd(toString(p.kind))}, {"path", toStd(p.path)}, {"message", toStd(p.message)}});
        out() << toQString(Json({{"runDir", toStd(runDir)}, {"verified", problems.isEmpty()}, {"problems", list}}).dump())
              << "\n";
    } else if (problems.isEmpty()) {
        out() << "verified: every file of " << runDir << " matches its manifest\n";
    } else {
        out() << runDir << ": " << problems.size() << " problem(s)\n";
        for (const ManifestProblem &p : problems)
            out() << "  " << toString(p.kind).leftJustified(20) << p.path << ": " << p.message << "\n";
    }
    return problems.isEmpty() ? ExitOk : ExitFindings;
}

int runRender(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Render a spec locally into a run folder (runs/<run-id>/: run.json, props.json, plan.json, "
                       "warnings.json, logs/, output.mp4, manifest.json). With --narration, the narration run's track "
                       "plays under the video and the spec's captions are burned in or written as captions.vtt/.srt "
                       "as captions.mode says. The spec is validated first and refused "
                       "when it has blockers. Exit 0 succeeded, 1 failed, 2 unusable input, 4 cancelled (Ctrl+C).\n"
                       "With --verify <run-dir>: check a run folder against its manifest (exit 0 clean, 1 problems)."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("variant"), QStringLiteral("Render this variant of the spec."), QStringLiteral("V")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Project whose runs/ receives the run (default: the spec's project)."),
                      QStringLiteral("PROJECT")});
    parser.addOption({QStringLiteral("chunks"),
                      QStringLiteral("Render as N independent chunks of whole scenes, concatenated without re-encoding."),
                      QStringLiteral("N"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("narration"),
                      QStringLiteral("Use this narration run (a run folder, or a run id under runs/): its narration.wav "
                                     "from frame 0 and its cues.json for the captions."),
                      QStringLiteral("RUN")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON-lines events (started, progress, finished).")});
    parser.addOption({QStringLiteral("verify"), QStringLiteral("Verify a finished run folder against its manifest instead of rendering."),
                      QStringLiteral("RUN_DIR")});
    parser.addPositionalArgument(QStringLiteral("spec"), QStringLiteral("The spec file to render."), QStringLiteral("<spec>"));
    if (!parser.parse(args)) {
        err() << parser.errorText() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out() << parser.helpText();
        return ExitOk;
    }
    const bool json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("verify")))
        return verifyRun(parser.value(QStringLiteral("verify")), json);
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli render: give exactly one spec file\n";
        return ExitUsage;
    }
    bool chunksOk = false;
    const int chunks = parser.value(QStringLiteral("chunks")).toInt(&chunksOk);
    if (!chunksOk || chunks < 1) {
        err() << "greenlight-cli render: --chunks needs a whole number of at least 1\n";
        return ExitUsage;
    }
    const QFileInfo spec(parser.positionalArguments().first());
    if (!spec.isFile()) {
        printRefusal(json, QStringLiteral("no such spec file: ") + spec.filePath(), {}, {});
        return ExitUsage;
    }
    Result<Project> project = Project::open(spec.absoluteFilePath());
    if (!project) {
        printRefusal(json, project.error().toString(), {}, {});
        return ExitUsage;
    }
    QString outProject = project->root();
    if (parser.isSet(QStringLiteral("out"))) {
        outProject = QFileInfo(parser.value(QStringLiteral("out"))).absoluteFilePath();
        if (!QDir().mkpath(outProject)) {
            printRefusal(json, QStringLiteral("cannot create the output project folder ") + outProject, {}, {});
            return ExitUsage;
        }
    }
    const QString variant = parser.value(QStringLiteral("variant"));
    const QString label = project->relativePath(spec.absoluteFilePath());
    QString narrationRun;
    if (parser.isSet(QStringLiteral("narration"))) {
        // A folder as given, else a run id in the spec's project or the output project.
        const QString given = parser.value(QStringLiteral("narration"));
        for (const QString &candidate : {QFileInfo(given).absoluteFilePath(), project->absolutePath(QStringLiteral("runs/") + given),
                                         QDir(outProject).filePath(QStringLiteral("runs/") + given)})
            if (narrationRun.isEmpty() && !given.isEmpty() && QFileInfo(candidate).isDir())
                narrationRun = candidate;
        if (narrationRun.isEmpty()) {
            printRefusal(json, QStringLiteral("no narration run \"%1\": give a run folder or the id of a run in runs/").arg(given),
                         {}, {});
            return ExitUsage;
        }
    }

    // The structural gate first: a spec with blockers (in the base or the chosen variant)
    // is not rendered.
    Result<VideoSpec> typed = loadVideoSpec(spec.absoluteFilePath());
    if (typed && !variant.isEmpty() && !typed->findVariant(variant)) {
        printRefusal(json, QStringLiteral("the spec has no variant \"%1\" (it has: %2)")
                               .arg(variant, typed->variantIds().join(QStringLiteral(", "))),
                     {}, {});
        return ExitUsage;
    }
    const SpecValidator validator;
    Findings blockers;
    for (const Finding &f : validator.validateFile(spec.absoluteFilePath(), project->root()))
        if (f.severity == Severity::Blocker && f.status == FindingStatus::Open
            && (f.variant.isEmpty() || f.variant == variant))
            blockers.append(f);
    if (!blockers.isEmpty()) {
        printRefusal(json, QStringLiteral("the spec has %1 structural blocker(s); fix them, then render").arg(blockers.size()),
                     label, blockers);
        return ExitUsage;
    }

    Interrupts interrupts;
    ProgressPrinter printer(ProgressPrinter::modeFor(json));
    RenderRunner runner;
    QEventLoop loop;
    QObject::connect(&interrupts, &Interrupts::interrupted, &runner, [&] {
        if (runner.isRunning()) {
            printer.cancelling();
            runner.cancel();
        }
    });
    QObject::connect(&runner, &RenderRunner::runCreated, &runner,
                     [&](const QString &id, const QString &dir) { printer.started(id, dir); });
    QObject::connect(&runner, &RenderRunner::progress, &runner,
                     [&](double fraction, qint64 frame, qint64 total) { printer.progress(fraction, frame, total); });
    QObject::connect(&runner, &RenderRunner::finished, &loop, [&](const RunRecord &record) {
        printer.finished(record, runner.runDir());
        loop.quit();
    });

    RenderRequest request;
    request.specPath = spec.absoluteFilePath();
    request.projectRoot = project->root();
    request.outputProject = outProject;
    request.variant = variant;
    request.options.chunks = chunks;
    request.narrationRun = narrationRun;
    if (Status s = runner.start(request); !s) {
        printRefusal(json, s.error().toString(), {}, {});
        return ExitUsage;
    }
    loop.exec();
    switch (runner.record().status) {
    case RunStatus::Succeeded: return ExitOk;
    case RunStatus::Cancelled: return ExitCancelled;
    default: return ExitFindings; // 1: the run failed
    }
}

} // namespace

GREENLIGHT_CLI_COMMAND(render, "render", "Render a spec locally into a run folder (--chunks, --variant, --narration, --json; --verify a run folder).", runRender);

} // namespace greenlight::cli
