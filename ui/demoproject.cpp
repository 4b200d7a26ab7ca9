#include "demoproject.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QStandardPaths>

#include <optional>

namespace greenlight {

namespace {

constexpr auto kErrorCode = "desk.demo";

Error demoError(const QString &message) { return Error{message, QLatin1String(kErrorCode), {}}; }

// Copies every file under `from` to `to` (which must not exist yet).
std::optional<Error> copyTree(const QString &from, const QString &to)
{
    if (!QDir().mkpath(to))
        return demoError(QObject::tr("Cannot create %1.").arg(QDir::toNativeSeparators(to)));
    QDirIterator it(from, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    const QDir base(from);
    while (it.hasNext()) {
        const QString file = it.next();
        const QString target = to + QLatin1Char('/') + base.relativeFilePath(file);
        QDir().mkpath(QFileInfo(target).absolutePath());
        if (!QFile::copy(file, target))
            return demoError(QObject::tr("Cannot copy %1 to %2 (disk full or no permission?).")
                                 .arg(QDir::toNativeSeparators(file), QDir::toNativeSeparators(target)));
        // Installed files are read-only; the user's copy must be editable.
        QFile::setPermissions(target, QFile::permissions(target) | QFileDevice::WriteOwner);
    }
    return std::nullopt;
}

} // namespace

QStringList DemoProject::candidateSources(const QString &applicationDir)
{
    const QDir dir(applicationDir);
    return {QDir::cleanPath(dir.filePath(QStringLiteral("../share/greenlight/demo"))),
            QDir::cleanPath(dir.filePath(QStringLiteral("../../../resources/demo")))};
}

QString DemoProject::findSource(const QStringList &candidates)
{
    for (const QString &candidate : candidates)
        if (QFileInfo(candidate + QStringLiteral("/specs")).isDir())
            return candidate;
    return {};
}

Result<QString> DemoProject::prepare(const QString &source, const QString &dataDir)
{
    if (source.isEmpty() || !QFileInfo(source + QStringLiteral("/specs")).isDir())
        return demoError(QObject::tr("The demo project is not installed (looked for share/greenlight/demo "
                                     "beside the program)."));
    const QString root = dataDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                           : dataDir;
    const QString target = root + QStringLiteral("/demo");
    if (QFileInfo(target + QStringLiteral("/specs")).isDir())
        return target;

    if (QFileInfo::exists(target))
        return demoError(QObject::tr("%1 exists but holds no specs/ folder; move it away to get a fresh copy "
                                     "of the demo.")
                             .arg(QDir::toNativeSeparators(target)));

    const QString part = target + QStringLiteral(".part");
    QDir(part).removeRecursively(); // left by an interrupted copy
    if (std::optional<Error> error = copyTree(source, part)) {
        QDir(part).removeRecursively();
        return *error;
    }
    if (!QDir().rename(part, target)) {
        QDir(part).removeRecursively();
        return demoError(QObject::tr("Cannot move the demo copy into %1.").arg(QDir::toNativeSeparators(target)));
    }
    return target;
}

Result<QString> DemoProject::userCopy(const QString &applicationDir)
{
    return prepare(findSource(candidateSources(applicationDir)));
}

} // namespace greenlight
