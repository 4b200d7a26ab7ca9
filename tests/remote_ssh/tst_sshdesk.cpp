// A render over SSH from the desk, as a person does it: add the host in Project > SSH Hosts
// (Test Connection), then launch the render from the launch dialog with the runbook's
// final-render workload, whose default class is remote-self-hosted (engine ssh). The run
// comes back verified, with its record naming the class and engine, and passes QA.
#include "sshtestdaemon.h"

#include "mainwindow.h"
#include "runs/runjob.h"
#include "runs/runlaunchdialog.h"
#include "runs/runqueue.h"
#include "runs/runspanel.h"
#include "runs/sshhostsdialog.h"
#include "settings.h"

#include "run/runrecord.h"

#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kRun_ms = 300000;

void screenshot(QWidget &widget, const QString &name)
{
    const QString path = test::outputDir(QStringLiteral("remote_ssh")) + QLatin1Char('/') + name;
    QTest::qWait(50);
    QVERIFY2(widget.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace

class TestSshDesk : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void renderOnSshHostFromTheDesk();
    void unreachableHostReroutesToLocal();

private:
    QTemporaryDir m_tmp;
};

void TestSshDesk::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("GreenlightTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_sshdesk"));
    const QString problem = test::ensureSshdUp();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestSshDesk::renderOnSshHostFromTheDesk()
{
    const QString project = m_tmp.filePath(QStringLiteral("demo"));
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project));
    const QString remoteRoot = m_tmp.filePath(QStringLiteral("remote root"));
    QVERIFY(QDir().mkpath(remoteRoot));

    // Project > SSH Hosts: add the host and test it.
    {
        AppSettings settings;
        SshHostsDialog dialog(&settings);
        dialog.addHost(test::sshdProfile(remoteRoot));
        QSignalSpy tested(&dialog, &SshHostsDialog::tested);
        dialog.testConnection();
        QVERIFY(tested.wait(60000));
        QVERIFY2(tested.first().first().toBool(), qPrintable(tested.first().at(1).toString()));
        QVERIFY(dialog.testResult()->text().startsWith(QStringLiteral("Connected")));
        dialog.resize(760, 420);
        dialog.show();
        screenshot(dialog, QStringLiteral("ssh-hosts.png"));
        dialog.accept();
        QCOMPARE(AppSettings().sshHosts().size(), 1);
    }

    MainWindow window;
    window.resize(1300, 850);
    window.show();
    QVERIFY(window.openPath(project));
    RunQueue *queue = window.runsPanel()->queue();
    QList<RunJob *> finished;
    connect(queue, &RunQueue::jobFinished, this, [&](RunJob *job) { finished.append(job); });
    window.launchRun(project + QStringLiteral("/specs/launch-teaser.greenlight.json"), {}, QStringLiteral("render"));
    RunLaunchDialog *dialog = window.findChild<RunLaunchDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->setWorkload(QStringLiteral("final-render")));
    QCOMPARE(dialog->offeredRuntimeClasses(), (QStringList{QStringLiteral("remote-self-hosted"), QStringLiteral("local")}));
    QVERIFY(dialog->isRuntimeClassEnabled(QStringLiteral("remote-self-hosted")));
    QVERIFY(dialog->setRuntimeClass(QStringLiteral("remote-self-hosted")));
    QVERIFY(dialog->hostCombo()->isVisible());
    QCOMPARE(dialog->hostCombo()->currentData().toString(), QStringLiteral("greenlight-test"));
    QTRY_VERIFY_WITH_TIMEOUT(dialog->canLaunch(), 30000);
    screenshot(*dialog, QStringLiteral("launch-ssh.png"));
    const RunJobRequest request = dialog->request();
    QVERIFY(request.isSshRender());
    QTest::mouseClick(dialog->launchButton(), Qt::LeftButton);

    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, kRun_ms);
    RunJob *job = finished.first();
    QVERIFY2(job->state() == RunJob::State::Succeeded, qPrintable(job->errorText() + QLatin1Char('\n') + job->logLines().join(QLatin1Char('\n'))));
    screenshot(window, QStringLiteral("ssh-render-done.png"));
    Result<RunRecord> record = loadRunRecord(job->runDir() + QStringLiteral("/run.json"));
    QVERIFY(record);
    QCOMPARE(toString(record->runtimeClass), QStringLiteral("remote-self-hosted"));
    QCOMPARE(record->engineName, QStringLiteral("ssh"));
    QCOMPARE(toString(record->status), QStringLiteral("succeeded"));
    QVERIFY2(record->qa.state == QLatin1String("passed") || record->qa.state == QLatin1String("findings"),
             qPrintable(record->qa.state));
    QVERIFY(job->runDir().startsWith(project + QStringLiteral("/runs/")));
    const test::ProcessResult verify = test::runCli({QStringLiteral("render"), QStringLiteral("--verify"), job->runDir()});
    QVERIFY2(verify.exitCode == 0, verify.out.constData());
}

// final-render allows a reroute: a host that cannot be reached sends the render to this
// machine, and the log and record say so.
void TestSshDesk::unreachableHostReroutesToLocal()
{
    const QString project = m_tmp.filePath(QStringLiteral("demo-reroute"));
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project));
    SshHostProfile down = test::sshdProfile(m_tmp.filePath(QStringLiteral("nowhere")));
    down.port = 1; // nothing listens there
    {
        AppSettings settings;
        settings.setSshHosts({down});
    }
    MainWindow window;
    window.show();
    QVERIFY(window.openPath(project));
    QList<RunJob *> finished;
    connect(window.runsPanel()->queue(), &RunQueue::jobFinished, this, [&](RunJob *job) { finished.append(job); });
    window.launchRun(project + QStringLiteral("/specs/launch-teaser.greenlight.json"), {}, QStringLiteral("render"));
    auto *dialog = window.findChild<RunLaunchDialog *>();
    QVERIFY(dialog);
    QVERIFY(dialog->setWorkload(QStringLiteral("final-render")));
    QVERIFY(dialog->setRuntimeClass(QStringLiteral("remote-self-hosted")));
    QTRY_VERIFY_WITH_TIMEOUT(dialog->canLaunch(), 30000);
    QTest::mouseClick(dialog->launchButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, kRun_ms);
    RunJob *job = finished.first();
    QVERIFY2(job->state() == RunJob::State::Succeeded, qPrintable(job->logLines().join(QLatin1Char('\n'))));
    QVERIFY(job->logLines().join(QLatin1Char('\n')).contains(QStringLiteral("Rerouting to local")));
    Result<RunRecord> record = loadRunRecord(job->runDir() + QStringLiteral("/run.json"));
    QVERIFY(record);
    QCOMPARE(toString(record->runtimeClass), QStringLiteral("local"));
}

QTEST_MAIN(TestSshDesk)
#include "tst_sshdesk.moc"
