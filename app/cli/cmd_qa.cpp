#include "command.h"
#include "report.h"

#include "common/jsonio.h"
#include "qa/deterministicchecks.h"
#include "qa/runqa.h"
#include "run/runfolder.h"
#include "runbook/runbook.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace greenlight::cli {

namespace {

struct QaTarget
{
    QString media;
    QaExpectations expectations;
};

// A video file, or a run folder: its single *.mp4, with expectations from props.json
// ({canvas: {width, height, fps: {num, den}}, durationFrames}) when present.
bool resolveTarget(const QString &path, QaTarget &target)
{
    const QFileInfo fi(path);
    if (!fi.exists()) {
        err() << "greenlight-cli qa: no such file or folder: " << path << "\n";
        return false;
    }
    if (!fi.isDir()) {
        target.media = fi.filePath();
        return true;
    }
    const QDir dir(path);
    const QStringList videos = dir.entryList({QStringLiteral("*.mp4")}, QDir::Files, QDir::Name);
    if (videos.size() != 1) {
        err() << "greenlight-cli qa: " << path << " holds " << videos.size()
              << " *.mp4 files; give the video to check\n";
        return false;
    }
    target.media = dir.filePath(videos.first());
    target.expectations.artifactRoot = dir.absolutePath();
    const QString propsPath = dir.filePath(QStringLiteral("props.json"));
    if (!QFileInfo::exists(propsPath))
        return true;
    const Result<Json> props = readJsonFile(propsPath);
    if (!props) {
        err() << "greenlight-cli qa: " << props.error().toString() << "\n";
        return false;
    }
    try {
        const Json &canvas = props->at("canvas");
        target.expectations.width = canvas.at("width").get<int>();
        target.expectations.height = canvas.at("height").get<int>();
        target.expectations.fps = Rational{canvas.at("fps").at("num").get<qint64>(),
                                           canvas.at("fps").at("den").get<qint64>()};
        target.expectations.frameCount = props->at("durationFrames").get<qint64>();
        target.expectations.requireAudio = props->contains("narration");
    } catch (const Json::exception &e) {
        err() << "greenlight-cli qa: " << propsPath << ": not the expected props (canvas, durationFrames): "
              << e.what() << "\n";
        return false;
    }
    return true;
}

bool parseFps(const QString &text, Rational &fps)
{
    const QStringList parts = text.split(QLatin1Char('/'));
    bool okNum = false, okDen = true;
    fps.num = parts.value(0).toLongLong(&okNum);
    fps.den = parts.size() == 2 ? parts.value(1).toLongLong(&okDen) : 1;
    return parts.size() <= 2 && okNum && okDen && fps.num > 0 && fps.den > 0;
}

void printMeasurements(const DeterministicQaReport &report)
{
    if (!report.media)
        return;
    const MediaInfo &m = *report.media;
    if (const VideoStreamInfo *v = m.primaryVideo())
        out() << "  picture  " << v->width << "x" << v->height << " " << v->codec << ", " << v->fps.toString()
              << " fps" << (v->variableFrameRate ? " (variable)" : "") << "\n";
    if (!report.analysis)
        return;
    const SignalAnalysis &a = *report.analysis;
    if (a.hasVideo)
        out() << "  frames   " << a.series.frameCount << " on the grid, " << a.decodedFrames << " decoded; black spans "
              << a.blackSpans.size() << ", frozen spans " << a.frozenSpans.size() << "\n";
    if (a.hasBaseline)
        out() << "  baseline " << a.comparedFrames << " frames compared, SSIM mean "
              << QString::number(a.ssimMean, 'f', 4) << ", min " << QString::number(a.ssimMin, 'f', 4)
              << ", changed spans " << a.changedSpans.size() << "\n";
    if (a.hasAudio) {
        out() << "  sound    " << a.audioSampleRate << " Hz";
        if (a.loudness)
            out() << ", " << QString::number(a.loudness->integratedLufs, 'f', 1) << " LUFS integrated, LRA "
                  << QString::number(a.loudness->loudnessRangeLu, 'f', 1) << " LU, true peak "
                  << QString::number(a.loudness->truePeakDbtp, 'f', 1) << " dBTP";
        out() << "; silent spans " << a.silentSpans.size() << "\n";
    }
}

void describeQa(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Deterministic QA of a render: dimensions, frame rate, duration, streams, loudness, black/frozen/silent "
        "spans and, with --baseline, changes against an approved render. On a run folder the result is "
        "recorded in the run (findings.json, run.json) under the project's runbook. Exit 0 when no blocker, "
        "1 when blockers, 2 on unusable input, 3 when the run cannot be checked."));
    parser.addPositionalArgument(QStringLiteral("target"), QStringLiteral("A video file or a run folder."),
                                 QStringLiteral("<video-or-run-folder>"));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print findings and measurements as JSON.")});
    parser.addOption({QStringLiteral("baseline"), QStringLiteral("Approved render to compare with."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("expect-width"), QStringLiteral("Expected width."), QStringLiteral("px")});
    parser.addOption({QStringLiteral("expect-height"), QStringLiteral("Expected height."), QStringLiteral("px")});
    parser.addOption({QStringLiteral("expect-fps"), QStringLiteral("Expected frame rate, N/D or N."), QStringLiteral("N/D")});
    parser.addOption({QStringLiteral("expect-frames"), QStringLiteral("Expected frame count."), QStringLiteral("F")});
    parser.addOption({QStringLiteral("require-audio"), QStringLiteral("The output must have sound.")});
    parser.addOption({QStringLiteral("thresholds"), QStringLiteral("QA thresholds JSON, or a runbook (its \"qa\" object)."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("signals-out"), QStringLiteral("Write the per-frame signal series JSON here."),
                      QStringLiteral("file")});
}

int runQa(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("qa")))
        return *exit;
    const QString json = QStringLiteral("json");
    const QString baseline = QStringLiteral("baseline");
    const QString width = QStringLiteral("expect-width");
    const QString height = QStringLiteral("expect-height");
    const QString fps = QStringLiteral("expect-fps");
    const QString frames = QStringLiteral("expect-frames");
    const QString audio = QStringLiteral("require-audio");
    const QString thresholds = QStringLiteral("thresholds");
    const QString signalsOut = QStringLiteral("signals-out");
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli qa: give one video file or run folder\n";
        return ExitUsage;
    }

    // A run folder: the QA stage of the run itself (expectations from run.json, thresholds from
    // the project's runbook), recorded in the run and re-sealed into its manifest.
    if (const QString runDir = parser.positionalArguments().first();
        QFileInfo(runDir + QStringLiteral("/run.json")).isFile()) {
        for (const QString &o : {width, height, fps, frames, audio, signalsOut})
            if (parser.isSet(o)) {
                err() << "greenlight-cli qa: --" << o
                      << " applies to a video file; a run folder takes its expectations from run.json\n";
                return ExitUsage;
            }
        auto runbook = parser.isSet(thresholds) ? Runbook::load(parser.value(thresholds))
                                                : Runbook::forProject(projectRootOfRun(runDir));
        if (!runbook) {
            err() << "greenlight-cli qa: " << runbook.error().toString() << "\n";
            return ExitUsage;
        }
        auto report = runDeterministicQa(runDir, *runbook, parser.value(baseline));
        if (!report) {
            err() << "greenlight-cli qa: " << report.error().toString() << "\n";
            return ExitFailed;
        }
        if (parser.isSet(json)) {
            out() << QString::fromUtf8(toJsonText(report->toJson()));
        } else {
            out() << "qa " << QDir::toNativeSeparators(runDir) << " (recorded in run.json, findings.json)\n";
            printMeasurements(*report);
            printFindingsReport({FileFindings{QDir::toNativeSeparators(runDir), report->findings}});
        }
        if (!report->usable)
            return ExitFindings;
        return hasOpenBlocker(report->findings) ? ExitFindings : ExitOk;
    }

    QaTarget target;
    if (!resolveTarget(parser.positionalArguments().first(), target))
        return ExitUsage;
    QaExpectations &x = target.expectations;
    bool ok = true;
    const auto intOption = [&](const QString &o, auto &slot) {
        if (!parser.isSet(o))
            return;
        bool good = false;
        const qint64 v = parser.value(o).toLongLong(&good);
        if (!good || v <= 0) {
            err() << "greenlight-cli qa: --" << o << " needs a positive whole number\n";
            ok = false;
        }
        slot = v;
    };
    std::optional<qint64> w, h, f;
    intOption(width, w);
    intOption(height, h);
    intOption(frames, f);
    if (w)
        x.width = int(*w);
    if (h)
        x.height = int(*h);
    if (f)
        x.frameCount = *f;
    if (parser.isSet(fps)) {
        Rational r;
        if (!parseFps(parser.value(fps), r)) {
            err() << "greenlight-cli qa: --expect-fps needs N/D (e.g. 30000/1001) or N\n";
            ok = false;
        }
        x.fps = r;
    }
    if (parser.isSet(audio))
        x.requireAudio = true;
    QaThresholds limits;
    if (parser.isSet(thresholds)) {
        const Result<Json> doc = readJsonFile(parser.value(thresholds));
        // A runbook file works too: its "qa" object holds the thresholds.
        const bool isRunbook = doc && doc->is_object() && doc->contains("workloads") && doc->contains("qa");
        const Result<QaThresholds> parsed = !doc      ? Result<QaThresholds>(doc.error())
                                            : isRunbook ? QaThresholds::fromJson((*doc)["qa"])
                                                        : QaThresholds::fromJson(*doc);
        if (!parsed) {
            err() << "greenlight-cli qa: " << parser.value(thresholds) << ": " << parsed.error().toString() << "\n";
            ok = false;
        } else {
            limits = *parsed;
        }
    }
    if (!ok)
        return ExitUsage;

    const DeterministicChecks checks(x, limits);
    const Result<DeterministicQaReport> report =
        checks.run(target.media, parser.value(baseline), {}, target.media);
    if (!report) {
        err() << "greenlight-cli qa: " << report.error().toString() << "\n";
        return report.error().code == QLatin1String("cancelled") ? ExitCancelled : ExitUsage;
    }
    if (parser.isSet(signalsOut) && report->analysis) {
        const QByteArray text = QByteArray::fromStdString(report->analysis->series.toJson().dump()) + '\n';
        if (Status s = writeFileAtomically(parser.value(signalsOut), text); !s.ok()) {
            err() << "greenlight-cli qa: " << s.error().toString() << "\n";
            return ExitFailed;
        }
    }

    if (parser.isSet(json)) {
        out() << QString::fromUtf8(toJsonText(report->toJson()));
    } else {
        out() << "qa " << QDir::toNativeSeparators(target.media) << "\n";
        printMeasurements(*report);
        printFindingsReport({FileFindings{QDir::toNativeSeparators(target.media), report->findings}});
    }
    if (!report->usable)
        return ExitUsage;
    return hasOpenBlocker(report->findings) ? ExitFindings : ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(qa, "qa", "Deterministic QA of a render (streams, loudness, spans, baseline).", describeQa, runQa);

} // namespace greenlight::cli
