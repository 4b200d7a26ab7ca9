#pragma once

#include "remote/slurmcommandrunner.h"

#include <QProcessEnvironment>

namespace greenlight {

// Runs Slurm commands on this machine through QProcess. setSlurmConf() points the commands at
// a configuration other than /etc/slurm/slurm.conf (SLURM_CONF), e.g. the test cluster's.
class SlurmLocalRunner : public SlurmCommandRunner
{
public:
    SlurmLocalRunner();

    void setSlurmConf(const QString &path);
    void setEnvironmentValue(const QString &name, const QString &value);
    QProcessEnvironment environment() const { return m_env; }

    SlurmCommandOutput run(const SlurmCommand &command) override;
    QString describe() const override;

private:
    QProcessEnvironment m_env;
};

} // namespace greenlight
