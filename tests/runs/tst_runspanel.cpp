// Run control as a user meets it, offscreen, on a copy of the demo project: the launch dialog
// offers what the runbook allows; a local narration run and a local render with that
// narration go through the queue to completion (render then QA) and show up in the history;
// a running render is cancelled; the inspector lists attempts and artifacts and its
// "Verify now" flags a tampered file. Screenshots land in test-output/runs/.
#include "testsupport.h"

#include "runs/runhistorymodel.h"
#include "runs/runinspector.h"
#include "runs/runjob.h"
#include "runs/runlaunchdialog.h"
#include "runs/runqueue.h"
#include "runs/runqueueview.h"
#include "runs/runspanel.h"

#include "run/runrecord.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kRunTimeout_ms = 180000;
const QString kTeaser = QStringLiteral("specs/launch-teaser.greenlight.json");

void screenshot(QWidget *widget, const QString &name)
{
    const QString path = test::outputDir(QStringLiteral("runs")) + QLatin1Char('/') + name;
    QVERIFY2(widget->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

QJsonObject readRunJson(const QString &runDir)
{
    QFile f(runDir + QStringLiteral("/run.json"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

void selectData(QComboBox *combo, const QString &data)
{
    const int i = combo->findData(data);
    QVERIFY2(i >= 0, qPrintable(data));
    combo->setCurrentIndex(i);
}

QString historyCell(const RunsPanel &panel, const QString &runDir, int column)
{
    const RunHistoryModel *model = panel.historyModel();
    const int row = model->rowOf(runDir);
    return row < 0 ? QStringLiteral("<no row>") : model->index(row, column).data().toString();
}

} // namespace

class TestRunsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void launchDialogOffersRunbookClasses();
    void narrationAndRenderFromPanel();
    void cancelRunningRender();
    void historyFiltersAndRetry();
    void inspectorListsAttemptsAndVerifies();
    void cancelAllStopsEverything();
    void cleanupTestCase();

private:
    // Opens the launch dialog from the panel's button, as a user would.
    RunLaunchDialog *clickLaunch();
    RunJob *waitForNewJob(int before);

    QTemporaryDir m_tmp;
    QString m_project;
    std::unique_ptr<RunsPanel> m_panel;
    QString m_ttsDir;
    QString m_renderDir;
};

void TestRunsPanel::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_project = m_tmp.filePath(QStringLiteral("project"));
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), m_project));
    m_panel = std::make_unique<RunsPanel>();
    m_panel->resize(1200, 560);
    m_panel->show();
    QSignalSpy loaded(m_panel.get(), &RunsPanel::historyLoaded);
    m_panel->setProjectRoot(m_project);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(m_panel->runCount(), 0);
}

RunLaunchDialog *TestRunsPanel::clickLaunch()
{
    QPushButton *launch = m_panel->queueView()->launchButton();
    if (!launch->isEnabled())
        return nullptr;
    QTest::mouseClick(launch, Qt::LeftButton);
    const QList<RunLaunchDialog *> dialogs = m_panel->findChildren<RunLaunchDialog *>();
    for (RunLaunchDialog *d : dialogs)
        if (d->isVisible())
            return d;
    return nullptr;
}

RunJob *TestRunsPanel::waitForNewJob(int before)
{
    const QList<RunJob *> jobs = m_panel->queue()->jobs();
    return jobs.size() > before ? jobs.last() : nullptr;
}

void TestRunsPanel::launchDialogOffersRunbookClasses()
{
    RunLaunchDialog *dialog = clickLaunch();
    QVERIFY(dialog);
    selectData(dialog->specCombo(), kTeaser);
    QCOMPARE(dialog->variantCombo()->count(), 3); // base, square, short-cta

    selectData(dialog->kindCombo(), QStringLiteral("tts"));
    QCOMPARE(dialog->offeredWorkloads(), QStringList({QStringLiteral("draft-narration"), QStringLiteral("final-narration")}));
    selectData(dialog->workloadCombo(), QStringLiteral("final-narration"));
    QCOMPARE(dialog->offeredRuntimeClasses(),
             QStringList({QStringLiteral("remote-api"), QStringLiteral("remote-self-hosted"), QStringLiteral("local")}));
    for (const QString &cls : dialog->offeredRuntimeClasses())
        QVERIFY2(dialog->isRuntimeClassEnabled(cls), qPrintable(cls));
    QCOMPARE(dialog->classCombo()->currentData().toString(), QStringLiteral("remote-api")); // the default first
    QVERIFY(dialog->engineLabel()->text().contains(QStringLiteral("elevenlabs")));
    selectData(dialog->classCombo(), QStringLiteral("remote-self-hosted"));
    QVERIFY(dialog->engineLabel()->text().contains(QStringLiteral("kokoro")));
    QVERIFY(dialog->launchButton()->isEnabled());
    QVERIFY(dialog->narrationCombo()->isHidden());
    screenshot(dialog, QStringLiteral("launchdialog-tts.png"));

    selectData(dialog->kindCombo(), QStringLiteral("render"));
    QCOMPARE(dialog->offeredWorkloads(),
             QStringList({QStringLiteral("draft-preview"), QStringLiteral("farm-render"), QStringLiteral("final-render")}));
    selectData(dialog->workloadCombo(), QStringLiteral("final-render"));
    QCOMPARE(dialog->offeredRuntimeClasses(), QStringList({QStringLiteral("remote-self-hosted"), QStringLiteral("local")}));
    QVERIFY(!dialog->isRuntimeClassEnabled(QStringLiteral("remote-self-hosted"))); // this build renders locally only
    QVERIFY(dialog->isRuntimeClassEnabled(QStringLiteral("local")));
    QCOMPARE(dialog->classCombo()->currentData().toString(), QStringLiteral("local"));
    QCOMPARE(dialog->engineLabel()->text(), QStringLiteral("ffmpeg"));
    QCOMPARE(dialog->offeredNarrationRuns(), QStringList{QString()}); // no narration run yet: "none" only
    QVERIFY(!dialog->narrationCombo()->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(dialog->launchButton()->isEnabled(), 30000); // the structural check passed
    QVERIFY(dialog->classCombo()->itemText(0).contains(QStringLiteral("not available")));
    screenshot(dialog, QStringLiteral("launchdialog-render.png"));
    dialog->reject();
    QVERIFY(m_panel->queue()->jobs().isEmpty());
}

void TestRunsPanel::narrationAndRenderFromPanel()
{
    // A local narration run of the teaser, launched from the dialog.
    RunLaunchDialog *dialog = clickLaunch();
    QVERIFY(dialog);
    selectData(dialog->specCombo(), kTeaser);
    selectData(dialog->variantCombo(), QString());
    selectData(dialog->kindCombo(), QStringLiteral("tts"));
    selectData(dialog->workloadCombo(), QStringLiteral("draft-narration"));
    QCOMPARE(dialog->offeredRuntimeClasses(), QStringList{QStringLiteral("local")});
    QVERIFY(dialog->launchButton()->isEnabled());
    QTest::mouseClick(dialog->launchButton(), Qt::LeftButton);
    RunJob *tts = waitForNewJob(0);
    QVERIFY(tts);
    QVERIFY(tts->kind() == RunKind::Tts);
    QVERIFY(m_panel->queue()->hasActiveRuns());
    QTRY_VERIFY_WITH_TIMEOUT(tts->isFinished(), kRunTimeout_ms);
    QVERIFY2(tts->state() == RunJob::State::Succeeded, qPrintable(tts->errorText()));
    QCOMPARE(tts->progress(), 1.0);
    QVERIFY(tts->logLines().join(QLatin1Char('\n')).contains(QStringLiteral("[5/5]")));
    m_ttsDir = tts->runDir();
    QCOMPARE(QFileInfo(m_ttsDir).absolutePath(), m_project + QStringLiteral("/runs"));
    QJsonObject run = readRunJson(m_ttsDir);
    QCOMPARE(run.value(QStringLiteral("kind")).toString(), QStringLiteral("tts"));
    QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(run.value(QStringLiteral("runtimeClass")).toString(), QStringLiteral("local"));
    QCOMPARE(run.value(QStringLiteral("engine")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("espeak-ng"));
    QTRY_COMPARE(m_panel->runCount(), 1);
    QCOMPARE(historyCell(*m_panel, m_ttsDir, RunHistoryModel::StatusColumn), QStringLiteral("succeeded"));
    QCOMPARE(historyCell(*m_panel, m_ttsDir, RunHistoryModel::EngineColumn), QStringLiteral("espeak-ng"));

    // A local render with that narration: the dialog offers it first.
    dialog = clickLaunch();
    QVERIFY(dialog);
    selectData(dialog->specCombo(), kTeaser);
    selectData(dialog->variantCombo(), QString());
    selectData(dialog->kindCombo(), QStringLiteral("render"));
    selectData(dialog->workloadCombo(), QStringLiteral("draft-preview"));
    QCOMPARE(dialog->offeredNarrationRuns(), QStringList({m_ttsDir, QString()}));
    QCOMPARE(dialog->narrationCombo()->currentData().toString(), m_ttsDir);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->launchButton()->isEnabled(), 30000);
    QTest::mouseClick(dialog->launchButton(), Qt::LeftButton);
    RunJob *render = waitForNewJob(1);
    QVERIFY(render);
    QVERIFY(render->kind() == RunKind::Render);
    QCOMPARE(render->request().narrationRun, m_ttsDir);

    // Mid-run: progress moves, elapsed counts, the log tails ffmpeg's.
    QTRY_VERIFY_WITH_TIMEOUT(render->isFinished() || (render->state() == RunJob::State::Running && render->progress() > 0.05),
                             kRunTimeout_ms);
    if (!render->isFinished())
        screenshot(m_panel.get(), QStringLiteral("runspanel-running.png"));
    QTRY_VERIFY_WITH_TIMEOUT(render->isFinished(), kRunTimeout_ms);
    QVERIFY2(render->state() == RunJob::State::Succeeded, qPrintable(render->errorText()));
    QVERIFY(render->logLines().join(QLatin1Char('\n')).contains(QStringLiteral("== logs/ffmpeg-render.log ==")));
    QVERIFY(render->logLines().join(QLatin1Char('\n')).contains(QStringLiteral("QA ")));
    m_renderDir = render->runDir();
    QVERIFY(QFileInfo::exists(m_renderDir + QStringLiteral("/output.mp4")));
    run = readRunJson(m_renderDir);
    QCOMPARE(run.value(QStringLiteral("kind")).toString(), QStringLiteral("render"));
    QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(run.value(QStringLiteral("runtimeClass")).toString(), QStringLiteral("local"));
    QCOMPARE(run.value(QStringLiteral("engine")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("ffmpeg"));
    const QString qaState = run.value(QStringLiteral("qa")).toObject().value(QStringLiteral("state")).toString();
    QVERIFY2(qaState == QLatin1String("passed") || qaState == QLatin1String("findings"), qPrintable(qaState));
    bool usesNarration = false;
    for (const QJsonValue &input : run.value(QStringLiteral("inputs")).toObject().value(QStringLiteral("files")).toArray())
        usesNarration = usesNarration || input.toObject().value(QStringLiteral("role")).toString() == QLatin1String("narration-audio");
    QVERIFY(usesNarration);

    // The history shows both, with the render's QA state.
    QTRY_COMPARE(m_panel->runCount(), 2);
    QCOMPARE(historyCell(*m_panel, m_renderDir, RunHistoryModel::StatusColumn), QStringLiteral("succeeded"));
    QCOMPARE(historyCell(*m_panel, m_renderDir, RunHistoryModel::ClassColumn), QStringLiteral("local"));
    const QString qaCell = historyCell(*m_panel, m_renderDir, RunHistoryModel::QaColumn);
    QVERIFY2(qaCell != QLatin1String("not run") && qaCell != QLatin1String("<no row>"), qPrintable(qaCell));
    QVERIFY(!m_panel->queue()->hasActiveRuns());
    m_panel->queueView()->setCurrentJob(render);
    screenshot(m_panel.get(), QStringLiteral("runspanel-done.png"));
}

void TestRunsPanel::cancelRunningRender()
{
    QVERIFY(!m_renderDir.isEmpty());
    RunLaunchDialog *dialog = clickLaunch();
    QVERIFY(dialog);
    selectData(dialog->specCombo(), kTeaser);
    selectData(dialog->kindCombo(), QStringLiteral("render"));
    QTRY_VERIFY_WITH_TIMEOUT(dialog->launchButton()->isEnabled(), 30000);
    // The demo renders in about a second: slow the encoder so the cancel lands mid-encode.
    RunJobRequest request = dialog->request();
    request.renderOptions.encoder.preset = QStringLiteral("placebo");
    dialog->reject();
    RunJob *job = m_panel->queue()->enqueue(request);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished() || job->progress() > 0.02, kRunTimeout_ms);
    QVERIFY2(!job->isFinished(), "the slowed render finished before it could be cancelled");
    QVERIFY(!job->runDir().isEmpty());
    QVERIFY(job->runDir().contains(QStringLiteral("/.staging/")));
    QTRY_VERIFY(job->remaining_ms().has_value()); // an estimate once progress has a rate
    m_panel->queueView()->setCurrentJob(job);
    QTreeWidgetItem *row = m_panel->queueView()->view()->currentItem();
    QVERIFY(row);
    QTRY_VERIFY(row->text(4).startsWith(QLatin1Char('~'))); // Remaining, shown as an estimate
    QVERIFY(!row->text(3).isEmpty());                       // Elapsed
    QVERIFY(m_panel->queueView()->cancelButton()->isEnabled());
    screenshot(m_panel.get(), QStringLiteral("runspanel-before-cancel.png"));
    QTest::mouseClick(m_panel->queueView()->cancelButton(), Qt::LeftButton);
    QVERIFY(job->isCancelling());
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), 30000);
    QCOMPARE(job->state(), RunJob::State::Cancelled);
    const QString dir = job->runDir();
    QCOMPARE(QFileInfo(dir).absolutePath(), m_project + QStringLiteral("/runs"));
    const QJsonObject run = readRunJson(dir);
    QCOMPARE(run.value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/output.mp4")));
    QTRY_COMPARE(historyCell(*m_panel, dir, RunHistoryModel::StatusColumn), QStringLiteral("cancelled"));
    QVERIFY(m_panel->selectRun(dir));
    auto *review = m_panel->view()->findChild<QAction *>(QStringLiteral("reviewRunInDeskAction"));
    QVERIFY(review);
    QVERIFY(!review->isEnabled()); // no output is presented
    QVERIFY(m_panel->selectRun(m_renderDir));
    QVERIFY(review->isEnabled());
    QSignalSpy reviewed(m_panel.get(), &RunsPanel::reviewRequested);
    review->trigger();
    QCOMPARE(reviewed.size(), 1);
    QCOMPARE(reviewed.first().first().toString(), m_renderDir);
}

void TestRunsPanel::historyFiltersAndRetry()
{
    QCOMPARE(m_panel->runCount(), 3);
    m_panel->setFilter(kTeaser, QString());
    QCOMPARE(m_panel->historyModel()->rowCount(), 3);
    m_panel->setFilter(kTeaser, QStringLiteral("square"));
    QCOMPARE(m_panel->historyModel()->rowCount(), 0);
    m_panel->setFilter(QStringLiteral("specs/feature-explainer.greenlight.json"));
    QCOMPARE(m_panel->historyModel()->rowCount(), 0);
    m_panel->setFilter(QString());
    QCOMPARE(m_panel->historyModel()->rowCount(), 3);

    // Retry from the history: the same narration again, as a new run.
    QVERIFY(m_panel->selectRun(m_ttsDir));
    auto *retry = m_panel->view()->findChild<QAction *>(QStringLiteral("retryRunAction"));
    QVERIFY(retry && retry->isEnabled());
    const int before = int(m_panel->queue()->jobs().size());
    retry->trigger();
    RunJob *job = waitForNewJob(before);
    QVERIFY(job);
    QVERIFY(job->request().kind == RunKind::Tts);
    QCOMPARE(job->request().workload, QStringLiteral("draft-narration"));
    QCOMPARE(job->request().runtimeClass, QStringLiteral("local"));
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished(), kRunTimeout_ms);
    QCOMPARE(job->state(), RunJob::State::Succeeded);
    QTRY_COMPARE(m_panel->runCount(), 4);

    // A fresh panel reads the same history back from disk.
    RunsPanel other;
    QSignalSpy loaded(&other, &RunsPanel::historyLoaded);
    other.setProjectRoot(m_project);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(other.runCount(), 4);
    QCOMPARE(historyCell(other, m_renderDir, RunHistoryModel::QaColumn),
             historyCell(*m_panel, m_renderDir, RunHistoryModel::QaColumn));
}

void TestRunsPanel::inspectorListsAttemptsAndVerifies()
{
    QVERIFY(!m_renderDir.isEmpty());
    // Tamper with a copy, so the real run stays intact.
    const QString copy = m_tmp.filePath(QStringLiteral("tampered/") + QFileInfo(m_renderDir).fileName());
    QVERIFY(test::copyTree(m_renderDir, copy));
    RunInspector *inspector = m_panel->inspectRun(m_renderDir);
    QVERIFY(inspector);
    QVERIFY(inspector->attemptsTable()->rowCount() >= 1);
    QCOMPARE(inspector->attemptsTable()->item(0, 1)->text(), QStringLiteral("local"));
    QCOMPARE(inspector->attemptsTable()->item(0, 2)->text(), QStringLiteral("ffmpeg"));
    QCOMPARE(inspector->attemptsTable()->item(0, 3)->text(), QStringLiteral("succeeded"));
    QVERIFY(inspector->artifactsTable()->rowCount() >= 5);
    QVERIFY(inspector->reviewButton()->isEnabled());
    QSignalSpy verified(inspector, &RunInspector::verified);
    QTest::mouseClick(inspector->verifyButton(), Qt::LeftButton);
    QVERIFY(verified.wait(30000));
    QCOMPARE(verified.first().first().toInt(), 0);
    QCOMPARE(inspector->artifactCheck(QStringLiteral("output.mp4")), QStringLiteral("ok"));
    inspector->tabs()->setCurrentIndex(2);
    screenshot(inspector, QStringLiteral("inspector-artifacts.png"));
    inspector->tabs()->setCurrentIndex(0);
    screenshot(inspector, QStringLiteral("inspector-summary.png"));
    inspector->close();

    // The tampered copy: one byte of the video changed, plan.json gone.
    {
        QFile video(copy + QStringLiteral("/output.mp4"));
        QVERIFY(video.open(QIODevice::ReadWrite));
        QVERIFY(video.seek(video.size() / 2));
        const char byte = video.peek(1).at(0);
        QVERIFY(video.putChar(char(byte ^ 0x5a)));
    }
    QVERIFY(QFile::remove(copy + QStringLiteral("/plan.json")));
    inspector = m_panel->inspectRun(copy);
    QSignalSpy verifiedCopy(inspector, &RunInspector::verified);
    inspector->verifyNow();
    QVERIFY(verifiedCopy.wait(30000));
    QCOMPARE(verifiedCopy.first().first().toInt(), 2);
    QCOMPARE(inspector->artifactCheck(QStringLiteral("output.mp4")), QStringLiteral("mismatch"));
    QCOMPARE(inspector->artifactCheck(QStringLiteral("plan.json")), QStringLiteral("missing"));
    QCOMPARE(inspector->artifactCheck(QStringLiteral("run.json")), QStringLiteral("ok"));
    inspector->tabs()->setCurrentIndex(2);
    screenshot(inspector, QStringLiteral("inspector-tampered.png"));
    inspector->close();

    // A narration run: one attempt per segment, each naming its class and engine.
    inspector = m_panel->inspectRun(m_ttsDir);
    QCOMPARE(inspector->attemptsTable()->rowCount(), 5);
    for (int row = 0; row < 5; ++row) {
        QCOMPARE(inspector->attemptsTable()->item(row, 1)->text(), QStringLiteral("local"));
        QCOMPARE(inspector->attemptsTable()->item(row, 2)->text(), QStringLiteral("espeak-ng"));
        QVERIFY(inspector->attemptsTable()->item(row, 6)->text().startsWith(QStringLiteral("segment ")));
    }
    QVERIFY(!inspector->reviewButton()->isEnabled());
    inspector->tabs()->setCurrentIndex(1);
    screenshot(inspector, QStringLiteral("inspector-attempts.png"));
    inspector->close();
}

void TestRunsPanel::cancelAllStopsEverything()
{
    RunJobRequest request = RunQueue::requestForRun(m_project, *loadRunRecord(m_renderDir + QStringLiteral("/run.json")));
    QCOMPARE(request.narrationRun, m_ttsDir);
    request.renderOptions.encoder.preset = QStringLiteral("placebo");
    RunQueue *queue = m_panel->queue();
    queue->clearFinished();
    QTRY_VERIFY(queue->jobs().isEmpty());
    RunJob *first = queue->enqueue(request);
    RunJob *second = queue->enqueue(request); // waits: one render at a time
    QCOMPARE(first->state(), RunJob::State::Running);
    QCOMPARE(second->state(), RunJob::State::Queued);
    QCOMPARE(queue->activeCount(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(first->progress() > 0.0 || first->isFinished(), kRunTimeout_ms);
    QSignalSpy stopped(queue, &RunQueue::allStopped);
    queue->cancelAll();
    QCOMPARE(queue->jobs().size(), 1); // the queued one is gone
    QVERIFY(stopped.wait(30000));
    QCOMPARE(stopped.size(), 1);
    QVERIFY(!queue->hasActiveRuns());
    QCOMPARE(first->state(), RunJob::State::Cancelled);
    QCOMPARE(readRunJson(first->runDir()).value(QStringLiteral("status")).toString(), QStringLiteral("cancelled"));
}

void TestRunsPanel::cleanupTestCase()
{
    m_panel.reset();
}

QTEST_MAIN(TestRunsPanel)
#include "tst_runspanel.moc"
