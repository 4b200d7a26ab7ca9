#include "renderarguments.h"

#include "command.h"
#include "report.h"

#include "common/jsonio.h"
#include "spec/project.h"
#include "spec/specvalidator.h"
#include "spec/videospec.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace greenlight::cli {

namespace {
const QStringList kX264Presets = {QStringLiteral("ultrafast"), QStringLiteral("superfast"), QStringLiteral("veryfast"),
                                  QStringLiteral("faster"),    QStringLiteral("fast"),      QStringLiteral("medium"),
                                  QStringLiteral("slow"),      QStringLiteral("slower"),    QStringLiteral("veryslow"),
                                  QStringLiteral("placebo")};
} // namespace

void RenderArguments::addOptions(QCommandLineParser &parser)
{
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
    parser.addOption({QStringLiteral("preset"),
                      QStringLiteral("x264 encoder preset (default %1; one of %2). Another preset gives other output bytes.")
                          .arg(EncoderSettings{}.preset, kX264Presets.join(QStringLiteral(", "))),
                      QStringLiteral("P")});
}

bool RenderArguments::refuse(const QString &reason, const Findings &findings, bool optionError)
{
    m_reason = reason;
    m_findings = findings;
    m_optionError = optionError;
    return false;
}

bool RenderArguments::resolve(const QCommandLineParser &parser, const QString &specPath)
{
    bool chunksOk = false;
    const int chunks = parser.value(QStringLiteral("chunks")).toInt(&chunksOk);
    if (!chunksOk || chunks < 1)
        return refuse(QStringLiteral("--chunks needs a whole number of at least 1"), {}, true);
    const QString preset = parser.value(QStringLiteral("preset"));
    if (parser.isSet(QStringLiteral("preset")) && !kX264Presets.contains(preset))
        return refuse(QStringLiteral("--preset must be one of %1").arg(kX264Presets.join(QStringLiteral(", "))), {}, true);
    const QFileInfo spec(specPath);
    if (!spec.isFile())
        return refuse(QStringLiteral("no such spec file: ") + spec.filePath());
    Result<Project> project = Project::open(spec.absoluteFilePath());
    if (!project)
        return refuse(project.error().toString());
    QString outProject = project->root();
    if (parser.isSet(QStringLiteral("out"))) {
        outProject = QFileInfo(parser.value(QStringLiteral("out"))).absoluteFilePath();
        if (!QDir().mkpath(outProject))
            return refuse(QStringLiteral("cannot create the output project folder ") + outProject);
    }
    const QString variant = parser.value(QStringLiteral("variant"));
    m_label = project->relativePath(spec.absoluteFilePath());
    QString narrationRun;
    if (parser.isSet(QStringLiteral("narration"))) {
        // A folder as given, else a run id in the spec's project or the output project.
        const QString given = parser.value(QStringLiteral("narration"));
        for (const QString &candidate : {QFileInfo(given).absoluteFilePath(), project->absolutePath(QStringLiteral("runs/") + given),
                                         QDir(outProject).filePath(QStringLiteral("runs/") + given)})
            if (narrationRun.isEmpty() && !given.isEmpty() && QFileInfo(candidate).isDir())
                narrationRun = candidate;
        if (narrationRun.isEmpty())
            return refuse(QStringLiteral("no narration run \"%1\": give a run folder or the id of a run in runs/").arg(given));
    }

    // The structural gate first: a spec with blockers (in the base or the chosen variant)
    // is not rendered.
    Result<VideoSpec> typed = loadVideoSpec(spec.absoluteFilePath());
    if (typed && !variant.isEmpty() && !typed->findVariant(variant))
        return refuse(QStringLiteral("the spec has no variant \"%1\" (it has: %2)")
                          .arg(variant, typed->variantIds().join(QStringLiteral(", "))));
    const SpecValidator validator;
    Findings blockers;
    for (const Finding &f : validator.validateFile(spec.absoluteFilePath(), project->root()))
        if (f.severity == Severity::Blocker && f.status == FindingStatus::Open
            && (f.variant.isEmpty() || f.variant == variant))
            blockers.append(f);
    if (!blockers.isEmpty())
        return refuse(QStringLiteral("the spec has %1 structural blocker(s); fix them, then render").arg(blockers.size()),
                      blockers);

    m_request = RenderRequest{};
    m_request.specPath = spec.absoluteFilePath();
    m_request.projectRoot = project->root();
    m_request.outputProject = outProject;
    m_request.variant = variant;
    m_request.options.chunks = chunks;
    if (!preset.isEmpty())
        m_request.options.encoder.preset = preset;
    m_request.narrationRun = narrationRun;
    return true;
}

void RenderArguments::printRefusal(const QString &verb, bool json) const
{
    printRefusal(verb, json && !m_optionError, m_reason, m_label, m_findings);
}

void RenderArguments::printRefusal(const QString &verb, bool json, const QString &reason, const QString &label,
                                   const Findings &findings)
{
    if (json) {
        Json list = Json::array();
        for (const Finding &f : findings)
            list.push_back(f.toJson());
        out() << toQString(Json({{"event", "refused"}, {"reason", toStd(reason)}, {"findings", list}}).dump()) << "\n";
        out().flush();
    }
    err() << "greenlight-cli " << verb << ": " << reason << "\n";
    if (!findings.isEmpty())
        printFindingsReport({{label, findings}});
    err().flush();
}

} // namespace greenlight::cli
