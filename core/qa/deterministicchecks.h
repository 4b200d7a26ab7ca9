#pragma once

#include "common/result.h"
#include "media/mediainfo.h"
#include "media/signalanalysis.h"
#include "media/signalanalyzer.h"
#include "qa/finding.h"
#include "qa/qathresholds.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

// A file the run must have produced; sha256 (lower-case hex) is checked when given.
struct ExpectedArtifact
{
    QString path; // relative to QaExpectations::artifactRoot
    QString sha256;
};

// What the output should be, from the spec (canvas, duration) and the run (artifacts).
struct QaExpectations
{
    std::optional<int> width;
    std::optional<int> height;
    std::optional<Rational> fps;
    std::optional<qint64> frameCount;
    bool requireVideo = true;
    bool requireAudio = false;
    QString artifactRoot;
    QList<ExpectedArtifact> artifacts;
    // Ranges the spec holds still on purpose (intendedHoldsFromProps): a frozen picture
    // contained in one of them is not reported.
    QList<FrameRange> intendedHolds;
};

// The outcome of the deterministic stage on one output.
struct DeterministicQaReport
{
    Findings findings;
    bool usable = false;                  // false: the media could not be read at all
    std::optional<MediaInfo> media;
    std::optional<SignalAnalysis> analysis;
    Json measurements = Json::object();   // measured figures, for reports and --json

    // {"schemaVersion": 1, "findings": [...], "measurements": {...}}
    Json toJson() const;
};

// The deterministic QA stage: holds a render to its spec and the runbook's thresholds and
// turns every deviation into a Finding (stage deterministic, frame range, evidence with the
// measured value and the limit, a message saying what to do).
class DeterministicChecks
{
public:
    DeterministicChecks(QaExpectations expectations, QaThresholds thresholds);

    // Probe + one analysis pass (with the baseline when given) + all checks. Fails only when
    // cancelled (code "cancelled"); unreadable media yields a report with qa.media.unreadable.
    // displayPath names the file in findings (default: its file name).
    Result<DeterministicQaReport> run(const QString &mediaPath, const QString &baselinePath = {},
                                      const ProgressFn &progress = {}, const QString &displayPath = {}) const;

    // The checks alone, on results at hand (analysis may be null: probe-only checks).
    Findings checkMedia(const MediaInfo &info, const SignalAnalysis *analysis) const;
    Findings checkArtifacts() const;
    static Finding unreadableFinding(const Error &error);

    // Analysis settings that match these thresholds.
    AnalysisOptions analysisOptions(const QString &baselinePath = {}) const;

    const QaExpectations &expectations() const { return m_expectations; }
    const QaThresholds &thresholds() const { return m_thresholds; }

private:
    void applySeverities(Findings &findings) const;

    QaExpectations m_expectations;
    QaThresholds m_thresholds;
};

} // namespace greenlight
