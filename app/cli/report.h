#pragma once

#include "qa/finding.h"

#include <QList>
#include <QString>

namespace greenlight::cli {

struct FileFindings
{
    QString label; // spec or media path as the user named it
    Findings findings;
};

// Human report: one block per file, findings by severity with their pointer or frames.
void printFindingsReport(const QList<FileFindings> &files);
// Findings JSON: {"schemaVersion": 1, "findings": [...], "summary": {...}}.
void printFindingsJson(const QList<FileFindings> &files);

} // namespace greenlight::cli
