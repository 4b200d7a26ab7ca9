#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "remote/sshfilesync.h"
#include "render/renderrequest.h"
#include "remote/sshhostprofile.h"
#include "run/runrecord.h"

#include <QString>

#include <functional>
#include <optional>

namespace greenlight {

// What to render on the remote host; paths are local.
struct SshRenderRequest
{
    QString specPath;      // the spec file, inside a local project
    QString variant;       // empty: the base spec
    QString narrationRun;  // a local narration (tts) run folder, absolute or relative to the project; empty: none
    int chunks = 1;
    QString preset;        // x264 preset; empty: the default
    QString outputProject; // the local project whose runs/ receives the run; empty: the spec's project

    // The same render as a local RenderRequest asks for (spec, variant, narration, chunks, preset).
    static SshRenderRequest from(const RenderRequest &request);
};

struct SshRenderProgress
{
    enum class Phase { Sync, Submit, Remote, Fetch, Done };
    Phase phase = Phase::Sync;
    QString jobId;        // once submitted
    double fraction = 0.0; // of the remote render
    qint64 frame = 0;
    qint64 totalFrames = 0;
    QString message;      // for people: "sending 3 changed files", "connection lost, retrying", ...
};

struct SshRenderOptions
{
    CancelToken cancel;               // stops the upload or fetch, or cancels the remote job
    int poll_ms = 1000;               // between two status polls
    int command_timeout_ms = 60000;   // one short command (submit, status, cancel)
    int transfer_timeout_ms = 900000; // the upload, the fetch
    int reconnectWindow_ms = 300000;  // how long a lost connection is retried before giving up
    std::function<void(const SshRenderProgress &)> progress;
    std::function<void(qint64 pid)> sshStarted; // each ssh/scp client as it starts
};

struct SshRenderResult
{
    RunRecord record;     // the local run's record: runtime class remote-self-hosted, engine ssh
    QString runDir;       // the local run folder (runs/<run-id>/)
    QString jobId;        // the remote job
    QString remoteJobDir;
    QString remoteRunDir;
    SshUploadReport upload;
    int reconnects = 0;   // times polling lost the connection and got it back
    qint64 sync_ms = 0;
    qint64 remote_ms = 0; // submit until the remote job ended
    qint64 fetch_ms = 0;
    qint64 total_ms = 0;
};

// run()'s answer in a form a QFuture can carry (its results need a default constructor): the
// result, or the error when no local run folder could be made.
struct SshRenderOutcome
{
    std::optional<SshRenderResult> result;
    Error error;
};

// A render on a self-hosted box over SSH (runtime class remote-self-hosted), blocking, for a
// worker thread. It sends the spec, the assets it uses and the narration run to
// <remoteProjectRoot>/<project name>/ (only what changed, by sha256), starts the job with
// `greenlight-cli submit`, polls `status --json` (a dropped connection is retried for
// reconnectWindow_ms; the job runs on regardless), fetches the run folder and accepts it only
// when every file matches the remote manifest, whose own hash is read over a separate
// command. The local run folder keeps the remote run's files, the remote run.json and
// manifest under remote/ and the job's folder under logs/remote-job/; its run.json names
// runtime class remote-self-hosted and engine ssh, and its manifest is written anew.
// Cancel reaches the remote job (`greenlight-cli cancel`); the cancelled run comes back
// with its record and logs, as a failed one does. Errors only when no local run folder
// could be made (codes of remote/sshcodes.h, or the remote job's own when it failed early).
class SshRenderRunner
{
public:
    explicit SshRenderRunner(SshHostProfile profile);

    const SshHostProfile &profile() const { return m_profile; }
    void setPrograms(const QString &ssh, const QString &scp);

    Result<SshRenderResult> run(const SshRenderRequest &request, const SshRenderOptions &options = {}) const;
    // run() as an SshRenderOutcome, for a worker thread's future.
    SshRenderOutcome runToOutcome(const SshRenderRequest &request, const SshRenderOptions &options = {}) const;

    // The engine version recorded in run.json: the local OpenSSH client's version.
    QString sshVersion() const;

private:
    SshHostProfile m_profile;
    QString m_ssh = QStringLiteral("ssh");
    QString m_scp = QStringLiteral("scp");
};

} // namespace greenlight
