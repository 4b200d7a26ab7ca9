#pragma once

#include "common/result.h"
#include "gate/gate.h"
#include "semantic/observation.h"

#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QToolButton;

namespace greenlight {

class ReviewFindingsFilter;
class ReviewFindingsModel;

// The findings of one run at the gate, every stage, in a table that filters by stage,
// severity, status and text. Double-click or Enter on a finding jumps to its first frame.
// A reviewer adds a human observation on the current frame or the in/out range, and resolves,
// waives (with a reason) or reopens semantic observations; deterministic and structural
// findings are waived at the gate, with the decision. Every change goes through
// ObservationStore (observations.json of the run) and then shows here at once;
// findingsChanged() tells the host to re-evaluate the gate.
class ReviewFindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewFindingsPanel(QWidget *parent = nullptr);

    void setEvaluation(const GateEvaluation &evaluation);
    const GateEvaluation &evaluation() const { return m_evaluation; }

    // Who adds, resolves and waives observations (a human reviewer).
    void setReviewerName(const QString &name);
    QString reviewerName() const { return m_reviewer; }

    // Where the playhead is and the marked range (out = the inclusive last frame): a new
    // observation covers [in, out + 1) when both are marked, else the current frame.
    void setCurrentFrame(qint64 frame);
    void setInOut(std::optional<qint64> in, std::optional<qint64> out);
    qint64 currentFrame() const { return m_currentFrame; }
    // The range a new observation starts with, half-open.
    FrameRange proposedRange() const;

    // Filters (unset = any); the combos follow.
    void setStageFilter(std::optional<Stage> stage);
    void setSeverityFilter(std::optional<Severity> severity);
    void setStatusFilter(std::optional<FindingStatus> status);
    void setTextFilter(const QString &text);

    // Selects the first row showing a finding with this code or observation id.
    bool selectFinding(const QString &codeOrId);
    const Finding *selectedFinding() const;
    int visibleCount() const;

    // The operations behind the buttons, without dialogs. Errors are the store's.
    Result<Finding> addObservation(const ObservationInput &input);
    Result<Finding> resolveObservation(const QString &id, const QString &note = {});
    Result<Finding> waiveObservation(const QString &id, const QString &reason);
    Result<Finding> reopenObservation(const QString &id);

    QTableView *view() const { return m_view; }
    ReviewFindingsModel *model() const { return m_model; }
    ReviewFindingsFilter *filter() const { return m_filter; }
    QAction *addObservationAction() const { return m_addAction; }
    QAction *resolveAction() const { return m_resolveAction; }
    QAction *waiveAction() const { return m_waiveAction; }
    QAction *reopenAction() const { return m_reopenAction; }
    QAction *jumpAction() const { return m_jumpAction; }
    // The last error shown under the table (verbatim), empty when none.
    QString errorText() const;

public Q_SLOTS:
    void addObservationInteractive(); // "Add observation…"
    void resolveSelected();           // "Resolve…"
    void waiveSelected();             // "Waive…"
    void reopenSelected();
    void jumpToSelected();

Q_SIGNALS:
    void jumpToFrame(qint64 frame);
    void findingsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void createActions();
    void updateActions();
    void updateDetails();
    void updateCount();
    void showError(const Error &error);
    void clearError();
    // Reloads the observations into the findings after a change (the rest stays until the
    // host re-evaluates).
    Status reloadObservations();
    Result<Finding> afterChange(const Result<Finding> &changed);
    static bool isObservation(const Finding &f);

    GateEvaluation m_evaluation;
    QString m_reviewer;
    qint64 m_currentFrame = 0;
    std::optional<qint64> m_in;
    std::optional<qint64> m_out;

    QComboBox *m_stageBox;
    QComboBox *m_severityBox;
    QComboBox *m_statusBox;
    QLineEdit *m_search;
    QLabel *m_count;
    QTableView *m_view;
    QLabel *m_details;
    QLabel *m_error;
    ReviewFindingsModel *m_model;
    ReviewFindingsFilter *m_filter;
    QAction *m_addAction = nullptr;
    QAction *m_resolveAction = nullptr;
    QAction *m_waiveAction = nullptr;
    QAction *m_reopenAction = nullptr;
    QAction *m_jumpAction = nullptr;
    QAction *m_copyAction = nullptr;
};

} // namespace greenlight
