#pragma once

#include "common/jsonio.h"
#include "common/result.h"

#include <QList>
#include <QString>

namespace greenlight {

// The artifact index of a run folder (schemas/manifest.schema.json): every file with its
// role, media type, size and sha256. The manifest never lists itself.
struct ManifestEntry
{
    QString path; // relative to the run folder, '/'-separated
    QString role; // run | props | plan | warnings | log | filter-script | text | video | ...
    QString mediaType;
    qint64 bytes = 0;
    QString sha256;
};

struct Manifest
{
    int schemaVersion = 1;
    QString runId;
    QList<ManifestEntry> files; // sorted by path

    const ManifestEntry *find(const QString &path) const;
    Json toJson() const;
    static Result<Manifest> fromJson(const Json &json);

    static constexpr const char *fileName = "manifest.json";
};

// Review state kept beside a run's artifacts (observations.json, review/): reviewers change it
// after the run is sealed, so the manifest neither lists nor checks it.
bool isReviewStateFile(const QString &relativePath);

// What a file in a run folder is, judged by its path ("logs/x.log" -> log).
QString roleForRunFile(const QString &relativePath);
QString mediaTypeForFile(const QString &relativePath);

// Hashes every file below runDir (manifest.json excepted) into a manifest.
Result<Manifest> buildManifest(const QString &runDir, const QString &runId);
// Builds and writes runDir/manifest.json atomically. Call it again after changing any file
// of the run (for example when the QA stage records its state in run.json).
Result<Manifest> writeManifest(const QString &runDir, const QString &runId);

// One way a run folder disagrees with its manifest.
struct ManifestProblem
{
    enum class Kind { ManifestUnreadable, Missing, SizeMismatch, HashMismatch, Unlisted, Unreadable };
    Kind kind = Kind::Missing;
    QString path; // relative to the run folder
    QString message;
};

QString toString(ManifestProblem::Kind kind);

// Checks a run folder against its manifest.json: listed files missing, with another size or
// another hash, and files present but not listed. Empty when the folder verifies.
QList<ManifestProblem> verifyManifest(const QString &runDir);

} // namespace greenlight
