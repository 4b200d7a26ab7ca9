#pragma once

#include "common/canceltoken.h"
#include "remote/slurmcommandrunner.h"
#include "remote/slurmrenderoptions.h"
#include "render/renderrequest.h"
#include "run/runrecord.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>

namespace greenlight {

// A render on a Slurm farm: the run folder is prepared here exactly as for a local render
// (plan.json, filter scripts, text files) inside the project, which the nodes see at the same
// path; the chunks of whole scenes render as one job array (task K runs
// `greenlight-cli render-job <run-dir> --chunk K`), then a concat job that depends on every
// chunk succeeding joins them with the concat demuxer (-c copy) and muxes the narration once.
// The run record lists one attempt per chunk, then the concat, each with its node and times;
// slurm.json beside it maps attempts to Slurm job ids. A failed chunk fails the run with its
// log; cancel reaches every task. Runtime class remote-self-hosted.
class SlurmRenderRunner : public QObject
{
    Q_OBJECT

public:
    using ProgressFn = std::function<void(int chunksDone, int chunks)>;
    using CreatedFn = std::function<void(const QString &runId, const QString &runDir)>;

    explicit SlurmRenderRunner(std::shared_ptr<SlurmCommandRunner> commands,
                               QObject *parent = nullptr);
    ~SlurmRenderRunner() override; // waits for a running render to settle after cancelling it

    void setOptions(const SlurmRenderOptions &options) { m_options = options; }
    const SlurmRenderOptions &options() const { return m_options; }

    // The whole render on the calling thread (CLI, tests, a worker): returns the final record,
    // whose folder is in place. Never call it from the GUI thread.
    RunRecord run(const RenderRequest &request, const CancelToken &cancel = {},
                  const ProgressFn &progress = {}, const CreatedFn &created = {});
    // The folder of the last run() (final once it returned).
    QString runDir() const { return m_runDir; }

    // The same on the thread pool, for the desk: runCreated, progress and one finished().
    Status start(const RenderRequest &request);
    void cancel() { m_cancel.cancel(); }
    bool isRunning() const { return m_watcher.isRunning(); }
    const RunRecord &record() const { return m_record; }

Q_SIGNALS:
    void runCreated(const QString &runId, const QString &runDir);
    void progress(int chunksDone, int chunks);
    void finished(const greenlight::RunRecord &record);

private:
    std::shared_ptr<SlurmCommandRunner> m_commands;
    SlurmRenderOptions m_options;
    CancelToken m_cancel;
    QFutureWatcher<RunRecord> m_watcher;
    RunRecord m_record;
    QString m_runDir;
};

} // namespace greenlight
