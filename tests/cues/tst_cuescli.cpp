// The cues and speak verbs of greenlight-cli, end to end: demo spec narration voiced
// locally -> cues.json -> WebVTT/SRT with the spec's caption style -> import again.
#include "cues/captionlayout.h"
#include "cues/cuesegmentbuilder.h"
#include "cues/cuetimeline.h"
#include "tts/espeakengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "cueschema.h"
#include "testsupport.h"

using namespace greenlight;

namespace {

QString demoSpec() { return test::sourceDir() + QStringLiteral("/resources/demo/specs/launch-teaser.greenlight.json"); }

// What the narration run does, in small: each spec narration segment voiced at its place.
Result<CueTimeline> voiceDemo()
{
    Result<VideoSpec> spec = loadVideoSpec(demoSpec());
    if (!spec)
        return spec.error();
    CueTimeline t;
    t.specId = spec->id;
    t.sampleRate = 48000;
    t.fps = spec->canvas.fps;
    EspeakEngine engine;
    const QList<Pronunciation> pronunciations = spec->pronunciations.value_or(QList<Pronunciation>());
    for (int i = 0; i < spec->narration->segments.size(); ++i) {
        const NarrationSegment &n = spec->narration->segments[i];
        const SpokenText spoken = SpokenText::build(n.text, pronunciations, SpokenText::Phonemes::Espeak);
        SynthesisRequest request;
        request.text = spoken.text();
        request.voice = spec->narration->voice;
        Result<SynthesisResult> r = engine.synthesize(request, {});
        if (!r)
            return r.error();
        const qint64 frame = *CueSegmentBuilder::placementFrame(*spec, i);
        CueSegment seg = CueSegmentBuilder::fromSynthesis(
            spoken, *r, {engine.name(), engine.version(), engine.runtimeClass(), request.voice, std::nullopt},
            t.timeBase().framesToSamples(frame), t.timeBase());
        seg.id = n.id.value_or(QStringLiteral("n%1").arg(i));
        seg.scene = n.scene;
        seg.narrationSegment = n.id;
        seg.narrationIndex = i;
        t.segments.append(seg);
    }
    return t;
}

} // namespace

class TstCuesCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void exportsWithTheSpecStyle()
    {
        // Left in test-output/cues for a look after the run.
        const QDir dir(test::outputDir(QStringLiteral("cues")));
        Result<CueTimeline> t = voiceDemo();
        QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().toString()));
        QVERIFY(t->check().ok());
        const QString cues = dir.filePath(QStringLiteral("cues.json"));
        QVERIFY(saveCueTimeline(cues, *t).ok());
        QString why;
        QVERIFY2(test::cuesSchemaValid(t->toJson(), &why), qPrintable(why));

        const QString vtt = dir.filePath(QStringLiteral("captions.vtt"));
        test::ProcessResult r = test::runCli({QStringLiteral("cues"), QStringLiteral("export"), cues,
                                              QStringLiteral("--spec"), demoSpec(), QStringLiteral("-o"), vtt});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile f(vtt);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(f.readAll());
        QVERIFY(text.startsWith(QStringLiteral("WEBVTT\n\n1\n00:00:")));
        QVERIFY(text.contains(QStringLiteral("Ship AI video you can trust.")));
        for (const QString &line : text.split(QLatin1Char('\n')))
            QVERIFY2(line.size() <= 32, qPrintable(line)); // the demo's maxCharsPerLine

        r = test::runCli({QStringLiteral("cues"), QStringLiteral("export"), cues, QStringLiteral("--format"),
                          QStringLiteral("srt")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("1\n00:00:"));
        QVERIFY(r.out.contains(" --> "));
        QVERIFY(r.out.contains(","));

        // And back: the exported captions import as a timeline bound to the demo's scenes.
        const QString back = dir.filePath(QStringLiteral("back.json"));
        r = test::runCli({QStringLiteral("cues"), QStringLiteral("import"), vtt, QStringLiteral("--fps"),
                          QStringLiteral("30/1"), QStringLiteral("--spec"), demoSpec(), QStringLiteral("-o"), back});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Result<CueTimeline> imported = loadCueTimeline(back);
        QVERIFY(imported.ok());
        QVERIFY(test::cuesSchemaValid(imported->toJson()));
        QCOMPARE(*imported->segments.first().scene, QStringLiteral("hook"));
        QCOMPARE(*imported->segments.last().scene, QStringLiteral("cta"));
    }

    void importErrorsNameTheLine()
    {
        const QString bad = test::sourceDir() + QStringLiteral("/tests/fixtures/cues/end-before-start.srt");
        const test::ProcessResult r = test::runCli({QStringLiteral("cues"), QStringLiteral("import"), bad,
                                                    QStringLiteral("--fps"), QStringLiteral("25")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("end-before-start.srt:6: the cue ends (00:00:04.000) before it starts"), r.err.constData());

        const test::ProcessResult noFps = test::runCli({QStringLiteral("cues"), QStringLiteral("import"), bad});
        QCOMPARE(noFps.exitCode, 2);
        const test::ProcessResult noFormat =
            test::runCli({QStringLiteral("cues"), QStringLiteral("export"), bad});
        QCOMPARE(noFormat.exitCode, 2);
    }

    void importPrintsJsonToStdout()
    {
        const QString file = test::sourceDir() + QStringLiteral("/tests/fixtures/cues/comma-decimal.srt");
        const test::ProcessResult r = test::runCli({QStringLiteral("cues"), QStringLiteral("import"), file,
                                                    QStringLiteral("--fps"), QStringLiteral("30000/1001"),
                                                    QStringLiteral("--sample-rate"), QStringLiteral("22050")});
        QCOMPARE(r.exitCode, 0);
        Result<Json> j = parseJson(r.out, QStringLiteral("stdout"));
        QVERIFY(j.ok());
        Result<CueTimeline> t = CueTimeline::fromJson(*j);
        QVERIFY(t.ok());
        QCOMPARE(t->sampleRate, 22050);
        QCOMPARE(t->fps, (Rational{30000, 1001}));
        QCOMPARE(t->segments.size(), 3);
    }

    void speaksWithTimings()
    {
        QTemporaryDir dir;
        const QString wav = dir.filePath(QStringLiteral("out.wav"));
        const test::ProcessResult r = test::runCli({QStringLiteral("speak"), QStringLiteral("3 apples cost 12 dollars"),
                                                    QStringLiteral("--voice"), QStringLiteral("en-us"),
                                                    QStringLiteral("-o"), wav, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(o.value(QStringLiteral("engine")).toString(), QStringLiteral("espeak-ng"));
        QCOMPARE(o.value(QStringLiteral("sampleRate")).toInt(), 22050);
        QCOMPARE(o.value(QStringLiteral("words")).toArray().size(), 5);
        QVERIFY(QFileInfo(wav).size() > 44 + 22050);

        const test::ProcessResult human = test::runCli({QStringLiteral("speak"), QStringLiteral("Hello there")});
        QCOMPARE(human.exitCode, 0);
        QVERIFY(human.out.contains("espeak-ng"));
        QVERIFY(human.out.contains("Hello"));
    }
};

QTEST_GUILESS_MAIN(TstCuesCli)
#include "tst_cuescli.moc"
