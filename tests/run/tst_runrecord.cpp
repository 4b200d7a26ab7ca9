// The run contract: RunRecord JSON round trip, readable errors, run ids, provenance parsing,
// and agreement with schemas/run.schema.json.
#include "../render/rendertestsupport.h"

#include "run/provenance.h"
#include "run/runid.h"
#include "run/runrecord.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestRunRecord : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void minimalRecordValidates();
    void readableErrors();
    void enumsHaveContractNames();
    void runIdsSortByTime();
    void parsesFfmpegVersion();
    void localProvenanceNamesTheBuild();
    void saveAndLoad();
};

static RunRecord sampleRecord()
{
    RunRecord r;
    r.id = QStringLiteral("20261124T001502Z-render-3f9a2c");
    r.kind = RunKind::Render;
    r.runtimeClass = RuntimeClass::Local;
    r.engineName = QStringLiteral("ffmpeg");
    r.engineVersion = QStringLiteral("5.1.9-0+deb12u1");
    r.status = RunStatus::Failed;
    r.project = QStringLiteral("demo");
    r.spec = {QStringLiteral("specs/launch-teaser.greenlight.json"), QStringLiteral("launch-teaser"), QStringLiteral("square"),
              QString(64, QLatin1Char('a'))};
    r.inputs = {{QStringLiteral("asset"), QStringLiteral("logo"), QStringLiteral("assets/logo.png"), QString(64, QLatin1Char('b'))},
                {QStringLiteral("font"), QString(), QStringLiteral("/usr/share/fonts/x.ttf"), QString(64, QLatin1Char('c'))}};
    r.media = RunMedia{720, 1280, {30000, 1001}, 510, 48000, 816816};
    r.chunks = 3;
    RunAttempt first{1, QStringLiteral("2026-11-24T00:15:02Z"), QStringLiteral("2026-11-24T00:15:09Z"), RunStatus::Failed,
                     makeError(QStringLiteral("render.ffmpeg.crashed"), QStringLiteral("ffmpeg was killed by SIGKILL"),
                               QStringLiteral("logs/ffmpeg-render.log")),
                     QString(), QStringLiteral("desk-1"), 9};
    RunAttempt second{2, QStringLiteral("2026-11-24T00:15:10Z"), QString(), RunStatus::Running, std::nullopt,
                      QStringLiteral("ffmpeg crashed"), QStringLiteral("node-7"), std::nullopt};
    r.attempts = {first, second};
    r.artifacts = {{QStringLiteral("logs/ffmpeg-render.log"), QStringLiteral("log"), QString(64, QLatin1Char('d')), 1234}};
    r.qa.state = QStringLiteral("findings");
    r.qa.blockers = 1;
    r.qa.warnings = 2;
    r.qa.findingsPath = QStringLiteral("findings.json");
    r.provenance = {QStringLiteral("desk-1"), QStringLiteral("Debian GNU/Linux 12"), QStringLiteral("0.1.0"),
                    QStringLiteral("bc376a1"), QStringLiteral("5.1.9-0+deb12u1"), QStringLiteral("--enable-gpl")};
    r.createdAt = QStringLiteral("2026-11-24T00:15:02Z");
    r.startedAt = QStringLiteral("2026-11-24T00:15:02Z");
    r.endedAt = QStringLiteral("2026-11-24T00:15:09Z");
    return r;
}

void TestRunRecord::roundTrip()
{
    const RunRecord r = sampleRecord();
    const Json json = r.toJson();
    Result<RunRecord> back = RunRecord::fromJson(json);
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
    QCOMPARE(QString::fromStdString(back->toJson().dump()), QString::fromStdString(json.dump()));
    QCOMPARE(back->attempts.size(), 2);
    QCOMPARE(back->attempts[0].error->code, QStringLiteral("render.ffmpeg.crashed"));
    QCOMPARE(back->attempts[1].retryReason, QStringLiteral("ffmpeg crashed"));
    QCOMPARE(back->media->fps, (Rational{30000, 1001}));
    QCOMPARE(back->lastError()->code, QStringLiteral("render.ffmpeg.crashed"));
    const QStringList errors = test::schemaErrors(json, QStringLiteral("run.schema.json"));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
}

void TestRunRecord::minimalRecordValidates()
{
    RunRecord r;
    r.id = makeRunId(RunKind::Tts);
    r.kind = RunKind::Tts;
    r.runtimeClass = RuntimeClass::RemoteApi;
    r.engineName = QStringLiteral("elevenlabs");
    r.spec.path = QStringLiteral("specs/a.json");
    r.createdAt = utcNowIso();
    r.provenance = localProvenance();
    const QStringList errors = test::schemaErrors(r.toJson(), QStringLiteral("run.schema.json"));
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));

    Json bad = r.toJson();
    bad["runtimeClass"] = "cloud";
    QVERIFY(!test::schemaErrors(bad, QStringLiteral("run.schema.json")).isEmpty());
    QVERIFY(!RunRecord::fromJson(bad).ok());
}

void TestRunRecord::readableErrors()
{
    Json json = sampleRecord().toJson();
    json["attempts"][0]["outcome"] = "exploded";
    Result<RunRecord> r = RunRecord::fromJson(json);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().location, QStringLiteral("/attempts/0/outcome"));
    QVERIFY(r.error().message.contains(QLatin1String("exploded")));

    json = sampleRecord().toJson();
    json["inputs"]["spec"].erase("path");
    r = RunRecord::fromJson(json);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().location, QStringLiteral("/inputs/spec/path"));
    QCOMPARE(r.error().code, QStringLiteral("run.json.invalid"));

    json = sampleRecord().toJson();
    json["schemaVersion"] = 7;
    QVERIFY(!RunRecord::fromJson(json).ok());
}

void TestRunRecord::enumsHaveContractNames()
{
    QCOMPARE(toString(RuntimeClass::Local), QStringLiteral("local"));
    QCOMPARE(toString(RuntimeClass::RemoteSelfHosted), QStringLiteral("remote-self-hosted"));
    QCOMPARE(toString(RuntimeClass::RemoteApi), QStringLiteral("remote-api"));
    for (RunStatus s : {RunStatus::Queued, RunStatus::Running, RunStatus::Succeeded, RunStatus::Failed, RunStatus::Cancelled})
        GL_COMPARE_ENUM(runStatusFromString(toString(s)).value(), s);
    QVERIFY(!runtimeClassFromString(QStringLiteral("remote")).has_value());
    QVERIFY(isFinal(RunStatus::Cancelled));
    QVERIFY(!isFinal(RunStatus::Running));
}

void TestRunRecord::runIdsSortByTime()
{
    const QDateTime t1 = QDateTime(QDate(2026, 11, 24), QTime(0, 15, 2), Qt::UTC);
    const QString a = makeRunId(RunKind::Render, t1);
    const QString b = makeRunId(RunKind::Render, t1.addSecs(1));
    const QString c = makeRunId(RunKind::Render, t1.addDays(40));
    QVERIFY(a.startsWith(QLatin1String("20261124T001502Z-render-")));
    QVERIFY(isValidRunId(a));
    QVERIFY(!isValidRunId(QStringLiteral("2026-11-24-render")));
    QVERIFY(a < b && b < c);
    QVERIFY(makeRunId(RunKind::Render, t1) != makeRunId(RunKind::Render, t1) || true); // random suffix
    QVERIFY(makeRunId(RunKind::Tts, t1).contains(QLatin1String("-tts-")));
}

void TestRunRecord::parsesFfmpegVersion()
{
    const FfmpegVersionInfo info = parseFfmpegVersion(
        "ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026 the FFmpeg developers\n"
        "built with gcc 12 (Debian 12.2.0-14+deb12u1)\n"
        "configuration: --prefix=/usr --enable-gpl --enable-libx264\n"
        "libavutil      57. 28.100 / 57. 28.100\n");
    QCOMPARE(info.version, QStringLiteral("5.1.9-0+deb12u1"));
    QCOMPARE(info.configuration, QStringLiteral("--prefix=/usr --enable-gpl --enable-libx264"));

    Result<FfmpegVersionInfo> real = probeFfmpegVersion(QStringLiteral("ffmpeg"));
    QVERIFY(real.ok());
    QVERIFY(!real->version.isEmpty());
    QVERIFY(real->configuration.contains(QLatin1String("--enable-libx264")));
    Result<FfmpegVersionInfo> missing = probeFfmpegVersion(QStringLiteral("/nonexistent/ffmpeg"));
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QStringLiteral("render.ffmpeg.missing"));
}

void TestRunRecord::localProvenanceNamesTheBuild()
{
    const RunProvenance p = localProvenance();
    QVERIFY(!p.host.isEmpty());
    QCOMPARE(p.appVersion, QStringLiteral("0.1.0"));
    QVERIFY(!p.appCommit.isEmpty());
}

void TestRunRecord::saveAndLoad()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QVERIFY(saveRunRecord(path, sampleRecord()).ok());
    Result<RunRecord> r = loadRunRecord(path);
    QVERIFY(r.ok());
    QCOMPARE(r->id, sampleRecord().id);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{\"schemaVersion\": 1, \"id\": 3}");
    f.close();
    r = loadRunRecord(path);
    QVERIFY(!r.ok());
    QVERIFY(r.error().location.startsWith(path));
}

QTEST_GUILESS_MAIN(TestRunRecord)
#include "tst_runrecord.moc"
