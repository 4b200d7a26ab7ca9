#include "specstatus.h"

#include "spec/project.h"
#include "spec/specvalidator.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace greenlight {

namespace {
bool hasCode(const Findings &findings, QLatin1String code)
{
    return std::any_of(findings.begin(), findings.end(),
                       [code](const Finding &f) { return f.code == code; });
}
} // namespace

SpecStatus::State SpecStatus::state() const
{
    if (!validated)
        return State::Pending;
    if (hasCode(findings, QLatin1String("json.parse")))
        return State::InvalidJson;
    if (hasCode(findings, QLatin1String("io.read")))
        return State::Unreadable;
    if (blockerCount() > 0)
        return State::Blockers;
    if (warningCount() > 0)
        return State::Warnings;
    return State::Clean;
}

int SpecStatus::blockerCount() const
{
    return countBySeverity(findings, Severity::Blocker);
}
int SpecStatus::warningCount() const
{
    return countBySeverity(findings, Severity::Warning);
}
QString SpecStatus::displayName() const
{
    return specDisplayName(relativePath);
}

SpecStatus SpecStatus::evaluate(const SpecValidator &validator, const QString &projectRoot,
                                const QString &relativePath)
{
    SpecStatus status;
    status.relativePath = relativePath;
    const QString file = QDir(projectRoot).absoluteFilePath(relativePath);
    status.findings = validator.validateFile(file, projectRoot);
    status.validated = true;
    if (auto spec = loadVideoSpec(file)) {
        Summary summary;
        summary.id = spec->id;
        summary.title = spec->title;
        summary.format = spec->format;
        summary.canvas = spec->canvas;
        summary.durationFrames = spec->durationFrames;
        summary.variantCount = spec->variants ? int(spec->variants->size()) : 0;
        status.summary = summary;
    }
    return status;
}

} // namespace greenlight
