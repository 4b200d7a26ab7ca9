// Importing real-world WebVTT and SRT files (fixtures under tests/fixtures/cues) and
// rejecting malformed ones with the line at fault.
#include "cues/subtitleimporter.h"
#include "cues/subtitleparser.h"

#include <QtTest>

#include "testsupport.h"

using namespace greenlight;

namespace {

QString fixture(const QString &name) { return test::sourceDir() + QStringLiteral("/tests/fixtures/cues/") + name; }

SubtitleImportOptions options(Rational fps = {30, 1}, int rate = 48000)
{
    SubtitleImportOptions o;
    o.fps = fps;
    o.sampleRate = rate;
    return o;
}

} // namespace

class TstSubtitleImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void importsRealWorldFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("cues");
        QTest::addColumn<qint64>("firstStart_ms");
        QTest::addColumn<qint64>("lastEnd_ms");
        QTest::addColumn<QString>("firstText");
        QTest::addColumn<int>("warnings");
        QTest::newRow("BOM + CRLF") << QStringLiteral("bom-crlf.vtt") << QStringLiteral("webvtt") << 2 << qint64(500) << qint64(4250)
                                    << QStringLiteral("Hello there,\nfriend.") << 0;
        QTest::newRow("NOTE/STYLE/REGION") << QStringLiteral("notes-styles.vtt") << QStringLiteral("webvtt") << 2 << qint64(1000) << qint64(5500)
                                           << QStringLiteral("First cue with an identifier.") << 0;
        QTest::newRow("hours omitted") << QStringLiteral("hours-omitted.vtt") << QStringLiteral("webvtt") << 3 << qint64(1000) << qint64(3601000)
                                       << QStringLiteral("Minutes and seconds only.") << 0;
        QTest::newRow("settings + voices") << QStringLiteral("settings-voices.vtt") << QStringLiteral("webvtt") << 3 << qint64(0) << qint64(4000)
                                           << QStringLiteral("We are in New York City") << 0;
        QTest::newRow("SRT comma decimals") << QStringLiteral("comma-decimal.srt") << QStringLiteral("srt") << 3 << qint64(1000) << qint64(5000)
                                            << QStringLiteral("Comma decimals in SRT.") << 0;
        QTest::newRow("SRT missing blank line") << QStringLiteral("missing-blank-line.srt") << QStringLiteral("srt") << 3 << qint64(0) << qint64(3000)
                                                << QStringLiteral("First.") << 1;
    }
    void importsRealWorldFiles()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(int, cues);
        QFETCH(qint64, firstStart_ms);
        QFETCH(qint64, lastEnd_ms);
        QFETCH(QString, firstText);
        QFETCH(int, warnings);
        QStringList w;
        const Result<CueTimeline> t = SubtitleImporter::importFile(fixture(file), options(), &w);
        QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().toString()));
        QCOMPARE(t->origin.kind, QStringLiteral("import"));
        QCOMPARE(*t->origin.format, format);
        QCOMPARE(t->segments.size(), cues);
        QCOMPARE(w.size(), warnings);
        const TimeBase tb = t->timeBase();
        QCOMPARE(t->segments.first().startSample, tb.msToSamples(firstStart_ms));
        QCOMPARE(t->segments.first().startFrame, tb.msToFrames(firstStart_ms));
        QCOMPARE(t->segments.last().endSample, tb.msToSamples(lastEnd_ms));
        QCOMPARE(t->segments.first().sourceText, firstText);
        QVERIFY(t->check().ok());
        for (const CueSegment &s : t->segments) {
            QVERIFY(!s.words.isEmpty());
            for (const CueWord &word : s.words)
                QCOMPARE(toString(word.source), toString(TimingSource::Estimate));
            QCOMPARE(s.words.first().startSample, s.startSample);
            QCOMPARE(s.words.last().endSample, s.endSample);
            QVERIFY(!s.sourceText.contains(QLatin1Char('<')) || s.sourceText.contains(QStringLiteral("<text>")));
        }
    }

    void voicesTagsAndEntities()
    {
        const Result<CueTimeline> t = SubtitleImporter::importFile(fixture(QStringLiteral("settings-voices.vtt")), options());
        QVERIFY(t.ok());
        QCOMPARE(t->segments[0].id, QStringLiteral("a1"));
        QCOMPARE(*t->segments[0].speaker, QStringLiteral("Roger Bingham"));
        QCOMPARE(*t->segments[1].speaker, QStringLiteral("Esme"));
        QCOMPARE(t->segments[1].sourceText, QStringLiteral("It's loud & bright here"));
        QCOMPARE(t->segments[2].sourceText, QStringLiteral("Plain <text>"));
        QVERIFY(!t->segments[2].speaker);
        QCOMPARE(t->segments[2].id, QStringLiteral("cue-3"));

        const Result<ParsedSubtitles> p = SubtitleParser::parse(QByteArray("WEBVTT\n\n00:00.000 --> 00:01.000 align:start position:10%\nx\n"), QStringLiteral("f"));
        QVERIFY(p.ok());
        QCOMPARE(p->cues[0].settings, QStringLiteral("align:start position:10%"));
        QCOMPARE(SubtitleParser::stripMarkup(QStringLiteral("{\\an8}<i>Top</i>"), false), QStringLiteral("Top"));
    }

    void hoursOmittedAndExactTimes()
    {
        const Result<CueTimeline> t = SubtitleImporter::importFile(fixture(QStringLiteral("hours-omitted.vtt")),
                                                                   options({30000, 1001}, 22050));
        QVERIFY(t.ok());
        // 01:02.033 -> 62033 ms -> 62033 * 22050 / 1000 = 1367827.65 samples -> 1367828.
        QCOMPARE(t->segments[1].startSample, 1367828);
        // 62033 ms at 29.97 fps = 1859.14 frames -> 1859.
        QCOMPARE(t->segments[1].startFrame, 1859);
        QCOMPARE(t->segments[2].startSample, qint64(3600) * 22050);
        QCOMPARE(SubtitleParser::parseTimestamp(QStringLiteral("12:34:56.789")), std::optional<qint64>(45296789));
        QCOMPARE(SubtitleParser::parseTimestamp(QStringLiteral("00:01,5")), std::optional<qint64>(1500));
        QVERIFY(!SubtitleParser::parseTimestamp(QStringLiteral("00:61.000")));
        QVERIFY(!SubtitleParser::parseTimestamp(QStringLiteral("1.000")));
    }

    void bindsScenesWithASpec()
    {
        VideoSpec spec;
        spec.id = QStringLiteral("demo");
        spec.canvas.fps = {30, 1};
        Scene a;
        a.id = QStringLiteral("hook");
        a.durationFrames = 60;
        Scene b;
        b.id = QStringLiteral("body");
        b.durationFrames = 300;
        spec.scenes = {a, b};
        SubtitleImportOptions o = options();
        o.spec = &spec;
        const Result<CueTimeline> t = SubtitleImporter::importFile(fixture(QStringLiteral("notes-styles.vtt")), o);
        QVERIFY(t.ok());
        QCOMPARE(*t->specId, QStringLiteral("demo"));
        QCOMPARE(*t->segments[0].scene, QStringLiteral("hook")); // starts at frame 30
        QCOMPARE(*t->segments[1].scene, QStringLiteral("body")); // starts at frame 90
    }

    void rejectsMalformedFiles_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("bad timestamp") << QStringLiteral("bad-timestamp.vtt") << 6 << QStringLiteral("00:00:3.00x");
        QTest::newRow("end before start") << QStringLiteral("end-before-start.srt") << 6 << QStringLiteral("before it starts");
        QTest::newRow("bad header") << QStringLiteral("bad-header.vtt") << 1 << QStringLiteral("WEBVTT");
        QTest::newRow("missing timing line") << QStringLiteral("missing-timing.srt") << 6 << QStringLiteral("after cue number 2");
        QTest::newRow("stray text") << QStringLiteral("garbage.srt") << 5 << QStringLiteral("Some stray text");
    }
    void rejectsMalformedFiles()
    {
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, mentions);
        const Result<CueTimeline> t = SubtitleImporter::importFile(fixture(file), options());
        QVERIFY(!t.ok());
        QCOMPARE(t.error().code, QStringLiteral("cues.parse"));
        QCOMPARE(t.error().location, fixture(file) + QLatin1Char(':') + QString::number(line));
        QVERIFY2(t.error().message.contains(mentions), qPrintable(t.error().message));
    }

    void webVttWithoutBlankLineBetweenCues()
    {
        const QByteArray text("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nOne\n2\n00:00:02.000 --> 00:00:03.000\nTwo\n");
        QStringList w;
        const Result<CueTimeline> t = SubtitleImporter::importBytes(text, QStringLiteral("inline.vtt"), options(), &w);
        QVERIFY(t.ok());
        QCOMPARE(t->segments.size(), 2);
        QCOMPARE(t->segments[0].sourceText, QStringLiteral("One"));
        QCOMPARE(t->segments[1].id, QStringLiteral("2"));
        QCOMPARE(w.size(), 1);
        QVERIFY(w[0].startsWith(QStringLiteral("inline.vtt:7:")));
    }

    void emptyAndUnreadable()
    {
        const Result<CueTimeline> empty = SubtitleImporter::importBytes("WEBVTT\n", QStringLiteral("e.vtt"), options());
        QVERIFY(empty.ok());
        QVERIFY(empty->segments.isEmpty());
        const Result<CueTimeline> missing = SubtitleImporter::importFile(fixture(QStringLiteral("nope.vtt")), options());
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QStringLiteral("io.read"));
    }
};

QTEST_GUILESS_MAIN(TstSubtitleImport)
#include "tst_subtitleimport.moc"
