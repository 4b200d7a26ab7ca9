#include "run/provenance.h"

#include "common/buildinfo.h"

#include <QHash>
#include <QMutex>
#include <QProcess>
#include <QSysInfo>

namespace greenlight {

FfmpegVersionInfo parseFfmpegVersion(const QByteArray &versionOutput)
{
    FfmpegVersionInfo info;
    const QString text = QString::fromUtf8(versionOutput);
    for (const QString &line : text.split(QLatin1Char('\n'))) {
        const QString l = line.trimmed();
        if (info.version.isEmpty() && l.startsWith(QLatin1String("ffmpeg version "))) {
            const QString rest = l.mid(15);
            info.version = rest.section(QLatin1Char(' '), 0, 0);
        } else if (l.startsWith(QLatin1String("configuration:"))) {
            info.configuration = l.mid(14).trimmed();
        }
    }
    return info;
}

Result<FfmpegVersionInfo> probeFfmpegVersion(const QString &program)
{
    static QMutex mutex;
    static QHash<QString, FfmpegVersionInfo> cache;
    {
        QMutexLocker lock(&mutex);
        if (const auto it = cache.constFind(program); it != cache.constEnd())
            return *it;
    }
    QProcess p;
    p.start(program, {QStringLiteral("-hide_banner"), QStringLiteral("-version")});
    if (!p.waitForStarted(10000) || !p.waitForFinished(20000) || p.exitStatus() != QProcess::NormalExit
        || p.exitCode() != 0)
        return makeError(QStringLiteral("render.ffmpeg.missing"),
                         QStringLiteral("cannot run \"%1 -version\" (%2); install FFmpeg (Debian package ffmpeg) "
                                        "and make sure it is on PATH")
                             .arg(program, p.errorString()));
    FfmpegVersionInfo info = parseFfmpegVersion(p.readAllStandardOutput());
    if (info.version.isEmpty())
        return makeError(QStringLiteral("render.ffmpeg.missing"),
                         QStringLiteral("\"%1\" does not look like FFmpeg: its -version output names no version").arg(program));
    QMutexLocker lock(&mutex);
    cache.insert(program, info);
    return info;
}

RunProvenance localProvenance()
{
    RunProvenance p;
    p.host = QSysInfo::machineHostName();
    p.os = QSysInfo::prettyProductName() + QStringLiteral(" (") + QSysInfo::kernelType() + QLatin1Char(' ')
           + QSysInfo::kernelVersion() + QStringLiteral(", ") + QSysInfo::currentCpuArchitecture() + QLatin1Char(')');
    p.appVersion = QString::fromLatin1(buildinfo::version);
    p.appCommit = QString::fromLatin1(buildinfo::commit);
    return p;
}

} // namespace greenlight
