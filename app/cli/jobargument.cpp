#include "jobargument.h"

#include <QCommandLineParser>
#include <QDir>

namespace greenlight::cli {

void addJobProjectOption(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("project"),
                      QStringLiteral("The project whose jobs/ holds the job (default: the current folder)."),
                      QStringLiteral("DIR")});
}

QString jobProject(const QCommandLineParser &parser)
{
    return QDir(parser.isSet(QStringLiteral("project")) ? parser.value(QStringLiteral("project")) : QDir::currentPath())
        .absolutePath();
}

Result<JobStore> openJobArgument(const QCommandLineParser &parser, const QString &job)
{
    return JobStore::open(jobProject(parser), job);
}

} // namespace greenlight::cli
