#pragma once

#include "common/jsonio.h"
#include "qa/finding.h"

#include <QList>
#include <QString>

#include <memory>

namespace greenlight {

class Project;

// The structural gate: the spec against schemas/videospec.schema.json (embedded), then the
// rules the schema cannot say — durations reconcile, assets resolve inside the project and
// are media of their declared kind, bindings resolve, text fits its box with real font
// metrics — and every variant again after resolution. Thread-safe after construction.
class SpecValidator
{
public:
    SpecValidator();
    ~SpecValidator();
    SpecValidator(const SpecValidator &) = delete;
    SpecValidator &operator=(const SpecValidator &) = delete;

    // `specPath` is the file on disk; `projectRoot` the folder asset paths are relative to.
    Findings validateFile(const QString &specPath, const QString &projectRoot) const;
    // Validates an in-memory document (the editor validates as you type). `specPath` is used
    // only to label findings.
    Findings validateDocument(const Json &document, const QString &specPath,
                              const QString &projectRoot) const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

struct SpecReport
{
    QString path; // relative to the project root
    Findings findings;
};

// Validates every spec of a project.
QList<SpecReport> validateProject(const Project &project, const SpecValidator &validator);

} // namespace greenlight
