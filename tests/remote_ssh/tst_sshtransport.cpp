// The SSH transport against a real sshd on 127.0.0.1 (tests/services/ssh/start.sh): the
// "remote host" is this machine, its project root a folder of the test's temporary directory.
// When the daemon cannot be reached the suite fails with the reason; it never skips.
#include "sshtestdaemon.h"
#include "testsupport.h"

#include "common/hashing.h"
#include "remote/sshcodes.h"
#include "remote/sshfilesync.h"
#include "remote/sshhostprofile.h"
#include "remote/sshshellquote.h"
#include "remote/sshtransport.h"
#include "run/manifest.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include <signal.h>

#include <algorithm>

using namespace greenlight;
using namespace greenlight::test;

namespace {

// Waits until no process runs `argv`; false when one still runs after timeout_ms.
bool waitUntilGone(const QStringList &argv, int timeout_ms)
{
    QElapsedTimer clock;
    clock.start();
    while (!pidsWithArgs(argv).isEmpty()) {
        if (clock.elapsed() > timeout_ms)
            return false;
        QThread::msleep(50);
    }
    return true;
}

QList<qint64> waitForProcess(const QStringList &argv, int timeout_ms)
{
    QElapsedTimer clock;
    clock.start();
    QList<qint64> pids;
    while ((pids = pidsWithArgs(argv)).isEmpty() && clock.elapsed() < timeout_ms)
        QThread::msleep(50);
    return pids;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QString describe(const Error &e)
{
    return e.code + QStringLiteral(": ") + e.message;
}

} // namespace

class TestSshTransport : public QObject
{
    Q_OBJECT

private:
    SshHostProfile profile() const { return sshdProfile(m_remoteRoot); }
    QString m_remoteRoot;
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_remoteRoot = m_tmp.filePath(QStringLiteral("remote"));
        QVERIFY(QDir().mkpath(m_remoteRoot));
        QElapsedTimer clock;
        clock.start();
        const QString down = ensureSshdUp();
        if (!down.isEmpty())
            QFAIL(qPrintable(down));
        qInfo("sshd on loopback answers (checked in %lld ms); state in %s", clock.elapsed(),
              qPrintable(sshdStateDir()));
    }

    void profileRoundTripsAndValidates()
    {
        SshHostProfile p = profile();
        p.port = 52222;
        p.options = {QStringLiteral("ProxyJump=none")};
        const Result<SshHostProfile> back = SshHostProfile::fromJson(p.toJson());
        QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().toString()));
        QCOMPARE(back->host, p.host);
        QCOMPARE(back->port, p.port);
        QCOMPARE(back->remoteProjectRoot, p.remoteProjectRoot);
        QCOMPARE(back->remoteCli, p.remoteCli);
        QCOMPARE(back->configFile, p.configFile);
        QCOMPARE(back->options, p.options);

        SshHostProfile bad = p;
        bad.host = QStringLiteral("-oProxyCommand=evil");
        QVERIFY(!bad.validate());
        bad = p;
        bad.options = {QStringLiteral("not an option")};
        QVERIFY(!bad.validate());
        // The destination never reaches ssh as an option: "--" ends them.
        const QStringList args = SshTransport(p).sshArguments(QStringLiteral("true"));
        QCOMPARE(args.at(args.indexOf(QStringLiteral("--")) + 1), p.host);
        QVERIFY(args.contains(QStringLiteral("BatchMode=yes")));

        QCOMPARE(sshshell::quote(QStringLiteral("it's")), QStringLiteral("'it'\\''s'"));
        QCOMPARE(sshshell::path(QStringLiteral("~/a b")), QStringLiteral("\"$HOME\"/'a b'"));
        QVERIFY(!sshshell::isSafeRelativePath(QStringLiteral("../x")));
        QVERIFY(!sshshell::isSafeRelativePath(QStringLiteral("a\nb")));
        QVERIFY(sshshell::isSafeRelativePath(QStringLiteral("specs/a b.json")));
    }

    void runsCommandWithOutputAndExitCode()
    {
        const SshTransport t(profile());
        const Result<SshCommandResult> r = t.run(
            QStringLiteral("printf '%s\\n' ") + sshshell::quote(QStringLiteral("it's here"))
            + QStringLiteral("; echo to-stderr >&2; pwd; exit 7"));
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(describe(r.error())));
        QCOMPARE(r->exitCode, 7);
        const QList<QByteArray> lines = r->stdOut.trimmed().split('\n');
        QCOMPARE(lines.value(0), QByteArray("it's here"));
        QCOMPARE(r->stdErr.trimmed(), QByteArray("to-stderr"));
        qInfo("remote command round trip: %lld ms", r->elapsed_ms);

        // runChecked turns the failure into ssh.remote with the status and stderr.
        const Result<SshCommandResult> failed = t.runChecked(QStringLiteral("echo broken >&2; exit 3"));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().code, QString(sshcodes::remote));
        QVERIFY2(failed.error().message.contains(QStringLiteral("3"))
                     && failed.error().message.contains(QStringLiteral("broken")),
                 qPrintable(failed.error().message));

        // Streamed output arrives through the callback as well.
        QByteArray streamed;
        SshRunOptions o;
        o.stdoutChunk = [&](const QByteArray &chunk) { streamed += chunk; };
        const Result<SshCommandResult> s = t.run(QStringLiteral("for i in 1 2 3; do echo line$i; done"), o);
        QVERIFY(s.ok());
        QCOMPARE(streamed, QByteArray("line1\nline2\nline3\n"));
    }

    void refusesUnknownHostKey()
    {
        const QString empty = m_tmp.filePath(QStringLiteral("known_hosts.empty"));
        QVERIFY(writeAll(empty, {}));
        SshHostProfile p = profile();
        p.options = {QStringLiteral("UserKnownHostsFile=") + empty};
        const Result<SshCommandResult> r = SshTransport(p).run(QStringLiteral("echo should-not-run"));
        QVERIFY2(!r.ok(), "an unknown host key was accepted");
        QCOMPARE(r.error().code, QString(sshcodes::hostKey));
        QVERIFY2(r.error().message.contains(QStringLiteral("not in known_hosts")), qPrintable(r.error().message));
        QVERIFY(!QFileInfo(empty).size()); // nothing was added to it
        qInfo("unknown host key: %s", qPrintable(r.error().message));

        // A changed key (another key recorded for the same host and port) is refused too.
        const QString keyFile = m_tmp.filePath(QStringLiteral("other_key"));
        const ProcessResult kg = run(QStringLiteral("ssh-keygen"),
                                     {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                      QStringLiteral("-N"), QString(), QStringLiteral("-f"), keyFile});
        QVERIFY2(kg.exitCode == 0, kg.err.constData());
        const QByteArray knownLine = readAll(sshdStateDir() + QStringLiteral("/known_hosts"));
        const QByteArray hostField = knownLine.split(' ').value(0);
        const QList<QByteArray> otherKey = readAll(keyFile + QStringLiteral(".pub")).split(' ');
        const QString changed = m_tmp.filePath(QStringLiteral("known_hosts.changed"));
        QVERIFY(writeAll(changed, hostField + ' ' + otherKey.value(0) + ' ' + otherKey.value(1) + '\n'));
        p.options = {QStringLiteral("UserKnownHostsFile=") + changed};
        const Result<SshCommandResult> c = SshTransport(p).run(QStringLiteral("echo should-not-run"));
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, QString(sshcodes::hostKey));
        QVERIFY2(c.error().message.contains(QStringLiteral("CHANGED")), qPrintable(c.error().message));
    }

    void refusedKeyIsAuthError()
    {
        // A client configuration of its own whose only key the daemon does not know.
        const QString keyFile = m_tmp.filePath(QStringLiteral("stranger_key"));
        const ProcessResult kg = run(QStringLiteral("ssh-keygen"),
                                     {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                                      QStringLiteral("-N"), QString(), QStringLiteral("-f"), keyFile});
        QVERIFY2(kg.exitCode == 0, kg.err.constData());
        QByteArray config = readAll(sshdStateDir() + QStringLiteral("/ssh_config"));
        const QByteArray clientKey = (sshdStateDir() + QStringLiteral("/client_ed25519")).toUtf8();
        QVERIFY(config.contains(clientKey));
        config.replace(clientKey, keyFile.toUtf8());
        const QString configFile = m_tmp.filePath(QStringLiteral("stranger_config"));
        QVERIFY(writeAll(configFile, config));
        SshHostProfile p = profile();
        p.configFile = configFile;
        const Result<SshCommandResult> r = SshTransport(p).run(QStringLiteral("echo should-not-run"));
        QVERIFY2(!r.ok(), "an unknown key logged in");
        QCOMPARE(r.error().code, QString(sshcodes::auth));
    }

    void unreachableIsConnectError()
    {
        SshHostProfile p = profile();
        p.port = 1; // nothing listens on port 1 of the loopback
        QElapsedTimer clock;
        clock.start();
        const Result<SshCommandResult> r = SshTransport(p).run(QStringLiteral("true"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QString(sshcodes::connect));
        QVERIFY2(r.error().message.contains(QStringLiteral("refused")), qPrintable(r.error().message));
        qInfo("refused connection reported in %lld ms", clock.elapsed());

        SshTransport missing(profile());
        missing.setPrograms(QStringLiteral("/nonexistent/ssh"), QStringLiteral("/nonexistent/scp"));
        const Result<SshCommandResult> m = missing.run(QStringLiteral("true"));
        QVERIFY(!m.ok());
        QCOMPARE(m.error().code, QString(sshcodes::client));
    }

    void uploadsOnlyWhatChanged()
    {
        const QString local = m_tmp.filePath(QStringLiteral("local/project"));
        QVERIFY(copyTree(sourceDir() + QStringLiteral("/resources/demo"), local));
        const QString remote = m_remoteRoot + QStringLiteral("/upload project"); // a space on purpose
        const SshTransport t(profile());
        const SshFileSync sync(t);
        QStringList files = SshFileSync::filesBelow(local);
        QVERIFY(files.size() >= 4);

        const Result<SshUploadReport> first = sync.upload(local, files, remote);
        QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(describe(first.error())));
        QCOMPARE(first->sent, files);
        QVERIFY(first->unchanged.isEmpty());
        for (const QString &f : files)
            QCOMPARE(readAll(remote + QLatin1Char('/') + f), readAll(local + QLatin1Char('/') + f));
        qInfo("first upload: %lld files, %lld bytes in %lld ms", qint64(first->sent.size()), first->bytesSent,
              first->elapsed_ms);

        const Result<SshUploadReport> second = sync.upload(local, files, remote);
        QVERIFY2(second.ok(), second.ok() ? "" : qPrintable(describe(second.error())));
        QVERIFY2(second->sent.isEmpty(), qPrintable(second->sent.join(QStringLiteral(", "))));
        QCOMPARE(second->unchanged, files);
        qInfo("second upload (nothing changed): %lld ms", second->elapsed_ms);

        const QString changed = QStringLiteral("specs/launch-teaser.greenlight.json");
        QVERIFY(files.contains(changed));
        QByteArray spec = readAll(local + QLatin1Char('/') + changed);
        QVERIFY(writeAll(local + QLatin1Char('/') + changed, spec + "\n"));
        // New files in a new folder, one with a quote in its name and one whose path is longer
        // than a plain tar header holds.
        const QString added = QStringLiteral("assets/new folder/it's notes.txt");
        QVERIFY(writeAll(local + QLatin1Char('/') + added, "notes\n"));
        const QString longName = QStringLiteral("assets/new folder/") + QString(120, QLatin1Char('n'))
                                 + QStringLiteral(".txt");
        QVERIFY(writeAll(local + QLatin1Char('/') + longName, QByteArray(70000, 'z')));
        files = SshFileSync::filesBelow(local);
        const Result<SshUploadReport> third = sync.upload(local, files, remote);
        QVERIFY2(third.ok(), third.ok() ? "" : qPrintable(describe(third.error())));
        QStringList expected{added, longName, changed};
        std::sort(expected.begin(), expected.end());
        QCOMPARE(third->sent, expected);
        QCOMPARE(third->unchanged.size(), files.size() - 3);
        QCOMPARE(readAll(remote + QLatin1Char('/') + changed), spec + "\n");
        QCOMPARE(readAll(remote + QLatin1Char('/') + added), QByteArray("notes\n"));
        QCOMPARE(readAll(remote + QLatin1Char('/') + longName), QByteArray(70000, 'z'));
        qInfo("third upload (one changed, two new): %lld ms", third->elapsed_ms);

        // Nothing half-written is left beside the files.
        QCOMPARE(SshFileSync::filesBelow(remote), files);

        // Paths that leave the root are refused before anything is sent.
        const Result<SshUploadReport> escape = sync.upload(local, {QStringLiteral("../x")}, remote);
        QVERIFY(!escape.ok());
        QCOMPARE(escape.error().code, QString(sshcodes::path));
    }

    void fetchesVerifiedRunAndRejectsTamperedOne()
    {
        // Render on the "remote" side, through ssh, into a project under the remote root.
        const QString remoteProject = m_remoteRoot + QStringLiteral("/render-project");
        QVERIFY(copyTree(sourceDir() + QStringLiteral("/resources/demo"), remoteProject));
        const SshTransport t(profile());
        SshRunOptions renderOptions;
        renderOptions.timeout_ms = 300000;
        QElapsedTimer clock;
        clock.start();
        const Result<SshCommandResult> rendered = t.runChecked(
            sshshell::join({t.profile().remoteCli, QStringLiteral("render"),
                            remoteProject + QStringLiteral("/specs/launch-teaser.greenlight.json"), QStringLiteral("--json")}),
            renderOptions);
        QVERIFY2(rendered.ok(), rendered.ok() ? "" : qPrintable(describe(rendered.error())));
        const QList<QByteArray> events = rendered->stdOut.trimmed().split('\n');
        const QJsonObject finished = QJsonDocument::fromJson(events.last()).object();
        QCOMPARE(finished.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
        const QString remoteRun = finished.value(QStringLiteral("runDir")).toString();
        const QString runId = finished.value(QStringLiteral("runId")).toString();
        QVERIFY(!remoteRun.isEmpty());
        qInfo("remote render over ssh: %lld ms", clock.elapsed());

        const SshFileSync sync(t);
        const QString localRuns = m_tmp.filePath(QStringLiteral("local/runs"));
        const Result<SshFetchReport> fetched = sync.fetchRun(remoteRun, localRuns + QLatin1Char('/') + runId);
        QVERIFY2(fetched.ok(), fetched.ok() ? "" : qPrintable(describe(fetched.error())));
        QVERIFY(verifyManifest(fetched->localDir).isEmpty());
        QVERIFY(QFileInfo(fetched->localDir + QStringLiteral("/output.mp4")).size() > 0);
        QVERIFY(fetched->files >= 5);
        QCOMPARE(*sha256File(fetched->localDir + QStringLiteral("/manifest.json")), fetched->manifestSha256);
        qInfo("fetch + verify: %d files, %lld bytes in %lld ms", fetched->files, fetched->bytes, fetched->elapsed_ms);

        // The same run with the manifest hash the remote side vouches for: accepted; another: refused.
        const Result<SshFetchReport> again = sync.fetchRun(remoteRun, localRuns + QStringLiteral("/again"), {},
                                                           fetched->manifestSha256);
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(describe(again.error())));
        const Result<SshFetchReport> wrongManifest = sync.fetchRun(
            remoteRun, localRuns + QStringLiteral("/wrong-manifest"), {}, QString(64, QLatin1Char('0')));
        QVERIFY(!wrongManifest.ok());
        QCOMPARE(wrongManifest.error().code, QString(sshcodes::verify));
        QVERIFY(!QFileInfo::exists(localRuns + QStringLiteral("/wrong-manifest")));

        // One byte of the remote video changes: the fetch is rejected and leaves nothing behind.
        QFile video(remoteRun + QStringLiteral("/output.mp4"));
        QVERIFY(video.open(QIODevice::ReadWrite));
        const qint64 at = video.size() / 2;
        QVERIFY(video.seek(at));
        char byte = 0;
        QVERIFY(video.getChar(&byte));
        QVERIFY(video.seek(at));
        QVERIFY(video.putChar(char(byte ^ 0x5a)));
        video.close();
        const QString tamperedRuns = m_tmp.filePath(QStringLiteral("local/tampered"));
        const Result<SshFetchReport> tampered = sync.fetchRun(remoteRun, tamperedRuns + QLatin1Char('/') + runId);
        QVERIFY2(!tampered.ok(), "a tampered artifact was accepted");
        QCOMPARE(tampered.error().code, QString(sshcodes::verify));
        QVERIFY2(tampered.error().message.contains(QStringLiteral("output.mp4")), qPrintable(tampered.error().message));
        QVERIFY(QDir(tamperedRuns).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot).isEmpty());
        qInfo("tampered fetch: %s", qPrintable(tampered.error().message));

        // A folder that is not there is a transfer error, not an empty success.
        const Result<SshFetchReport> missing = sync.fetchRun(remoteProject + QStringLiteral("/runs/no-such-run"),
                                                             localRuns + QStringLiteral("/missing"));
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, QString(sshcodes::transfer));
    }

    void killedClientIsConnectionError()
    {
        const QStringList remoteSleep{QStringLiteral("sleep"), QStringLiteral("29.125")};
        const SshTransport t(profile());
        SshRunOptions o;
        o.timeout_ms = 60000;
        bool wasRunning = false;
        o.started = [&](qint64 pid) {
            QTimer::singleShot(1000, [&, pid] {
                wasRunning = !waitForProcess(remoteSleep, 5000).isEmpty();
                ::kill(pid_t(pid), SIGKILL);
            });
        };
        QElapsedTimer clock;
        clock.start();
        const Result<SshCommandResult> r = t.run(sshshell::join(remoteSleep) + QStringLiteral("; echo finished"), o);
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(wasRunning, "the remote command never started");
        QVERIFY2(!r.ok(), "a killed connection was reported as success");
        QCOMPARE(r.error().code, QString(sshcodes::connect));
        QVERIFY(elapsed < 10000);
        // The remote command does not outlive its connection.
        QVERIFY2(waitUntilGone(remoteSleep, 8000), "the remote command still runs after its connection died");
        qInfo("killed client reported after %lld ms: %s", elapsed, qPrintable(r.error().message));
    }

    void droppedServerSideIsConnectionError()
    {
        // The daemon's side of the connection dies (sshd session processes killed): ssh ends
        // with "closed by remote host", which must not pass as the command's result.
        const QStringList remoteSleep{QStringLiteral("sleep"), QStringLiteral("28.375")};
        const qint64 listener = readAll(sshdStateDir() + QStringLiteral("/sshd.pid")).trimmed().toLongLong();
        QVERIFY(listener > 0);
        const SshTransport t(profile());
        QList<qint64> killed;
        SshRunOptions o;
        o.timeout_ms = 60000;
        o.started = [&](qint64) {
            QTimer::singleShot(200, [&] {
                const QList<qint64> sleepers = waitForProcess(remoteSleep, 10000);
                if (sleepers.isEmpty())
                    return;
                // Walk up from the remote command to the listener: every sshd in between
                // serves this one connection.
                for (qint64 p = parentPid(sleepers.first()); p > 1 && p != listener; p = parentPid(p))
                    if (commandLine(p).startsWith("sshd"))
                        killed.append(p);
                for (qint64 p : std::as_const(killed))
                    ::kill(pid_t(p), SIGKILL);
            });
        };
        QElapsedTimer clock;
        clock.start();
        const Result<SshCommandResult> r = t.run(sshshell::join(remoteSleep) + QStringLiteral("; echo finished"), o);
        QVERIFY2(!killed.isEmpty(), "found no sshd process serving the connection");
        QVERIFY2(!r.ok(), "a dropped connection was reported as success");
        QCOMPARE(r.error().code, QString(sshcodes::connect));
        QVERIFY2(waitUntilGone(remoteSleep, 8000), "the remote command still runs after its connection dropped");
        qInfo("server-side drop reported after %lld ms: %s", clock.elapsed(), qPrintable(r.error().message));
    }

    void cancelStopsRemoteCommand()
    {
        const QStringList remoteSleep{QStringLiteral("sleep"), QStringLiteral("27.625")};
        const SshTransport t(profile());
        SshRunOptions o;
        o.timeout_ms = 60000;
        CancelToken token = o.cancel;
        bool wasRunning = false;
        o.started = [&, token](qint64) {
            QTimer::singleShot(1000, [&, token] {
                wasRunning = !waitForProcess(remoteSleep, 5000).isEmpty();
                token.cancel();
            });
        };
        QElapsedTimer clock;
        clock.start();
        // A pipeline: the whole process group goes, not only the first process.
        const Result<SshCommandResult> r =
            t.run(sshshell::join(remoteSleep) + QStringLiteral(" | cat; echo finished"), o);
        const qint64 elapsed = clock.elapsed();
        QVERIFY2(wasRunning, "the remote command never started");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QString(sshcodes::cancelled));
        QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
        QVERIFY2(waitUntilGone(remoteSleep, 8000), "the remote command still runs after cancel");
        qInfo("cancel took effect after %lld ms (cancelled at 1000 ms)", elapsed);
    }

    void timeoutStopsRemoteCommand()
    {
        const QStringList remoteSleep{QStringLiteral("sleep"), QStringLiteral("26.875")};
        const SshTransport t(profile());
        SshRunOptions o;
        o.timeout_ms = 1500;
        QElapsedTimer clock;
        clock.start();
        const Result<SshCommandResult> r = t.run(sshshell::join(remoteSleep), o);
        const qint64 elapsed = clock.elapsed();
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QString(sshcodes::timeout));
        QVERIFY2(elapsed >= 1500 && elapsed < 6000, qPrintable(QString::number(elapsed)));
        QVERIFY2(waitUntilGone(remoteSleep, 8000), "the remote command still runs after its time limit");
        qInfo("time limit of 1500 ms enforced after %lld ms", elapsed);
    }
};

QTEST_GUILESS_MAIN(TestSshTransport)
#include "tst_sshtransport.moc"
