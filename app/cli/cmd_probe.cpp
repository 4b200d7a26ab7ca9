#include "command.h"

#include "common/jsonio.h"
#include "media/mediaprobe.h"

#include <QCommandLineParser>

namespace greenlight::cli {

namespace {

void printHuman(const MediaInfo &info)
{
    out() << info.path << ": " << toString(info.kind) << " (" << info.formatName << "), "
          << QString::number(info.durationSeconds, 'f', 3) << " s";
    if (info.startSeconds != 0.0)
        out() << ", starts at " << QString::number(info.startSeconds, 'f', 3) << " s";
    out() << "\n";
    for (const VideoStreamInfo &v : info.video) {
        out() << "  video #" << v.streamIndex << ": " << v.codec << " " << v.width << "x" << v.height;
        if (!v.pixelFormat.isEmpty())
            out() << " " << v.pixelFormat;
        if (!(v.sampleAspectRatio == Rational{1, 1}))
            out() << " SAR " << v.sampleAspectRatio.toString();
        out() << ", " << v.fps.toString() << " fps (" << QString::number(v.fps.toDouble(), 'f', 3) << ")"
              << (v.variableFrameRate ? " variable" : "") << ", " << v.frameCount << " frames ("
              << toString(v.frameCountSource) << "), start " << v.startPts << " @ " << v.timeBase.toString()
              << " = " << QString::number(v.startSeconds, 'f', 3) << " s"
              << (v.attachedPicture ? ", attached picture" : "") << "\n";
    }
    for (const AudioStreamInfo &a : info.audio) {
        out() << "  audio #" << a.streamIndex << ": " << a.codec << " " << a.sampleRate << " Hz " << a.channelLayout
              << " (" << a.channels << " ch), " << QString::number(a.durationSeconds, 'f', 3) << " s, start "
              << QString::number(a.startSeconds, 'f', 3) << " s\n";
    }
}

void describeProbe(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Probe a media file: container, streams, frame rate and count."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    parser.addOption({QStringLiteral("count-frames"), QStringLiteral("Count frames by reading every packet (exact).")});
    parser.addOption({QStringLiteral("decode-check"), QStringLiteral("Decode the first frame to prove the file is usable.")});
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The media file."), QStringLiteral("<file>"));
}

int runProbe(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("probe")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << errorPrefix(QStringLiteral("probe")) << "give exactly one file\n\n" << helpText(QStringLiteral("probe"));
        return ExitUsage;
    }
    const QString json = QStringLiteral("json");
    const QString count = QStringLiteral("count-frames");
    const QString decode = QStringLiteral("decode-check");
    ProbeOptions options;
    options.countFrames = parser.isSet(count);
    options.decodeCheck = parser.isSet(decode);
    const Result<MediaInfo> info = probeMedia(parser.positionalArguments().first(), options);
    if (!info) {
        if (parser.isSet(json))
            out() << QString::fromUtf8(toJsonText(Json{{"error", toStd(info.error().message)},
                                                       {"code", toStd(info.error().code)},
                                                       {"path", toStd(info.error().location)}}));
        err() << errorPrefix(QStringLiteral("probe")) << info.error().toString() << "\n";
        return ExitUsage;
    }
    if (parser.isSet(json))
        out() << QString::fromUtf8(toJsonText(info->toJson()));
    else
        printHuman(*info);
    return ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(probe, "probe", "Probe a media file (streams, frame rate, frame count).", describeProbe, runProbe);

} // namespace greenlight::cli
