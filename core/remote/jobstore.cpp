#include "remote/jobstore.h"

#include "remote/processidentity.h"
#include "run/runrecord.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace greenlight {

namespace {

// A detached worker that has not recorded itself this long after the job was created never
// started (the submitter died between creating the folder and starting it).
constexpr qint64 kNeverStarted_s = 60;

const QString kWorkerLost = QStringLiteral("job.worker.lost");

// An exclusive flock on <job>/job.lock for the life of the object; released by close (and by
// the kernel when the holder dies).
class JobLock
{
public:
    explicit JobLock(const QString &path)
    {
        m_fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0) {
            m_error = QString::fromLocal8Bit(std::strerror(errno));
            return;
        }
        while (::flock(m_fd, LOCK_EX) != 0) {
            if (errno == EINTR)
                continue;
            m_error = QString::fromLocal8Bit(std::strerror(errno));
            ::close(m_fd);
            m_fd = -1;
            return;
        }
    }
    ~JobLock()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    JobLock(const JobLock &) = delete;
    JobLock &operator=(const JobLock &) = delete;
    bool locked() const { return m_fd >= 0; }
    QString error() const { return m_error; }

private:
    int m_fd = -1;
    QString m_error;
};

enum class WorkerCheck { Alive, Gone, NeverStarted };

WorkerCheck checkWorker(const JobRecord &r)
{
    if (r.pid > 0) {
        const ProcessIdentity worker{r.pid, r.pidStartTicks, r.bootId, r.host};
        return worker.liveness() == ProcessIdentity::Liveness::Gone ? WorkerCheck::Gone : WorkerCheck::Alive;
    }
    if (r.launcher == JobLauncher::External)
        return WorkerCheck::Alive; // a scheduler starts it when it sees fit
    const QDateTime created = QDateTime::fromString(r.createdAt, Qt::ISODate);
    if (created.isValid() && created.secsTo(QDateTime::currentDateTimeUtc()) > kNeverStarted_s)
        return WorkerCheck::NeverStarted;
    return WorkerCheck::Alive;
}

} // namespace

JobStore::JobStore(QString jobDir) : m_dir(std::move(jobDir)) {}

QString JobStore::jobsFolder(const QString &projectRoot)
{
    return QDir(projectRoot).absoluteFilePath(QStringLiteral("jobs"));
}

QString JobStore::jobFile() const { return m_dir + QStringLiteral("/job.json"); }
QString JobStore::eventsFile() const { return m_dir + QStringLiteral("/events.jsonl"); }
QString JobStore::logFile() const { return m_dir + QStringLiteral("/worker.log"); }

Result<JobStore> JobStore::open(const QString &projectRoot, const QString &job)
{
    if (job.isEmpty())
        return makeError(QStringLiteral("job.unknown"), QStringLiteral("no job given: give a job id or a job folder"));
    const QFileInfo asPath(job);
    if (asPath.isDir() && QFileInfo(asPath.filePath() + QStringLiteral("/job.json")).isFile())
        return JobStore(asPath.absoluteFilePath());
    const QString jobs = jobsFolder(projectRoot);
    if (isValidJobId(job) && QFileInfo(jobs + QLatin1Char('/') + job + QStringLiteral("/job.json")).isFile())
        return JobStore(jobs + QLatin1Char('/') + job);
    return makeError(QStringLiteral("job.unknown"),
                     QStringLiteral("no job \"%1\": give a job folder, or the id of a job in %2 (--project)").arg(job, jobs));
}

Result<JobStore> JobStore::create(JobRecord record)
{
    const QString project = record.request.outputProject.isEmpty() ? record.request.projectRoot : record.request.outputProject;
    const QString jobs = jobsFolder(project);
    if (!QDir().mkpath(jobs))
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot create the jobs folder"), jobs);
    QString dir;
    for (int attempt = 0; attempt < 8 && dir.isEmpty(); ++attempt) {
        const QString id = makeJobId();
        if (QDir(jobs).mkdir(id)) {
            record.id = id;
            dir = jobs + QLatin1Char('/') + id;
        }
    }
    if (dir.isEmpty())
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot create a job folder"), jobs);
    record.schemaVersion = 1;
    record.state = JobState::Queued;
    record.createdAt = record.updatedAt = utcNowIso();
    const JobStore store(dir);
    if (Status s = writeJsonFile(store.jobFile(), record.toJson()); !s) {
        QDir(dir).removeRecursively();
        return s.error();
    }
    store.appendEvent({{"event", "queued"}, {"jobId", toStd(record.id)}, {"spec", toStd(record.request.specPath)},
                       {"variant", toStd(record.request.variant)}});
    return store;
}

Result<JobRecord> JobStore::load() const
{
    Result<Json> json = readJsonFile(jobFile());
    if (!json)
        return json.error();
    return JobRecord::fromJson(*json, jobFile());
}

Result<JobRecord> JobStore::update(const std::function<bool(JobRecord &)> &change) const
{
    const JobLock lock(m_dir + QStringLiteral("/job.lock"));
    if (!lock.locked())
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot lock the job: ") + lock.error(), m_dir);
    Result<JobRecord> record = load();
    if (!record)
        return record;
    if (!change(*record))
        return record;
    record->updatedAt = utcNowIso();
    if (Status s = writeJsonFile(jobFile(), record->toJson()); !s)
        return s.error();
    return record;
}

Result<JobRecord> JobStore::refresh() const
{
    Result<JobRecord> record = load();
    if (!record || isFinal(record->state) || checkWorker(*record) == WorkerCheck::Alive)
        return record;
    // Looked at again under the lock: the worker may have written its result meanwhile.
    return update([this](JobRecord &r) {
        if (isFinal(r.state))
            return false;
        const WorkerCheck check = checkWorker(r);
        if (check == WorkerCheck::Alive)
            return false;
        const bool cancelled = !r.cancelRequestedAt.isEmpty();
        QString message = QStringLiteral("worker exited without a result");
        if (check == WorkerCheck::NeverStarted)
            message += QStringLiteral(" (it never reported after the job was created)");
        else
            message += QStringLiteral(" (pid %1 on %2)").arg(r.pid).arg(r.host);
        if (cancelled)
            message += QStringLiteral(" after a cancel was requested");
        r.state = cancelled ? JobState::Cancelled : JobState::Failed;
        r.error = makeError(kWorkerLost, message);
        r.endedAt = utcNowIso();
        // The event first: a follower that sees the final state has every line.
        appendEvent(r.finishedEvent());
        appendLog(message);
        return true;
    });
}

Status JobStore::appendEvent(Json event) const
{
    Json line = Json::object();
    line["event"] = event.value("event", "");
    line["time"] = toStd(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    for (auto it = event.begin(); it != event.end(); ++it)
        if (it.key() != "event" && it.key() != "time")
            line[it.key()] = it.value();
    const QByteArray bytes = QByteArray::fromStdString(line.dump(-1, ' ', false, Json::error_handler_t::replace)) + '\n';
    QFile f(eventsFile());
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return makeError(QStringLiteral("io.write"), f.errorString(), eventsFile());
    if (f.write(bytes) != bytes.size())
        return makeError(QStringLiteral("io.write"), f.errorString(), eventsFile());
    return {};
}

void JobStore::appendLog(const QString &line) const
{
    QFile f(logFile());
    if (!f.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        return;
    f.write((utcNowIso() + QLatin1Char(' ') + line + QLatin1Char('\n')).toUtf8());
}

} // namespace greenlight
