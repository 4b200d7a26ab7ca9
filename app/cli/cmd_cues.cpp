#include "command.h"

#include "common/jsonio.h"
#include "cues/captionbuilder.h"
#include "cues/captionlayout.h"
#include "cues/cuetimeline.h"
#include "cues/subtitleimporter.h"
#include "cues/subtitlewriter.h"
#include "spec/variantresolver.h"
#include "spec/videospec.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstdio>

namespace greenlight::cli {

namespace {

std::optional<Rational> parseFps(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)(?:/(\\d+))?$"));
    const QRegularExpressionMatch m = re.match(text.trimmed());
    if (!m.hasMatch())
        return std::nullopt;
    Rational r{m.captured(1).toLongLong(), m.captured(2).isEmpty() ? 1 : m.captured(2).toLongLong()};
    if (r.num <= 0 || r.den <= 0)
        return std::nullopt;
    return r;
}

int writeOutput(const QString &path, const QByteArray &bytes)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        out().flush();
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        std::fflush(stdout);
        return ExitOk;
    }
    if (const Status st = writeFileAtomically(path, bytes); !st) {
        err() << "greenlight-cli cues: " << st.error().toString() << "\n";
        return ExitFailed;
    }
    return ExitOk;
}

void describeExport(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Export a cue timeline as WebVTT or SubRip captions, split into readable cues by the spec's caption style "
        "(maxCharsPerLine, maxLines, min/maxDurationFrames; defaults 42 characters, 2 lines, 5/6 s to 7 s)."));
    parser.addOption({QStringLiteral("format"), QStringLiteral("vtt or srt (default: from -o's extension)."),
                      QStringLiteral("format")});
    parser.addOption({QStringLiteral("spec"), QStringLiteral("Spec whose caption style applies."), QStringLiteral("spec")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output file (default: stdout)."),
                      QStringLiteral("file")});
    parser.addPositionalArgument(QStringLiteral("cues"), QStringLiteral("Cue timeline (cues.json)."), QStringLiteral("<cues.json>"));
}

int runExport(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("cues export")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli cues export: give one cues.json\n";
        return ExitUsage;
    }
    const QString output = parser.value(QStringLiteral("output"));
    QString format = parser.value(QStringLiteral("format")).toLower();
    if (format.isEmpty())
        format = QFileInfo(output).suffix().toLower();
    if (format == QLatin1String("webvtt"))
        format = QStringLiteral("vtt");
    if (format != QLatin1String("vtt") && format != QLatin1String("srt")) {
        err() << "greenlight-cli cues export: --format must be vtt or srt\n";
        return ExitUsage;
    }
    Result<CueTimeline> timeline = loadCueTimeline(parser.positionalArguments().first());
    if (!timeline) {
        err() << "greenlight-cli cues export: " << timeline.error().toString() << "\n";
        return ExitUsage;
    }
    QList<CaptionCue> cues = CaptionLayout::layout(*timeline, CaptionRules::fromStyle(std::nullopt, timeline->fps));
    if (parser.isSet(QStringLiteral("spec"))) {
        Result<VideoSpec> spec = loadVideoSpec(parser.value(QStringLiteral("spec")));
        if (spec && timeline->variant)
            spec = resolveVariant(*spec, *timeline->variant);
        if (!spec) {
            err() << "greenlight-cli cues export: " << spec.error().toString() << "\n";
            return ExitUsage;
        }
        if (spec->canvas.fps == timeline->fps) {
            // The captions the spec asks for: its explicit lines, or the narration in its style.
            cues = captionsForSpec(*spec, *timeline);
        } else {
            err() << "greenlight-cli cues export: warning: the spec runs at " << spec->canvas.fps.toString()
                  << " fps, the cue timeline at " << timeline->fps.toString()
                  << "; using the timeline's rate and the spec's caption style only\n";
            cues = CaptionLayout::layout(
                *timeline, CaptionRules::fromStyle(spec->captions ? spec->captions->style : std::nullopt, timeline->fps));
        }
    }
    const QByteArray bytes = format == QLatin1String("vtt") ? SubtitleWriter::toWebVtt(cues, timeline->fps)
                                                             : SubtitleWriter::toSrt(cues, timeline->fps);
    return writeOutput(output, bytes);
}

void describeImport(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Import a WebVTT or SubRip file as a cue timeline (word timings estimated). Exit 2 when the file is "
        "malformed (the error names the line)."));
    parser.addOption({QStringLiteral("fps"), QStringLiteral("Video frame rate, N or N/D (required)."),
                      QStringLiteral("N/D")});
    parser.addOption({QStringLiteral("sample-rate"), QStringLiteral("Narration sample rate (default 48000)."),
                      QStringLiteral("rate"), QStringLiteral("48000")});
    parser.addOption({QStringLiteral("spec"), QStringLiteral("Spec whose scenes the cues are bound to."),
                      QStringLiteral("spec")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output file (default: stdout)."),
                      QStringLiteral("file")});
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("A .vtt or .srt file."), QStringLiteral("<file>"));
}

int runImport(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("cues import")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli cues import: give one .vtt or .srt file\n";
        return ExitUsage;
    }
    const auto fps = parseFps(parser.value(QStringLiteral("fps")));
    if (!fps) {
        err() << "greenlight-cli cues import: --fps N or N/D is required (e.g. --fps 30 or --fps 30000/1001)\n";
        return ExitUsage;
    }
    bool okRate = false;
    const int rate = parser.value(QStringLiteral("sample-rate")).toInt(&okRate);
    if (!okRate || rate < 8000 || rate > 384000) {
        err() << "greenlight-cli cues import: --sample-rate must be between 8000 and 384000\n";
        return ExitUsage;
    }
    std::optional<VideoSpec> spec;
    if (parser.isSet(QStringLiteral("spec"))) {
        Result<VideoSpec> s = loadVideoSpec(parser.value(QStringLiteral("spec")));
        if (!s) {
            err() << "greenlight-cli cues import: " << s.error().toString() << "\n";
            return ExitUsage;
        }
        spec = *s;
    }
    SubtitleImportOptions options;
    options.sampleRate = rate;
    options.fps = *fps;
    options.spec = spec ? &*spec : nullptr;
    QStringList warnings;
    Result<CueTimeline> timeline =
        SubtitleImporter::importFile(parser.positionalArguments().first(), options, &warnings);
    for (const QString &w : warnings)
        err() << "warning: " << w << "\n";
    if (!timeline) {
        err() << "greenlight-cli cues import: " << timeline.error().toString() << "\n";
        return ExitUsage;
    }
    return writeOutput(parser.value(QStringLiteral("output")), toJsonText(timeline->toJson()));
}

void describeCues(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Cue timelines (cues.json) and captions: export a timeline as WebVTT or SubRip captions, import captions "
        "as a timeline."));
    parser.addPositionalArgument(QStringLiteral("sub-verb"), QStringLiteral("export or import."), QStringLiteral("<sub-verb>"));
}

} // namespace

GREENLIGHT_CLI_COMMAND(cues, "cues", "Export cue timelines as WebVTT/SRT captions, import captions as cues.", describeCues,
                       nullptr);
GREENLIGHT_CLI_COMMAND(cuesexport, "cues export", "Export a cue timeline as WebVTT or SubRip captions.", describeExport,
                       runExport);
GREENLIGHT_CLI_COMMAND(cuesimport, "cues import", "Import WebVTT or SubRip captions as a cue timeline.", describeImport,
                       runImport);

} // namespace greenlight::cli
