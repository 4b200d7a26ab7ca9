// A remote render over SSH against the test sshd on 127.0.0.1 (tests/services/ssh/start.sh):
// the "remote host" is this machine, with its project root in the test's temporary directory
// and the freshly built greenlight-cli as its worker. When the daemon cannot be reached the
// suite fails with the reason; it never skips.
#include "sshtestdaemon.h"
#include "testsupport.h"

#include "common/hashing.h"
#include "common/jsonio.h"
#include "remote/sshcodes.h"
#include "remote/sshrenderrunner.h"
#include "run/manifest.h"
#include "run/runrecord.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <signal.h>

using namespace greenlight;
using namespace greenlight::test;

namespace {

QJsonObject lastJsonLine(const QByteArray &out)
{
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

QString describe(const Error &e)
{
    return e.code + QStringLiteral(": ") + e.message;
}

} // namespace

class TestSshRenderRunner : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_project;      // the local project (a copy of the demo)
    QString m_spec;         // specs/launch-teaser.greenlight.json
    QString m_longSpec;     // the same spec eight times as long, for cancel and dropped connections
    QString m_narration;    // a local narration run of m_spec
    QString m_localOutput;  // a local render of m_spec with m_narration
    qint64 m_localRender_ms = 0;

    SshHostProfile profile() const { return sshdProfile(m_tmp.filePath(QStringLiteral("remote root"))); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QString down = ensureSshdUp();
        if (!down.isEmpty())
            QFAIL(qPrintable(down));

        m_project = m_tmp.filePath(QStringLiteral("local/demo"));
        QVERIFY(copyTree(sourceDir() + QStringLiteral("/resources/demo"), m_project));
        m_spec = m_project + QStringLiteral("/specs/launch-teaser.greenlight.json");

        // A long spec: every scene eight times as long, no variants, no narration run.
        Result<Json> spec = readJsonFile(m_spec);
        QVERIFY(spec.ok());
        Json longSpec = *spec;
        for (Json &scene : longSpec["scenes"])
            scene["durationFrames"] = scene["durationFrames"].get<qint64>() * 8;
        longSpec["durationFrames"] = longSpec["durationFrames"].get<qint64>() * 8;
        longSpec.erase("variants");
        longSpec["id"] = "long-teaser";
        m_longSpec = m_project + QStringLiteral("/specs/long-teaser.json");
        QVERIFY(writeJsonFile(m_longSpec, longSpec).ok());

        const ProcessResult tts = runCli({QStringLiteral("tts"), m_spec, QStringLiteral("--json")});
        QVERIFY2(tts.exitCode == 0, tts.err.constData());
        m_narration = lastJsonLine(tts.out).value(QStringLiteral("runDir")).toString();
        QVERIFY(QFileInfo(m_narration + QStringLiteral("/narration.wav")).isFile());

        // The local render to compare with, into a project of its own.
        QElapsedTimer clock;
        clock.start();
        const ProcessResult local = runCli({QStringLiteral("render"), m_spec, QStringLiteral("--narration"), m_narration,
                                            QStringLiteral("--out"), m_tmp.filePath(QStringLiteral("local/reference")),
                                            QStringLiteral("--json")});
        m_localRender_ms = clock.elapsed();
        QVERIFY2(local.exitCode == 0, local.err.constData());
        m_localOutput = lastJsonLine(local.out).value(QStringLiteral("runDir")).toString() + QStringLiteral("/output.mp4");
        QVERIFY(QFileInfo(m_localOutput).isFile());
        qInfo("local render: %lld ms", m_localRender_ms);
    }

    void rendersOverSshLikeLocally()
    {
        const SshRenderRunner runner(profile());
        SshRenderRequest request;
        request.specPath = m_spec;
        request.narrationRun = m_narration;
        QList<SshRenderProgress::Phase> phases;
        SshRenderOptions options;
        options.poll_ms = 500;
        options.progress = [&](const SshRenderProgress &p) {
            if (phases.isEmpty() || phases.last() != p.phase)
                phases.append(p.phase);
        };
        const Result<SshRenderResult> r = runner.run(request, options);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(describe(r.error())));
        QCOMPARE(toString(r->record.status), toString(RunStatus::Succeeded));
        QVERIFY(phases.first() == SshRenderProgress::Phase::Sync);
        QVERIFY(phases.last() == SshRenderProgress::Phase::Done);

        // The local run folder: the contract says remote-self-hosted over ssh, and it verifies.
        QCOMPARE(r->runDir, m_project + QStringLiteral("/runs/") + r->record.id);
        Result<Json> runJson = readJsonFile(r->runDir + QStringLiteral("/run.json"));
        QVERIFY(runJson.ok());
        QCOMPARE((*runJson)["runtimeClass"].get<std::string>(), std::string("remote-self-hosted"));
        QCOMPARE((*runJson)["engine"]["name"].get<std::string>(), std::string("ssh"));
        QVERIFY(!(*runJson)["engine"]["version"].get<std::string>().empty());
        QVERIFY(verifyManifest(r->runDir).isEmpty());
        for (const char *file : {"remote/run.json", "remote/manifest.json", "logs/ssh.log", "logs/remote-job/job.json"})
            QVERIFY2(QFileInfo(r->runDir + QLatin1Char('/') + QLatin1String(file)).isFile(), file);
        QVERIFY(!QFileInfo::exists(m_project + QStringLiteral("/runs/.staging/") + r->record.id));

        // The same bytes as the local render of the same spec and narration.
        QCOMPARE(*sha256File(r->runDir + QStringLiteral("/output.mp4")), *sha256File(m_localOutput));

        // What was sent: the spec, its assets and the narration run.
        QVERIFY(r->upload.sent.contains(QStringLiteral("specs/launch-teaser.greenlight.json")));
        QVERIFY(r->upload.sent.contains(QStringLiteral("assets/logo.png")));
        const QString narrationRel = QDir(m_project).relativeFilePath(m_narration);
        QVERIFY(r->upload.sent.contains(narrationRel + QStringLiteral("/narration.wav")));
        QVERIFY(r->upload.unchanged.isEmpty());
        qInfo("ssh render: sync %lld ms (%lld files), remote %lld ms, fetch %lld ms, total %lld ms; "
              "ssh_overhead_s %.2f against the local render",
              r->sync_ms, qint64(r->upload.sent.size()), r->remote_ms, r->fetch_ms, r->total_ms,
              (r->total_ms - m_localRender_ms) / 1000.0);

        // Again: nothing needs sending.
        const Result<SshRenderResult> again = runner.run(request, options);
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(describe(again.error())));
        QVERIFY2(again->upload.sent.isEmpty(), qPrintable(again->upload.sent.join(QStringLiteral(", "))));
        QCOMPARE(again->upload.unchanged.size(), r->upload.sent.size());
        QVERIFY(again->record.id != r->record.id);
        qInfo("second ssh render (nothing to send): sync %lld ms, total %lld ms", again->sync_ms, again->total_ms);
    }

    void droppedConnectionResumesPolling()
    {
        const SshRenderRunner runner(profile());
        SshRenderRequest request;
        request.specPath = m_longSpec;
        SshRenderOptions options;
        options.poll_ms = 300;
        bool submitted = false;
        int drops = 2; // the first two status polls lose their connection
        options.progress = [&](const SshRenderProgress &p) {
            if (p.phase == SshRenderProgress::Phase::Remote && !p.jobId.isEmpty())
                submitted = true;
        };
        options.sshStarted = [&](qint64 pid) {
            if (!submitted || drops <= 0)
                return;
            --drops;
            QTimer::singleShot(150, [pid] { ::kill(pid_t(pid), SIGKILL); });
        };
        const Result<SshRenderResult> r = runner.run(request, options);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(describe(r.error())));
        QCOMPARE(drops, 0);
        QVERIFY2(r->reconnects >= 1, qPrintable(QString::number(r->reconnects)));
        QCOMPARE(toString(r->record.status), toString(RunStatus::Succeeded));
        QVERIFY(verifyManifest(r->runDir).isEmpty());
        QVERIFY(QFileInfo(r->runDir + QStringLiteral("/output.mp4")).size() > 0);
        const QByteArray log = [&] {
            QFile f(r->runDir + QStringLiteral("/logs/ssh.log"));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(log.contains("connection back"));
        qInfo("dropped connections: %d reconnect(s); remote %lld ms, total %lld ms", r->reconnects, r->remote_ms,
              r->total_ms);
    }

    void cancelReachesRemoteJob()
    {
        const SshRenderRunner runner(profile());
        SshRenderRequest request;
        request.specPath = m_longSpec;
        SshRenderOptions options;
        options.poll_ms = 300;
        CancelToken token = options.cancel;
        QElapsedTimer sinceCancel;
        options.progress = [&, token](const SshRenderProgress &p) {
            if (p.phase == SshRenderProgress::Phase::Remote && p.frame > 0 && !token.isCancelled()) {
                token.cancel();
                sinceCancel.start();
            }
        };
        const Result<SshRenderResult> r = runner.run(request, options);
        QVERIFY2(token.isCancelled(), "the job never reported progress");
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(describe(r.error())));
        QCOMPARE(toString(r->record.status), toString(RunStatus::Cancelled));
        QVERIFY(!QFileInfo::exists(r->runDir + QStringLiteral("/output.mp4")));
        QVERIFY(verifyManifest(r->runDir).isEmpty());
        // The remote job itself says cancelled.
        Result<Json> job = readJsonFile(r->remoteJobDir + QStringLiteral("/job.json"));
        QVERIFY(job.ok());
        QCOMPARE((*job)["state"].get<std::string>(), std::string("cancelled"));
        qInfo("cancel: the remote job ended cancelled and its run came back %lld ms after the cancel",
              sinceCancel.elapsed());
    }

    void unknownHostKeyRefusesBeforeSending()
    {
        const QString empty = m_tmp.filePath(QStringLiteral("known_hosts.empty"));
        QFile f(empty);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        SshHostProfile p = profile();
        p.options = {QStringLiteral("UserKnownHostsFile=") + empty};
        SshRenderRequest request;
        request.specPath = m_spec;
        const Result<SshRenderResult> r = SshRenderRunner(p).run(request);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QString(sshcodes::hostKey));
    }
};

QTEST_GUILESS_MAIN(TestSshRenderRunner)
#include "tst_sshrenderrunner.moc"
