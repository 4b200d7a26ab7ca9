#include "run/manifest.h"

#include "common/hashing.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace greenlight {

bool isReviewStateFile(const QString &relativePath)
{
    return relativePath == QLatin1String("observations.json") || relativePath.startsWith(QLatin1String("review/"));
}

namespace {

QStringList filesBelow(const QString &runDir)
{
    QStringList files;
    // Absolute on both sides: a relative run folder would otherwise yield paths that name
    // the folder itself ("<run>/output.mp4") instead of paths inside it.
    const QString absolute = QFileInfo(runDir).absoluteFilePath();
    const QDir root(absolute);
    QDirIterator it(absolute, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString rel = root.relativeFilePath(it.next());
        if (rel != QLatin1String(Manifest::fileName) && !isReviewStateFile(rel))
            files.append(rel);
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool isSafeRelativePath(const QString &path)
{
    return !path.isEmpty() && !QDir::isAbsolutePath(path) && !path.split(QLatin1Char('/')).contains(QStringLiteral(".."));
}

} // namespace

const ManifestEntry *Manifest::find(const QString &path) const
{
    for (const ManifestEntry &e : files)
        if (e.path == path)
            return &e;
    return nullptr;
}

Json Manifest::toJson() const
{
    Json list = Json::array();
    for (const ManifestEntry &e : files)
        list.push_back({{"path", toStd(e.path)},
                        {"role", toStd(e.role)},
                        {"mediaType", toStd(e.mediaType)},
                        {"bytes", e.bytes},
                        {"sha256", toStd(e.sha256)}});
    return {{"schemaVersion", schemaVersion}, {"runId", toStd(runId)}, {"files", list}};
}

Result<Manifest> Manifest::fromJson(const Json &json)
{
    auto bad = [](const QString &pointer, const QString &what) {
        return makeError(QStringLiteral("manifest.invalid"), what, pointer);
    };
    if (!json.is_object())
        return bad(QString(), QStringLiteral("expected an object"));
    Manifest m;
    const auto version = json.find("schemaVersion");
    if (version == json.end() || !version->is_number_integer() || version->get<int>() != 1)
        return bad(QStringLiteral("/schemaVersion"), QStringLiteral("expected schema version 1"));
    const auto id = json.find("runId");
    if (id == json.end() || !id->is_string())
        return bad(QStringLiteral("/runId"), QStringLiteral("expected the run id as a string"));
    m.runId = toQString(id->get<std::string>());
    const auto files = json.find("files");
    if (files == json.end() || !files->is_array())
        return bad(QStringLiteral("/files"), QStringLiteral("expected an array of files"));
    for (size_t i = 0; i < files->size(); ++i) {
        const Json &f = (*files)[i];
        const QString p = QStringLiteral("/files/%1").arg(i);
        if (!f.is_object() || !f.contains("path") || !f["path"].is_string() || !f.contains("sha256")
            || !f["sha256"].is_string() || !f.contains("bytes") || !f["bytes"].is_number_integer())
            return bad(p, QStringLiteral("each file needs path, bytes and sha256"));
        ManifestEntry e;
        e.path = toQString(f["path"].get<std::string>());
        e.sha256 = toQString(f["sha256"].get<std::string>());
        e.bytes = f["bytes"].get<qint64>();
        e.role = f.contains("role") && f["role"].is_string() ? toQString(f["role"].get<std::string>()) : QString();
        e.mediaType = f.contains("mediaType") && f["mediaType"].is_string()
                          ? toQString(f["mediaType"].get<std::string>())
                          : QString();
        if (!isSafeRelativePath(e.path))
            return bad(p + QStringLiteral("/path"), QStringLiteral("path must stay inside the run folder: ") + e.path);
        m.files.append(e);
    }
    return m;
}

QString roleForRunFile(const QString &rel)
{
    static const QList<QPair<QString, QString>> exact = {
        {QStringLiteral("run.json"), QStringLiteral("run")},
        {QStringLiteral("props.json"), QStringLiteral("props")},
        {QStringLiteral("plan.json"), QStringLiteral("plan")},
        {QStringLiteral("warnings.json"), QStringLiteral("warnings")},
        {QStringLiteral("cues.json"), QStringLiteral("cues")},
        {QStringLiteral("findings.json"), QStringLiteral("findings")},
        {QStringLiteral("output.mp4"), QStringLiteral("video")},
    };
    for (const auto &e : exact)
        if (rel == e.first)
            return e.second;
    if (rel.startsWith(QLatin1String("logs/")))
        return QStringLiteral("log");
    if (rel.startsWith(QLatin1String("filters/")))
        return QStringLiteral("filter-script");
    if (rel.startsWith(QLatin1String("text/")))
        return QStringLiteral("text");
    if (rel.startsWith(QLatin1String("chunks/")))
        return rel.endsWith(QLatin1String(".txt")) ? QStringLiteral("chunk-list") : QStringLiteral("chunk");
    const QString suffix = QFileInfo(rel).suffix().toLower();
    if (suffix == QLatin1String("wav") || suffix == QLatin1String("mp3") || suffix == QLatin1String("m4a")
        || suffix == QLatin1String("flac") || suffix == QLatin1String("opus"))
        return QStringLiteral("audio");
    if (suffix == QLatin1String("vtt") || suffix == QLatin1String("srt"))
        return QStringLiteral("captions");
    return QStringLiteral("other");
}

QString mediaTypeForFile(const QString &rel)
{
    static const QList<QPair<QString, QString>> types = {
        {QStringLiteral("json"), QStringLiteral("application/json")},
        {QStringLiteral("mp4"), QStringLiteral("video/mp4")},
        {QStringLiteral("log"), QStringLiteral("text/plain")},
        {QStringLiteral("txt"), QStringLiteral("text/plain")},
        {QStringLiteral("wav"), QStringLiteral("audio/wav")},
        {QStringLiteral("mp3"), QStringLiteral("audio/mpeg")},
        {QStringLiteral("m4a"), QStringLiteral("audio/mp4")},
        {QStringLiteral("flac"), QStringLiteral("audio/flac")},
        {QStringLiteral("opus"), QStringLiteral("audio/opus")},
        {QStringLiteral("vtt"), QStringLiteral("text/vtt")},
        {QStringLiteral("srt"), QStringLiteral("application/x-subrip")},
        {QStringLiteral("png"), QStringLiteral("image/png")},
    };
    const QString suffix = QFileInfo(rel).suffix().toLower();
    for (const auto &t : types)
        if (suffix == t.first)
            return t.second;
    return QStringLiteral("application/octet-stream");
}

Result<Manifest> buildManifest(const QString &runDir, const QString &runId)
{
    Manifest m;
    m.runId = runId;
    for (const QString &rel : filesBelow(runDir)) {
        const QString abs = QDir(runDir).filePath(rel);
        Result<QString> hash = sha256File(abs);
        if (!hash)
            return hash.error();
        m.files.append({rel, roleForRunFile(rel), mediaTypeForFile(rel), QFileInfo(abs).size(), *hash});
    }
    return m;
}

Result<Manifest> writeManifest(const QString &runDir, const QString &runId)
{
    Result<Manifest> m = buildManifest(runDir, runId);
    if (!m)
        return m;
    if (Status s = writeJsonFile(QDir(runDir).filePath(QLatin1String(Manifest::fileName)), m->toJson()); !s)
        return s.error();
    return m;
}

QString toString(ManifestProblem::Kind kind)
{
    switch (kind) {
    case ManifestProblem::Kind::ManifestUnreadable: return QStringLiteral("manifest-unreadable");
    case ManifestProblem::Kind::Missing: return QStringLiteral("missing");
    case ManifestProblem::Kind::SizeMismatch: return QStringLiteral("size-mismatch");
    case ManifestProblem::Kind::HashMismatch: return QStringLiteral("hash-mismatch");
    case ManifestProblem::Kind::Unlisted: return QStringLiteral("unlisted");
    case ManifestProblem::Kind::Unreadable: return QStringLiteral("unreadable");
    }
    return {};
}

QList<ManifestProblem> verifyManifest(const QString &runDir)
{
    using Kind = ManifestProblem::Kind;
    QList<ManifestProblem> problems;
    const QDir dir(runDir);
    const QString manifestPath = dir.filePath(QLatin1String(Manifest::fileName));
    Result<Json> json = readJsonFile(manifestPath);
    Result<Manifest> manifest = json ? Manifest::fromJson(*json) : Result<Manifest>(json.error());
    if (!manifest) {
        problems.append({Kind::ManifestUnreadable, QString::fromLatin1(Manifest::fileName),
                         QStringLiteral("the manifest cannot be read: ") + manifest.error().toString()});
        return problems;
    }
    QSet<QString> listed;
    for (const ManifestEntry &e : manifest->files) {
        listed.insert(e.path);
        const QFileInfo fi(dir.filePath(e.path));
        if (!fi.isFile()) {
            problems.append({Kind::Missing, e.path, QStringLiteral("listed in the manifest but missing from the run folder")});
            continue;
        }
        if (fi.size() != e.bytes) {
            problems.append({Kind::SizeMismatch, e.path,
                             QStringLiteral("is %1 bytes; the manifest says %2").arg(fi.size()).arg(e.bytes)});
            continue;
        }
        Result<QString> hash = sha256File(fi.filePath());
        if (!hash)
            problems.append({Kind::Unreadable, e.path, hash.error().toString()});
        else if (*hash != e.sha256)
            problems.append({Kind::HashMismatch, e.path,
                             QStringLiteral("content changed: sha256 is %1, the manifest says %2").arg(*hash, e.sha256)});
    }
    for (const QString &rel : filesBelow(runDir))
        if (!listed.contains(rel))
            problems.append({Kind::Unlisted, rel, QStringLiteral("present in the run folder but not listed in the manifest")});
    return problems;
}

} // namespace greenlight
