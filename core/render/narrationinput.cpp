#include "render/narrationinput.h"

#include "common/hashing.h"
#include "common/jsonschema.h"
#include "run/manifest.h"
#include "run/runrecord.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace greenlight {

namespace {

Error invalid(const QString &message, const QString &location)
{
    return makeError(QStringLiteral("render.narration.invalid"), message, location);
}

Error unreadable(const QString &message, const QString &location)
{
    return makeError(QStringLiteral("render.narration.unreadable"), message, location);
}

} // namespace

Result<NarrationRunInput> loadNarrationRun(const QString &runDir, const QString &specId,
                                           const QString &variant, const Rational &fps)
{
    NarrationRunInput in;
    in.runDir = QDir(runDir).absolutePath();
    const QDir dir(in.runDir);
    const QString runJson = dir.filePath(QStringLiteral("run.json"));
    if (!QFileInfo(runJson).isFile())
        return unreadable(
            QStringLiteral(
                "the narration run folder %1 has no run.json; give the folder of a finished "
                "narration run (greenlight-cli tts)")
                .arg(in.runDir),
            runJson);
    Result<RunRecord> record = loadRunRecord(runJson);
    if (!record)
        return invalid(QStringLiteral("the narration run's run.json cannot be read (%1)")
                           .arg(record.error().message),
                       runJson);
    if (record->kind != RunKind::Tts)
        return invalid(QStringLiteral("run %1 is a %2 run, not a narration (tts) run")
                           .arg(record->id, toString(record->kind)),
                       runJson);
    if (record->status != RunStatus::Succeeded)
        return invalid(
            QStringLiteral("narration run %1 %2; voice the spec again and render with the new run")
                .arg(record->id, toString(record->status)),
            runJson);
    in.runId = record->id;

    in.wavPath = dir.filePath(QStringLiteral("narration.wav"));
    in.cuesPath = dir.filePath(QStringLiteral("cues.json"));
    for (const QString &path : {in.wavPath, in.cuesPath})
        if (!QFileInfo(path).isFile())
            return unreadable(QStringLiteral("narration run %1 has no %2; voice the spec again")
                                  .arg(in.runId, QFileInfo(path).fileName()),
                              path);

    // Parsed and hashed from the same bytes.
    QFile cuesFile(in.cuesPath);
    if (!cuesFile.open(QIODevice::ReadOnly))
        return unreadable(QStringLiteral("cues.json of run %1 cannot be read: %2")
                              .arg(in.runId, cuesFile.errorString()),
                          in.cuesPath);
    const QByteArray cuesBytes = cuesFile.readAll();
    in.cuesSha256 = sha256Hex(cuesBytes);
    Result<Json> cuesJson = parseJson(cuesBytes, in.cuesPath);
    if (!cuesJson)
        return invalid(
            QStringLiteral(
                "the cues.json of narration run %1 is not readable JSON (%2); voice the spec again")
                .arg(in.runId, cuesJson.error().message),
            in.cuesPath);
    auto schema = JsonSchema::load(QStringLiteral(":/schemas/cues.schema.json"));
    if (!schema)
        return schema.error();
    if (const QList<SchemaViolation> v = (*schema)->validate(*cuesJson); !v.isEmpty())
        return invalid(QStringLiteral("the cues.json of narration run %1 is not a cue timeline: %2")
                           .arg(in.runId, describeViolations(v)),
                       in.cuesPath + QStringLiteral("#") + v.first().pointer);
    Result<CueTimeline> cues = CueTimeline::fromJson(*cuesJson);
    if (!cues)
        return invalid(QStringLiteral("the cues.json of narration run %1 is inconsistent: %2")
                           .arg(in.runId, cues.error().message),
                       in.cuesPath + (cues.error().location.isEmpty()
                                          ? QString()
                                          : QStringLiteral("#") + cues.error().location));
    in.cues = *cues;
    if (in.cues.specId && *in.cues.specId != specId)
        return invalid(QStringLiteral("narration run %1 voices spec \"%2\", not \"%3\"")
                           .arg(in.runId, *in.cues.specId, specId),
                       in.cuesPath);
    if (in.cues.variant.value_or(QString()) != variant)
        return invalid(
            QStringLiteral(
                "narration run %1 voices %2, but the render is of %3; voice the same variant")
                .arg(in.runId,
                     in.cues.variant ? QStringLiteral("variant \"%1\"").arg(*in.cues.variant)
                                     : QStringLiteral("the base spec"),
                     variant.isEmpty() ? QStringLiteral("the base spec")
                                       : QStringLiteral("variant \"%1\"").arg(variant)),
            in.cuesPath);
    if (!(in.cues.fps == fps))
        return invalid(
            QStringLiteral(
                "narration run %1 is timed at %2 fps, the spec at %3 fps; voice the spec again")
                .arg(in.runId, in.cues.fps.toString(), fps.toString()),
            in.cuesPath);

    Result<QString> wavHash = sha256File(in.wavPath);
    if (!wavHash)
        return unreadable(QStringLiteral("narration.wav of run %1 cannot be read: %2")
                              .arg(in.runId, wavHash.error().message),
                          in.wavPath);
    in.wavSha256 = *wavHash;

    // Files changed after the narration run sealed them are not that run's output any more.
    const QString manifestPath = dir.filePath(QLatin1String(Manifest::fileName));
    if (QFileInfo(manifestPath).isFile()) {
        Result<Json> mj = readJsonFile(manifestPath);
        Result<Manifest> manifest = mj ? Manifest::fromJson(*mj) : Result<Manifest>(mj.error());
        if (!manifest)
            return invalid(
                QStringLiteral("the manifest.json of narration run %1 cannot be read (%2)")
                    .arg(in.runId, manifest.error().message),
                manifestPath);
        const QList<std::pair<QString, QString>> files = {
            {QStringLiteral("narration.wav"), in.wavSha256},
            {QStringLiteral("cues.json"), in.cuesSha256}};
        for (const auto &[file, hash] : files) {
            const ManifestEntry *e = manifest->find(file);
            if (e && e->sha256 != hash)
                return invalid(
                    QStringLiteral(
                        "%1 of narration run %2 changed after the run ended (its sha256 no longer "
                        "matches the run's manifest); voice the spec again")
                        .arg(file, in.runId),
                    dir.filePath(file));
        }
    }
    return in;
}

} // namespace greenlight
