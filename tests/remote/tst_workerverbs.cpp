// The headless worker verbs (submit, status, logs, cancel, job-run) with real processes on a
// copy of the demo project: detached jobs that outlive their submitter, JSON-lines events,
// clean cancels, a killed worker seen as failed, refusals that leave nothing behind.
#include "testsupport.h"

#include "common/jsonio.h"
#include "common/jsonschema.h"
#include "remote/jobrecord.h"
#include "run/runrecord.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>

#include <cerrno>
#include <csignal>
#include <functional>

#include <unistd.h>

using namespace greenlight;

namespace {

const QString kSpec = QStringLiteral("specs/launch-teaser.greenlight.json");
constexpr int kJobTimeout_ms = 120000;

bool processAlive(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno != ESRCH);
}

QList<Json> jsonLines(const QByteArray &bytes)
{
    QList<Json> lines;
    for (const QByteArray &line : bytes.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        Result<Json> j = parseJson(line, QStringLiteral("line"));
        lines.append(j ? *j : Json());
    }
    return lines;
}

// The worker's children (ffmpeg) from /proc.
QList<qint64> childrenOf(qint64 pid)
{
    QList<qint64> pids;
    QFile f(QStringLiteral("/proc/%1/task/%1/children").arg(pid));
    if (f.open(QIODevice::ReadOnly))
        for (const QByteArray &p : f.readAll().split(' '))
            if (!p.trimmed().isEmpty())
                pids.append(p.trimmed().toLongLong());
    return pids;
}

QStringList eventNames(const QList<Json> &events)
{
    QStringList names;
    for (const Json &e : events)
        names.append(e.is_object() ? toQString(e.value("event", "")) : QStringLiteral("<not json>"));
    return names;
}

QString str(const Json &j, const char *key)
{
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? toQString(it->get<std::string>()) : QString();
}

} // namespace

class TestWorkerVerbs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void submitRunsDetachedToSuccess();
    void cancelStopsSlowRenderCleanly();
    void killedWorkerShowsFailed();
    void cancelKillsStuckWorker();
    void badSpecIsRefusedWithoutJob();
    void jobSurvivesKilledSubmitter();
    void queuedJobRunsUnderJobRun();

private:
    QString freshProject(const QString &name);
    test::ProcessResult cli(const QStringList &args, const QString &cwd = {}, int timeout_ms = kJobTimeout_ms);
    Json status(const QString &project, const QString &job);
    // Polls `status --json` until `done` holds (or the timeout); returns the last status.
    Json waitForStatus(const QString &project, const QString &job, const std::function<bool(const Json &)> &done,
                       int timeout_ms = kJobTimeout_ms);
    QString submit(const QString &project, const QStringList &options = {});
    void checkSchema(const Json &document);

    QTemporaryDir m_tmp;
};

void TestWorkerVerbs::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QVERIFY(QFileInfo(test::cliPath()).isExecutable());
}

QString TestWorkerVerbs::freshProject(const QString &name)
{
    const QString dst = m_tmp.filePath(name);
    if (!test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), dst))
        return {};
    return dst;
}

test::ProcessResult TestWorkerVerbs::cli(const QStringList &args, const QString &cwd, int timeout_ms)
{
    return test::run(test::cliPath(), args, timeout_ms, cwd);
}

Json TestWorkerVerbs::status(const QString &project, const QString &job)
{
    const test::ProcessResult r =
        cli({QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--project"), project, job});
    if (r.exitCode != 0) {
        qWarning("status failed (%d): %s", r.exitCode, r.err.constData());
        return Json();
    }
    Result<Json> j = parseJson(r.out.trimmed(), QStringLiteral("status"));
    return j ? *j : Json();
}

Json TestWorkerVerbs::waitForStatus(const QString &project, const QString &job,
                                    const std::function<bool(const Json &)> &done, int timeout_ms)
{
    QElapsedTimer clock;
    clock.start();
    Json s = status(project, job);
    while (!(s.is_object() && done(s)) && clock.elapsed() < timeout_ms) {
        QTest::qWait(150);
        s = status(project, job);
    }
    return s;
}

QString TestWorkerVerbs::submit(const QString &project, const QStringList &options)
{
    const test::ProcessResult r = cli(QStringList{QStringLiteral("submit")} + options + QStringList{kSpec}, project);
    if (r.exitCode != 0) {
        qWarning("submit failed (%d): %s", r.exitCode, r.err.constData());
        return {};
    }
    return QString::fromUtf8(r.out.trimmed());
}

void TestWorkerVerbs::checkSchema(const Json &document)
{
    auto schema = JsonSchema::load(QStringLiteral(":/schemas/job.schema.json"));
    QVERIFY2(schema.ok(), qPrintable(schema ? QString() : schema.error().toString()));
    const QList<SchemaViolation> violations = (*schema)->validate(document);
    QVERIFY2(violations.isEmpty(), qPrintable(describeViolations(violations) + QLatin1Char('\n') + toQString(document.dump(2))));
}

void TestWorkerVerbs::submitRunsDetachedToSuccess()
{
    const QString project = freshProject(QStringLiteral("success"));
    QVERIFY(!project.isEmpty());

    // Through a pipe that ends only when every writer has closed it, as an SSH channel does:
    // the worker must not hold the caller's stdout or stderr.
    QElapsedTimer clock;
    clock.start();
    const test::ProcessResult submitted =
        test::run(QStringLiteral("sh"),
                  {QStringLiteral("-c"), QStringLiteral("\"$0\" submit --json --chunks 2 \"$1\" 2>&1 | cat"), test::cliPath(), kSpec},
                  kJobTimeout_ms, project);
    const qint64 submit_ms = clock.elapsed();
    QVERIFY2(submitted.exitCode == 0, submitted.err.constData());
    qInfo("submit returned in %lld ms", submit_ms);
    QVERIFY2(submit_ms < 1000, qPrintable(QStringLiteral("submit took %1 ms").arg(submit_ms)));
    const QList<Json> printed = jsonLines(submitted.out);
    QCOMPARE(printed.size(), 1);
    const QString job = str(printed.first(), "jobId");
    const QString jobDir = str(printed.first(), "jobDir");
    QVERIFY(isValidJobId(job));
    QCOMPARE(jobDir, project + QStringLiteral("/jobs/") + job);
    QVERIFY(QFileInfo(jobDir + QStringLiteral("/job.json")).isFile());

    // The job goes on after submit has returned.
    const Json early = status(project, job);
    QVERIFY(early.is_object());
    checkSchema(early);
    const QString earlyState = str(early, "state");
    QVERIFY2(earlyState == QLatin1String("queued") || earlyState == QLatin1String("running"), qPrintable(earlyState));
    QVERIFY(early["pid"].is_number_integer());
    QCOMPARE(str(early, "host"), QSysInfo::machineHostName());
    QCOMPARE(early["request"]["chunks"].get<int>(), 2);

    // logs --follow streams until the job ends, by id from the project folder.
    clock.restart();
    const test::ProcessResult followed = cli({QStringLiteral("logs"), QStringLiteral("--follow"), job}, project);
    qInfo("logs --follow ended after %lld ms", clock.elapsed());
    QCOMPARE(followed.exitCode, 0);
    const QList<Json> events = jsonLines(followed.out);
    const QStringList names = eventNames(events);
    QVERIFY2(names.value(0) == QLatin1String("queued"), qPrintable(names.join(QLatin1Char(','))));
    QVERIFY(names.contains(QStringLiteral("running")));
    QVERIFY(names.contains(QStringLiteral("started")));
    QVERIFY(names.count(QStringLiteral("progress")) >= 2);
    QCOMPARE(names.last(), QStringLiteral("finished"));
    for (const Json &e : events)
        QVERIFY2(e.is_object() && e.contains("time") && e.contains("event"), e.dump().c_str());
    const Json finished = events.last();
    QCOMPARE(str(finished, "status"), QStringLiteral("succeeded"));
    QCOMPARE(finished["exitCode"].get<int>(), 0);
    const Json &lastProgress = events[names.lastIndexOf(QStringLiteral("progress"))];
    QCOMPARE(lastProgress["fraction"].get<double>(), 1.0);
    QCOMPARE(lastProgress["frame"].get<qint64>(), lastProgress["totalFrames"].get<qint64>());

    // The final state, by job folder path, with the run folder in place and verified.
    const Json done = status(project, jobDir);
    checkSchema(done);
    QCOMPARE(str(done, "state"), QStringLiteral("succeeded"));
    QCOMPARE(done["exitCode"].get<int>(), 0);
    QVERIFY(done["error"].is_null());
    QCOMPARE(done["progress"]["fraction"].get<double>(), 1.0);
    QVERIFY(!str(done, "endedAt").isEmpty());
    const QString runDir = str(done, "runDir");
    QCOMPARE(runDir, project + QStringLiteral("/runs/") + str(done, "runId"));
    QCOMPARE(str(finished, "runDir"), runDir);
    QVERIFY(QFileInfo(runDir + QStringLiteral("/output.mp4")).isFile());
    const test::ProcessResult verified = cli({QStringLiteral("render"), QStringLiteral("--verify"), runDir});
    QVERIFY2(verified.exitCode == 0, verified.out.constData());
    Result<RunRecord> run = loadRunRecord(runDir + QStringLiteral("/run.json"));
    QVERIFY(run.ok());
    QCOMPARE(toString(run->status), QStringLiteral("succeeded"));
    QCOMPARE(run->chunks, 2);

    // job.json itself follows its schema; the worker has exited.
    Result<Json> file = readJsonFile(jobDir + QStringLiteral("/job.json"));
    QVERIFY(file.ok());
    checkSchema(*file);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(done["pid"].get<qint64>()), 10000);

    // Human status and the listing; logs --log has the worker's own lines.
    const test::ProcessResult human = cli({QStringLiteral("status"), job}, project);
    QCOMPARE(human.exitCode, 0);
    QVERIFY2(human.out.contains("succeeded") && human.out.contains(runDir.toUtf8()), human.out.constData());
    const test::ProcessResult list = cli({QStringLiteral("status"), QStringLiteral("--project"), project});
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains(job.toUtf8()));
    const test::ProcessResult log = cli({QStringLiteral("logs"), QStringLiteral("--log"), jobDir});
    QCOMPARE(log.exitCode, 0);
    QVERIFY2(log.out.contains("finished: succeeded"), log.out.constData());
    // An unknown job is a usage error.
    QCOMPARE(cli({QStringLiteral("status"), QStringLiteral("--project"), project,
                  QStringLiteral("20000101T000000Z-job-000000")})
                 .exitCode,
             2);
}

void TestWorkerVerbs::cancelStopsSlowRenderCleanly()
{
    const QString project = freshProject(QStringLiteral("cancel"));
    QVERIFY(!project.isEmpty());
    // The demo renders in a few seconds: the slowest encoder preset makes it last long enough
    // to cancel mid-encode.
    const QString job = submit(project, {QStringLiteral("--preset"), QStringLiteral("placebo")});
    QVERIFY(isValidJobId(job));
    const Json running = waitForStatus(project, job, [](const Json &s) {
        return isFinal(jobStateFromString(str(s, "state")).value_or(JobState::Failed))
               || s["progress"]["frame"].get<qint64>() > 0;
    });
    QCOMPARE(str(running, "state"), QStringLiteral("running"));
    QCOMPARE(str(running["request"], "preset"), QStringLiteral("placebo"));
    QVERIFY(str(running, "runDir").contains(QStringLiteral("/.staging/")));
    const qint64 pid = running["pid"].get<qint64>();
    QVERIFY(processAlive(pid));

    // Ctrl+C stops following, not the job.
    QProcess follow;
    follow.start(test::cliPath(), {QStringLiteral("logs"), QStringLiteral("--follow"), QStringLiteral("--project"), project, job});
    QVERIFY(follow.waitForStarted());
    QVERIFY(follow.waitForReadyRead(10000));
    ::kill(pid_t(follow.processId()), SIGINT);
    QVERIFY(follow.state() == QProcess::NotRunning || follow.waitForFinished(10000));
    QCOMPARE(follow.exitStatus(), QProcess::NormalExit);
    QCOMPARE(follow.exitCode(), 4);
    QCOMPARE(str(status(project, job), "state"), QStringLiteral("running"));

    QElapsedTimer clock;
    clock.start();
    const test::ProcessResult cancelled =
        cli({QStringLiteral("cancel"), QStringLiteral("--json"), QStringLiteral("--project"), project, job});
    qInfo("cancel took %lld ms", clock.elapsed());
    QVERIFY2(cancelled.exitCode == 0, cancelled.err.constData());
    Result<Json> record = parseJson(cancelled.out.trimmed(), QStringLiteral("cancel"));
    QVERIFY(record.ok());
    checkSchema(*record);
    QCOMPARE(str(*record, "state"), QStringLiteral("cancelled"));
    // Cancelled cleanly by the worker through the renderer, not killed.
    QCOMPARE((*record)["exitCode"].get<int>(), 4);
    QCOMPARE(str((*record)["error"], "code"), QStringLiteral("render.cancelled"));
    QVERIFY(!str(*record, "cancelRequestedAt").isEmpty());
    const QString runDir = str(*record, "runDir");
    QVERIFY(!runDir.contains(QStringLiteral("/.staging/")));
    QVERIFY(!QFileInfo::exists(runDir + QStringLiteral("/output.mp4")));
    Result<RunRecord> run = loadRunRecord(runDir + QStringLiteral("/run.json"));
    QVERIFY(run.ok());
    QCOMPARE(toString(run->status), QStringLiteral("cancelled"));
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);

    const QStringList names = eventNames(jsonLines(cli({QStringLiteral("logs"), QStringLiteral("--project"), project, job}).out));
    QVERIFY2(names.contains(QStringLiteral("cancelling")), qPrintable(names.join(QLatin1Char(','))));
    QCOMPARE(names.last(), QStringLiteral("finished"));

    // Idempotent: a finished job is left as it is.
    const test::ProcessResult again = cli({QStringLiteral("cancel"), QStringLiteral("--project"), project, job});
    QCOMPARE(again.exitCode, 0);
    QVERIFY(again.out.contains("already ended"));
    const Json after = status(project, job);
    QCOMPARE(str(after, "state"), QStringLiteral("cancelled"));
    QCOMPARE(str(after, "endedAt"), str(*record, "endedAt"));
}

void TestWorkerVerbs::killedWorkerShowsFailed()
{
    const QString project = freshProject(QStringLiteral("killed"));
    QVERIFY(!project.isEmpty());
    const QString job = submit(project, {QStringLiteral("--preset"), QStringLiteral("placebo")});
    QVERIFY(isValidJobId(job));
    const Json running = waitForStatus(project, job, [](const Json &s) {
        return str(s, "state") != QLatin1String("queued") && !s["runId"].is_null();
    });
    QCOMPARE(str(running, "state"), QStringLiteral("running"));
    const qint64 pid = running["pid"].get<qint64>();
    QVERIFY(processAlive(pid));

    QProcess follow;
    follow.start(test::cliPath(), {QStringLiteral("logs"), QStringLiteral("--follow"), QStringLiteral("--project"), project, job});
    QVERIFY(follow.waitForStarted());
    QVERIFY(follow.waitForReadyRead(10000));

    QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);
    // The follower notices without anyone running status.
    QVERIFY(follow.state() == QProcess::NotRunning || follow.waitForFinished(10000));
    QCOMPARE(follow.exitCode(), 0);
    const QList<Json> events = jsonLines(follow.readAllStandardOutput());
    QVERIFY(!events.isEmpty());
    QCOMPARE(str(events.last(), "event"), QStringLiteral("finished"));
    QCOMPARE(str(events.last(), "status"), QStringLiteral("failed"));

    const Json failed = status(project, job);
    checkSchema(failed);
    QCOMPARE(str(failed, "state"), QStringLiteral("failed"));
    QCOMPARE(str(failed["error"], "code"), QStringLiteral("job.worker.lost"));
    QVERIFY2(str(failed["error"], "message").contains(QLatin1String("worker exited without a result")),
             failed.dump().c_str());
    QVERIFY(failed["exitCode"].is_null());
    QVERIFY(!str(failed, "endedAt").isEmpty());
    // Stays failed (recorded, not recomputed), and the run left no output presented as good.
    QVERIFY(status(project, job) == failed);
    QVERIFY(!QFileInfo::exists(project + QStringLiteral("/runs/") + str(failed, "runId") + QStringLiteral("/output.mp4")));
    const test::ProcessResult human = cli({QStringLiteral("status"), QStringLiteral("--project"), project, job});
    QVERIFY(human.out.contains("worker exited without a result"));
    QCOMPARE(cli({QStringLiteral("cancel"), QStringLiteral("--project"), project, job}).exitCode, 0);
    QCOMPARE(str(status(project, job), "state"), QStringLiteral("failed"));
}

void TestWorkerVerbs::cancelKillsStuckWorker()
{
    const QString project = freshProject(QStringLiteral("stuck"));
    QVERIFY(!project.isEmpty());
    const QString job = submit(project, {QStringLiteral("--preset"), QStringLiteral("placebo")});
    QVERIFY(isValidJobId(job));
    const Json running = waitForStatus(project, job, [](const Json &s) {
        return isFinal(jobStateFromString(str(s, "state")).value_or(JobState::Failed))
               || s["progress"]["frame"].get<qint64>() > 0;
    });
    QCOMPARE(str(running, "state"), QStringLiteral("running"));
    const qint64 pid = running["pid"].get<qint64>();
    const QList<qint64> ffmpeg = childrenOf(pid);
    QVERIFY(!ffmpeg.isEmpty());
    // A worker that cannot react to SIGTERM: past the grace period it is killed with its ffmpeg.
    QCOMPARE(::kill(pid_t(pid), SIGSTOP), 0);
    QElapsedTimer clock;
    clock.start();
    const test::ProcessResult cancelled = cli({QStringLiteral("cancel"), QStringLiteral("--json"), QStringLiteral("--grace"),
                                               QStringLiteral("1"), QStringLiteral("--project"), project, job});
    qInfo("cancel with escalation took %lld ms", clock.elapsed());
    QVERIFY2(cancelled.exitCode == 0, cancelled.err.constData());
    QVERIFY(clock.elapsed() >= 1000);
    Result<Json> record = parseJson(cancelled.out.trimmed(), QStringLiteral("cancel"));
    QVERIFY(record.ok());
    QCOMPARE(str(*record, "state"), QStringLiteral("cancelled"));
    QCOMPARE(str((*record)["error"], "code"), QStringLiteral("job.cancel.forced"));
    QTRY_VERIFY_WITH_TIMEOUT(!processAlive(pid), 10000);
    for (const qint64 child : ffmpeg)
        QTRY_VERIFY_WITH_TIMEOUT(!processAlive(child), 10000);
    QCOMPARE(str(status(project, job), "state"), QStringLiteral("cancelled"));
    QVERIFY(!QFileInfo::exists(project + QStringLiteral("/runs/") + str(*record, "runId") + QStringLiteral("/output.mp4")));
}

void TestWorkerVerbs::badSpecIsRefusedWithoutJob()
{
    const QString project = freshProject(QStringLiteral("refused"));
    QVERIFY(!project.isEmpty());
    Result<Json> spec = readJsonFile(project + QLatin1Char('/') + kSpec);
    QVERIFY(spec.ok());
    (*spec)["durationFrames"] = (*spec)["durationFrames"].get<int>() + 1; // the scenes no longer add up
    QVERIFY(writeJsonFile(project + QStringLiteral("/specs/bad.json"), *spec).ok());

    test::ProcessResult r = cli({QStringLiteral("submit"), QStringLiteral("--json"), QStringLiteral("specs/bad.json")}, project);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(QByteArray(r.out + r.err).contains("spec.duration.mismatch"), r.err.constData());
    Result<Json> refused = parseJson(r.out.left(r.out.indexOf('\n')), QStringLiteral("stdout"));
    QVERIFY(refused.ok());
    QCOMPARE(str(*refused, "event"), QStringLiteral("refused"));
    QVERIFY(!(*refused)["findings"].empty());

    r = cli({QStringLiteral("submit"), QStringLiteral("--variant"), QStringLiteral("nope"), kSpec}, project);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains("square"));
    r = cli({QStringLiteral("submit"), QStringLiteral("--chunks"), QStringLiteral("0"), kSpec}, project);
    QCOMPARE(r.exitCode, 2);
    r = cli({QStringLiteral("submit"), QStringLiteral("--preset"), QStringLiteral("warp"), kSpec}, project);
    QCOMPARE(r.exitCode, 2);
    r = cli({QStringLiteral("submit"), QStringLiteral("specs/absent.json")}, project);
    QCOMPARE(r.exitCode, 2);
    r = cli({QStringLiteral("submit")}, project);
    QCOMPARE(r.exitCode, 2);

    // Nothing was made and nothing runs.
    QVERIFY(!QFileInfo::exists(project + QStringLiteral("/jobs")));
    QVERIFY(!QFileInfo::exists(project + QStringLiteral("/runs")));
    const test::ProcessResult list = cli({QStringLiteral("status")}, project);
    QCOMPARE(list.exitCode, 0);
    QVERIFY(list.out.contains("no jobs"));
}

void TestWorkerVerbs::jobSurvivesKilledSubmitter()
{
    const QString project = freshProject(QStringLiteral("orphan"));
    QVERIFY(!project.isEmpty());
    // The submitter runs under a shell in a process group of its own, in this session (no
    // setsid): killing that group is what a closed terminal or a dropped SSH session does.
    QProcess shell;
    shell.setWorkingDirectory(project);
    shell.setChildProcessModifier([] { ::setpgid(0, 0); });
    shell.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("\"$0\" submit \"$1\"; exec sleep 60"),
                                       test::cliPath(), kSpec});
    QVERIFY(shell.waitForStarted());
    QByteArray printed;
    while (!printed.contains('\n') && shell.waitForReadyRead(10000))
        printed += shell.readAllStandardOutput();
    const QString job = QString::fromUtf8(printed.trimmed());
    QVERIFY2(isValidJobId(job), printed.constData());
    const pid_t group = pid_t(shell.processId());
    QCOMPARE(::getpgid(group), group);
    ::kill(-group, SIGHUP);
    ::kill(-group, SIGKILL);
    QVERIFY(shell.waitForFinished(10000));

    const Json after = status(project, job);
    const QString state = str(after, "state");
    QVERIFY2(state == QLatin1String("queued") || state == QLatin1String("running"), after.dump().c_str());
    const qint64 pid = after["pid"].get<qint64>();
    QVERIFY(processAlive(pid));
    QVERIFY(::getsid(pid_t(pid)) != ::getsid(0)); // a session of its own
    QVERIFY(::getpgid(pid_t(pid)) != group);

    const Json done = waitForStatus(project, job, [](const Json &s) {
        return isFinal(jobStateFromString(str(s, "state")).value_or(JobState::Failed));
    });
    QCOMPARE(str(done, "state"), QStringLiteral("succeeded"));
    QVERIFY(QFileInfo(str(done, "runDir") + QStringLiteral("/output.mp4")).isFile());
}

void TestWorkerVerbs::queuedJobRunsUnderJobRun()
{
    // What a scheduler does: submit --no-start makes the job, job-run runs it in the foreground.
    const QString project = freshProject(QStringLiteral("scheduled"));
    QVERIFY(!project.isEmpty());
    const QString job = submit(project, {QStringLiteral("--no-start"), QStringLiteral("--variant"), QStringLiteral("square")});
    QVERIFY(isValidJobId(job));
    const Json queued = status(project, job);
    checkSchema(queued);
    QCOMPARE(str(queued, "state"), QStringLiteral("queued"));
    QCOMPARE(str(queued, "launcher"), QStringLiteral("external"));
    QVERIFY(queued["pid"].is_null());
    QCOMPARE(str(queued["request"], "variant"), QStringLiteral("square"));

    const QString jobDir = project + QStringLiteral("/jobs/") + job;
    const test::ProcessResult ran = cli({QStringLiteral("job-run"), jobDir});
    QVERIFY2(ran.exitCode == 0, ran.err.constData());
    const Json done = status(project, job);
    QCOMPARE(str(done, "state"), QStringLiteral("succeeded"));
    Result<RunRecord> run = loadRunRecord(str(done, "runDir") + QStringLiteral("/run.json"));
    QVERIFY(run.ok());
    QCOMPARE(run->spec.variant, QStringLiteral("square"));
    // Running a finished job again changes nothing.
    QCOMPARE(cli({QStringLiteral("job-run"), jobDir}).exitCode, 0);
    QCOMPARE(str(status(project, job), "runId"), str(done, "runId"));

    // A queued job nothing runs yet is cancelled at once.
    const QString waiting = submit(project, {QStringLiteral("--no-start")});
    QVERIFY(isValidJobId(waiting));
    QCOMPARE(cli({QStringLiteral("cancel"), QStringLiteral("--project"), project, waiting}).exitCode, 0);
    QCOMPARE(str(status(project, waiting), "state"), QStringLiteral("cancelled"));
    QCOMPARE(cli({QStringLiteral("job-run"), project + QStringLiteral("/jobs/") + waiting}).exitCode, 4);
}

QTEST_GUILESS_MAIN(TestWorkerVerbs)
#include "tst_workerverbs.moc"
