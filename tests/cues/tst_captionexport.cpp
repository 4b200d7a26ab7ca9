// WebVTT/SRT export: readable line and cue splitting from the caption style, exact output.
#include "cues/captionlayout.h"
#include "cues/subtitleimporter.h"
#include "cues/subtitlewriter.h"
#include "tts/wordspans.h"

#include <QtTest>

using namespace greenlight;

namespace {

// A segment whose words are timed evenly, `wordDuration_ms` each, no gaps.
CueSegment evenlyTimed(const QString &id, const QString &text, qint64 start_ms, int wordDuration_ms, int rate = 48000)
{
    CueSegment s;
    s.id = id;
    s.scene = QStringLiteral("body");
    s.sourceText = text;
    s.spokenText = text;
    s.charEnd = codePointLength(text);
    qint64 t = start_ms * rate / 1000;
    s.startSample = t;
    for (const WordSpan &w : splitWords(text)) {
        const qint64 d = qint64(wordDuration_ms) * rate / 1000;
        s.words.append({codePointMid(text, w.charStart, w.length()), w.charStart, w.charEnd, t, t + d, TimingSource::Engine});
        t += d;
    }
    s.endSample = t;
    return s;
}

CueTimeline timelineOf(const QList<CueSegment> &segments, Rational fps = {30, 1})
{
    CueTimeline t;
    t.sampleRate = 48000;
    t.fps = fps;
    t.segments = segments;
    t.placeFrames();
    return t;
}

QString allText(const QList<CaptionCue> &cues)
{
    QStringList parts;
    for (const CaptionCue &c : cues)
        parts += c.lines;
    return parts.join(QLatin1Char(' '));
}

const QString kParagraph = QStringLiteral(
    "Greenlight is a desktop review desk for spec-driven video. Producers shape a typed video spec in forms; "
    "the desk renders it and voices its narration, locally or through a commercial API. Editors review the output "
    "frame by frame. Everything leaves inspectable artifacts beside the video.");

} // namespace

class TstCaptionExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void breaksLinesBalanced()
    {
        const QStringList pieces = QStringLiteral("We ship the narration cues with every single run of the desk.")
                                       .split(QLatin1Char(' '));
        QStringList spaced;
        for (const QString &p : pieces)
            spaced.append(p + QLatin1Char(' '));
        const QStringList lines = CaptionLayout::breakLines(spaced, 42, 2);
        QCOMPARE(lines.size(), 2);
        QVERIFY(std::abs(lines[0].size() - lines[1].size()) <= 12);
        QCOMPARE(lines.join(QLatin1Char(' ')), QStringLiteral("We ship the narration cues with every single run of the desk."));
        QCOMPARE(CaptionLayout::breakLines({QStringLiteral("Short ")}, 42, 2), QStringList{QStringLiteral("Short")});
    }

    void prefersPunctuationForLineBreaks()
    {
        const QString text = QStringLiteral("Well, the desk renders it and voices its narration right away.");
        QStringList pieces;
        for (const QString &p : text.split(QLatin1Char(' ')))
            pieces.append(p + QLatin1Char(' '));
        // Sentence end inside: "First one. Then the second part goes on for a while."
        QStringList p2;
        for (const QString &p : QStringLiteral("The first part ends here. Then the second part runs on.").split(QLatin1Char(' ')))
            p2.append(p + QLatin1Char(' '));
        const QStringList lines = CaptionLayout::breakLines(p2, 42, 2);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], QStringLiteral("The first part ends here."));
        QVERIFY(CaptionLayout::breakLines(pieces, 42, 2).size() == 2);
    }

    void splitsByLengthNeverMidWord()
    {
        const CueTimeline t = timelineOf({evenlyTimed(QStringLiteral("s1"), kParagraph, 500, 300)});
        const CaptionRules rules = CaptionRules::fromStyle(std::nullopt, t.fps);
        QCOMPARE(rules.maxCharsPerLine, 42);
        QCOMPARE(rules.maxLines, 2);
        QCOMPARE(rules.minDurationFrames, 25);
        QCOMPARE(rules.maxDurationFrames, 210);
        const QList<CaptionCue> cues = CaptionLayout::layout(t, rules);
        QVERIFY(cues.size() >= 4);
        QCOMPARE(allText(cues), kParagraph.simplified());
        for (qsizetype i = 0; i < cues.size(); ++i) {
            const CaptionCue &c = cues[i];
            QVERIFY(c.lines.size() >= 1 && c.lines.size() <= 2);
            for (const QString &l : c.lines)
                QVERIFY2(l.size() <= 42, qPrintable(l));
            QVERIFY(c.endFrame > c.startFrame);
            QVERIFY(c.endFrame - c.startFrame <= rules.maxDurationFrames);
            if (i > 0)
                QVERIFY(c.startFrame >= cues[i - 1].endFrame);
        }
        // Sentence ends are preferred as cue ends: most cues end with punctuation.
        int punctuated = 0;
        for (const CaptionCue &c : cues)
            punctuated += c.lines.last().endsWith(QLatin1Char('.')) || c.lines.last().endsWith(QLatin1Char(';'))
                          || c.lines.last().endsWith(QLatin1Char(','));
        QVERIFY2(punctuated * 2 >= cues.size(), qPrintable(QString::number(punctuated)));
        // Cue times are the words' times (first cue starts with the first word, at 0.5 s).
        QCOMPARE(cues.first().startFrame, 15);
    }

    void splitsByDuration()
    {
        // One word per second: a 3 s limit allows three words per cue.
        const CueTimeline t = timelineOf({evenlyTimed(QStringLiteral("slow"), QStringLiteral("one two three four five six seven"), 0, 1000)});
        CaptionStyle style;
        style.maxDurationFrames = 90;
        style.minDurationFrames = 10;
        const QList<CaptionCue> cues = CaptionLayout::layout(t, CaptionRules::fromStyle(style, t.fps));
        QCOMPARE(cues.size(), 3);
        QCOMPARE(cues[0].lines, QStringList{QStringLiteral("one two three")});
        QCOMPARE(cues[0].startFrame, 0);
        QCOMPARE(cues[0].endFrame, 90);
        QCOMPARE(cues[2].lines, QStringList{QStringLiteral("seven")});
    }

    void narrowStyleAndMinimumDuration()
    {
        CaptionStyle style;
        style.maxCharsPerLine = 16;
        style.maxLines = 1;
        style.minDurationFrames = 30;
        const CueTimeline t = timelineOf({evenlyTimed(QStringLiteral("a"), QStringLiteral("Fast words go by quickly here."), 0, 100),
                                          evenlyTimed(QStringLiteral("b"), QStringLiteral("Next."), 2000, 100)});
        const QList<CaptionCue> cues = CaptionLayout::layout(t, CaptionRules::fromStyle(style, t.fps));
        QVERIFY(cues.size() >= 3);
        for (const CaptionCue &c : cues) {
            QCOMPARE(c.lines.size(), 1);
            QVERIFY(c.lines[0].size() <= 16);
        }
        // Lengthened to 30 frames where the next cue allows it, never overlapping it.
        for (qsizetype i = 0; i + 1 < cues.size(); ++i)
            QVERIFY(cues[i].endFrame <= cues[i + 1].startFrame);
        QCOMPARE(cues.last().endFrame - cues.last().startFrame, 30);
        QCOMPARE(cues.last().segmentId, QStringLiteral("b"));
    }

    void pauseStartsANewCue()
    {
        CueSegment s = evenlyTimed(QStringLiteral("p"), QStringLiteral("Before the pause after it"), 0, 200);
        for (qsizetype k = 3; k < s.words.size(); ++k) {
            s.words[k].startSample += 48000 * 2;
            s.words[k].endSample += 48000 * 2;
        }
        s.endSample = s.words.last().endSample;
        const CueTimeline t = timelineOf({s});
        const QList<CaptionCue> cues = CaptionLayout::layout(t, CaptionRules::fromStyle(std::nullopt, t.fps));
        QCOMPARE(cues.size(), 2);
        QCOMPARE(cues[0].lines, QStringList{QStringLiteral("Before the pause")});
    }

    void writesExactWebVttAndSrt()
    {
        QList<CaptionCue> cues;
        cues.append({0, 45, {QStringLiteral("Fish & chips <today>"), QStringLiteral("second line")}, QStringLiteral("a"), QStringLiteral("Roger")});
        cues.append({108030, 108061, {QStringLiteral("An hour in.")}, QStringLiteral("b"), std::nullopt});
        const QByteArray vtt = SubtitleWriter::toWebVtt(cues, {30, 1});
        QCOMPARE(vtt, QByteArray("WEBVTT\n\n"
                                 "1\n00:00:00.000 --> 00:00:01.500\n<v Roger>Fish &amp; chips &lt;today&gt;\nsecond line\n\n"
                                 "2\n01:00:01.000 --> 01:00:02.033\nAn hour in.\n\n"));
        const QByteArray srt = SubtitleWriter::toSrt(cues, {30, 1});
        QCOMPARE(srt, QByteArray("1\n00:00:00,000 --> 00:00:01,500\nFish & chips <today>\nsecond line\n\n"
                                 "2\n01:00:01,000 --> 01:00:02,033\nAn hour in.\n\n"));
    }

    void exportThenImportKeepsFrames()
    {
        const Rational fps{30000, 1001};
        const CueTimeline t = timelineOf({evenlyTimed(QStringLiteral("s1"), kParagraph, 1234, 277)}, fps);
        const QList<CaptionCue> cues = CaptionLayout::layout(t, CaptionRules::fromStyle(std::nullopt, fps));
        for (const bool vtt : {true, false}) {
            const QByteArray bytes = vtt ? SubtitleWriter::toWebVtt(cues, fps) : SubtitleWriter::toSrt(cues, fps);
            SubtitleImportOptions o;
            o.fps = fps;
            o.sampleRate = 48000;
            const Result<CueTimeline> back = SubtitleImporter::importBytes(bytes, QStringLiteral("x"), o);
            QVERIFY(back.ok());
            QCOMPARE(back->segments.size(), cues.size());
            for (qsizetype i = 0; i < cues.size(); ++i) {
                QCOMPARE(back->segments[i].startFrame, cues[i].startFrame);
                QCOMPARE(back->segments[i].endFrame, cues[i].endFrame);
                QCOMPARE(back->segments[i].sourceText, cues[i].lines.join(QLatin1Char('\n')));
            }
            QVERIFY(back->check().ok());
        }
    }
};

QTEST_GUILESS_MAIN(TstCaptionExport)
#include "tst_captionexport.moc"
