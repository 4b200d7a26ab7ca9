#include "qa/runqa.h"

#include "common/jsonio.h"
#include "qa/findingcodes.h"
#include "qa/intendedholds.h"
#include "run/manifest.h"
#include "run/runrecord.h"
#include "runbook/runbook.h"

#include <QDir>
#include <QFileInfo>

namespace greenlight {

Result<DeterministicQaReport> runDeterministicQa(const QString &runDir, const Runbook &runbook,
                                                 const QString &baselinePath)
{
    const QDir dir(runDir);
    const QString runJson = dir.filePath(QStringLiteral("run.json"));
    auto record = loadRunRecord(runJson);
    if (!record)
        return record.error();
    if (record->status != RunStatus::Succeeded)
        return makeError(QStringLiteral("qa.run.not-succeeded"),
                         QStringLiteral("only a succeeded run can be checked; this one is %1")
                             .arg(toString(record->status)),
                         runDir);
    QString video;
    for (const RunArtifact &a : record->artifacts)
        if (a.role == QLatin1String("video"))
            video = a.path;
    if (video.isEmpty())
        return makeError(QStringLiteral("qa.artifact.missing"), QStringLiteral("the run lists no video artifact"), runDir);

    auto thresholds = QaThresholds::fromJson(runbook.qaThresholds());
    if (!thresholds)
        return thresholds.error();
    QaExpectations expect;
    if (record->media) {
        expect.width = record->media->width;
        expect.height = record->media->height;
        expect.fps = record->media->fps;
        expect.frameCount = record->media->durationFrames;
    }
    expect.requireAudio = thresholds->requireAudio;
    if (const QString props = dir.filePath(QStringLiteral("props.json")); QFileInfo::exists(props)) {
        auto json = readJsonFile(props);
        if (!json)
            return json.error();
        expect.intendedHolds = intendedHoldsFromProps(*json);
    }

    DeterministicChecks checks(expect, *thresholds);
    auto report = checks.run(dir.filePath(video), baselinePath, {}, video);
    if (!report)
        return report.error();

    // Every listed artifact must still be what the run produced.
    for (const ManifestProblem &p : verifyManifest(runDir)) {
        Finding f = makeFinding(p.kind == ManifestProblem::Kind::Missing ? "qa.artifact.missing"
                                                                          : "qa.artifact.hash-mismatch",
                                p.message);
        f.path = p.path;
        report->findings.append(f);
    }

    const Json findingsDoc = report->toJson();
    if (Status s = writeJsonFile(dir.filePath(QStringLiteral("findings.json")), findingsDoc); !s)
        return s.error();
    if (report->analysis) {
        // The summary and the per-frame series (loudness, SSIM, ...) the desk's timeline graphs.
        Json signalsDoc = report->analysis->toJson();
        signalsDoc["series"] = report->analysis->series.toJson();
        if (Status s = writeJsonFile(dir.filePath(QStringLiteral("signals.json")), signalsDoc); !s)
            return s.error();
    }

    record->qa.blockers = countBySeverity(report->findings, Severity::Blocker);
    record->qa.warnings = countBySeverity(report->findings, Severity::Warning);
    record->qa.info = countBySeverity(report->findings, Severity::Info);
    record->qa.state = report->findings.isEmpty() ? QStringLiteral("passed") : QStringLiteral("findings");
    record->qa.findingsPath = QStringLiteral("findings.json");
    if (Status s = saveRunRecord(runJson, *record); !s)
        return s.error();
    if (auto m = writeManifest(runDir, record->id); !m)
        return m.error();
    return report;
}

} // namespace greenlight
