// A chunked render on the one-node Slurm cluster (tests/services/slurm/start.sh): four chunks
// of whole scenes as a job array, the concat job after them, compared with a local render of
// the same spec. The project folder is the shared storage (same path here and on the node).
// A failed chunk and a cancel are made real with a wrapper around greenlight-cli that the
// tasks run (it fails or delays one chunk, then runs the real CLI).
#include "rendertestsupport.h"
#include "slurmtestcluster.h"

#include "remote/slurmrenderrunner.h"
#include "run/manifest.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QtConcurrent>
#include <QtTest>

using namespace greenlight;

#define GL_COMPARE_STATUS(actual, expected) QCOMPARE(toString(actual), toString(expected))

class TestSlurmRender : public QObject
{
    Q_OBJECT

private:
    QString m_unavailable;
    QTemporaryDir m_tmp{QDir::tempPath() + QStringLiteral("/tst_slurmrender-XXXXXX")};
    QString m_project;
    QString m_spec;
    QString m_wrapper;
    RunRecord m_local;
    qint64 m_local_ms = 0;

    // A stand-in for greenlight-cli on the node: GL_TEST_FAIL_CHUNK=K makes chunk K fail with
    // a message; GL_TEST_DELAY_S=N makes every task sleep first. Otherwise the real CLI runs.
    QString writeWrapper()
    {
        const QString path = m_tmp.filePath(QStringLiteral("greenlight-cli-node"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return {};
        f.write("#!/bin/sh\n"
                "if [ -n \"$GL_TEST_DELAY_S\" ]; then sleep \"$GL_TEST_DELAY_S\"; fi\n"
                "if [ -n \"$GL_TEST_FAIL_CHUNK\" ] && [ \"$3\" = --chunk ] && [ \"$4\" = "
                "\"$GL_TEST_FAIL_CHUNK\" ]; then\n"
                "  echo \"chunk $4 sabotaged by the test on $(hostname)\" >&2\n"
                "  exit 3\n"
                "fi\n"
                "exec '" +
                test::cliPath().toUtf8() + "' \"$@\"\n");
        f.close();
        f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                         QFile::ExeGroup);
        return path;
    }

    RunRecord slurmRender(SlurmRenderRunner &runner, int chunks, const CancelToken &cancel = {},
                          const SlurmRenderRunner::CreatedFn &created = {})
    {
        RenderRequest request;
        request.specPath = m_spec;
        request.options.chunks = chunks;
        return runner.run(request, cancel, {}, created);
    }

    SlurmRenderOptions options(const QString &cli) const
    {
        SlurmRenderOptions o;
        o.cliPath = cli;
        o.timeout_ms = 300000;
        o.pollInterval_ms = 250;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_unavailable = test::ensureSlurmCluster();
        QVERIFY(m_tmp.isValid());
        m_project = test::copyDemo(m_tmp.path());
        QVERIFY(!m_project.isEmpty());
        m_spec = m_project + QStringLiteral("/specs/feature-explainer.greenlight.json");
        m_wrapper = writeWrapper();
        QVERIFY(!m_wrapper.isEmpty());
        // The local reference: the same spec in one piece.
        QElapsedTimer t;
        t.start();
        m_local = test::renderSpec(m_spec);
        m_local_ms = t.elapsed();
        GL_COMPARE_STATUS(m_local.status, RunStatus::Succeeded);
        qInfo("timing: local render (1 chunk) %lld ms", m_local_ms);
    }

    void init()
    {
        if (!m_unavailable.isEmpty())
            QFAIL(qPrintable(m_unavailable));
    }

    void cleanupTestCase()
    {
        if (QTest::currentTestFailed())
            m_tmp.setAutoRemove(false);
    }

    // Four chunks as an array plus concat: the run folder has every chunk as an attempt with
    // node and times, and the video equals the local render.
    void fourChunksEqualLocal()
    {
        SlurmRenderRunner runner(test::slurmRunner());
        runner.setOptions(options(test::cliPath()));
        QElapsedTimer t;
        t.start();
        const RunRecord r = slurmRender(runner, 4);
        const qint64 slurm_ms = t.elapsed();
        QVERIFY2(r.status == RunStatus::Succeeded,
                 qPrintable(r.lastError() ? r.lastError()->toString()
                                          : QStringLiteral("no error recorded")));
        const QString dir = runner.runDir();
        QCOMPARE(dir, m_project + QStringLiteral("/runs/") + r.id);
        GL_COMPARE_STATUS(r.runtimeClass, RuntimeClass::RemoteSelfHosted);
        QCOMPARE(r.chunks, 4);

        // Every chunk, then the concat, is an attempt with its node and times.
        QCOMPARE(r.attempts.size(), 5);
        for (const RunAttempt &a : r.attempts) {
            GL_COMPARE_STATUS(a.outcome, RunStatus::Succeeded);
            QVERIFY(!a.host.isEmpty());
            QVERIFY(!a.startedAt.isEmpty());
            QVERIFY(!a.endedAt.isEmpty());
            QCOMPARE(a.exitCode.value_or(-1), 0);
        }
        for (int k = 0; k < 4; ++k)
            QVERIFY(r.attempts[4].startedAt >=
                    r.attempts[k].endedAt); // the concat ran after every chunk
        Result<Json> slurm = readJsonFile(dir + QStringLiteral("/slurm.json"));
        QVERIFY(slurm.ok());
        QCOMPARE((*slurm)["jobs"].size(), size_t(5));
        QCOMPARE((*slurm)["jobs"][0]["planJob"], "chunk-000");
        QCOMPARE((*slurm)["jobs"][4]["planJob"], "concat");
        QCOMPARE((*slurm)["jobs"][2]["slurm"]["state"], "COMPLETED");

        // The run folder is sealed like a local one: logs of every task, manifest, schema.
        QVERIFY(verifyManifest(dir).isEmpty());
        // Left for people to look at after the run.
        const QString keep = test::outputDir(QStringLiteral("slurmrender"));
        for (const QString &f : {QStringLiteral("run.json"), QStringLiteral("slurm.json"),
                                 QStringLiteral("manifest.json")}) {
            QFile::remove(keep + QLatin1Char('/') + f);
            QFile::copy(dir + QLatin1Char('/') + f, keep + QLatin1Char('/') + f);
        }
        for (const char *f :
             {"logs/slurm-chunk-0.log", "logs/slurm-chunk-3.log", "logs/slurm-concat.log",
              "logs/ffmpeg-chunk-000.log", "logs/ffmpeg-chunk-003.log", "logs/ffmpeg-concat.log"})
            QVERIFY2(QFileInfo::exists(dir + QLatin1Char('/') + QLatin1String(f)), f);
        QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/chunks"))); // intermediates removed
        Result<Json> runJson = readJsonFile(dir + QStringLiteral("/run.json"));
        QVERIFY(runJson.ok());
        const QStringList schema = test::schemaErrors(*runJson, QStringLiteral("run.schema.json"));
        QVERIFY2(schema.isEmpty(), qPrintable(schema.join(QLatin1Char('\n'))));

        // Same frame count and duration as the local render, and the same pictures.
        const QString local =
            m_project + QStringLiteral("/runs/") + m_local.id + QStringLiteral("/output.mp4");
        const QString farm = dir + QStringLiteral("/output.mp4");
        const test::VideoFacts a = test::probeVideo(local);
        const test::VideoFacts b = test::probeVideo(farm);
        QCOMPARE(b.frames, a.frames);
        QCOMPARE(b.frames, qint64(510));
        QCOMPARE(b.duration_s, a.duration_s);
        QCOMPARE(b.frameRate, a.frameRate);
        QCOMPARE(b.audioSampleRate, a.audioSampleRate);
        const double ssim = test::ssimAll(local, farm);
        QVERIFY2(ssim >= 0.99, qPrintable(QString::number(ssim)));
        const QByteArray localFrames = test::decodedFrameHashes(local);
        QVERIFY(!localFrames.isEmpty());
        const bool identical = test::decodedFrameHashes(farm) == localFrames;
        qInfo("timing: farm render (4 chunks + concat) %lld ms, local %lld ms, overhead %.2f s; "
              "SSIM %.6f, "
              "decoded frames identical: %s",
              slurm_ms, m_local_ms, double(slurm_ms - m_local_ms) / 1000.0, ssim,
              identical ? "yes" : "no");
        QVERIFY(identical);
    }

    // A chunk that fails fails the run with its log; the concat never runs and no output is kept.
    void failedChunkFailsRun()
    {
        auto commands = test::slurmRunner();
        commands->setEnvironmentValue(QStringLiteral("GL_TEST_FAIL_CHUNK"), QStringLiteral("2"));
        SlurmRenderRunner runner(commands);
        runner.setOptions(options(m_wrapper));
        const RunRecord r = slurmRender(runner, 4);
        GL_COMPARE_STATUS(r.status, RunStatus::Failed);
        const QString dir = runner.runDir();
        QCOMPARE(dir, m_project + QStringLiteral("/runs/") + r.id);
        QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/output.mp4")));
        QCOMPARE(r.attempts.size(), 5);
        GL_COMPARE_STATUS(r.attempts[2].outcome, RunStatus::Failed);
        QVERIFY(r.attempts[2].error.has_value());
        QCOMPARE(r.attempts[2].error->location, QStringLiteral("chunk-002"));
        QVERIFY2(
            r.attempts[2].error->message.contains(QStringLiteral("chunk 2 sabotaged by the test")),
            qPrintable(r.attempts[2].error->message));
        QCOMPARE(r.attempts[2].exitCode.value_or(-1), 3);
        for (int k : {0, 1, 3})
            GL_COMPARE_STATUS(r.attempts[k].outcome, RunStatus::Succeeded);
        // The run's error is the chunk's, with its log.
        const std::optional<Error> e = r.lastError();
        QVERIFY(e.has_value());
        QCOMPARE(e->code, QString(slurmcodes::jobFailed));
        QVERIFY2(e->message.contains(QStringLiteral("Task 2 of job array")),
                 qPrintable(e->message));
        QVERIFY2(e->message.contains(QStringLiteral("chunk 2 sabotaged by the test")),
                 qPrintable(e->message));
        // The concat never ran.
        Result<Json> slurm = readJsonFile(dir + QStringLiteral("/slurm.json"));
        QVERIFY(slurm.ok());
        QCOMPARE((*slurm)["jobs"][4]["slurm"]["reason"], "DependencyNeverSatisfied");
        QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/logs/ffmpeg-concat.log")));
        QVERIFY(verifyManifest(dir).isEmpty());
    }

    // Cancel while chunks run: every task leaves the cluster, the run ends cancelled.
    void cancelStopsEveryTask()
    {
        auto commands = test::slurmRunner();
        commands->setEnvironmentValue(QStringLiteral("GL_TEST_DELAY_S"), QStringLiteral("120"));
        SlurmRenderRunner runner(commands);
        runner.setOptions(options(m_wrapper));
        CancelToken cancel;
        QString runId;
        QMutex mutex;
        QElapsedTimer t;
        t.start();
        QFuture<RunRecord> future = QtConcurrent::run([&] {
            return slurmRender(runner, 4, cancel, [&](const QString &id, const QString &) {
                QMutexLocker lock(&mutex);
                runId = id;
            });
        });
        // Wait until tasks of this run are on the node.
        SlurmClient client(test::slurmRunner());
        int running = 0;
        while (t.elapsed() < 60000 && running == 0) {
            QTest::qWait(250);
            QString id;
            {
                QMutexLocker lock(&mutex);
                id = runId;
            }
            if (id.isEmpty())
                continue;
            const Result<QList<SlurmTaskStatus>> q =
                client.queue(QStringLiteral("greenlight-") + id);
            if (q)
                for (const SlurmTaskStatus &s : *q)
                    running += s.state == SlurmJobState::Running ? 1 : 0;
        }
        QVERIFY2(running > 0, "no chunk of the farm render started within 60 s");
        QElapsedTimer c;
        c.start();
        cancel.cancel();
        future.waitForFinished();
        const qint64 cancel_ms = c.elapsed();
        const RunRecord r = future.result();
        GL_COMPARE_STATUS(r.status, RunStatus::Cancelled);
        const std::optional<Error> e = r.lastError();
        QVERIFY(e.has_value());
        QCOMPARE(e->code, QStringLiteral("render.cancelled"));
        const Result<QList<SlurmTaskStatus>> left =
            client.queue(QStringLiteral("greenlight-") + r.id);
        QVERIFY(left.ok());
        QVERIFY2(left->isEmpty(), "tasks of the cancelled render are still queued or running");
        const Result<QList<SlurmTaskStatus>> concatLeft =
            client.queue(QStringLiteral("greenlight-") + r.id + QStringLiteral("-concat"));
        QVERIFY(concatLeft.ok());
        QVERIFY(concatLeft->isEmpty());
        QVERIFY(!QFileInfo::exists(runner.runDir() + QStringLiteral("/output.mp4")));
        QCOMPARE(runner.runDir(), m_project + QStringLiteral("/runs/") + r.id);
        for (const RunAttempt &a : r.attempts)
            QVERIFY(a.outcome != RunStatus::Succeeded);
        qInfo(
            "timing: %d chunk(s) running after %lld ms; cancelled run sealed %lld ms after cancel",
            running, t.elapsed() - cancel_ms, cancel_ms);
    }
};

QTEST_GUILESS_MAIN(TestSlurmRender)
#include "tst_slurmrender.moc"
