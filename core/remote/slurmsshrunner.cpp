#include "remote/slurmsshrunner.h"

#include "remote/sshcodes.h"
#include "remote/sshshellquote.h"
#include "remote/sshtransport.h"

#include <QTemporaryFile>

namespace greenlight {

SlurmSshRunner::SlurmSshRunner(SshHostProfile profile, QString slurmConf)
    : m_profile(std::move(profile)), m_slurmConf(std::move(slurmConf))
{
}

SlurmCommandOutput SlurmSshRunner::run(const SlurmCommand &command)
{
    SlurmCommandOutput out;
    QString line = sshshell::join(QStringList{command.program} + command.arguments);
    if (!m_slurmConf.isEmpty())
        line = QStringLiteral("SLURM_CONF=") + sshshell::quote(m_slurmConf) + QLatin1Char(' ') + line;

    SshRunOptions options;
    options.timeout_ms = command.timeout_ms;
    options.cancel = command.cancel;
    // sbatch reads its script on stdin: it goes through the connection from a local file.
    QTemporaryFile script;
    if (!command.stdinData.isEmpty()) {
        if (!script.open() || script.write(command.stdinData) != command.stdinData.size() || !script.flush()) {
            out.end = SlurmCommandOutput::End::FailedToStart;
            out.startError = QStringLiteral("cannot write the job script to a temporary file");
            return out;
        }
        options.stdinFile = script.fileName();
    }
    const Result<SshCommandResult> r = SshTransport(m_profile).run(line, options);
    if (!r) {
        const QString code = r.error().code;
        out.end = code == QLatin1String("ssh.timeout")     ? SlurmCommandOutput::End::TimedOut
                  : code == QLatin1String("ssh.cancelled") ? SlurmCommandOutput::End::Cancelled
                                                           : SlurmCommandOutput::End::FailedToStart;
        out.startError = r.error().toString();
        return out;
    }
    out.end = SlurmCommandOutput::End::Exited;
    out.exitCode = r->exitCode;
    out.stdOut = r->stdOut;
    out.stdErr = r->stdErr;
    out.elapsed_ms = r->elapsed_ms;
    return out;
}

QString SlurmSshRunner::describe() const
{
    return QStringLiteral("%1 (over ssh)").arg(m_profile.host);
}

} // namespace greenlight
