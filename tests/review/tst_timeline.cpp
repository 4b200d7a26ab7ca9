// The review desk's timeline: ReviewSession over the headless demo's runs (scenes, cues,
// captions, findings, signals, waveform), and TimelineWidget (seeking by click and drag, zoom
// around the cursor, tooltips, painting with 10k cues and 2k findings). Screenshots go to
// <build>/test-output/review.
#include "gate/gate.h"
#include "review/reviewsession.h"
#include "review/timelineindex.h"
#include "review/timelinespanlist.h"
#include "review/timelinewidget.h"
#include "runbook/runbook.h"

#include "testsupport.h"
#include "timelinefixture.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolTip>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace greenlight;

namespace {

QPoint centerOfFrame(const TimelineWidget &w, qint64 frame, TimelineTrack track)
{
    const QRect r = w.trackRect(track);
    return QPoint(int(std::floor(w.xForFrame(double(frame) + 0.5))), r.center().y());
}

TimelineTrack laneOf(Stage stage)
{
    return stage == Stage::Structural      ? TimelineTrack::Structural
           : stage == Stage::Deterministic ? TimelineTrack::Deterministic
                                           : TimelineTrack::Semantic;
}

void sendCtrlWheel(TimelineWidget &w, const QPoint &pos, int delta)
{
    QWheelEvent e(QPointF(pos), QPointF(w.viewport()->mapToGlobal(pos)), QPoint(), QPoint(0, delta), Qt::NoButton,
                  Qt::ControlModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(w.viewport(), &e);
}

} // namespace

class TimelineTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sessionOfRender();
    void sessionOfTtsRun();
    void sessionErrors();
    void timecodes();
    void spanListFindsOverlaps();
    void clickSeeksExactFrame();
    void dragSeeks();
    void zoomKeepsAnchor();
    void tooltips();
    void clickOnFindingActivates();
    void playheadDoesNotRepaintStaticLayer();
    void paintsLargeContent();
    void screenshots();

private:
    void showDemo(TimelineWidget &w);

    QTemporaryDir m_tmp;
    QString m_project;
    QString m_renderRun;
    QString m_ttsRun;
    std::optional<ReviewSession> m_session;
};

void TimelineTest::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_project = m_tmp.filePath(QStringLiteral("demo"));
    const test::ProcessResult r =
        test::runCli({QStringLiteral("demo"), test::sourceDir() + QStringLiteral("/resources/demo"), QStringLiteral("--out"),
                      m_project});
    QVERIFY2(r.exitCode == 0 || QDir(m_project + QStringLiteral("/runs")).exists(), r.err.constData());
    m_renderRun = test::demoBaseRun(m_project, QStringLiteral("render"));
    m_ttsRun = test::demoBaseRun(m_project, QStringLiteral("tts"));
    QVERIFY(!m_renderRun.isEmpty());
    QVERIFY(!m_ttsRun.isEmpty());
    // A reviewer's observations: a range and a single frame, so findings with frames exist
    // whatever the deterministic stage found.
    for (const QStringList &args :
         {QStringList{QStringLiteral("--frames"), QStringLiteral("40-95"), QStringLiteral("--category"),
                      QStringLiteral("caption-visual-mismatch"), QStringLiteral("--severity"), QStringLiteral("warning"),
                      QStringLiteral("--text"), QStringLiteral("The caption names a feature the picture does not show."),
                      QStringLiteral("--reviewer"), QStringLiteral("Dana")},
          QStringList{QStringLiteral("--frames"), QStringLiteral("130"), QStringLiteral("--category"),
                      QStringLiteral("pronunciation"), QStringLiteral("--severity"), QStringLiteral("blocker"),
                      QStringLiteral("--text"), QStringLiteral("The product name is mispronounced."),
                      QStringLiteral("--reviewer"), QStringLiteral("Dana")}}) {
        const test::ProcessResult added =
            test::runCli(QStringList{QStringLiteral("observe"), m_renderRun, QStringLiteral("add")} + args);
        QVERIFY2(added.exitCode == 0, added.err.constData());
    }
    auto session = ReviewSession::open(m_renderRun);
    QVERIFY2(session.ok(), qPrintable(session.ok() ? QString() : session.error().toString()));
    m_session = std::move(*session);
}

void TimelineTest::sessionOfRender()
{
    const ReviewSession &s = *m_session;
    for (const QString &w : s.warnings())
        qInfo("warning: %s", qPrintable(w));
    auto props = readJsonFile(m_renderRun + QStringLiteral("/props.json"));
    QVERIFY(props.ok());
    QCOMPARE(s.fps(), (Rational{(*props)["canvas"]["fps"]["num"].get<qint64>(), (*props)["canvas"]["fps"]["den"].get<qint64>()}));
    QCOMPARE(s.frameCount(), (*props)["durationFrames"].get<qint64>());
    const Json &scenes = (*props)["scenes"];
    QCOMPARE(s.scenes().size(), qsizetype(scenes.size()));
    for (qsizetype i = 0; i < s.scenes().size(); ++i) {
        QCOMPARE(s.scenes()[i].id, toQString(scenes[size_t(i)]["id"].get<std::string>()));
        QCOMPARE(s.scenes()[i].role, toQString(scenes[size_t(i)]["role"].get<std::string>()));
        QCOMPARE(s.scenes()[i].startFrame, scenes[size_t(i)]["startFrame"].get<qint64>());
        QCOMPARE(s.scenes()[i].endFrame, scenes[size_t(i)]["endFrame"].get<qint64>());
    }
    QCOMPARE(s.scenes().first().startFrame, qint64(0));
    QCOMPARE(s.scenes().last().endFrame, s.frameCount());

    // Narration cues from the narration run the render mixed in, each bound to a scene it starts in.
    QVERIFY(s.cues().has_value());
    QVERIFY(s.cuesPath().startsWith(m_ttsRun));
    QVERIFY(!s.cues()->segments.isEmpty());
    for (const CueSegment &seg : s.cues()->segments) {
        QVERIFY(seg.scene.has_value());
        const ReviewScene *scene = s.sceneAt(seg.startFrame);
        QVERIFY2(scene, qPrintable(seg.id));
        QCOMPARE(scene->id, *seg.scene);
        QVERIFY(!seg.words.isEmpty());
    }
    // Captions: those burned in (props.json), else the sidecar captions of the narration run.
    QVERIFY(!s.captions().isEmpty());
    if (props->contains("burnedCaptions")) {
        QVERIFY(s.captionsSource().contains(QStringLiteral("props.json")));
        QCOMPARE(s.captions().size(), qsizetype((*props)["burnedCaptions"]["cues"].size()));
        QCOMPARE(s.captions().first().startFrame, (*props)["burnedCaptions"]["cues"][0]["startFrame"].get<qint64>());
    } else {
        QVERIFY(s.captionsSource().contains(QStringLiteral("captions.")));
    }
    for (const ReviewCaption &c : s.captions()) {
        QVERIFY(c.endFrame > c.startFrame);
        QVERIFY(!c.text.isEmpty());
    }

    // Findings: exactly the gate's.
    auto runbook = Runbook::forProject(m_project);
    QVERIFY(runbook.ok());
    auto gate = evaluateGate(m_renderRun, *runbook);
    QVERIFY(gate.ok());
    QCOMPARE(s.findings().size(), gate->findings.size());
    QVERIFY(s.gate().has_value());
    QVERIFY(!s.findings().isEmpty());
    int semanticWithFrames = 0;
    for (const Finding &f : s.findings())
        if (f.stage == Stage::Semantic && f.frames)
            ++semanticWithFrames;
    QCOMPARE(semanticWithFrames, 2);

    // Signals: the spans of signals.json, loudness per frame (stored or measured).
    auto signalsJson = readJsonFile(m_renderRun + QStringLiteral("/signals.json"));
    QVERIFY(signalsJson.ok());
    QCOMPARE(s.qaSignals().frozenSpans.size(), qsizetype(signalsJson->value("frozenSpans", Json::array()).size()));
    QCOMPARE(s.qaSignals().blackSpans.size(), qsizetype(signalsJson->value("blackSpans", Json::array()).size()));
    QCOMPARE(qint64(s.qaSignals().loudnessLufs.size()), s.frameCount());
    QVERIFY(!s.qaSignals().loudnessSource.isEmpty());

    // Waveform: one min/max per frame from the video's audio, with sound in it.
    QVERIFY(!s.waveform().isEmpty());
    QCOMPARE(s.waveform().frameCount(), s.frameCount());
    QVERIFY(s.waveform().sourcePath.endsWith(QStringLiteral(".mp4")));
    const float loudest = *std::max_element(s.waveform().maximum.begin(), s.waveform().maximum.end());
    QVERIFY(loudest > 0.05f);
    for (size_t i = 0; i < s.waveform().maximum.size(); ++i)
        QVERIFY(s.waveform().minimum[i] <= s.waveform().maximum[i]);
}

void TimelineTest::sessionOfTtsRun()
{
    auto s = ReviewSession::open(m_ttsRun);
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
    QVERIFY(s->cues().has_value());
    QCOMPARE(s->cuesPath(), QDir(m_ttsRun).filePath(QStringLiteral("cues.json")));
    QVERIFY(!s->scenes().isEmpty()); // named by the cue segments
    QVERIFY(!s->captions().isEmpty());
    QVERIFY(!s->waveform().isEmpty());
    QVERIFY(s->waveform().sourcePath.endsWith(QStringLiteral("narration.wav")));
    QVERIFY(s->frameCount() > 0);
}

void TimelineTest::sessionErrors()
{
    QTemporaryDir empty;
    auto missing = ReviewSession::open(empty.path());
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, QStringLiteral("review.run.missing"));

    // A damaged signals.json leaves a warning, not a failed session.
    const QString copy = m_tmp.filePath(QStringLiteral("damaged"));
    QVERIFY(test::copyTree(m_project, copy));
    const QString run = test::demoBaseRun(copy, QStringLiteral("render"));
    QFile f(run + QStringLiteral("/signals.json"));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write("{ \"frameCount\": 390, \"blackSpans\": [");
    f.close();
    QFile::remove(run + QStringLiteral("/props.json"));
    ReviewSessionOptions options;
    options.decodeAudio = false;
    auto damaged = ReviewSession::open(run, options);
    QVERIFY2(damaged.ok(), qPrintable(damaged.ok() ? QString() : damaged.error().toString()));
    QVERIFY(damaged->qaSignals().frozenSpans.isEmpty());
    const QString warnings = damaged->warnings().join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QStringLiteral("signals")), qPrintable(warnings));
    QVERIFY(damaged->waveform().isEmpty());
    QVERIFY(damaged->cues().has_value());
    QVERIFY(!damaged->scenes().isEmpty()); // from the cues, now props.json is gone
}

void TimelineTest::timecodes()
{
    QCOMPARE(ReviewSession::timecode(0, Rational{30, 1}), QStringLiteral("00:00:00:00"));
    QCOMPARE(ReviewSession::timecode(75, Rational{30, 1}), QStringLiteral("00:00:02:15"));
    QCOMPARE(ReviewSession::timecode(30 * 3723 + 29, Rational{30, 1}), QStringLiteral("01:02:03:29"));
    QCOMPARE(ReviewSession::timecode(25, Rational{25, 1}), QStringLiteral("00:00:01:00"));
    // 29.97 counts 30 frames per timecode second (non-drop-frame): labels name frames exactly.
    QCOMPARE(ReviewSession::timecode(1800, Rational{30000, 1001}), QStringLiteral("00:01:00:00"));
    QCOMPARE(ReviewSession::timecode(29, Rational{30000, 1001}), QStringLiteral("00:00:00:29"));
    QCOMPARE(ReviewSession::timecode(24, Rational{24000, 1001}), QStringLiteral("00:00:01:00"));
    QCOMPARE(ReviewSession::timecode(60, Rational{60, 1}), QStringLiteral("00:00:01:00"));
    QCOMPARE(ReviewSession::timecode(-31, Rational{30, 1}), QStringLiteral("-00:00:01:01"));
    QCOMPARE(ReviewSession::timecodeBase(Rational{30000, 1001}), 30);
}

void TimelineTest::spanListFindsOverlaps()
{
    std::mt19937 rng(3);
    std::uniform_int_distribution<qint64> start(0, 5000);
    std::uniform_int_distribution<qint64> len(0, 400);
    std::vector<TimelineSpan> spans;
    for (int i = 0; i < 3000; ++i) {
        const qint64 s = start(rng);
        spans.push_back(TimelineSpan{s, s + len(rng), i, 0, 0});
    }
    TimelineSpanList list;
    list.build(spans);
    for (int q = 0; q < 300; ++q) {
        const qint64 from = start(rng);
        const qint64 to = from + len(rng) + 1;
        std::vector<int> expected;
        for (const TimelineSpan &s : spans)
            if (TimelineSpanList::meets(s, from, to))
                expected.push_back(s.ref);
        std::vector<int> found;
        const auto [a, b] = list.candidates(from, to);
        for (size_t i = a; i < b; ++i)
            if (TimelineSpanList::meets(list.at(i), from, to))
                found.push_back(list.at(i).ref);
        std::sort(expected.begin(), expected.end());
        std::sort(found.begin(), found.end());
        QCOMPARE(found, expected);
    }
    // Range minima and maxima of a series with gaps, against a plain scan.
    std::vector<float> values(1237);
    std::uniform_real_distribution<float> value(-60.0f, 0.0f);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = (i % 50 < 5) ? std::nanf("") : value(rng);
    TimelineRangePyramid pyramid;
    pyramid.build(values);
    for (int q = 0; q < 2000; ++q) {
        const qint64 a = qint64(rng() % values.size());
        const qint64 b = a + 1 + qint64(rng() % 300);
        float lo = 0.0f;
        float hi = 0.0f;
        float elo = 1e9f;
        float ehi = -1e9f;
        for (qint64 i = a; i < std::min<qint64>(b, qint64(values.size())); ++i)
            if (std::isfinite(values[size_t(i)])) {
                elo = std::min(elo, values[size_t(i)]);
                ehi = std::max(ehi, values[size_t(i)]);
            }
        const bool any = pyramid.range(a, b, lo, hi);
        QCOMPARE(any, elo <= ehi);
        if (any) {
            QCOMPARE(lo, elo);
            QCOMPARE(hi, ehi);
        }
    }

    std::vector<TimelineSpan> overlapping{{0, 10, 0, 0, 0}, {5, 15, 1, 0, 0}, {6, 8, 2, 0, 0}, {20, 30, 3, 0, 0}};
    QCOMPARE(packRows(overlapping, 3), 3);
    QCOMPARE(int(overlapping[3].row), 0);
}

void TimelineTest::showDemo(TimelineWidget &w)
{
    w.resize(1600, 400);
    w.setSession(*m_session);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
}

void TimelineTest::clickSeeksExactFrame()
{
    TimelineWidget w;
    showDemo(w);
    QSignalSpy seek(&w, &TimelineWidget::seekRequested);
    // Whole video in view.
    QVERIFY(w.isFitToView());
    for (qint64 n : {qint64(0), qint64(1), qint64(77), qint64(200), w.frameCount() - 1}) {
        QTest::mouseClick(w.viewport(), Qt::LeftButton, {}, centerOfFrame(w, n, TimelineTrack::Scenes));
        QVERIFY(!seek.isEmpty());
        QCOMPARE(seek.takeLast().at(0).toLongLong(), n);
        QCOMPARE(w.playhead(), n);
    }
    // Single frames at the highest zoom, in the ruler and in every track.
    w.setPixelsPerFrame(w.maximumPixelsPerFrame());
    QVERIFY(w.pixelsPerFrame() >= 12.0);
    for (qint64 n : {qint64(3), qint64(150), qint64(151), qint64(389)}) {
        w.ensureFrameVisible(n);
        QPoint p = centerOfFrame(w, n, TimelineTrack::Scenes);
        QTest::mouseClick(w.viewport(), Qt::LeftButton, {}, QPoint(p.x(), w.rulerHeight() / 2));
        QCOMPARE(seek.takeLast().at(0).toLongLong(), n);
        for (TimelineTrack t : {TimelineTrack::Scenes, TimelineTrack::Narration, TimelineTrack::Captions,
                                TimelineTrack::Deterministic, TimelineTrack::Loudness, TimelineTrack::Waveform}) {
            p = centerOfFrame(w, n, t);
            // Anywhere inside the frame's column, not only its middle.
            const int left = int(std::ceil(w.xForFrame(double(n)))) + 1;
            const int right = int(std::floor(w.xForFrame(double(n + 1)))) - 1;
            for (int x : {left, p.x(), right}) {
                QTest::mouseClick(w.viewport(), Qt::LeftButton, {}, QPoint(x, p.y()));
                QCOMPARE(seek.takeLast().at(0).toLongLong(), n);
            }
        }
    }
    // The header column does not seek.
    QTest::mouseClick(w.viewport(), Qt::LeftButton, {}, QPoint(10, w.trackRect(TimelineTrack::Scenes).center().y()));
    QVERIFY(seek.isEmpty());
}

void TimelineTest::dragSeeks()
{
    TimelineWidget w;
    showDemo(w);
    QSignalSpy seek(&w, &TimelineWidget::seekRequested);
    const int y = w.trackRect(TimelineTrack::Waveform).center().y();
    QTest::mousePress(w.viewport(), Qt::LeftButton, {}, centerOfFrame(w, 10, TimelineTrack::Waveform));
    for (qint64 n = 20; n <= 100; n += 20) {
        QMouseEvent move(QEvent::MouseMove, QPointF(centerOfFrame(w, n, TimelineTrack::Waveform).x(), y),
                         w.viewport()->mapToGlobal(QPointF(centerOfFrame(w, n, TimelineTrack::Waveform).x(), y)),
                         Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(w.viewport(), &move);
    }
    QTest::mouseRelease(w.viewport(), Qt::LeftButton, {}, centerOfFrame(w, 100, TimelineTrack::Waveform));
    QCOMPARE(seek.size(), 6);
    QCOMPARE(seek.first().at(0).toLongLong(), 10);
    QCOMPARE(seek.last().at(0).toLongLong(), 100);
    QCOMPARE(w.playhead(), 100);
}

void TimelineTest::zoomKeepsAnchor()
{
    TimelineWidget w;
    showDemo(w);
    QSignalSpy zoom(&w, &TimelineWidget::zoomChanged);
    const qint64 anchor = 233;
    const QPoint cursor = centerOfFrame(w, anchor, TimelineTrack::Narration);
    double last = w.pixelsPerFrame();
    for (int step = 0; step < 12; ++step) {
        sendCtrlWheel(w, cursor, 120);
        QVERIFY(w.pixelsPerFrame() >= last);
        last = w.pixelsPerFrame();
        QCOMPARE(w.frameAtX(cursor.x()), anchor);
    }
    QCOMPARE(w.pixelsPerFrame(), w.maximumPixelsPerFrame());
    QVERIFY(!zoom.isEmpty());
    for (int step = 0; step < 12; ++step) {
        sendCtrlWheel(w, cursor, -120);
        QCOMPARE(w.frameAtX(cursor.x()), anchor);
    }
    QVERIFY(w.isFitToView());

    // +/- zoom around the playhead.
    w.setPlayhead(300);
    const double before = w.xForFrame(300.5);
    QTest::keyClick(&w, Qt::Key_Plus);
    QTest::keyClick(&w, Qt::Key_Plus);
    QVERIFY(w.pixelsPerFrame() > w.minimumPixelsPerFrame());
    QVERIFY(std::abs(w.xForFrame(300) - before) <= w.pixelsPerFrame());
    QCOMPARE(w.frameAtX(before), 300);
    QTest::keyClick(&w, Qt::Key_Minus);
    QCOMPARE(w.frameAtX(before), 300);
    QTest::keyClick(&w, Qt::Key_0);
    QVERIFY(w.isFitToView());

    // New findings for the same video keep the zoom and the scroll.
    w.setPixelsPerFrame(8.0, w.xForFrame(200));
    const int scroll = w.scrollOffset();
    TimelineContent changed = w.content();
    changed.findings.removeLast();
    w.setContent(changed);
    QCOMPARE(w.pixelsPerFrame(), 8.0);
    QCOMPARE(w.scrollOffset(), scroll);
}

void TimelineTest::tooltips()
{
    TimelineWidget w;
    showDemo(w);
    const Findings &findings = w.content().findings;
    // A finding with a frame range, on its stage's lane.
    int index = -1;
    for (qsizetype i = 0; i < findings.size(); ++i)
        if (findings[i].frames && findings[i].frames->end > findings[i].frames->start + 4) {
            index = int(i);
            break;
        }
    QVERIFY(index >= 0);
    const Finding &f = findings[index];
    const Stage stage = f.stage;
    const QRect lane = w.trackRect(laneOf(stage));
    const TimelineLaneLayout layout =
        TimelineRenderer::findingLane(lane, w.index().findingRows(stage), !w.index().wholeRunFindings(stage).empty());
    int row = 0;
    for (const TimelineSpan &s : w.index().findings(stage).spans())
        if (s.ref == index)
            row = s.row;
    const QPoint at(int(w.xForFrame((f.frames->start + f.frames->end) / 2.0)), int(layout.rowTop(row) + layout.rowHeight / 2));
    const TimelineHit hit = w.hitTest(at);
    QCOMPARE(int(hit.kind), int(TimelineHit::Kind::Finding));
    QCOMPARE(hit.index, index);
    const QString tip = w.toolTipAt(at);
    QVERIFY2(tip.contains(f.code), qPrintable(tip));
    QVERIFY(tip.contains(QStringLiteral("frames %1").arg(f.frames->start)));

    // A single-frame finding: a marker, hit within a few pixels.
    for (qsizetype i = 0; i < findings.size(); ++i) {
        if (!findings[i].frames || findings[i].frames->end - findings[i].frames->start > 1)
            continue;
        const Stage st = findings[i].stage;
        const QRect markerLane = w.trackRect(laneOf(st));
        const TimelineLaneLayout ml = TimelineRenderer::findingLane(markerLane, w.index().findingRows(st),
                                                                    !w.index().wholeRunFindings(st).empty());
        int markerRow = 0;
        for (const TimelineSpan &s : w.index().findings(st).spans())
            if (s.ref == int(i))
                markerRow = s.row;
        const QPoint marker(int(w.xForFrame(double(findings[i].frames->start))) + 2,
                            int(ml.rowTop(markerRow) + ml.rowHeight / 2));
        const QString markerTip = w.toolTipAt(marker);
        QVERIFY2(markerTip.contains(findings[i].code), qPrintable(markerTip));
    }

    // The whole-run strip lists findings without frames (the loudness blocker).
    if (!w.index().wholeRunFindings(stage).empty()) {
        const QString strip = w.toolTipAt(QPoint(w.headerWidth() + 40, int(layout.stripTop + 1)));
        QVERIFY2(strip.contains(QStringLiteral("whole run")), qPrintable(strip));
    }

    // A scene: its id and role.
    const ReviewScene &scene = w.content().scenes[1];
    const QString sceneTip = w.toolTipAt(centerOfFrame(w, (scene.startFrame + scene.endFrame) / 2, TimelineTrack::Scenes));
    QVERIFY2(sceneTip.contains(scene.id) && sceneTip.contains(scene.role), qPrintable(sceneTip));

    // A word, once zoomed in: its text and times.
    const CueSegment &seg = w.content().cues->segments.first();
    const CueWord &word = seg.words.last();
    const Rational fps = w.content().fps;
    const double wordMiddle = (word.startSample + word.endSample) / 2.0 * double(fps.num)
                              / (double(w.content().cues->sampleRate) * double(fps.den));
    w.setPixelsPerFrame(w.maximumPixelsPerFrame());
    w.ensureFrameVisible(qint64(wordMiddle));
    const QRect narration = w.trackRect(TimelineTrack::Narration);
    const QPoint wordAt(int(w.xForFrame(wordMiddle)), narration.bottom() - 5);
    const QString wordTip = w.toolTipAt(wordAt);
    QVERIFY2(wordTip.contains(word.text) && wordTip.contains(QStringLiteral(" s")), qPrintable(wordTip));

    // The same text reaches QToolTip through a help event.
    QHelpEvent help(QEvent::ToolTip, wordAt, w.viewport()->mapToGlobal(wordAt));
    QCoreApplication::sendEvent(w.viewport(), &help);
    QTRY_COMPARE(QToolTip::text(), wordTip);
}

void TimelineTest::clickOnFindingActivates()
{
    TimelineWidget w;
    showDemo(w);
    QSignalSpy activated(&w, &TimelineWidget::findingActivated);
    QSignalSpy seek(&w, &TimelineWidget::seekRequested);
    const Stage stage = Stage::Semantic;
    const TimelineSpanList &spans = w.index().findings(stage);
    QVERIFY(!spans.isEmpty());
    const TimelineSpan &s = spans.at(0);
    QVERIFY(s.end > s.start + 2);
    const QRect lane = w.trackRect(laneOf(stage));
    const TimelineLaneLayout layout =
        TimelineRenderer::findingLane(lane, w.index().findingRows(stage), !w.index().wholeRunFindings(stage).empty());
    const qint64 frame = (s.start + s.end) / 2;
    const QPoint at(int(w.xForFrame(frame + 0.5)), int(layout.rowTop(s.row) + layout.rowHeight / 2));
    QTest::mouseClick(w.viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toInt(), s.ref);
    QCOMPARE(seek.last().at(0).toLongLong(), frame);
}

void TimelineTest::playheadDoesNotRepaintStaticLayer()
{
    TimelineWidget w;
    showDemo(w);
    w.repaint();
    const quint64 paints = w.staticLayerPaints();
    QVERIFY(paints > 0);
    for (qint64 f = 0; f < 100; ++f) {
        w.setPlayhead(f);
        w.viewport()->repaint();
    }
    QCOMPARE(w.staticLayerPaints(), paints);
    w.setInOut(30, 120);
    w.viewport()->repaint();
    QCOMPARE(w.staticLayerPaints(), paints + 1);
}

void TimelineTest::paintsLargeContent()
{
    TimelineWidget w;
    w.resize(1600, 400);
    w.setContent(test::syntheticTimelineContent());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.content().findings.size(), 2000);
    QCOMPARE(w.content().cues->segments.size(), 10000);
    QElapsedTimer timer;
    for (double ppf : {w.minimumPixelsPerFrame(), 0.5, 4.0, w.maximumPixelsPerFrame()}) {
        w.setPixelsPerFrame(ppf, w.headerWidth() + 700.0);
        w.invalidateCache();
        timer.start();
        const QImage image = w.grab().toImage();
        qInfo("paint at %.3f px/frame: %lld ms", w.pixelsPerFrame(), timer.elapsed());
        QVERIFY(!image.isNull());
    }
    // Hit-testing stays exact with many overlapping findings.
    w.zoomToFit();
    const QRect lane = w.trackRect(TimelineTrack::Semantic);
    int findingHits = 0;
    for (int x = w.headerWidth(); x < w.viewport()->width(); x += 7) {
        const TimelineHit hit = w.hitTest(QPoint(x, lane.center().y()));
        if (hit.kind == TimelineHit::Kind::Finding) {
            ++findingHits;
            QVERIFY(w.content().findings[hit.index].stage == Stage::Semantic);
        }
    }
    QVERIFY(findingHits > 10);
    w.setPixelsPerFrame(2.0, w.headerWidth() + 200.0);
    w.invalidateCache();
    w.grab().save(test::outputDir(QStringLiteral("review")) + QStringLiteral("/timeline-synthetic-mid.png"));
    w.zoomToFit();
    w.grab().save(test::outputDir(QStringLiteral("review")) + QStringLiteral("/timeline-synthetic-whole.png"));
}

void TimelineTest::screenshots()
{
    TimelineWidget w;
    showDemo(w);
    // Thumbnails as a viewer would hand them over (made here with ffmpeg, off the GUI's way).
    const QString thumbs = m_tmp.filePath(QStringLiteral("thumbs"));
    QDir().mkpath(thumbs);
    QVERIFY(test::ffmpeg({QStringLiteral("-i"), m_session->videoPath(), QStringLiteral("-vf"), QStringLiteral("scale=-2:72"),
                          thumbs + QStringLiteral("/f%05d.png")}));
    QSignalSpy requested(&w, &TimelineWidget::thumbnailsRequested);
    w.setThumbnailsVisible(true);
    w.repaint();
    QTRY_VERIFY(!requested.isEmpty());
    for (const qint64 f : qvariant_cast<QList<qint64>>(requested.first().at(0))) {
        w.setThumbnail(f, QImage(thumbs + QStringLiteral("/f%1.png").arg(f + 1, 5, 10, QLatin1Char('0'))));
    }
    w.setThumbnailProvider([thumbs](qint64 f) {
        return QImage(thumbs + QStringLiteral("/f%1.png").arg(f + 1, 5, 10, QLatin1Char('0')));
    });
    w.setPlayhead(96);
    w.setInOut(20, 360);
    const QString dir = test::outputDir(QStringLiteral("review"));
    QVERIFY(w.grab().save(dir + QStringLiteral("/timeline-demo-whole.png")));

    w.clearInOut();
    w.setPixelsPerFrame(5.0, w.xForFrame(100));
    QVERIFY(w.grab().save(dir + QStringLiteral("/timeline-demo-mid.png")));

    w.setPlayhead(22);
    w.setPixelsPerFrame(w.maximumPixelsPerFrame(), w.xForFrame(22));
    w.setScrollOffset(0);
    // Hovering a word outlines it.
    const QRect narration = w.trackRect(TimelineTrack::Narration);
    const QPointF over(w.xForFrame(30.5), narration.bottom() - 5);
    QMouseEvent move(QEvent::MouseMove, over, w.viewport()->mapToGlobal(over), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(w.viewport(), &move);
    QCOMPARE(int(w.hitTest(over.toPoint()).kind), int(TimelineHit::Kind::Word));
    QVERIFY(w.grab().save(dir + QStringLiteral("/timeline-demo-frames.png")));

    // The same in the frame-number format, at a narrower size.
    w.setTimeFormat(TimelineTimeFormat::Frames);
    w.resize(900, 420);
    QVERIFY(w.grab().save(dir + QStringLiteral("/timeline-demo-narrow.png")));
}

QTEST_MAIN(TimelineTest)
#include "tst_timeline.moc"
