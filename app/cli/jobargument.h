#pragma once

#include "common/result.h"
#include "remote/jobstore.h"

#include <QString>

class QCommandLineParser;

namespace greenlight::cli {

// The JOB argument of status, logs and cancel: a job id under <--project>/jobs/ (default: the
// current folder) or a job folder.
void addJobProjectOption(QCommandLineParser &parser);
QString jobProject(const QCommandLineParser &parser);
Result<JobStore> openJobArgument(const QCommandLineParser &parser, const QString &job);

} // namespace greenlight::cli
