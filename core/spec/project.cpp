#include "spec/project.h"

#include <QDir>
#include <QFileInfo>

namespace greenlight {

QString specFileSuffix() { return QStringLiteral(".greenlight.json"); }

QString specDisplayName(const QString &path)
{
    QString name = QFileInfo(path).fileName();
    if (name.endsWith(specFileSuffix(), Qt::CaseInsensitive))
        name.chop(specFileSuffix().size());
    else if (name.endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
        name.chop(5);
    return name;
}

Result<Project> Project::open(const QString &path)
{
    QFileInfo info(path);
    if (!info.exists())
        return makeError(QStringLiteral("project.not-found"),
                         QStringLiteral("no such file or folder"), path);
    Project p;
    if (info.isFile()) {
        QDir dir = info.absoluteDir();
        if (dir.dirName() == QLatin1String("specs"))
            dir.cdUp();
        p.m_root = dir.canonicalPath();
        p.m_focusedSpec = p.relativePath(info.canonicalFilePath());
        return p;
    }
    QDir dir(info.canonicalFilePath());
    if (!dir.exists(QStringLiteral("specs")))
        return makeError(QStringLiteral("project.not-found"),
                         QStringLiteral("not a Greenlight project: it has no specs/ folder"), path);
    p.m_root = dir.canonicalPath();
    return p;
}

QString Project::name() const { return QFileInfo(m_root).fileName(); }
QString Project::specsDir() const { return m_root + QStringLiteral("/specs"); }
QString Project::assetsDir() const { return m_root + QStringLiteral("/assets"); }
QString Project::runsDir() const { return m_root + QStringLiteral("/runs"); }
QString Project::cacheDir() const { return m_root + QStringLiteral("/cache"); }
QString Project::ledgerPath() const { return m_root + QStringLiteral("/ledger.sqlite"); }

QStringList Project::specFiles() const
{
    QStringList files;
    const QDir dir(specsDir());
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files.append(QStringLiteral("specs/") + name);
    if (!m_focusedSpec.isEmpty() && !files.contains(m_focusedSpec))
        files.append(m_focusedSpec);
    return files;
}

QString Project::absolutePath(const QString &relative) const
{
    return QDir(m_root).absoluteFilePath(relative);
}

QString Project::relativePath(const QString &absolute) const
{
    return QDir(m_root).relativeFilePath(absolute);
}

} // namespace greenlight
