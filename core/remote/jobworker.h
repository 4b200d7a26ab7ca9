#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace greenlight {

// Runs one submitted job in this process (`greenlight-cli job-run <job-dir>`): records itself
// as the worker in job.json, renders with RenderRunner and writes what happens to
// events.jsonl (running, started, progress, cancelling, finished), worker.log and job.json.
// A cancel (SIGTERM through the caller, or a cancel request that appears in job.json) stops
// the render cleanly through RenderRunner::cancel. Every start() ends in exactly one
// finished(), emitted from the event loop after the final state is written.
class JobWorker : public QObject
{
    Q_OBJECT

public:
    // The worker's exit codes, as `greenlight-cli render` returns them.
    enum ExitCode { ExitSucceeded = 0, ExitFailed = 1, ExitUnusable = 2, ExitCancelled = 4 };

    explicit JobWorker(const QString &jobDir, QObject *parent = nullptr);
    ~JobWorker() override;

    void start();
    void cancel();

    bool isFinished() const;
    int exitCode() const;

    // How often job.json is looked at for a cancel request (a worker on another host than
    // the canceller cannot be signalled).
    void setCancelPollInterval_ms(int interval_ms);

Q_SIGNALS:
    void finished(int exitCode);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace greenlight
