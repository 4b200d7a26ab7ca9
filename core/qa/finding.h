#pragma once

#include "common/jsonio.h"

#include <QList>
#include <QString>

#include <optional>

namespace greenlight {

enum class Severity { Blocker, Warning, Info };
enum class Stage { Structural, Deterministic, Semantic };
enum class FindingStatus { Open, Resolved, Waived };

QString toString(Severity s);
QString toString(Stage s);
QString toString(FindingStatus s);
std::optional<Severity> severityFromString(const QString &s);
std::optional<Stage> stageFromString(const QString &s);
std::optional<FindingStatus> findingStatusFromString(const QString &s);

// Half-open range of video frames [start, end).
struct FrameRange
{
    qint64 start = 0;
    qint64 end = 0;
    bool operator==(const FrameRange &) const = default;
};

// Who raised a semantic observation: a person or a model.
struct Reviewer
{
    QString kind;    // human | model
    QString name;    // person's name, or the model reviewer's label
    QString model;   // model name (models only)
    QString version; // model version (models only)
    bool operator==(const Reviewer &) const = default;
};

// One QA finding, the same shape for every stage (schemas/findings.schema.json).
struct Finding
{
    QString code;                    // stable code from FindingCodes
    Stage stage = Stage::Structural;
    Severity severity = Severity::Blocker;
    QString message;                 // what is wrong and what to do about it
    QString pointer;                 // JSON pointer of the offending field ("" = whole document)
    QString path;                    // file the finding is about, relative to the project
    QString variant;                 // variant id when found after resolving a variant
    std::optional<FrameRange> frames; // for findings about media
    Json evidence = Json::object();  // measured values, thresholds, ...
    FindingStatus status = FindingStatus::Open;
    QString waiverReason;
    // Semantic observations only.
    QString id;                      // stable id of an observation (for edits and comparisons)
    QString category;                // contradiction | caption-visual-mismatch | promise-delivery-mismatch | pronunciation | brand | other
    std::optional<Reviewer> reviewer;

    Json toJson() const;
    static Result<Finding> fromJson(const Json &json);
};

using Findings = QList<Finding>;

bool hasOpenBlocker(const Findings &findings);
int countBySeverity(const Findings &findings, Severity severity);

// The findings document: {"schemaVersion": 1, "findings": [...]}.
Json findingsToJson(const Findings &findings);
Result<Findings> findingsFromJson(const Json &json);

} // namespace greenlight
