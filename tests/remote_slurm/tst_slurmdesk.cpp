// A farm render from the desk: the launch dialog's farm-render workload, whose default class
// remote-self-hosted runs on the Slurm farm (engine slurm) in chunks. The run lands in the
// project like any other, its record lists the chunks, and QA runs on it.
#include "slurmtestcluster.h"

#include "mainwindow.h"
#include "runs/runjob.h"
#include "runs/runlaunchdialog.h"
#include "runs/runqueue.h"
#include "runs/runspanel.h"

#include "run/runrecord.h"

#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestSlurmDesk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void farmRenderFromTheDesk();

private:
    QTemporaryDir m_tmp;
};

void TestSlurmDesk::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("GreenlightTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_slurmdesk"));
    const QString problem = test::ensureSlurmCluster();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    qputenv("SLURM_CONF", test::slurmConf().toLocal8Bit());
    qputenv("GREENLIGHT_CLI_PATH", test::cliPath().toLocal8Bit());
}

void TestSlurmDesk::farmRenderFromTheDesk()
{
    const QString project = m_tmp.filePath(QStringLiteral("demo"));
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project));
    MainWindow window;
    window.resize(1300, 850);
    window.show();
    QVERIFY(window.openPath(project));
    QList<RunJob *> finished;
    connect(window.runsPanel()->queue(), &RunQueue::jobFinished, this, [&](RunJob *job) { finished.append(job); });
    window.launchRun(project + QStringLiteral("/specs/feature-explainer.greenlight.json"), {}, QStringLiteral("render"));
    auto *dialog = window.findChild<RunLaunchDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->setWorkload(QStringLiteral("farm-render")));
    QVERIFY2(dialog->isRuntimeClassEnabled(QStringLiteral("remote-self-hosted")), "sbatch is not on the PATH");
    QVERIFY(dialog->setRuntimeClass(QStringLiteral("remote-self-hosted")));
    QVERIFY(dialog->chunksSpin()->isVisible());
    dialog->chunksSpin()->setValue(3);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->canLaunch(), 30000);
    QVERIFY(dialog->request().isSlurmRender());
    const QString shot = test::outputDir(QStringLiteral("remote_slurm")) + QStringLiteral("/launch-farm.png");
    QVERIFY(dialog->grab().save(shot));
    QTest::mouseClick(dialog->launchButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, 600000);
    RunJob *job = finished.first();
    QVERIFY2(job->state() == RunJob::State::Succeeded,
             qPrintable(job->errorText() + QLatin1Char('\n') + job->logLines().join(QLatin1Char('\n'))));
    QVERIFY(window.grab().save(test::outputDir(QStringLiteral("remote_slurm")) + QStringLiteral("/farm-done.png")));
    Result<RunRecord> record = loadRunRecord(job->runDir() + QStringLiteral("/run.json"));
    QVERIFY(record);
    QCOMPARE(toString(record->runtimeClass), QStringLiteral("remote-self-hosted"));
    QCOMPARE(record->engineName, QStringLiteral("slurm"));
    QCOMPARE(record->attempts.size(), qsizetype(4)); // three chunks, then the concat
    QVERIFY2(record->qa.state == QLatin1String("passed") || record->qa.state == QLatin1String("findings"),
             qPrintable(record->qa.state));
}

QTEST_MAIN(TestSlurmDesk)
#include "tst_slurmdesk.moc"
