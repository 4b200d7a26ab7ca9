#include "command.h"

#include "gate/gate.h"
#include "review/reviewexport.h"
#include "runbook/runbook.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace greenlight::cli {

namespace {

const QString kVerb = QStringLiteral("greenlight-cli review-export: ");

void describeReviewExport(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Export the review notes of a run: every finding of every stage with its frames and timecodes.\n"
        "  --csv DIR    notes.csv (RFC 4180) and stills/NNN.png, one still per note at its first frame\n"
        "  --pdf FILE   an A4 review report: summary, stage table, latest decision, findings with stills\n"
        "  --otio FILE  an OpenTimelineIO timeline of the video with one marker per finding\n"
        "Each file is written atomically. Exit codes: 0 written, 2 usage, 3 failed."));
    parser.addPositionalArgument(QStringLiteral("run"), QStringLiteral("The run folder (runs/<id> in a project)."));
    parser.addOptions({
        {QStringLiteral("csv"), QStringLiteral("Write notes.csv and stills/ into this folder."), QStringLiteral("dir")},
        {QStringLiteral("pdf"), QStringLiteral("Write the PDF review report to this file."), QStringLiteral("file")},
        {QStringLiteral("otio"), QStringLiteral("Write the OpenTimelineIO file (.otio) to this file."), QStringLiteral("file")},
        {QStringLiteral("workload"), QStringLiteral("Runbook workload whose required stages apply (default: the last of the run's kind)."), QStringLiteral("id")},
        {QStringLiteral("runbook"), QStringLiteral("Runbook file (default: the project's runbook.json, else the built-in policy)."), QStringLiteral("file")},
        {QStringLiteral("still-width"), QStringLiteral("Width of the stills in pixels (default 640)."), QStringLiteral("px")},
    });
}

int runReviewExport(const QStringList &args)
{
    QCommandLineParser p;
    if (const std::optional<int> exit = parseCommandLine(p, args, QStringLiteral("review-export")))
        return *exit;
    const QStringList pos = p.positionalArguments();
    if (pos.size() != 1) {
        err() << kVerb << "give one run folder\n\n" << helpText(QStringLiteral("review-export"));
        return ExitUsage;
    }
    const bool csv = p.isSet(QStringLiteral("csv"));
    const bool pdf = p.isSet(QStringLiteral("pdf"));
    const bool otio = p.isSet(QStringLiteral("otio"));
    if (!csv && !pdf && !otio) {
        err() << kVerb << "say what to export: --csv DIR, --pdf FILE and/or --otio FILE\n";
        return ExitUsage;
    }
    reviewexport::ExportOptions options;
    if (p.isSet(QStringLiteral("still-width"))) {
        bool ok = false;
        options.stillWidth = p.value(QStringLiteral("still-width")).toInt(&ok);
        if (!ok || options.stillWidth < 16 || options.stillWidth > 7680) {
            err() << kVerb << "--still-width takes a width in pixels between 16 and 7680\n";
            return ExitUsage;
        }
    }
    const QString runDir = pos.first();
    if (!QFileInfo(runDir + QStringLiteral("/run.json")).isFile()) {
        err() << kVerb << runDir << " is not a run folder (no run.json)\n";
        return ExitUsage;
    }
    QDir project(QFileInfo(runDir).absoluteFilePath());
    project.cdUp();
    project.cdUp();
    auto runbook = p.isSet(QStringLiteral("runbook")) ? Runbook::load(p.value(QStringLiteral("runbook")))
                                                      : Runbook::forProject(project.absolutePath());
    if (!runbook) {
        err() << kVerb << runbook.error().toString() << "\n";
        return ExitUsage;
    }
    auto ev = evaluateGate(runDir, *runbook, p.value(QStringLiteral("workload")));
    if (!ev) {
        err() << kVerb << ev.error().toString() << "\n";
        return ev.error().code == QLatin1String("gate.workload") ? ExitUsage : ExitFailed;
    }

    int failures = 0;
    const auto fail = [&failures](const Error &e) {
        err() << kVerb << e.toString() << (e.code.isEmpty() ? QString() : QString(QStringLiteral(" [") + e.code + QLatin1Char(']')))
              << "\n";
        ++failures;
    };
    if (csv) {
        auto path = reviewexport::exportNotesCsv(*ev, p.value(QStringLiteral("csv")), options);
        if (path)
            out() << "Wrote " << QDir::toNativeSeparators(*path) << " (" << ev->findings.size() << " notes)\n";
        else
            fail(path.error());
    }
    if (otio) {
        const QString file = p.value(QStringLiteral("otio"));
        if (Status s = reviewexport::exportOtio(*ev, file); s)
            out() << "Wrote " << QDir::toNativeSeparators(file) << " (" << ev->findings.size() << " markers)\n";
        else
            fail(s.error());
    }
    if (pdf) {
        const QString file = p.value(QStringLiteral("pdf"));
        if (Status s = reviewexport::exportReportPdf(*ev, file, options); s)
            out() << "Wrote " << QDir::toNativeSeparators(file) << "\n";
        else
            fail(s.error());
    }
    return failures ? ExitFailed : ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(reviewexport, "review-export",
                       "Export a run's review notes: CSV with stills, PDF report, OpenTimelineIO markers.",
                       describeReviewExport, runReviewExport);

} // namespace greenlight::cli
