#include "run/runfolder.h"

#include <QDir>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace greenlight {

Result<RunFolder> RunFolder::createStaging(const QString &runsDir, const QString &runId)
{
    RunFolder f;
    f.m_runsDir = QDir(runsDir).absolutePath();
    f.m_runId = runId;
    if (QFileInfo::exists(f.finalPath()) || QFileInfo::exists(f.stagingPath()))
        return makeError(QStringLiteral("io.write"), QStringLiteral("a run folder with this id already exists"),
                         f.finalPath());
    if (!QDir().mkpath(f.stagingPath()))
        return makeError(QStringLiteral("io.write"),
                         QStringLiteral("cannot create the run's staging folder; check that the project is writable"),
                         f.stagingPath());
    return f;
}

QString RunFolder::stagingPath() const
{
    return m_runsDir + QStringLiteral("/.staging/") + m_runId;
}

QString RunFolder::finalPath() const
{
    return m_runsDir + QLatin1Char('/') + m_runId;
}

QString RunFolder::filePath(const QString &relative) const
{
    return path() + QLatin1Char('/') + relative;
}

Status RunFolder::makeDir(const QString &relative) const
{
    if (!QDir().mkpath(filePath(relative)))
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot create folder"), filePath(relative));
    return {};
}

Status RunFolder::finalize()
{
    if (m_finalized)
        return {};
    // rename(2) is atomic within one file system; staging lives beside the final folder.
    const QByteArray from = QFile::encodeName(stagingPath());
    const QByteArray to = QFile::encodeName(finalPath());
    if (std::rename(from.constData(), to.constData()) != 0)
        return makeError(QStringLiteral("io.write"),
                         QStringLiteral("cannot move the finished run into place: %1")
                             .arg(QString::fromLocal8Bit(std::strerror(errno))),
                         finalPath());
    m_finalized = true;
    return {};
}

QString projectRootOfRun(const QString &runDir)
{
    QDir d(QFileInfo(runDir).absoluteFilePath());
    d.cdUp();
    if (d.dirName() == QLatin1String("runs"))
        d.cdUp();
    return d.absolutePath();
}

} // namespace greenlight
