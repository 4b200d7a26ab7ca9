// The review desk driven from the keyboard, checked the way an editor sees it: the number
// each shown frame carries in its pixels must be the frame the desk says it shows.
// Fixture: H.264 with B-frames at 30000/1001 fps starting at 2.5 s, every frame stamped with
// its number (numberedvideo.h).
#include "numberedvideo.h"
#include "testsupport.h"

#include "mainwindow.h"
#include "review/reviewwindow.h"
#include "runs/runspanel.h"
#include "review/transport.h"
#include "run/runrecord.h"
#include "semantic/observationstore.h"
#include "tts/audiodecoder.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

class TestReviewWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensAndShowsFrameZero();
    void keyboardStepsShowTheRightFrames();
    void shuttleAndStopWithK();
    void marksLoopAndFindings();
    void positionsParse();
    void compareLocksBToA();
    void helpOverlayListsShortcuts();
    void screenshot();
    void mainWindowOpensRunsForReview();
    void renderSoundDecodesForPlayback();

private:
    // Waits until the viewer shows `frame` and returns the number its pixels carry.
    qint64 shownNumber(qint64 frame)
    {
        if (!QTest::qWaitFor([&] { return m_window->shownFrame() == frame; }, 10000))
            return -2;
        return NumberStamp().read(m_window->viewer()->imageA(), 320);
    }
    void key(int k, Qt::KeyboardModifiers m = Qt::NoModifier) { QTest::keyClick(m_window.get(), Qt::Key(k), m); }
    QString makeRun(const QString &id, const QString &variant);

    QTemporaryDir m_tmp;
    QString m_project;
    QString m_run;
    std::unique_ptr<ReviewWindow> m_window;
};

QString TestReviewWindow::makeRun(const QString &id, const QString &variant)
{
    const QString dir = m_project + QStringLiteral("/runs/") + id;
    if (!QDir().mkpath(dir))
        return {};
    const QString video = dir + QStringLiteral("/output.mp4");
    if (!ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                 QStringLiteral("color=c=0x203040:s=320x180:r=30000/1001:d=4"), QStringLiteral("-vf"),
                 NumberStamp().filter(), QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-bf"),
                 QStringLiteral("3"), QStringLiteral("-g"), QStringLiteral("24"), QStringLiteral("-pix_fmt"),
                 QStringLiteral("yuv420p"), QStringLiteral("-output_ts_offset"), QStringLiteral("2.5"), video}))
        return {};
    RunRecord r;
    r.id = id;
    r.kind = RunKind::Render;
    r.status = RunStatus::Succeeded;
    r.project = QStringLiteral("project");
    r.spec = {QStringLiteral("specs/s.json"), QStringLiteral("s"), variant, QString(64, QLatin1Char('0'))};
    r.media = RunMedia{320, 180, Rational{30000, 1001}, 120, 0, 0};
    r.artifacts = {{QStringLiteral("output.mp4"), QStringLiteral("video"), QString(64, QLatin1Char('1')), 1}};
    r.createdAt = r.startedAt = r.endedAt = utcNowIso();
    return saveRunRecord(dir + QStringLiteral("/run.json"), r) ? dir : QString();
}

void TestReviewWindow::initTestCase()
{
    qputenv("GREENLIGHT_FRAME_INDEX_CACHE", m_tmp.filePath(QStringLiteral("index-cache")).toUtf8());
    QStandardPaths::setTestModeEnabled(true);
    m_project = m_tmp.filePath(QStringLiteral("project"));
    QVERIFY(QDir().mkpath(m_project + QStringLiteral("/specs")));
    m_run = makeRun(QStringLiteral("run-a"), QString());
    QVERIFY(!m_run.isEmpty());
    QVERIFY(!makeRun(QStringLiteral("run-b"), QStringLiteral("square")).isEmpty());

    // A reviewer's observation on frames 40-50 gives the desk a finding to jump to.
    auto store = ObservationStore::open(m_run);
    QVERIFY(store);
    ObservationInput in;
    in.frames = FrameRange{40, 50};
    in.category = QStringLiteral("brand");
    in.severity = Severity::Warning;
    in.text = QStringLiteral("Logo colour is off.");
    in.reviewer = Reviewer{QStringLiteral("human"), QStringLiteral("ann"), {}, {}};
    QVERIFY(store->add(in));

    m_window = std::make_unique<ReviewWindow>();
    m_window->resize(1000, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QSignalSpy loaded(m_window.get(), &ReviewWindow::loaded);
    m_window->openRun(m_run);
    QVERIFY(loaded.wait(30000));
    m_window->activateWindow();
    m_window->setFocus();
}

void TestReviewWindow::opensAndShowsFrameZero()
{
    QCOMPARE(m_window->transport()->frameCount(), qint64(120));
    QCOMPARE(shownNumber(0), qint64(0));
    QVERIFY(m_window->windowTitle().contains(QStringLiteral("run-a")));
}

void TestReviewWindow::keyboardStepsShowTheRightFrames()
{
    key(Qt::Key_Right);
    QCOMPARE(shownNumber(1), qint64(1));
    key(Qt::Key_Right);
    key(Qt::Key_Right);
    QCOMPARE(shownNumber(3), qint64(3));
    key(Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(shownNumber(13), qint64(13));
    key(Qt::Key_Right, Qt::ShiftModifier);
    key(Qt::Key_Right, Qt::ShiftModifier);
    QCOMPARE(shownNumber(33), qint64(33));
    key(Qt::Key_Left);
    QCOMPARE(shownNumber(32), qint64(32)); // back across B-frames
    key(Qt::Key_Left, Qt::ShiftModifier);
    QCOMPARE(shownNumber(22), qint64(22)); // back across a keyframe (GOP of 24)
    key(Qt::Key_End);
    QCOMPARE(shownNumber(119), qint64(119));
    key(Qt::Key_Home);
    QCOMPARE(shownNumber(0), qint64(0));
}

void TestReviewWindow::shuttleAndStopWithK()
{
    Transport *t = m_window->transport();
    key(Qt::Key_L);
    QVERIFY(t->isPlaying());
    QCOMPARE(t->rate(), 1);
    key(Qt::Key_L);
    QCOMPARE(t->rate(), 2);
    QVERIFY(QTest::qWaitFor([&] { return t->frame() > 10; }, 5000)); // it moves
    // K stops; with K held, L and J step single frames.
    QTest::keyPress(m_window.get(), Qt::Key_K);
    QVERIFY(!t->isPlaying());
    const qint64 at = t->frame();
    key(Qt::Key_L);
    QCOMPARE(t->frame(), at + 1);
    key(Qt::Key_J);
    key(Qt::Key_J);
    QCOMPARE(t->frame(), at - 1);
    QVERIFY(!t->isPlaying());
    QTest::keyRelease(m_window.get(), Qt::Key_K);
    QCOMPARE(shownNumber(at - 1), at - 1);
    key(Qt::Key_J);
    QCOMPARE(t->rate(), -1);
    key(Qt::Key_Space);
    QVERIFY(!t->isPlaying());
}

void TestReviewWindow::marksLoopAndFindings()
{
    Transport *t = m_window->transport();
    t->seek(10);
    key(Qt::Key_I);
    t->seek(20);
    key(Qt::Key_O);
    QCOMPARE(t->inPoint().value_or(-1), qint64(10));
    QCOMPARE(t->outPoint().value_or(-1), qint64(20));
    key(Qt::Key_L, Qt::ControlModifier);
    QVERIFY(t->loop());
    QSignalSpy jumped(t, &Transport::jumped);
    key(Qt::Key_Space);
    // Playing a loop of 11 frames at ~30 fps for a second wraps around at least once, and
    // each wrap tells the sound to start again at the in point.
    QTest::qWait(1000);
    QVERIFY(t->frame() >= 10 && t->frame() <= 20);
    QVERIFY(!jumped.isEmpty());
    // The wrap lands on the in point, or just past it when a busy machine made playback skip
    // frames across the out point (the wrap keeps the overshoot, so time stays true).
    const qint64 landed = jumped.first().first().toLongLong();
    QVERIFY2(landed >= 10 && landed <= 20, qPrintable(QString::number(landed)));
    key(Qt::Key_Space);
    key(Qt::Key_L, Qt::ControlModifier);
    key(Qt::Key_X, Qt::AltModifier);
    QVERIFY(!t->inPoint() && !t->outPoint());

    QVERIFY(m_window->findingStarts().contains(40));
    t->seek(0);
    key(Qt::Key_Period);
    QCOMPARE(shownNumber(40), qint64(40));
    t->seek(47);
    key(Qt::Key_Comma);
    QCOMPARE(t->frame(), qint64(40));
}

void TestReviewWindow::positionsParse()
{
    QCOMPARE(m_window->parsePosition(QStringLiteral("57")), std::optional<qint64>(57));
    QCOMPARE(m_window->parsePosition(QStringLiteral("00:00:02:05")), std::optional<qint64>(65)); // 30-frame base
    QCOMPARE(m_window->parsePosition(QStringLiteral("1.5s")), std::optional<qint64>(45));
    QVERIFY(!m_window->parsePosition(QStringLiteral("00:00:02:31")));
    QVERIFY(!m_window->parsePosition(QStringLiteral("soon")));
}

void TestReviewWindow::compareLocksBToA()
{
    QSignalSpy compared(m_window.get(), &ReviewWindow::compareLoaded);
    m_window->openCompare(m_project + QStringLiteral("/runs/run-b"));
    QCOMPARE(compared.size(), 1);
    QVERIFY(m_window->viewer()->compareMode() == ViewerWidget::CompareMode::SideBySide);
    m_window->transport()->seek(77);
    QVERIFY(QTest::qWaitFor([&] { return m_window->viewer()->frameB() == 77 && m_window->shownFrame() == 77; }, 30000));
    key(Qt::Key_2, Qt::ControlModifier);
    QVERIFY(m_window->viewer()->compareMode() == ViewerWidget::CompareMode::Wipe);
    key(Qt::Key_3, Qt::ControlModifier);
    QVERIFY(m_window->viewer()->compareMode() == ViewerWidget::CompareMode::Difference);
    // The same picture on both sides: the difference is black where the stamp is.
    const QImage shot = m_window->viewer()->grab().toImage();
    QVERIFY(!shot.isNull());
    key(Qt::Key_1, Qt::ControlModifier);
}

void TestReviewWindow::helpOverlayListsShortcuts()
{
    QVERIFY(!m_window->viewer()->helpVisible());
    key(Qt::Key_F1);
    QVERIFY(m_window->viewer()->helpVisible());
    key(Qt::Key_Escape);
    QVERIFY(!m_window->viewer()->helpVisible());
    // Every action has a key, and no two share one.
    QSet<QString> seen;
    for (QAction *a : m_window->reviewActions()) {
        QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
        for (const QKeySequence &k : a->shortcuts()) {
            const QString text = k.toString();
            QVERIFY2(!seen.contains(text), qPrintable(text));
            seen.insert(text);
        }
    }
}

void TestReviewWindow::screenshot()
{
    m_window->transport()->seek(45);
    QCOMPARE(shownNumber(45), qint64(45));
    key(Qt::Key_S);
    QTest::qWait(100);
    const QString out = outputDir(QStringLiteral("review")) + QStringLiteral("/reviewwindow.png");
    QVERIFY(m_window->grab().save(out));
    key(Qt::Key_S);
}

void TestReviewWindow::mainWindowOpensRunsForReview()
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    MainWindow main;
    main.show();
    QVERIFY(main.openPath(m_project));
    auto *runs = main.findChild<RunsPanel *>(QStringLiteral("runsPanel"));
    QVERIFY(runs);
    QTRY_COMPARE(runs->runCount(), 2); // the history loads in the background
    QCOMPARE(RunsPanel::latestRenderRun(m_project), m_project + QStringLiteral("/runs/run-b"));
    ReviewWindow *review = main.reviewRun(QStringLiteral("latest"));
    QVERIFY(review);
    QSignalSpy loaded(review, &ReviewWindow::loaded);
    QVERIFY(loaded.wait(30000));
    QVERIFY(review->windowTitle().contains(QStringLiteral("run-b")));
    QVERIFY(QTest::qWaitFor([&] { return review->shownFrame() == 0; }, 10000));
    review->close();
}

// The desk plays a run's sound from its video file (where an audio output exists): the
// container is read from memory, so an MP4 with AAC must decode whole.
void TestReviewWindow::renderSoundDecodesForPlayback()
{
    const QString video = m_tmp.filePath(QStringLiteral("with-sound.mp4"));
    QVERIFY(ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                    QStringLiteral("color=c=black:s=160x90:r=30:d=2"), QStringLiteral("-f"), QStringLiteral("lavfi"),
                    QStringLiteral("-i"), QStringLiteral("sine=frequency=440:sample_rate=48000:duration=2"),
                    QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-c:a"), QStringLiteral("aac"),
                    QStringLiteral("-shortest"), video}));
    QFile f(video);
    QVERIFY(f.open(QIODevice::ReadOnly));
    auto audio = AudioDecoder::decode(f.readAll(), {});
    QVERIFY2(audio, qPrintable(audio ? QString() : audio.error().toString()));
    QCOMPARE(audio->sampleRate, 48000);
    QVERIFY(std::abs(qint64(audio->samples.size()) - 96000) < 4800);
}

QTEST_MAIN(TestReviewWindow)
#include "tst_reviewwindow.moc"
