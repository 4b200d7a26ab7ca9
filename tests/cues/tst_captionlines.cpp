// Explicit caption lines (captions.source = "lines"): scene-relative timing, alignment to the
// narration that says the same words, untimed lines sharing their scene, the style's line
// rules, and cue segments bound to the line they are read in.
#include "cues/captionbuilder.h"
#include "cues/captionlayout.h"
#include "tts/wordspans.h"

#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kRate = 48000;
constexpr qint64 kSamplesPerFrame = kRate / 30; // at 30 fps

// Scenes "a" (30 frames) and "b" (90 frames) at 30 fps; captions from explicit lines.
VideoSpec twoScenes(const QList<CaptionLine> &lines,
                    std::optional<CaptionStyle> style = std::nullopt)
{
    VideoSpec spec;
    spec.id = QStringLiteral("lines");
    spec.canvas = {320, 180, {30, 1}};
    Scene a;
    a.id = QStringLiteral("a");
    a.durationFrames = 30;
    Scene b;
    b.id = QStringLiteral("b");
    b.durationFrames = 90;
    spec.scenes = {a, b};
    spec.durationFrames = 120;
    Captions c;
    c.source = QStringLiteral("lines");
    c.lines = lines;
    c.style = style;
    spec.captions = c;
    return spec;
}

CaptionLine line(const QString &scene, const QString &text,
                 std::optional<qint64> start = std::nullopt,
                 std::optional<qint64> end = std::nullopt, std::optional<QString> id = std::nullopt)
{
    CaptionLine l;
    l.scene = scene;
    l.text = text;
    l.startFrame = start;
    l.endFrame = end;
    l.id = id;
    return l;
}

// A narration segment in `scene` whose words start at `startFrame` and last `wordFrames` each.
CueSegment spoken(const QString &id, const QString &scene, const QString &text, qint64 startFrame,
                  qint64 wordFrames)
{
    CueSegment s;
    s.id = id;
    s.scene = scene;
    s.sourceText = text;
    s.spokenText = text;
    s.charEnd = codePointLength(text);
    qint64 t = startFrame * kSamplesPerFrame;
    s.startSample = t;
    for (const WordSpan &w : splitWords(text)) {
        const qint64 d = wordFrames * kSamplesPerFrame;
        s.words.append({codePointMid(text, w.charStart, w.length()), w.charStart, w.charEnd, t,
                        t + d, TimingSource::Engine});
        t += d;
    }
    s.endSample = t;
    return s;
}

CueTimeline timelineOf(const QList<CueSegment> &segments)
{
    CueTimeline t;
    t.sampleRate = kRate;
    t.fps = {30, 1};
    t.segments = segments;
    t.placeFrames();
    return t;
}

CueTimeline silence()
{
    return timelineOf({});
}

} // namespace

class TstCaptionLines : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framesCountFromTheSceneStart();
    void missingEndRunsToTheSceneEnd();
    void untimedLinesShareTheirScene();
    void untimedLinesFillTheGapBetweenTimedOnes();
    void untimedLinesFollowTheNarrationWords();
    void linesKeepTheStyleRules();
    void shortCuesAreLengthenedNotOverlapped();
    void unknownScenesAndEmptySpansAreLeftOut();
    void narrationSourceIsTheLayout();
    void segmentsAreBoundToTheirLine();
    void piecesKeepWordsWithTheirPunctuation();
};

void TstCaptionLines::framesCountFromTheSceneStart()
{
    const VideoSpec spec =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("Second scene"), 10, 40),
                   line(QStringLiteral("a"), QStringLiteral("First scene"), 0, 30)});
    const QList<CaptionCue> cues = captionsForSpec(spec, silence());
    QCOMPARE(cues.size(), 2);
    QCOMPARE(cues[0].startFrame, 0);
    QCOMPARE(cues[0].endFrame, 30);
    QCOMPARE(cues[0].lines, QStringList{QStringLiteral("First scene")});
    QCOMPARE(cues[1].startFrame, 40); // scene b starts at 30
    QCOMPARE(cues[1].endFrame, 70);
    QCOMPARE(cues[1].lines, QStringList{QStringLiteral("Second scene")});

    const QList<PlacedCaptionLine> placed = placeCaptionLines(spec, silence());
    QCOMPARE(placed.size(), 2);
    QCOMPARE(placed[0].index, 1);
    QCOMPARE(placed[0].timing, QStringLiteral("spec"));
}

void TstCaptionLines::missingEndRunsToTheSceneEnd()
{
    const VideoSpec spec =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("Late start"), 60),
                   line(QStringLiteral("a"), QStringLiteral("Early end"), std::nullopt, 12)});
    const QList<CaptionCue> cues = captionsForSpec(spec, silence());
    QCOMPARE(cues.size(), 2);
    QCOMPARE(cues[0].startFrame, 0);
    QCOMPARE(cues[0].endFrame, 25); // lengthened to the default minimum (5/6 s at 30 fps)
    QCOMPARE(cues[1].startFrame, 90);
    QCOMPARE(cues[1].endFrame, 120);
}

void TstCaptionLines::untimedLinesShareTheirScene()
{
    // 10 and 19 characters: scene b's 90 frames shared in that proportion.
    const VideoSpec spec =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("Ten chars!")),
                   line(QStringLiteral("b"), QStringLiteral("Twenty characters!!"))});
    QCOMPARE(QStringLiteral("Twenty characters!!").size(), 19);
    const QList<PlacedCaptionLine> placed = placeCaptionLines(spec, silence());
    QCOMPARE(placed.size(), 2);
    QCOMPARE(placed[0].timing, QStringLiteral("scene"));
    QCOMPARE(placed[0].startFrame, 30);
    QCOMPARE(placed[0].endFrame, 30 + 90 * 10 / 29);
    QCOMPARE(placed[1].startFrame, placed[0].endFrame);
    QCOMPARE(placed[1].endFrame, 120);
}

void TstCaptionLines::untimedLinesFillTheGapBetweenTimedOnes()
{
    const VideoSpec spec =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("Timed first"), 0, 30),
                   line(QStringLiteral("b"), QStringLiteral("Untimed")),
                   line(QStringLiteral("b"), QStringLiteral("Timed last"), 60, 90)});
    const QList<PlacedCaptionLine> placed = placeCaptionLines(spec, silence());
    QCOMPARE(placed.size(), 3);
    QCOMPARE(placed[1].text, QStringLiteral("Untimed"));
    QCOMPARE(placed[1].startFrame, 60);
    QCOMPARE(placed[1].endFrame, 90);
}

void TstCaptionLines::untimedLinesFollowTheNarrationWords()
{
    // Scene b's narration: six words of 5 frames each from frame 40. The lines say the same
    // words with other punctuation and case; the third line is not spoken.
    const CueTimeline t = timelineOf(
        {spoken(QStringLiteral("s0"), QStringLiteral("a"), QStringLiteral("Hello there."), 0, 5),
         spoken(QStringLiteral("s1"), QStringLiteral("b"),
                QStringLiteral("Meet the desk. It is well-known."), 40, 5)});
    const VideoSpec spec =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("meet the DESK")),
                   line(QStringLiteral("b"), QStringLiteral("It is well known!")),
                   line(QStringLiteral("b"), QStringLiteral("Not spoken at all"))});
    const QList<PlacedCaptionLine> placed = placeCaptionLines(spec, t);
    QCOMPARE(placed.size(), 3);
    QCOMPARE(placed[0].timing, QStringLiteral("narration"));
    QCOMPARE(placed[0].startFrame, 40);
    QCOMPARE(placed[0].endFrame, 55);
    QCOMPARE(placed[0].segments, QStringList{QStringLiteral("s1")});
    QCOMPARE(placed[1].timing, QStringLiteral("narration"));
    QCOMPARE(placed[1].startFrame, 55);
    QCOMPARE(placed[1].endFrame, 70); // "well-known" is one word of 5 frames
    // The unspoken line takes the rest of the scene after the last placed one.
    QCOMPARE(placed[2].timing, QStringLiteral("scene"));
    QCOMPARE(placed[2].startFrame, 70);
    QCOMPARE(placed[2].endFrame, 120);

    // A partial word does not match: "the des" is not "the desk".
    const VideoSpec partial = twoScenes({line(QStringLiteral("b"), QStringLiteral("the des"))});
    QCOMPARE(placeCaptionLines(partial, t).first().timing, QStringLiteral("scene"));
    // Words of another scene do not match.
    const VideoSpec elsewhere =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("Hello there"))});
    QCOMPARE(placeCaptionLines(elsewhere, t).first().timing, QStringLiteral("scene"));

    const QList<CaptionCue> cues = captionsForSpec(spec, t);
    QCOMPARE(cues.size(), 3);
    QCOMPARE(cues[0].lines, QStringList{QStringLiteral("meet the DESK")});
    QCOMPARE(cues[0].segmentId, QStringLiteral("s1"));
    QCOMPARE(cues[0].startFrame, 40);
    QCOMPARE(cues[0].endFrame, 55); // lengthening stops at the next cue
}

void TstCaptionLines::linesKeepTheStyleRules()
{
    CaptionStyle style;
    style.maxCharsPerLine = 16;
    style.maxLines = 2;
    // 71 characters: more than two lines of 16, so the line becomes consecutive cues.
    const QString text =
        QStringLiteral("One two three four five six seven eight nine ten eleven twelve thirteen");
    const VideoSpec spec = twoScenes({line(QStringLiteral("b"), text, 0, 90)}, style);
    const QList<CaptionCue> cues = captionsForSpec(spec, silence());
    QVERIFY(cues.size() >= 2);
    QStringList words;
    qint64 expectedStart = 30;
    for (const CaptionCue &c : cues) {
        QVERIFY(c.lines.size() <= 2);
        for (const QString &l : c.lines) {
            QVERIFY2(l.size() <= 16, qPrintable(l));
            words += l.split(QLatin1Char(' '));
        }
        QCOMPARE(c.startFrame, expectedStart); // consecutive, no gaps
        expectedStart = c.endFrame;
    }
    QCOMPARE(expectedStart, 120);
    QCOMPARE(words.join(QLatin1Char(' ')), text);

    // A line that fits is balanced over two lines.
    const VideoSpec fits =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("Errors show at the field."))}, style);
    const QList<CaptionCue> one = captionsForSpec(fits, silence());
    QCOMPARE(one.size(), 1);
    QCOMPARE(one.first().lines,
             (QStringList{QStringLiteral("Errors show"), QStringLiteral("at the field.")}));
}

void TstCaptionLines::shortCuesAreLengthenedNotOverlapped()
{
    CaptionStyle style;
    style.minDurationFrames = 20;
    const VideoSpec spec =
        twoScenes({line(QStringLiteral("a"), QStringLiteral("Short"), 25, 28),
                   line(QStringLiteral("b"), QStringLiteral("Next"), 10, 20),
                   line(QStringLiteral("b"), QStringLiteral("Overlapping"), 15, 60)},
                  style);
    const QList<CaptionCue> cues = captionsForSpec(spec, silence());
    QCOMPARE(cues.size(), 3);
    QCOMPARE(cues[0].startFrame, 25);
    QCOMPARE(cues[0].endFrame, 40); // would be 45; the next cue starts at 40 (30 + 10)
    QCOMPARE(cues[1].startFrame, 40);
    QCOMPARE(cues[1].endFrame, 45); // cut where the overlapping line starts
    QCOMPARE(cues[2].startFrame, 45);
    QCOMPARE(cues[2].endFrame, 90);

    // Lengthening never runs past the end of the video.
    const VideoSpec last =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("Last"), 85, 90)}, style);
    QCOMPARE(captionsForSpec(last, silence()).first().endFrame, 120);
}

void TstCaptionLines::unknownScenesAndEmptySpansAreLeftOut()
{
    const VideoSpec spec =
        twoScenes({line(QStringLiteral("nowhere"), QStringLiteral("Lost")),
                   line(QStringLiteral("a"), QStringLiteral("Empty"), 20, 20),
                   line(QStringLiteral("a"), QStringLiteral("Clamped"), 10, 500)});
    const QList<PlacedCaptionLine> placed = placeCaptionLines(spec, silence());
    QCOMPARE(placed.size(), 1);
    QCOMPARE(placed.first().text, QStringLiteral("Clamped"));
    QCOMPARE(placed.first().endFrame, 30);
}

void TstCaptionLines::narrationSourceIsTheLayout()
{
    const CueTimeline t = timelineOf({spoken(
        QStringLiteral("s0"), QStringLiteral("a"),
        QStringLiteral("Producers shape the spec in forms, with errors at the field."), 0, 4)});
    VideoSpec spec = twoScenes({line(QStringLiteral("a"), QStringLiteral("Ignored"), 0, 10)});
    spec.captions->source = QStringLiteral("narration");
    const QList<CaptionCue> viaSpec = captionsForSpec(spec, t);
    const QList<CaptionCue> direct = CaptionLayout::layout(t, CaptionRules::fromSpec(spec));
    QCOMPARE(viaSpec.size(), direct.size());
    QVERIFY(!viaSpec.isEmpty());
    for (qsizetype i = 0; i < direct.size(); ++i) {
        QCOMPARE(viaSpec[i].lines, direct[i].lines);
        QCOMPARE(viaSpec[i].startFrame, direct[i].startFrame);
        QCOMPARE(viaSpec[i].endFrame, direct[i].endFrame);
    }
    // No captions block: captions still come from the narration.
    spec.captions.reset();
    QCOMPARE(captionsForSpec(spec, t).size(), direct.size());
}

void TstCaptionLines::segmentsAreBoundToTheirLine()
{
    CueTimeline t = timelineOf(
        {spoken(QStringLiteral("s0"), QStringLiteral("a"), QStringLiteral("Hello there."), 0, 5),
         spoken(QStringLiteral("s1"), QStringLiteral("b"), QStringLiteral("Meet the desk."), 35, 5),
         spoken(QStringLiteral("s2"), QStringLiteral("b"), QStringLiteral("Step through frames."),
                60, 5),
         spoken(QStringLiteral("s3"), QStringLiteral("b"), QStringLiteral("Half and half."), 84,
                4)});
    t.segments[0].captionLine = QStringLiteral("stale");
    const VideoSpec spec =
        twoScenes({line(QStringLiteral("b"), QStringLiteral("Meet the desk"), std::nullopt,
                        std::nullopt, QStringLiteral("intro-line")),
                   line(QStringLiteral("b"), QStringLiteral("Frames, stepped."), 28, 55,
                        QStringLiteral("frames-line")),
                   line(QStringLiteral("b"), QStringLiteral("No id, never bound"), 55, 60)});
    bindCaptionLines(spec, t);
    QCOMPARE(t.segments[0].captionLine, std::nullopt); // scene a has no lines
    QCOMPARE(t.segments[1].captionLine,
             std::optional<QString>(QStringLiteral("intro-line"))); // by its words
    QCOMPARE(t.segments[2].captionLine,
             std::optional<QString>(QStringLiteral("frames-line"))); // frames 60-75 in 58-85
    QCOMPARE(t.segments[3].captionLine,
             std::nullopt); // frames 84-96: only 1 of 12 frames under a line with an id

    // Captions from the narration bind nothing.
    VideoSpec narrated = spec;
    narrated.captions->source = QStringLiteral("narration");
    CueTimeline u = t;
    bindCaptionLines(narrated, u);
    QCOMPARE(u.segments[1].captionLine,
             std::optional<QString>(QStringLiteral("intro-line"))); // untouched
}

void TstCaptionLines::piecesKeepWordsWithTheirPunctuation()
{
    QCOMPARE(CaptionLayout::pieces(QStringLiteral("  Hello,  world —\tagain.\n")),
             (QStringList{QStringLiteral("Hello, "), QStringLiteral("world "), QStringLiteral("— "),
                          QStringLiteral("again. ")}));
    QCOMPARE(CaptionLayout::pieces(QStringLiteral("   ")), QStringList{});
}

QTEST_GUILESS_MAIN(TstCaptionLines)
#include "tst_captionlines.moc"
