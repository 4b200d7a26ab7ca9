// Manifests and sealing: every file listed with role, media type, size and hash; tampering,
// missing and extra files reported; a sealed failed run keeps its record and logs and no
// output; staging is renamed into place.
#include "../render/rendertestsupport.h"

#include "run/manifest.h"
#include "run/runfolder.h"
#include "run/runid.h"
#include "run/runsealer.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestManifest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsEveryFileButItself();
    void detectsTampering();
    void rejectsUnsafePaths();
    void sealsSucceededRun();
    void sealsFailedRunWithoutOutput();

private:
    static void write(const QString &path, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(path).path());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
    }
};

void TestManifest::listsEveryFileButItself()
{
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("run.json")), "{}");
    write(dir.filePath(QStringLiteral("output.mp4")), "video");
    write(dir.filePath(QStringLiteral("logs/ffmpeg-render.log")), "log");
    write(dir.filePath(QStringLiteral("text/000-hook-a-0.txt")), "Hello");
    Result<Manifest> m = writeManifest(dir.path(), QStringLiteral("20261124T001502Z-render-3f9a2c"));
    QVERIFY(m.ok());
    QCOMPARE(m->files.size(), 4);
    QVERIFY(!m->find(QStringLiteral("manifest.json")));
    QCOMPARE(m->find(QStringLiteral("output.mp4"))->role, QStringLiteral("video"));
    QCOMPARE(m->find(QStringLiteral("output.mp4"))->mediaType, QStringLiteral("video/mp4"));
    QCOMPARE(m->find(QStringLiteral("output.mp4"))->bytes, 5);
    QCOMPARE(m->find(QStringLiteral("logs/ffmpeg-render.log"))->role, QStringLiteral("log"));
    QCOMPARE(m->find(QStringLiteral("text/000-hook-a-0.txt"))->role, QStringLiteral("text"));
    QCOMPARE(m->find(QStringLiteral("run.json"))->sha256,
             QStringLiteral("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"));
    QVERIFY(verifyManifest(dir.path()).isEmpty());

    Result<Json> json = readJsonFile(dir.filePath(QStringLiteral("manifest.json")));
    QVERIFY(json.ok());
    const QStringList errors = test::schemaErrors(*json, QStringLiteral("manifest.schema.json"));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
}

void TestManifest::detectsTampering()
{
    QTemporaryDir dir;
    write(dir.filePath(QStringLiteral("output.mp4")), "video-bytes");
    write(dir.filePath(QStringLiteral("plan.json")), "{\"a\": 1}");
    write(dir.filePath(QStringLiteral("props.json")), "{}");
    QVERIFY(writeManifest(dir.path(), QStringLiteral("20261124T001502Z-render-3f9a2c")).ok());

    write(dir.filePath(QStringLiteral("output.mp4")), "video-bytez"); // same size, other content
    write(dir.filePath(QStringLiteral("plan.json")), "{\"a\": 12}");
    QFile::remove(dir.filePath(QStringLiteral("props.json")));
    write(dir.filePath(QStringLiteral("extra.mp4")), "x");
    const QList<ManifestProblem> problems = verifyManifest(dir.path());
    QCOMPARE(problems.size(), 4);
    auto kindOf = [&](const QString &path) {
        for (const ManifestProblem &p : problems)
            if (p.path == path)
                return toString(p.kind);
        return QString();
    };
    QCOMPARE(kindOf(QStringLiteral("output.mp4")), QStringLiteral("hash-mismatch"));
    QCOMPARE(kindOf(QStringLiteral("plan.json")), QStringLiteral("size-mismatch"));
    QCOMPARE(kindOf(QStringLiteral("props.json")), QStringLiteral("missing"));
    QCOMPARE(kindOf(QStringLiteral("extra.mp4")), QStringLiteral("unlisted"));
    for (const ManifestProblem &p : problems)
        QVERIFY(!p.message.isEmpty());

    QFile::remove(dir.filePath(QStringLiteral("manifest.json")));
    const QList<ManifestProblem> none = verifyManifest(dir.path());
    QCOMPARE(none.size(), 1);
    GL_COMPARE_ENUM(none.first().kind, ManifestProblem::Kind::ManifestUnreadable);
}

void TestManifest::rejectsUnsafePaths()
{
    Json json = {{"schemaVersion", 1}, {"runId", "x"},
                 {"files", {{{"path", "../../etc/passwd"}, {"bytes", 1}, {"sha256", std::string(64, 'a')}}}}};
    QVERIFY(!Manifest::fromJson(json).ok());
    QVERIFY(!test::schemaErrors(json, QStringLiteral("manifest.schema.json")).isEmpty());
}

static RunRecord runningRecord(const QString &id)
{
    RunRecord r;
    r.id = id;
    r.engineName = QStringLiteral("ffmpeg");
    r.status = RunStatus::Running;
    r.spec.path = QStringLiteral("specs/a.json");
    r.createdAt = r.startedAt = utcNowIso();
    r.attempts.append(RunAttempt{1, r.startedAt, {}, RunStatus::Running, std::nullopt, {}, {}, {}});
    return r;
}

void TestManifest::sealsSucceededRun()
{
    QTemporaryDir dir;
    const QString id = makeRunId(RunKind::Render);
    Result<RunFolder> folder = RunFolder::createStaging(dir.filePath(QStringLiteral("runs")), id);
    QVERIFY(folder.ok());
    QVERIFY(folder->path().contains(QLatin1String("/runs/.staging/")));
    write(folder->filePath(QStringLiteral("output.mp4")), "video");
    write(folder->filePath(QStringLiteral("chunks/chunk-000.mp4")), "chunk");
    write(folder->filePath(QStringLiteral("logs/ffmpeg-render.log")), "log");
    RunRecord r = runningRecord(id);
    r.status = RunStatus::Succeeded;
    QVERIFY(sealRun(*folder, r, {{QStringLiteral("output.mp4")}, {QStringLiteral("chunks/chunk-000.mp4")}}).ok());
    QVERIFY(folder->isFinalized());
    QCOMPARE(folder->path(), dir.filePath(QStringLiteral("runs/") + id));
    QVERIFY(!QFileInfo::exists(folder->stagingPath()));
    QVERIFY(!QFileInfo::exists(folder->filePath(QStringLiteral("chunks"))));
    QVERIFY(verifyManifest(folder->path()).isEmpty());
    QCOMPARE(r.artifacts.size(), 2);
    QCOMPARE(r.artifacts[0].role, QStringLiteral("video"));
    GL_COMPARE_ENUM(r.attempts[0].outcome, RunStatus::Succeeded);
    QVERIFY(!r.endedAt.isEmpty());
    Result<RunRecord> onDisk = loadRunRecord(folder->filePath(QStringLiteral("run.json")));
    QVERIFY(onDisk.ok());
    GL_COMPARE_ENUM(onDisk->status, RunStatus::Succeeded);
}

void TestManifest::sealsFailedRunWithoutOutput()
{
    QTemporaryDir dir;
    const QString id = makeRunId(RunKind::Render);
    Result<RunFolder> folder = RunFolder::createStaging(dir.filePath(QStringLiteral("runs")), id);
    QVERIFY(folder.ok());
    write(folder->filePath(QStringLiteral("output.mp4")), "half a video");
    write(folder->filePath(QStringLiteral("logs/ffmpeg-render.log")), "No space left on device");
    RunRecord r = runningRecord(id);
    r.status = RunStatus::Failed;
    r.currentAttempt()->error = makeError(QStringLiteral("render.disk.full"), QStringLiteral("disk full"));
    QVERIFY(sealRun(*folder, r, {{QStringLiteral("output.mp4")}, {}}).ok());
    QVERIFY(!QFileInfo::exists(folder->filePath(QStringLiteral("output.mp4"))));
    QVERIFY(QFileInfo::exists(folder->filePath(QStringLiteral("logs/ffmpeg-render.log"))));
    QVERIFY(verifyManifest(folder->path()).isEmpty());
    Result<Json> manifest = readJsonFile(folder->filePath(QStringLiteral("manifest.json")));
    QVERIFY(manifest.ok());
    QCOMPARE((*manifest)["files"].size(), size_t(2)); // logs and run.json, nothing else
    QCOMPARE(r.artifacts.size(), 1);
    GL_COMPARE_ENUM(r.attempts[0].outcome, RunStatus::Failed);
    QCOMPARE(r.attempts[0].error->code, QStringLiteral("render.disk.full"));
}

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
