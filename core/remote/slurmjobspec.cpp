#include "remote/slurmjobspec.h"

namespace greenlight {

QStringList SlurmJobSpec::sbatchArguments() const
{
    QStringList args{QStringLiteral("--parsable")};
    if (!name.isEmpty())
        args << QStringLiteral("--job-name=") + name;
    if (arraySize > 0) {
        QString range = QStringLiteral("0-%1").arg(arraySize - 1);
        if (arrayMaxParallel > 0)
            range += QLatin1Char('%') + QString::number(arrayMaxParallel);
        args << QStringLiteral("--array=") + range;
    }
    if (!afterOk.isEmpty()) {
        args << QStringLiteral("--dependency=afterok:") + afterOk.join(QLatin1Char(':'));
        if (killOnInvalidDependency)
            args << QStringLiteral("--kill-on-invalid-dep=yes");
    }
    if (!workDir.isEmpty())
        args << QStringLiteral("--chdir=") + workDir;
    if (!output.isEmpty())
        args << QStringLiteral("--output=") + output;
    if (!error.isEmpty())
        args << QStringLiteral("--error=") + error;
    if (!partition.isEmpty())
        args << QStringLiteral("--partition=") + partition;
    args << QStringLiteral("--nodes=1") << QStringLiteral("--ntasks=1");
    if (cpusPerTask > 0)
        args << QStringLiteral("--cpus-per-task=") + QString::number(cpusPerTask);
    if (timeLimit_min > 0)
        args << QStringLiteral("--time=") + QString::number(timeLimit_min);
    args << extraArguments;
    return args;
}

} // namespace greenlight
