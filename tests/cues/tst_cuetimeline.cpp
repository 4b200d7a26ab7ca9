// The cue timeline contract: JSON round trip, schema validation, rules, exact time bases.
#include "cues/cuetimeline.h"

#include "common/jsonio.h"

#include <QTemporaryDir>
#include <QtTest>

#include "cueschema.h"
#include "testsupport.h"

using namespace greenlight;

namespace {

CueTimeline sampleTimeline()
{
    CueTimeline t;
    t.specId = QStringLiteral("launch-teaser");
    t.variant = QStringLiteral("short");
    t.runId = QStringLiteral("20240101-120000-tts-1a2b");
    t.sampleRate = 48000;
    t.fps = {30000, 1001};
    t.durationSamples = 96000;
    CueSegment s;
    s.id = QStringLiteral("hook-1");
    s.scene = QStringLiteral("hook");
    s.narrationSegment = QStringLiteral("n-hook");
    s.narrationIndex = 0;
    s.captionLine = QStringLiteral("line-1");
    s.sourceText = QString::fromUtf8("Ship GL caf\xC3\xA9 \xF0\x9F\x9A\x80 today.");
    s.spokenText = QString::fromUtf8("Ship green light caf\xC3\xA9 \xF0\x9F\x9A\x80 today.");
    s.charStart = 0;
    s.charEnd = 21;
    s.startSample = 4800;
    s.endSample = 52800;
    s.engine = CueEngine{QStringLiteral("espeak-ng"), QStringLiteral("1.51"), QStringLiteral("local"),
                         QStringLiteral("en-us"), std::nullopt};
    s.words = {{QStringLiteral("Ship"), 0, 4, 4800, 12000, TimingSource::Engine},
               {QStringLiteral("GL"), 5, 7, 12000, 24000, TimingSource::ForcedAlignment},
               {QString::fromUtf8("caf\xC3\xA9"), 8, 12, 24000, 33000, TimingSource::Engine},
               {QString::fromUtf8("\xF0\x9F\x9A\x80"), 13, 14, 33000, 40000, TimingSource::Estimate},
               {QStringLiteral("today"), 15, 20, 40000, 52000, TimingSource::Engine}};
    t.segments.append(s);
    CueSegment s2;
    s2.id = QStringLiteral("body-1");
    s2.scene = QStringLiteral("body");
    s2.sourceText = QStringLiteral("Second.");
    s2.spokenText = s2.sourceText;
    s2.charEnd = 7;
    s2.startSample = 60000;
    s2.endSample = 90000;
    s2.engine = CueEngine{QStringLiteral("kokoro"), QStringLiteral("0.2"), QStringLiteral("remote-self-hosted"),
                          std::nullopt, QStringLiteral("kokoro-v1")};
    s2.words = {{QStringLiteral("Second"), 0, 6, 60000, 89000, TimingSource::ForcedAlignment}};
    t.segments.append(s2);
    t.placeFrames();
    return t;
}

} // namespace

class TstCueTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        const CueTimeline t = sampleTimeline();
        QVERIFY(t.check().ok());
        const Json j = t.toJson();
        Result<CueTimeline> back = CueTimeline::fromJson(j);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
        QCOMPARE(back->toJson(), j);
        QCOMPARE(back->fps, (Rational{30000, 1001}));
        QCOMPARE(back->segments[0].words[3].charStart, 13); // code points, not UTF-16 units
        QCOMPARE(toString(back->segments[0].words[1].source), toString(TimingSource::ForcedAlignment));
        QCOMPARE(back->segments[1].engine->runtimeClass, QStringLiteral("remote-self-hosted"));
        QCOMPARE(back->segments[0].startFrame, 2); // 4800 samples at 48 kHz = 0.1 s -> frame 2 at 29.97
        QCOMPARE(back->segments[0].endFrame, 33);  // 1.1 s -> ceil(32.97)

        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("cues.json"));
        QVERIFY(saveCueTimeline(path, t).ok());
        Result<CueTimeline> loaded = loadCueTimeline(path);
        QVERIFY(loaded.ok());
        QCOMPARE(loaded->toJson(), j);
    }

    void validatesAgainstSchema()
    {
        QString why;
        QVERIFY2(test::cuesSchemaValid(sampleTimeline().toJson(), &why), qPrintable(why));
        CueTimeline empty;
        QVERIFY(test::cuesSchemaValid(empty.toJson()));

        Json bad = sampleTimeline().toJson();
        bad["segments"][0]["words"][0]["source"] = "guess";
        QVERIFY(!test::cuesSchemaValid(bad));
        Json bad2 = sampleTimeline().toJson();
        bad2["segments"][0]["engine"]["runtimeClass"] = "cloud";
        QVERIFY(!test::cuesSchemaValid(bad2));
        Json bad3 = sampleTimeline().toJson();
        bad3["fps"] = Json{{"num", 30}};
        QVERIFY(!test::cuesSchemaValid(bad3));
        Json bad4 = sampleTimeline().toJson();
        bad4["schemaVersion"] = 2;
        QVERIFY(!test::cuesSchemaValid(bad4));
    }

    void rulesNameThePointer_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("expectedLocation");
        QTest::newRow("word span past text") << QStringLiteral("/segments/0/words/4/charEnd") << QStringLiteral("/segments/0/words/4/charStart");
        QTest::newRow("word before segment") << QStringLiteral("/segments/0/words/0/startSample") << QStringLiteral("/segments/0/words/0/startSample");
        QTest::newRow("segments out of order") << QStringLiteral("/segments/1/startSample") << QStringLiteral("/segments/1/startSample");
        QTest::newRow("duplicate id") << QStringLiteral("/segments/1/id") << QStringLiteral("/segments/1/id");
    }
    void rulesNameThePointer()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, expectedLocation);
        Json j = sampleTimeline().toJson();
        Json &v = j[Json::json_pointer(toStd(pointer))];
        if (pointer.endsWith(QLatin1String("charEnd")))
            v = 99;
        else if (pointer == QLatin1String("/segments/0/words/0/startSample"))
            v = 100;
        else if (pointer == QLatin1String("/segments/1/startSample"))
            v = 10;
        else
            v = "hook-1";
        const Result<CueTimeline> r = CueTimeline::fromJson(j);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("cues.invalid"));
        QCOMPARE(r.error().location, expectedLocation);
    }

    void missingFieldsAreErrors()
    {
        Json j = sampleTimeline().toJson();
        j["segments"][1].erase("spokenText");
        const Result<CueTimeline> r = CueTimeline::fromJson(j);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().location, QStringLiteral("/segments/1/spokenText"));
        Json k = sampleTimeline().toJson();
        k["schemaVersion"] = 7;
        QVERIFY(!CueTimeline::fromJson(k).ok());
    }

    void timeBaseIsExact()
    {
        const TimeBase ntsc{48000, {30000, 1001}};
        QCOMPARE(ntsc.framesToSamples(30), 48048);          // 30 frames = 1.001 s
        QCOMPARE(ntsc.samplesToFramesFloor(48048), 30);
        QCOMPARE(ntsc.samplesToFramesFloor(48047), 29);
        QCOMPARE(ntsc.samplesToFramesCeil(48049), 31);
        QCOMPARE(ntsc.framesToMs(1), 33);
        QCOMPARE(ntsc.msToFrames(1001), 30);
        const TimeBase sr22{22050, {25, 1}};
        QCOMPARE(sr22.msToSamples(1000), 22050);
        QCOMPARE(sr22.msToSamples(1), 22);    // 22.05 rounds down
        QCOMPARE(sr22.msToSamples(10), 221);  // 220.5 rounds up
        // Every frame survives frame -> ms -> frame at common rates.
        for (const Rational fps : {Rational{24, 1}, Rational{25, 1}, Rational{30000, 1001}, Rational{60, 1},
                                   Rational{24000, 1001}, Rational{120, 1}}) {
            const TimeBase tb{48000, fps};
            for (qint64 f = 0; f < 20000; f += 7)
                QCOMPARE(tb.msToFrames(tb.framesToMs(f)), f);
        }
        QVERIFY(timingSourceFromString(QStringLiteral("estimate")) == TimingSource::Estimate);
        QVERIFY(!timingSourceFromString(QStringLiteral("guess")));
    }
};

QTEST_GUILESS_MAIN(TstCueTimeline)
#include "tst_cuetimeline.moc"
