#pragma once

// The one-node Slurm cluster the farm suites run against (tests/services/slurm/start.sh).
#include "testsupport.h"

#include "remote/slurmclient.h"
#include "remote/slurmcodes.h"
#include "remote/slurmlocalrunner.h"

#include <QElapsedTimer>
#include <QFile>

#include <memory>

namespace greenlight::test {

inline QString slurmStateDir()
{
    return qEnvironmentVariable("GREENLIGHT_SLURM_DIR", QStringLiteral("/tmp/greenlight-slurm"));
}

inline QString slurmConf()
{
    return slurmStateDir() + QStringLiteral("/slurm.conf");
}

inline std::shared_ptr<SlurmLocalRunner> slurmRunner(const QString &conf = slurmConf())
{
    auto runner = std::make_shared<SlurmLocalRunner>();
    runner->setSlurmConf(conf);
    return runner;
}

// Empty when the cluster answers; otherwise starts it with start.sh, and when that fails
// returns why (the suite then fails every case with this reason, never skips).
inline QString ensureSlurmCluster()
{
    SlurmClient client(slurmRunner());
    client.setCommandTimeout_ms(30000);
    Status up =
        QFile::exists(slurmConf())
            ? client.ping()
            : Status(makeError(slurmcodes::unavailable, QStringLiteral("no ") + slurmConf()));
    if (up)
        return {};
    qInfo("Slurm test cluster not up (%s); starting it", qPrintable(up.error().message));
    QElapsedTimer t;
    t.start();
    const ProcessResult r =
        run(sourceDir() + QStringLiteral("/tests/services/slurm/start.sh"), {}, 600000);
    qInfo("start.sh took %lld ms (exit %d)", t.elapsed(), r.exitCode);
    if (r.exitCode != 0)
        return QStringLiteral("the one-node Slurm cluster cannot start here: "
                              "tests/services/slurm/start.sh exited "
                              "with %1:\n%2")
            .arg(r.exitCode)
            .arg(QString::fromUtf8(r.err + r.out).trimmed());
    if (!(up = client.ping()))
        return QStringLiteral("the Slurm cluster started but does not answer: %1")
            .arg(up.error().message);
    return {};
}

} // namespace greenlight::test
