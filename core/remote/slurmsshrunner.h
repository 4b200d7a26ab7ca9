#pragma once

#include "remote/slurmcommandrunner.h"
#include "remote/sshhostprofile.h"

namespace greenlight {

// Runs Slurm commands on a cluster's login node over SSH: each SlurmCommand becomes one ssh
// invocation whose remote command line quotes every argument; sbatch's script goes through
// the connection's stdin. The profile's remoteProjectRoot is not used: Slurm jobs see the
// paths the login node sees (the project must be on storage both share). With `slurmConf`
// the commands run with SLURM_CONF set to it on the login node.
class SlurmSshRunner : public SlurmCommandRunner
{
public:
    explicit SlurmSshRunner(SshHostProfile profile, QString slurmConf = {});

    SlurmCommandOutput run(const SlurmCommand &command) override;
    QString describe() const override;

private:
    SshHostProfile m_profile;
    QString m_slurmConf;
};

} // namespace greenlight
