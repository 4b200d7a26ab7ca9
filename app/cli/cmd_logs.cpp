#include "command.h"
#include "interrupts.h"
#include "jobargument.h"

#include "remote/jobrecord.h"
#include "remote/jobstore.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

namespace greenlight::cli {

namespace {

const QString kVerb = QStringLiteral("greenlight-cli logs: ");
constexpr int kPoll_ms = 250;

// Reads what was appended to a file since the last call and prints whole lines (a line being
// written is printed once it is complete; whatever is left at the end is printed by flush()).
class Tail
{
public:
    explicit Tail(QString path) : m_path(std::move(path)) {}

    void read()
    {
        QFile f(m_path);
        if (!f.open(QIODevice::ReadOnly))
            return; // not written yet
        if (f.size() < m_offset)
            m_offset = 0; // replaced: start again
        if (!f.seek(m_offset))
            return;
        const QByteArray bytes = f.readAll();
        m_offset += bytes.size();
        m_pending += bytes;
        const qsizetype end = m_pending.lastIndexOf('\n');
        if (end < 0)
            return;
        print(m_pending.left(end + 1));
        m_pending.remove(0, end + 1);
    }

    void flush()
    {
        read();
        if (!m_pending.isEmpty()) {
            print(m_pending + '\n');
            m_pending.clear();
        }
    }

private:
    static void print(const QByteArray &bytes)
    {
        out() << QString::fromUtf8(bytes);
        out().flush();
    }

    QString m_path;
    qint64 m_offset = 0;
    QByteArray m_pending;
};

void describeLogs(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "A submitted job's events as JSON lines (events.jsonl: queued, running, started, progress, cancelling, "
        "finished; each with \"event\" and \"time\"), or with --log the worker's log. With --follow, keeps printing "
        "what is appended until the job ends (a worker gone without a result ends it too).\n"
        "Exit 0 printed (with --follow: the job ended), 2 no such job, 3 the job record cannot be read, "
        "4 interrupted (Ctrl+C) before the job ended."));
    addJobProjectOption(parser);
    parser.addOption({QStringLiteral("follow"), QStringLiteral("Keep printing until the job ends.")});
    parser.addOption({QStringLiteral("log"), QStringLiteral("The worker's log (worker.log) instead of the events.")});
    parser.addPositionalArgument(QStringLiteral("job"), QStringLiteral("A job id or a job folder."), QStringLiteral("JOB"));
}

int runLogs(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("logs")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << kVerb << "give exactly one job\n";
        return ExitUsage;
    }
    Result<JobStore> store = openJobArgument(parser, parser.positionalArguments().first());
    if (!store) {
        err() << kVerb << store.error().toString() << "\n";
        return ExitUsage;
    }
    Tail tail(parser.isSet(QStringLiteral("log")) ? store->logFile() : store->eventsFile());
    if (!parser.isSet(QStringLiteral("follow"))) {
        tail.flush();
        return ExitOk;
    }

    Interrupts interrupts;
    QEventLoop loop;
    QTimer poll;
    const auto tick = [&] {
        // The state first: the worker appends its last event before it writes the final state,
        // so once the state is final, one more read has every line.
        Result<JobRecord> record = store->refresh();
        if (!record) {
            tail.flush();
            err() << kVerb << record.error().toString() << "\n";
            loop.exit(ExitFailed);
            return;
        }
        if (isFinal(record->state)) {
            tail.flush();
            loop.exit(ExitOk);
            return;
        }
        tail.read();
    };
    QObject::connect(&poll, &QTimer::timeout, &loop, tick);
    QObject::connect(&interrupts, &Interrupts::interrupted, &loop, [&] {
        tail.flush();
        loop.exit(ExitCancelled);
    });
    poll.start(kPoll_ms);
    QTimer::singleShot(0, &loop, tick);
    return loop.exec();
}

} // namespace

GREENLIGHT_CLI_COMMAND(logs, "logs", "A submitted job's JSON-lines events (--log: the worker's log); --follow until it ends.",
                       describeLogs, runLogs);

} // namespace greenlight::cli
