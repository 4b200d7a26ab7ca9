#pragma once

#include "common/jsonio.h"
#include "qa/finding.h"

#include <QList>
#include <QString>

namespace greenlight {

// One observation as a comparison names it.
struct ComparedObservation
{
    Reviewer reviewer;
    QString id;
    FrameRange frames;
    QString category;
    Severity severity = Severity::Warning;
};

// Two reviewers flagged overlapping frames with the same category and severity.
struct ReviewerAgreement
{
    ComparedObservation a;
    ComparedObservation b;
    FrameRange intersection;
    double iou = 0.0; // intersection over union of the two frame ranges
};

struct ReviewerDisagreement
{
    enum class Kind {
        Unmatched, // `a` flagged frames that reviewer `b` did not flag at all (b.id empty)
        Category,  // overlapping frames, different category
        Severity,  // overlapping frames, same category, different severity
    };
    Kind kind = Kind::Unmatched;
    ComparedObservation a;
    ComparedObservation b; // Unmatched: only b.reviewer is set
    double iou = 0.0;
};

struct ReviewerPairSummary
{
    Reviewer a;
    Reviewer b;
    int agreements = 0;
    int disagreements = 0;
    double meanAgreementIou = 0.0;
};

struct ComparisonOptions
{
    double minIou = 0.0;         // ranges match when their IoU is greater than this
    bool includeClosed = true;   // compare resolved and waived observations too
};

// Where reviewers agree and disagree. Every pair of reviewers is compared; within a pair each
// observation is matched with at most one of the other's, preferring same category and
// severity, then same category, then any overlap, then the larger IoU.
class ReviewerComparison
{
public:
    static ReviewerComparison compare(const Findings &observations, const ComparisonOptions &options = {});
    static double iou(const FrameRange &a, const FrameRange &b);

    QList<Reviewer> reviewers; // sorted by kind, name, model
    QList<ReviewerAgreement> agreements;
    QList<ReviewerDisagreement> disagreements;
    QList<ReviewerPairSummary> pairs;

    Json toJson() const;
};

QString toString(ReviewerDisagreement::Kind kind);

} // namespace greenlight
