#include "render/ffmpegdiagnosis.h"

#include <csignal>

namespace greenlight {

namespace {

// The last log line containing `needle` (case-insensitive), trimmed.
QString lastLineWith(const QByteArray &log, const char *needle)
{
    const QStringList lines = QString::fromUtf8(log).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it)
        if (it->contains(QLatin1String(needle), Qt::CaseInsensitive))
            return it->trimmed();
    return {};
}

QString lastErrorLine(const QByteArray &log)
{
    const QStringList lines = QString::fromUtf8(log).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it)
        if (it->startsWith(QLatin1String("[error]")) || it->startsWith(QLatin1String("[fatal]"))
            || it->contains(QLatin1String("] [error]")) || it->contains(QLatin1String("] [fatal]")))
            return it->trimmed();
    return lines.isEmpty() ? QString() : lines.last().trimmed();
}

} // namespace

bool ffmpegLogShowsWriteFailure(const QByteArray &logTail)
{
    for (const char *needle : {"File too large", "No space left on device", "Disk quota exceeded", "Error closing file",
                               "Error writing trailer", "av_interleaved_write_frame()"})
        if (!lastLineWith(logTail, needle).isEmpty())
            return true;
    return false;
}

QString signalName(int signal)
{
    switch (signal) {
    case SIGKILL: return QStringLiteral("SIGKILL");
    case SIGTERM: return QStringLiteral("SIGTERM");
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGSEGV: return QStringLiteral("SIGSEGV");
    case SIGABRT: return QStringLiteral("SIGABRT");
    case SIGBUS: return QStringLiteral("SIGBUS");
    case SIGXFSZ: return QStringLiteral("SIGXFSZ");
    case SIGPIPE: return QStringLiteral("SIGPIPE");
    case SIGHUP: return QStringLiteral("SIGHUP");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

Error describeFfmpegFailure(const FfmpegOutcome &outcome, const QString &program, const QString &jobId,
                            qint64 expectedFrames, const QString &logPath)
{
    const QString where = QStringLiteral("ffmpeg job \"%1\"").arg(jobId);
    const QString progress = QStringLiteral("after frame %1 of %2").arg(outcome.lastFrame).arg(expectedFrames);
    if (outcome.kind == FfmpegOutcome::Kind::FailedToStart)
        return makeError(QStringLiteral("render.ffmpeg.missing"),
                         QStringLiteral("cannot start \"%1\": %2. Install FFmpeg (Debian package ffmpeg) and make sure "
                                        "it is on PATH, then render again.")
                             .arg(program, outcome.startError),
                         logPath);
    if (outcome.kind == FfmpegOutcome::Kind::Crashed) {
        if (outcome.exitCode == SIGXFSZ)
            return makeError(QStringLiteral("render.disk.full"),
                             QStringLiteral("%1 was stopped by the file-size limit (%2) %3: the output could not be "
                                            "written. Raise the limit (ulimit -f) or free space, then render again.")
                                 .arg(where, signalName(outcome.exitCode), progress),
                             logPath);
        return makeError(QStringLiteral("render.ffmpeg.crashed"),
                         QStringLiteral("%1 was killed by %2 %3; no output was kept. If nobody stopped it on purpose the "
                                        "machine may be short of memory; the log is kept in the run folder. Render again.")
                             .arg(where, signalName(outcome.exitCode), progress),
                         logPath);
    }

    struct Pattern
    {
        const char *needle;
        const char *code;
        const char *advice;
    };
    static const Pattern patterns[] = {
        {"File too large", "render.disk.full",
         "writing the output failed because a file-size limit was reached. Raise the limit or free space on the "
         "project's disk, then render again."},
        {"No space left on device", "render.disk.full",
         "writing the output failed because the disk is full. Free space on the project's disk, then render again."},
        {"Disk quota exceeded", "render.disk.full",
         "writing the output failed because the disk quota is used up. Free space, then render again."},
        {"No such file or directory", "render.input.missing",
         "ffmpeg could not open a file the render needs (an asset, a font or a narration file was moved or deleted). "
         "Restore it, then render again."},
        {"Permission denied", "render.io.permission",
         "ffmpeg was not allowed to read or write a file. Check the permissions of the project folder and its assets."},
        {"Unknown encoder", "render.ffmpeg.missing",
         "this ffmpeg lacks an encoder the render needs (libx264 and aac). Install the Debian ffmpeg package."},
        {"Error initializing filter", "render.ffmpeg.rejected",
         "ffmpeg rejected the filter graph; plan.json and the filter script in the run folder show what was asked. "
         "Please report it with the run folder."},
        {"Error reinitializing filters", "render.ffmpeg.rejected",
         "ffmpeg rejected the filter graph; plan.json and the filter script in the run folder show what was asked. "
         "Please report it with the run folder."},
    };
    for (const Pattern &p : patterns) {
        const QString line = lastLineWith(outcome.logTail, p.needle);
        if (!line.isEmpty())
            return makeError(QString::fromLatin1(p.code),
                             QStringLiteral("%1 failed %2: %3 (ffmpeg said: \"%4\")")
                                 .arg(where, progress, QString::fromLatin1(p.advice), line),
                             logPath);
    }
    if (outcome.kind == FfmpegOutcome::Kind::Succeeded && ffmpegLogShowsWriteFailure(outcome.logTail))
        return makeError(QStringLiteral("render.ffmpeg.failed"),
                         QStringLiteral("%1 could not finish writing its output; the output was discarded (ffmpeg said: "
                                        "\"%2\"). Check the disk, then render again.")
                             .arg(where, lastErrorLine(outcome.logTail)),
                         logPath);
    if (outcome.kind == FfmpegOutcome::Kind::Succeeded && outcome.lastFrame != expectedFrames)
        return makeError(QStringLiteral("render.ffmpeg.failed"),
                         QStringLiteral("%1 wrote %2 frames where the plan asks for %3; the output was discarded. The "
                                        "plan and log are kept in the run folder.")
                             .arg(where)
                             .arg(outcome.lastFrame)
                             .arg(expectedFrames),
                         logPath);
    return makeError(QStringLiteral("render.ffmpeg.failed"),
                     QStringLiteral("%1 failed with exit code %2 %3; see the log in the run folder (last message: \"%4\")")
                         .arg(where)
                         .arg(outcome.exitCode)
                         .arg(progress, lastErrorLine(outcome.logTail)),
                     logPath);
}

} // namespace greenlight
