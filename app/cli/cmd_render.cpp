#include "command.h"
#include "remoterender.h"
#include "renderarguments.h"
#include "renderloop.h"

#include "render/renderrunner.h"
#include "run/manifest.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFileInfo>

namespace greenlight::cli {

namespace {

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

void describeRender(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QStringLiteral("Render a spec locally into a run folder (runs/<run-id>/: run.json, props.json, plan.json, "
                       "warnings.json, logs/, output.mp4, manifest.json). With --narration, the narration run's track "
                       "plays under the video and the spec's captions are burned in or written as captions.vtt/.srt "
                       "as captions.mode says. The spec is validated first and refused "
                       "when it has blockers. Exit 0 succeeded, 1 failed, 2 unusable input, 4 cancelled (Ctrl+C).\n"
                       "With --verify <run-dir>: check a run folder against its manifest (exit 0 clean, 1 problems)."));
    RenderArguments::addOptions(parser);
    RemoteRender::addOptions(parser);
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON-lines events (started, progress, finished).")});
    parser.addOption({QStringLiteral("verify"), QStringLiteral("Verify a finished run folder against its manifest instead of rendering."),
                      QStringLiteral("RUN_DIR")});
    parser.addPositionalArgument(QStringLiteral("spec"), QStringLiteral("The spec file to render."), QStringLiteral("<spec>"));
}

int runRender(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("render")))
        return *exit;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("verify")))
        return verifyRun(parser.value(QStringLiteral("verify")), json);
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli render: give exactly one spec file\n";
        return ExitUsage;
    }
    RenderArguments render;
    if (!render.resolve(parser, parser.positionalArguments().first())) {
        render.printRefusal(QStringLiteral("render"), json);
        return ExitUsage;
    }
    if (RemoteRender::isRequested(parser))
        return RemoteRender::run(parser, render, json);

    ProgressPrinter printer(ProgressPrinter::modeFor(json));
    RenderRunner runner;
    QObject::connect(&runner, &RenderRunner::progress, &runner,
                     [&](double fraction, qint64 frame, qint64 total) { printer.progress(fraction, frame, total); });
    return followRender(runner, render.request(), printer, json);
}

} // namespace

GREENLIGHT_CLI_COMMAND(render, "render", "Render a spec locally into a run folder (--chunks, --variant, --narration, --json; --verify a run folder).", describeRender, runRender);

} // namespace greenlight::cli
