// SlurmClient against a real one-node Slurm cluster on localhost (munged, slurmctld, slurmd,
// brought up by tests/services/slurm/start.sh). When the cluster is down the suite starts it;
// when it still cannot start, every case fails with the reason. Nothing here is mocked.
#include "remote/slurmclient.h"
#include "remote/slurmcodes.h"
#include "remote/slurmlocalrunner.h"

#include "slurmtestcluster.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <memory>

using namespace greenlight;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestSlurmClient : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<SlurmLocalRunner> m_runner;
    std::unique_ptr<SlurmClient> m_client;
    QString m_unavailable; // why the cluster is not usable; empty when it is
    std::unique_ptr<QTemporaryDir> m_dir;
    bool m_keepDir = false;
    QStringList m_submitted;

    // The folder jobs write to: the same path for the submitting side and the node.
    QString work(const QString &name)
    {
        const QString dir = m_dir->filePath(name);
        QDir().mkpath(dir);
        return dir;
    }

    // Submits and remembers the job, so cleanup() cancels whatever a failed case left queued.
    Result<QString> submit(const SlurmJobSpec &spec)
    {
        Result<QString> id = m_client->submit(spec);
        if (id)
            m_submitted << *id;
        return id;
    }

    Result<SlurmJobStatus> waitFor(const QString &id, int timeout_ms)
    {
        SlurmWaitOptions w;
        w.timeout_ms = timeout_ms;
        w.pollInterval_ms = 250;
        return m_client->wait(id, w);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_runner = test::slurmRunner();
        m_client = std::make_unique<SlurmClient>(m_runner);
        m_client->setCommandTimeout_ms(30000);
        m_unavailable = test::ensureSlurmCluster();
        m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() +
                                                QStringLiteral("/tst_slurmclient-XXXXXX"));
        QVERIFY(m_dir->isValid());
    }

    void init()
    {
        // A suite that needs a service fails, with the reason, when the service is missing.
        if (!m_unavailable.isEmpty())
            QFAIL(qPrintable(m_unavailable));
    }

    void cleanup()
    {
        if (QTest::currentTestFailed())
            m_keepDir = true;
        for (const QString &id : std::as_const(m_submitted))
            m_client->cancel(id); // a no-op for jobs that have ended
        m_submitted.clear();
    }

    void cleanupTestCase()
    {
        if (m_dir && m_keepDir) {
            m_dir->setAutoRemove(false);
            qInfo("job folders kept for inspection: %s", qPrintable(m_dir->path()));
        }
    }

    // A 4-task array of shell work, then a job that depends on all four: it runs only after
    // every task has ended, sees all their outputs, and the record has node and times.
    void arrayThenDependent()
    {
        const QString dir = work(QStringLiteral("ordering"));
        QElapsedTimer clock;
        clock.start();

        SlurmJobSpec array;
        array.name = QStringLiteral("gl-test-array");
        array.workDir = dir;
        array.arraySize = 4;
        array.output = dir + QStringLiteral("/task-%A_%a.log");
        array.script = QStringLiteral(
            "#!/bin/sh\nset -e\n"
            "echo \"task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_JOB_ID on $(hostname)\"\n"
            "sleep 1\n"
            "echo \"$SLURM_ARRAY_TASK_ID\" > part-$SLURM_ARRAY_TASK_ID.txt\n"
            "date +%s%N > done-$SLURM_ARRAY_TASK_ID\n");
        const Result<QString> arrayId = submit(array);
        QVERIFY2(arrayId, qPrintable(arrayId ? QString() : arrayId.error().toString()));
        const qint64 submitted_ms = clock.elapsed();

        SlurmJobSpec dependent;
        dependent.name = QStringLiteral("gl-test-concat");
        dependent.workDir = dir;
        dependent.afterOk = {*arrayId};
        dependent.output = dir + QStringLiteral("/concat-%j.log");
        dependent.script = QStringLiteral(
            "#!/bin/sh\nset -e\n"
            "date +%s%N > concat-start\n"
            "for i in 0 1 2 3; do test -f done-$i || { echo \"part $i missing\"; exit 1; }; done\n"
            "cat part-0.txt part-1.txt part-2.txt part-3.txt > all.txt\n"
            "echo concat ran after all parts\n");
        const Result<QString> depId = submit(dependent);
        QVERIFY2(depId, qPrintable(depId ? QString() : depId.error().toString()));

        // The dependent job waits while the array runs.
        const Result<SlurmJobStatus> early = m_client->status(*depId);
        QVERIFY2(early, qPrintable(early ? QString() : early.error().toString()));
        QVERIFY(!early->finished() || early->succeeded());

        const Result<SlurmJobStatus> arrayDone = waitFor(*arrayId, 120000);
        QVERIFY2(arrayDone, qPrintable(arrayDone ? QString() : arrayDone.error().toString()));
        const qint64 arrayDone_ms = clock.elapsed();
        const Result<SlurmJobStatus> depDone = waitFor(*depId, 120000);
        QVERIFY2(depDone, qPrintable(depDone ? QString() : depDone.error().toString()));
        const qint64 depDone_ms = clock.elapsed();

        const Status arrayOk = m_client->checkSucceeded(*arrayDone);
        QVERIFY2(arrayOk, qPrintable(arrayOk ? QString() : arrayOk.error().toString()));
        const Status depOk = m_client->checkSucceeded(*depDone);
        QVERIFY2(depOk, qPrintable(depOk ? QString() : depOk.error().toString()));

        // Every task is listed with its node, times, exit code and log.
        QCOMPARE(arrayDone->tasks.size(), 4);
        QVERIFY(arrayDone->isArray());
        QDateTime lastEnd;
        for (int i = 0; i < 4; ++i) {
            const SlurmTaskStatus *t = arrayDone->task(i);
            QVERIFY(t);
            QCOMPARE(toString(t->state), toString(SlurmJobState::Completed));
            QCOMPARE(t->exitCode, 0);
            QCOMPARE(t->id(), *arrayId + QStringLiteral("_") + QString::number(i));
            QVERIFY(!t->nodes.isEmpty());
            QVERIFY(t->startTime.isValid());
            QVERIFY(t->endTime.isValid());
            QVERIFY(t->startTime <= t->endTime);
            QCOMPARE(t->stdOutPath, dir + QStringLiteral("/task-%1_%2.log").arg(*arrayId).arg(i));
            QVERIFY(
                readFile(t->stdOutPath)
                    .startsWith(QStringLiteral("task %1 of %2 on ").arg(i).arg(*arrayId).toUtf8()));
            if (!lastEnd.isValid() || t->endTime > lastEnd)
                lastEnd = t->endTime;
        }

        // Ordering, from Slurm's record (seconds) and from the jobs' own clocks (nanoseconds).
        const SlurmTaskStatus &dep = depDone->tasks.first();
        QCOMPARE(toString(dep.state), toString(SlurmJobState::Completed));
        QVERIFY(dep.startTime >= lastEnd);
        const qint64 concatStart =
            readFile(dir + QStringLiteral("/concat-start")).trimmed().toLongLong();
        for (int i = 0; i < 4; ++i) {
            const qint64 done =
                readFile(dir + QStringLiteral("/done-%1").arg(i)).trimmed().toLongLong();
            QVERIFY(done > 0);
            QVERIFY2(concatStart > done,
                     "the dependent job started before a task of the array ended");
        }
        QCOMPARE(readFile(dir + QStringLiteral("/all.txt")), QByteArray("0\n1\n2\n3\n"));
        QVERIFY(readFile(dep.stdOutPath).contains("concat ran after all parts"));

        qInfo("timing: submit 2 jobs %lld ms, 4-task array done %lld ms, dependent done %lld ms",
              submitted_ms, arrayDone_ms, depDone_ms);
    }

    // One failing task: the client names the task and shows its log; the dependent job never
    // runs (Slurm cancels it: DependencyNeverSatisfied).
    void failingTaskStopsDependent()
    {
        const QString dir = work(QStringLiteral("failing"));
        QElapsedTimer clock;
        clock.start();

        SlurmJobSpec array;
        array.name = QStringLiteral("gl-test-failing");
        array.workDir = dir;
        array.arraySize = 4;
        array.output = dir + QStringLiteral("/task-%A_%a.log");
        array.script = QStringLiteral("#!/bin/sh\n"
                                      "echo \"task $SLURM_ARRAY_TASK_ID starts\"\n"
                                      "if [ \"$SLURM_ARRAY_TASK_ID\" = 2 ]; then\n"
                                      "  echo \"chunk 2 exploded: no such scene\" >&2\n"
                                      "  exit 7\n"
                                      "fi\n"
                                      "echo ok\n");
        const Result<QString> arrayId = submit(array);
        QVERIFY2(arrayId, qPrintable(arrayId ? QString() : arrayId.error().toString()));

        SlurmJobSpec dependent;
        dependent.name = QStringLiteral("gl-test-never");
        dependent.workDir = dir;
        dependent.afterOk = {*arrayId};
        dependent.output = dir + QStringLiteral("/never-%j.log");
        dependent.script = QStringLiteral("#!/bin/sh\ntouch dependent-ran\n");
        const Result<QString> depId = submit(dependent);
        QVERIFY2(depId, qPrintable(depId ? QString() : depId.error().toString()));

        const Result<SlurmJobStatus> arrayDone = waitFor(*arrayId, 120000);
        QVERIFY2(arrayDone, qPrintable(arrayDone ? QString() : arrayDone.error().toString()));
        QVERIFY(arrayDone->finished());
        QVERIFY(!arrayDone->succeeded());
        QCOMPARE(arrayDone->count(SlurmJobState::Completed), 3);
        QCOMPARE(toString(arrayDone->task(2)->state), toString(SlurmJobState::Failed));
        QCOMPARE(arrayDone->task(2)->exitCode, 7);

        const Status failed = m_client->checkSucceeded(*arrayDone);
        QVERIFY(!failed);
        QCOMPARE(failed.error().code, QString(slurmcodes::jobFailed));
        QCOMPARE(failed.error().location, *arrayId + QStringLiteral("_2"));
        QVERIFY2(failed.error().message.contains(QStringLiteral("Task 2 of job array")),
                 qPrintable(failed.error().message));
        QVERIFY2(failed.error().message.contains(QStringLiteral("exit code 7")),
                 qPrintable(failed.error().message));
        QVERIFY2(failed.error().message.contains(QStringLiteral("chunk 2 exploded: no such scene")),
                 qPrintable(failed.error().message));

        const Result<SlurmJobStatus> depDone = waitFor(*depId, 60000);
        QVERIFY2(depDone, qPrintable(depDone ? QString() : depDone.error().toString()));
        const SlurmTaskStatus &dep = depDone->tasks.first();
        QVERIFY2(dep.neverRuns(), qPrintable(dep.stateText + QLatin1Char(' ') + dep.reason));
        QVERIFY(dep.state == SlurmJobState::Cancelled || dep.state == SlurmJobState::Pending);
        QCOMPARE(dep.reason, QStringLiteral("DependencyNeverSatisfied"));
        QVERIFY(!dep.startTime.isValid() || dep.nodes.isEmpty()); // never placed on a node
        const Status never = m_client->checkSucceeded(*depDone);
        QVERIFY(!never);
        QCOMPARE(never.error().code, QString(slurmcodes::dependency));
        QVERIFY(!QFile::exists(dir + QStringLiteral("/dependent-ran")));

        qInfo("timing: failing array and its never-run dependent settled in %lld ms",
              clock.elapsed());
    }

    // Cancelling a running array stops its processes and ends every task cancelled.
    void cancelRunningArray()
    {
        const QString dir = work(QStringLiteral("cancel"));
        SlurmJobSpec array;
        array.name = QStringLiteral("gl-test-cancel");
        array.workDir = dir;
        array.arraySize = 4;
        array.output = dir + QStringLiteral("/task-%A_%a.log");
        array.script = QStringLiteral("#!/bin/sh\necho $$ > pid-$SLURM_ARRAY_TASK_ID\nsleep "
                                      "300\ntouch finished-$SLURM_ARRAY_TASK_ID\n");
        const Result<QString> id = submit(array);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().toString()));

        // Wait until tasks run (the node has 2 CPUs: 2 run, 2 wait).
        QElapsedTimer clock;
        clock.start();
        int running = 0;
        QStringList pids;
        while (clock.elapsed() < 60000) {
            const Result<SlurmJobStatus> s = m_client->status(*id);
            QVERIFY2(s, qPrintable(s ? QString() : s.error().toString()));
            running = s->count(SlurmJobState::Running);
            pids.clear();
            for (const SlurmTaskStatus &t : s->tasks)
                if (t.state == SlurmJobState::Running &&
                    QFile::exists(dir + QStringLiteral("/pid-%1").arg(t.arrayTaskId)))
                    pids << QString::fromUtf8(
                        readFile(dir + QStringLiteral("/pid-%1").arg(t.arrayTaskId)).trimmed());
            if (running > 0 && pids.size() == running)
                break;
            QTest::qWait(200);
        }
        QVERIFY2(running > 0, "no task of the array started within 60 s");
        const qint64 started_ms = clock.elapsed();

        // The queue lists the array task by task.
        const Result<QList<SlurmTaskStatus>> queue = m_client->queue(array.name);
        QVERIFY2(queue, qPrintable(queue ? QString() : queue.error().toString()));
        QCOMPARE(queue->size(), 4);
        for (const SlurmTaskStatus &t : *queue)
            QCOMPARE(t.arrayJobId, *id);

        QElapsedTimer cancelClock;
        cancelClock.start();
        const Status cancelled = m_client->cancel(*id);
        QVERIFY2(cancelled, qPrintable(cancelled ? QString() : cancelled.error().toString()));
        const Result<SlurmJobStatus> done = waitFor(*id, 60000);
        QVERIFY2(done, qPrintable(done ? QString() : done.error().toString()));
        const qint64 cancel_ms = cancelClock.elapsed();
        QCOMPARE(done->tasks.size(), 4);
        QCOMPARE(done->count(SlurmJobState::Cancelled), 4);
        const Status st = m_client->checkSucceeded(*done);
        QVERIFY(!st);
        QCOMPARE(st.error().code, QString(slurmcodes::jobCancelled));

        // The task processes are gone and none reached its end.
        for (const QString &pid : std::as_const(pids)) {
            bool gone = false;
            for (int i = 0; i < 50 && !gone; ++i) {
                gone = ::kill(pid.toInt(), 0) != 0;
                if (!gone)
                    QTest::qWait(100);
            }
            QVERIFY2(
                gone,
                qPrintable(QStringLiteral("task process %1 still runs after scancel").arg(pid)));
        }
        for (int i = 0; i < 4; ++i)
            QVERIFY(!QFile::exists(dir + QStringLiteral("/finished-%1").arg(i)));
        qInfo("timing: %d tasks running after %lld ms, all 4 cancelled %lld ms after scancel",
              running, started_ms, cancel_ms);
    }

    // Held tasks come back folded ("0-5%2"); the status lists each one.
    void heldArrayListsEveryTask()
    {
        const QString dir = work(QStringLiteral("held"));
        SlurmJobSpec array;
        array.name = QStringLiteral("gl-test-held");
        array.workDir = dir;
        array.arraySize = 6;
        array.arrayMaxParallel = 2;
        array.output = dir + QStringLiteral("/task-%A_%a.log");
        array.extraArguments = {QStringLiteral("--hold")};
        array.script = QStringLiteral("#!/bin/sh\ntrue\n");
        const Result<QString> id = submit(array);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().toString()));
        const Result<SlurmJobStatus> s = m_client->status(*id);
        QVERIFY2(s, qPrintable(s ? QString() : s.error().toString()));
        QCOMPARE(s->tasks.size(), 6);
        for (int i = 0; i < 6; ++i) {
            QVERIFY(s->task(i));
            QCOMPARE(toString(s->task(i)->state), toString(SlurmJobState::Pending));
            QVERIFY(s->task(i)->stdOutPath.isEmpty()); // not known before it starts
        }
        QVERIFY(!s->finished());
        QVERIFY(m_client->cancel(*id));
        const Result<SlurmJobStatus> done = waitFor(*id, 30000);
        QVERIFY2(done, qPrintable(done ? QString() : done.error().toString()));
        QCOMPARE(done->count(SlurmJobState::Cancelled), 6);
    }

    // Stable codes for what goes wrong before a job runs.
    void errorsHaveStableCodes()
    {
        const Result<SlurmJobStatus> unknown = m_client->status(QStringLiteral("999999"));
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().code, QString(slurmcodes::jobUnknown));
        QCOMPARE(unknown.error().location, QStringLiteral("999999"));

        SlurmJobSpec noShebang;
        noShebang.script = QStringLiteral("echo no interpreter line\n");
        const Result<QString> r1 = m_client->submit(noShebang);
        QVERIFY(!r1);
        QCOMPARE(r1.error().code, QString(slurmcodes::submit));

        SlurmJobSpec badPartition;
        badPartition.name = QStringLiteral("gl-test-badpart");
        badPartition.partition = QStringLiteral("no-such-partition");
        badPartition.workDir = work(QStringLiteral("errors"));
        badPartition.script = QStringLiteral("#!/bin/sh\ntrue\n");
        const Result<QString> r2 = m_client->submit(badPartition);
        QVERIFY(!r2);
        QCOMPARE(r2.error().code, QString(slurmcodes::submit));
        QVERIFY2(r2.error().message.contains(QStringLiteral("partition"), Qt::CaseInsensitive),
                 qPrintable(r2.error().message));

        // A controller that does not answer: a configuration naming a port nobody listens on.
        const QString conf = work(QStringLiteral("errors")) + QStringLiteral("/unreachable.conf");
        {
            QByteArray text = readFile(test::slurmStateDir() + QStringLiteral("/slurm.conf"));
            QVERIFY(!text.isEmpty());
            text.replace(QByteArray("SlurmctldPort="), QByteArray("SlurmctldPort=1#"));
            QFile f(conf);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        SlurmClient down(test::slurmRunner(conf));
        down.setCommandTimeout_ms(3000);
        QElapsedTimer clock;
        clock.start();
        const Status ping = down.ping();
        QVERIFY(!ping);
        QCOMPARE(ping.error().code, QString(slurmcodes::unavailable));
        SlurmJobSpec any;
        any.script = QStringLiteral("#!/bin/sh\ntrue\n");
        any.workDir = work(QStringLiteral("errors"));
        const Result<QString> r3 = down.submit(any);
        QVERIFY(!r3);
        QCOMPARE(r3.error().code, QString(slurmcodes::unavailable));
        qInfo("timing: unreachable controller reported in %lld ms", clock.elapsed());

        // Waiting has a limit.
        SlurmJobSpec slow;
        slow.name = QStringLiteral("gl-test-slow");
        slow.workDir = work(QStringLiteral("errors"));
        slow.output = slow.workDir + QStringLiteral("/slow-%j.log");
        slow.script = QStringLiteral("#!/bin/sh\nsleep 120\n");
        const Result<QString> id = submit(slow);
        QVERIFY2(id, qPrintable(id ? QString() : id.error().toString()));
        const Result<SlurmJobStatus> timedOut = waitFor(*id, 1500);
        QVERIFY(!timedOut);
        QCOMPARE(timedOut.error().code, QString(slurmcodes::timeout));
        QVERIFY(m_client->cancel(*id));
    }
};

QTEST_GUILESS_MAIN(TestSlurmClient)
#include "tst_slurmclient.moc"
