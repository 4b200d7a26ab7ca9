#include "assetimport.h"

#include "common/hashing.h"
#include "sceneedits.h"
#include "spec/assetcheck.h"
#include "text/textlayout.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QRegularExpression>

namespace greenlight {

namespace {

constexpr qint64 kBlockBytes = 1 << 20;
constexpr int kMaxNameAttempts = 10000;

bool sameFile(const QString &a, const QString &b)
{
    const QFileInfo fa(a), fb(b);
    if (fa.size() != fb.size())
        return false;
    if (fa.canonicalFilePath() == fb.canonicalFilePath())
        return true;
    const Result<QString> ha = sha256File(a);
    const Result<QString> hb = sha256File(b);
    return ha && hb && *ha == *hb;
}

// Streams `source` into `target` (a new file), reporting progress; false on error or cancel.
bool copyBytes(QPromise<ImportedFile> &promise, const QString &source, const QString &target, qint64 *copied,
               QString *error)
{
    QFile in(source);
    QFile out(target);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = AssetImport::tr("cannot read it: %1").arg(in.errorString());
        return false;
    }
    if (!out.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        *error = AssetImport::tr("cannot write into the assets folder: %1").arg(out.errorString());
        return false;
    }
    QByteArray block;
    while (!in.atEnd()) {
        if (promise.isCanceled()) {
            *error = AssetImport::tr("cancelled");
            return false;
        }
        block = in.read(kBlockBytes);
        if (block.isEmpty() && in.error() != QFileDevice::NoError) {
            *error = AssetImport::tr("reading stopped: %1").arg(in.errorString());
            return false;
        }
        if (out.write(block) != block.size()) {
            *error = AssetImport::tr("writing stopped: %1").arg(out.errorString());
            return false;
        }
        *copied += block.size();
        promise.setProgressValue(int(*copied / 1024));
    }
    if (!out.flush()) {
        *error = AssetImport::tr("writing stopped: %1").arg(out.errorString());
        return false;
    }
    return true;
}

ImportedFile importOne(QPromise<ImportedFile> &promise, const QString &source, const QDir &root,
                       const QDir &assets, qint64 *copied)
{
    ImportedFile result;
    result.source = source;
    const QFileInfo info(source);
    if (!info.isFile()) {
        result.error = AssetImport::tr("it is not a file");
        return result;
    }
    QString why;
    result.kind = AssetImport::detectKind(source, &why);
    if (result.kind.isEmpty()) {
        result.error = why;
        return result;
    }
    // A file already inside the assets folder stays where it is.
    const QString canonical = info.canonicalFilePath();
    if (canonical.startsWith(QFileInfo(assets.path()).canonicalFilePath() + QLatin1Char('/'))) {
        result.relativePath = root.relativeFilePath(canonical);
        result.reused = true;
        *copied += info.size();
        return result;
    }
    QString temp;
    for (int n = 1; n <= kMaxNameAttempts; ++n) {
        const QString name = AssetImport::candidateName(info.fileName(), n);
        const QString target = assets.filePath(name);
        if (QFileInfo::exists(target)) {
            if (sameFile(source, target)) {
                result.relativePath = root.relativeFilePath(target);
                result.reused = true;
                *copied += info.size();
                break;
            }
            continue;
        }
        if (temp.isEmpty()) {
            const quint32 salt = QRandomGenerator::global()->generate();
            temp = assets.filePath(QStringLiteral(".%1.%2.part").arg(info.fileName()).arg(salt, 8, 16, QLatin1Char('0')));
            if (!copyBytes(promise, source, temp, copied, &result.error)) {
                QFile::remove(temp);
                result.kind.clear();
                return result;
            }
        }
        // QFile::rename never replaces an existing file: a name taken meanwhile means "next".
        if (QFile::rename(temp, target)) {
            result.relativePath = root.relativeFilePath(target);
            return result;
        }
    }
    if (!temp.isEmpty())
        QFile::remove(temp);
    if (result.relativePath.isEmpty()) {
        result.kind.clear();
        result.error = AssetImport::tr("no free file name for it in the assets folder");
    }
    return result;
}

} // namespace

void AssetImport::run(QPromise<ImportedFile> &promise, const QStringList &sources, const QString &projectRoot)
{
    const QDir root(projectRoot);
    const QDir assets(root.filePath(QStringLiteral("assets")));
    qint64 total = 0;
    for (const QString &source : sources)
        total += QFileInfo(source).size();
    promise.setProgressRange(0, int(std::max<qint64>(1, total / 1024)));
    if (!root.mkpath(QStringLiteral("assets"))) {
        for (const QString &source : sources)
            promise.addResult(ImportedFile{source, {}, {}, tr("cannot create the assets folder"), false});
        return;
    }
    qint64 copied = 0;
    for (const QString &source : sources) {
        if (promise.isCanceled())
            return;
        const qint64 before = copied;
        promise.addResult(importOne(promise, source, root, assets, &copied));
        copied = before + QFileInfo(source).size();
        promise.setProgressValue(int(copied / 1024));
    }
}

QString AssetImport::detectKind(const QString &path, QString *why)
{
    static const QStringList fontSuffixes = {QStringLiteral("ttf"), QStringLiteral("otf"), QStringLiteral("ttc"),
                                             QStringLiteral("otc"), QStringLiteral("woff"), QStringLiteral("woff2")};
    if (fontSuffixes.contains(QFileInfo(path).suffix().toLower())) {
        if (measureTextWidth(path, 32, QStringLiteral("Ag")))
            return QStringLiteral("font");
        if (why)
            *why = tr("it looks like a font but FreeType cannot load it");
        return {};
    }
    QString reason;
    switch (detectMediaKind(path, &reason)) {
    case DetectedMediaKind::Image: return QStringLiteral("image");
    case DetectedMediaKind::Video: return QStringLiteral("video");
    case DetectedMediaKind::Audio: return QStringLiteral("audio");
    case DetectedMediaKind::Unreadable: break;
    }
    if (why)
        *why = tr("it is not an image, video, audio file or font (%1)").arg(reason);
    return {};
}

QString AssetImport::idForFile(const QString &fileName, const QStringList &used)
{
    QString stem = QFileInfo(fileName).completeBaseName().toLower();
    static const QRegularExpression invalid(QStringLiteral("[^a-z0-9_-]+"));
    static const QRegularExpression leading(QStringLiteral("^[^a-z0-9]+"));
    stem.replace(invalid, QStringLiteral("-"));
    stem.remove(leading);
    while (stem.endsWith(QLatin1Char('-')))
        stem.chop(1);
    stem = stem.left(56);
    if (stem.isEmpty())
        stem = QStringLiteral("asset");
    return SceneEdits::uniqueId(used, stem, true);
}

QString AssetImport::candidateName(const QString &fileName, int n)
{
    if (n <= 1)
        return fileName;
    const QFileInfo info(fileName);
    const QString suffix = info.suffix();
    const QString base = suffix.isEmpty() ? fileName : fileName.left(fileName.size() - suffix.size() - 1);
    return base + QLatin1Char('-') + QString::number(n) + (suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix);
}

} // namespace greenlight
