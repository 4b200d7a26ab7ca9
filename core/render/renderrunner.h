#pragma once

#include "common/result.h"
#include "render/renderrequest.h"
#include "run/runrecord.h"

#include <QObject>
#include <QString>

#include <memory>

namespace greenlight {

// The local renderer (runtime class `local`) as one event-driven object for the GUI and
// the CLI: spec -> ResolvedProps -> RenderPlan -> ffmpeg jobs, in a run folder written
// through staging. File work runs on the thread pool and ffmpeg as a QProcess, so the
// owner's thread never blocks. Every started run ends with exactly one finished() whose
// record is final (succeeded, failed or cancelled) and whose folder is in place.
class RenderRunner : public QObject
{
    Q_OBJECT

public:
    explicit RenderRunner(QObject *parent = nullptr);
    ~RenderRunner() override; // kills a running ffmpeg; the staging folder stays as evidence

    // Creates the run folder (run.json says "running") and starts. Errors when no run can
    // be created at all (already running, spec or project not found, runs/ not writable);
    // anything later ends in a failed run instead.
    Status start(const RenderRequest &request);
    // Stops the run: 'q' to ffmpeg, then terminate and kill after the grace period. The
    // run ends cancelled with no output.
    void cancel();

    bool isRunning() const;
    const RunRecord &record() const;
    QString runDir() const;   // the staging folder while running, the final one afterwards
    qint64 ffmpegPid() const; // 0 when no ffmpeg runs

Q_SIGNALS:
    void runCreated(const QString &runId, const QString &runDir);
    void progress(double fraction, qint64 frame, qint64 totalFrames);
    void ffmpegStarted(qint64 pid);
    void finished(const greenlight::RunRecord &record);

private:
    void onPrepared();
    void startJob(int index);
    void onJobFinished(int index);
    void finishRun(RunStatus status, std::optional<Error> error, std::optional<int> exitCode = std::nullopt);
    void onSealed();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace greenlight
