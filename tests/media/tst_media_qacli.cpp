#include "mediafixtures.h"

#include "common/jsonio.h"

#include <QTemporaryDir>

using namespace greenlight;
using namespace greenlight::test;

namespace {

Json parse(const QByteArray &text)
{
    const Result<Json> j = parseJson(text, QStringLiteral("stdout"));
    return j.ok() ? *j : Json();
}

QStringList codesOf(const Json &doc)
{
    QStringList out;
    for (const Json &f : doc["findings"])
        out << toQString(f["code"].get<std::string>());
    return out;
}

} // namespace

class TestMediaQaCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(S(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(makeClean(path("clean.mp4")));
        QVERIFY(makeSignals(path("signals.mp4")));
        QVERIFY(writeBytes(path("garbage.mp4"), QByteArray(8192, '\x5a')));
        // A run folder: the render and the props it was made from (a 640x360 canvas).
        QVERIFY(QDir().mkpath(path("run")));
        QVERIFY(QFile::copy(path("clean.mp4"), path("run/output.mp4")));
        QVERIFY(writeBytes(path("run/props.json"),
                           R"({"canvas": {"width": 640, "height": 360, "fps": {"num": 30, "den": 1}},
                               "durationFrames": 120})"));
    }

    void cleanExitsZero()
    {
        const ProcessResult r = runCli(args({"qa", "--json", "--expect-width", "320", "--expect-height", "240",
                                             "--expect-fps", "30/1", "--expect-frames", "120"})
                                       << path("clean.mp4"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const Json doc = parse(r.out);
        QCOMPARE(doc["schemaVersion"].get<int>(), 1);
        QVERIFY(doc["findings"].is_array());
        QCOMPARE(doc["findings"].size(), size_t(0));
        QCOMPARE(doc["measurements"]["media"]["video"][0]["width"].get<int>(), 320);
        QVERIFY(doc["measurements"]["signals"]["audio"].contains("integratedLufs"));
    }

    void blockersExitOne()
    {
        const QString signalsOut = path("signals.json");
        const ProcessResult r = runCli(args({"qa", "--json", "--signals-out"}) << signalsOut << path("signals.mp4"));
        QCOMPARE(r.exitCode, 1);
        const Json doc = parse(r.out);
        const QStringList codes = codesOf(doc);
        QVERIFY2(codes.contains(S("qa.black.span")), qPrintable(codes.join(QLatin1Char(','))));
        QVERIFY(codes.contains(S("qa.frozen.span")));
        QVERIFY(codes.contains(S("qa.silence.span")));
        for (const Json &f : doc["findings"])
            QCOMPARE(f["stage"].get<std::string>(), std::string("deterministic"));

        const Result<Json> series = readJsonFile(signalsOut);
        QVERIFY(series.ok());
        QCOMPARE((*series)["frameCount"].get<int>(), 120);
        QCOMPARE((*series)["video"]["lumaMean"].size(), size_t(120));

        // The human report names the codes and frames too.
        const ProcessResult human = runCli(args({"qa"}) << path("signals.mp4"));
        QCOMPARE(human.exitCode, 1);
        QVERIFY(human.out.contains("qa.black.span"));
        QVERIFY(human.out.contains("LUFS"));
    }

    void unusableInputExitsTwo()
    {
        const ProcessResult r = runCli(args({"qa", "--json"}) << path("garbage.mp4"));
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(codesOf(parse(r.out)), QStringList{S("qa.media.unreadable")});
        QCOMPARE(runCli(args({"qa"}) << path("missing.mp4")).exitCode, 2);
        QCOMPARE(runCli(args({"qa", "--expect-fps", "fast"}) << path("clean.mp4")).exitCode, 2);
        QCOMPARE(runCli(args({"qa", "--baseline"}) << path("garbage.mp4") << path("clean.mp4")).exitCode, 2);
    }

    void runFolderTakesPropsExpectations()
    {
        const ProcessResult r = runCli(args({"qa", "--json"}) << path("run"));
        QCOMPARE(r.exitCode, 1);
        const Json doc = parse(r.out);
        QVERIFY2(codesOf(doc).contains(S("qa.dimensions.mismatch")), r.out.constData());
        QVERIFY(!codesOf(doc).contains(S("qa.duration.mismatch")));
    }

    void thresholdsFile()
    {
        QVERIFY(writeBytes(path("t.json"), R"({"allowedSpans": {"black": [{"start": 0, "end": 60}]},
                                              "severities": {"qa.frozen.span": "info", "qa.silence.span": "info"}})"));
        const ProcessResult r = runCli(args({"qa", "--json", "--thresholds"}) << path("t.json") << path("signals.mp4"));
        QCOMPARE(r.exitCode, 0);
        QVERIFY(!codesOf(parse(r.out)).contains(S("qa.black.span")));
        QVERIFY(writeBytes(path("bad.json"), R"({"loudnessTarget": -14})"));
        const ProcessResult bad = runCli(args({"qa", "--thresholds"}) << path("bad.json") << path("signals.mp4"));
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("/loudnessTarget"));
    }

    void probeVerb()
    {
        const ProcessResult r = runCli(args({"probe", "--json"}) << path("clean.mp4"));
        QCOMPARE(r.exitCode, 0);
        const Json doc = parse(r.out);
        QCOMPARE(doc["video"][0]["width"].get<int>(), 320);
        QCOMPARE(doc["video"][0]["frameCount"].get<int>(), 120);
        QCOMPARE(doc["kind"].get<std::string>(), std::string("video"));
        const ProcessResult human = runCli(args({"probe"}) << path("clean.mp4"));
        QCOMPARE(human.exitCode, 0);
        QVERIFY(human.out.contains("320x240"));
        QCOMPARE(runCli(args({"probe"}) << path("garbage.mp4")).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestMediaQaCli)
#include "tst_media_qacli.moc"
