// Slurm through a login node over SSH: the same client submits, watches and cancels when its
// commands run on the login node (the test sshd on 127.0.0.1, in front of the one-node test
// cluster), and `render --slurm --ssh HOST` renders the demo spec on the farm from there.
#include "slurmtestcluster.h"
#include "sshtestdaemon.h"
#include "testsupport.h"

#include "remote/slurmclient.h"
#include "remote/slurmsshrunner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestSlurmOverSsh : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void arrayThenDependentThroughLoginNode();
    void cancelThroughLoginNode();
    void farmRenderThroughLoginNode();

private:
    std::unique_ptr<SlurmClient> m_client;
    QTemporaryDir m_tmp;
};

void TestSlurmOverSsh::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    const QString ssh = test::ensureSshdUp();
    QVERIFY2(ssh.isEmpty(), qPrintable(ssh));
    const QString slurm = test::ensureSlurmCluster();
    QVERIFY2(slurm.isEmpty(), qPrintable(slurm));
    m_client = std::make_unique<SlurmClient>(
        std::make_shared<SlurmSshRunner>(test::sshdProfile(QStringLiteral("/tmp")), test::slurmConf()));
    m_client->setCommandTimeout_ms(30000);
}

void TestSlurmOverSsh::arrayThenDependentThroughLoginNode()
{
    const QString dir = m_tmp.filePath(QStringLiteral("order"));
    QVERIFY(QDir().mkpath(dir));
    SlurmJobSpec array;
    array.name = QStringLiteral("gl-ssh-array");
    array.workDir = dir;
    array.arraySize = 3;
    array.output = dir + QStringLiteral("/task-%A_%a.log");
    array.script = QStringLiteral("#!/bin/sh\nset -e\nsleep 1\necho \"$SLURM_ARRAY_TASK_ID\" > part-$SLURM_ARRAY_TASK_ID.txt\n");
    const Result<QString> arrayId = m_client->submit(array);
    QVERIFY2(arrayId, qPrintable(arrayId ? QString() : arrayId.error().toString()));
    SlurmJobSpec dependent;
    dependent.name = QStringLiteral("gl-ssh-after");
    dependent.workDir = dir;
    dependent.afterOk = {*arrayId};
    dependent.output = dir + QStringLiteral("/after-%j.log");
    dependent.script = QStringLiteral("#!/bin/sh\nset -e\ncat part-0.txt part-1.txt part-2.txt > all.txt\n");
    const Result<QString> depId = m_client->submit(dependent);
    QVERIFY2(depId, qPrintable(depId ? QString() : depId.error().toString()));
    SlurmWaitOptions wait;
    wait.timeout_ms = 120000;
    wait.pollInterval_ms = 250;
    const Result<SlurmJobStatus> done = m_client->wait(*depId, wait);
    QVERIFY2(done, qPrintable(done ? QString() : done.error().toString()));
    QVERIFY(done->succeeded());
    QFile all(dir + QStringLiteral("/all.txt"));
    QVERIFY(all.open(QIODevice::ReadOnly));
    QCOMPARE(all.readAll(), QByteArray("0\n1\n2\n"));
}

void TestSlurmOverSsh::cancelThroughLoginNode()
{
    const QString dir = m_tmp.filePath(QStringLiteral("cancel"));
    QVERIFY(QDir().mkpath(dir));
    SlurmJobSpec array;
    array.name = QStringLiteral("gl-ssh-long");
    array.workDir = dir;
    array.arraySize = 2;
    array.output = dir + QStringLiteral("/task-%A_%a.log");
    array.script = QStringLiteral("#!/bin/sh\nsleep 300\n");
    const Result<QString> id = m_client->submit(array);
    QVERIFY2(id, qPrintable(id ? QString() : id.error().toString()));
    const Status cancelled = m_client->cancel(*id);
    QVERIFY2(cancelled, qPrintable(cancelled ? QString() : cancelled.error().toString()));
    SlurmWaitOptions wait;
    wait.timeout_ms = 60000;
    wait.pollInterval_ms = 250;
    const Result<SlurmJobStatus> ended = m_client->wait(*id, wait);
    // A cancelled job ends as an error of its own (or a status that says so).
    QVERIFY(!ended || !ended->succeeded());
    const Result<SlurmJobStatus> status = m_client->status(*id);
    QVERIFY(!status || status->finished());
}

void TestSlurmOverSsh::farmRenderThroughLoginNode()
{
    const QString project = m_tmp.filePath(QStringLiteral("demo"));
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project));
    const test::ProcessResult r = test::runCli(
        {QStringLiteral("render"), project + QStringLiteral("/specs/feature-explainer.greenlight.json"), QStringLiteral("--slurm"),
         QStringLiteral("--chunks"), QStringLiteral("2"), QStringLiteral("--ssh"), QStringLiteral("greenlight-test"),
         QStringLiteral("--ssh-config"), test::sshdStateDir() + QStringLiteral("/ssh_config"), QStringLiteral("--remote-cli"),
         test::cliPath(), QStringLiteral("--slurm-conf"), test::slurmConf(), QStringLiteral("--json")},
        600000);
    QVERIFY2(r.exitCode == 0, qPrintable(QString::fromUtf8(r.err + r.out)));
    QString runDir;
    for (const QByteArray &line : r.out.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("finished"))
            runDir = e.value(QStringLiteral("runDir")).toString();
    }
    QVERIFY(!runDir.isEmpty());
    Result<Json> record = readJsonFile(runDir + QStringLiteral("/run.json"));
    QVERIFY(record);
    QVERIFY2(toQString(record->dump()).contains(QStringLiteral("\"slurm\"")), "run.json does not name the slurm engine");
    QCOMPARE(toQString((*record)["runtimeClass"]), QStringLiteral("remote-self-hosted"));
    const test::ProcessResult verify = test::runCli({QStringLiteral("render"), QStringLiteral("--verify"), runDir});
    QVERIFY2(verify.exitCode == 0, verify.out.constData());
}

QTEST_MAIN(TestSlurmOverSsh)
#include "tst_slurmoverssh.moc"
