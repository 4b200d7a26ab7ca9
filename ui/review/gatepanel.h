#pragma once

#include "common/result.h"
#include "gate/gate.h"
#include "runbook/runbook.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QTableWidget;

namespace greenlight {

// The publish gate for one run: the three stages with their state and counts, the open
// blockers (grouped by code) with the roles that may waive each, the latest decision for the
// spec variant and whether it names this run's manifest, and the decision form: reviewer,
// role (from the runbook), reasons (one per line), a waive checkbox and reason per blocker
// code, and Pass / Revise / Reject. An outcome the role may not decide is disabled, and so is
// Pass while a blocker is not waived, each with a tooltip that says why. The decision goes
// through decideGate() into the project's ledger; a refusal or error shows verbatim, a
// recorded decision shows its seq and row hash.
class GatePanel : public QWidget
{
    Q_OBJECT
public:
    explicit GatePanel(QWidget *parent = nullptr);

    void setRunbook(const Runbook &runbook);
    void setEvaluation(const GateEvaluation &evaluation);
    const GateEvaluation &evaluation() const { return m_evaluation; }

    void setReviewerName(const QString &name);
    QString reviewerName() const;
    // Selects the role when the runbook names it.
    void setRole(const QString &role);
    QString role() const;
    QStringList roles() const;
    void setReasons(const QStringList &reasons);
    QStringList reasons() const;

    // Ticks the waiver of a blocker code with a reason; false when the code is not an open
    // blocker or the role may not waive it.
    bool setWaiver(const QString &code, bool waive, const QString &reason = {});
    QList<Waiver> waivers() const;
    QStringList blockerCodes() const;
    // Blocker codes a pass still needs waived (with a reason).
    QStringList unwaivedBlockers() const;

    // Records the outcome as the form says. Same as pressing the button.
    Result<Decision> decide(Outcome outcome);

    QPushButton *passButton() const { return m_pass; }
    QPushButton *reviseButton() const { return m_revise; }
    QPushButton *rejectButton() const { return m_reject; }
    QCheckBox *waiveBox(const QString &code) const;
    QLineEdit *waiveReasonEdit(const QString &code) const;
    // The line under the buttons: the confirmation or the error, verbatim.
    QString messageText() const;
    QString latestDecisionText() const;

Q_SIGNALS:
    void decisionRecorded(const greenlight::Decision &decision);

private:
    struct BlockerRow
    {
        QString code;
        QCheckBox *waive = nullptr;
        QLineEdit *reason = nullptr;
        QLabel *roles = nullptr;
        QStringList waivableBy;
    };

    void rebuild();
    void rebuildStages();
    void rebuildBlockers();
    void updateLatest();
    void updateRoles();
    void updateButtons();
    void showMessage(const QString &text, bool ok);
    BlockerRow *row(const QString &code);
    const BlockerRow *row(const QString &code) const;

    std::optional<Runbook> m_runbook;
    GateEvaluation m_evaluation;
    bool m_haveEvaluation = false;

    QLabel *m_heading;
    QTableWidget *m_stages;
    QLabel *m_blockersTitle;
    QWidget *m_blockersBox;
    QScrollArea *m_blockersScroll = nullptr;
    QGridLayout *m_blockersGrid;
    QLabel *m_noBlockers;
    QLabel *m_latest;
    QLineEdit *m_reviewer;
    QComboBox *m_role;
    QPlainTextEdit *m_reasons;
    QPushButton *m_pass;
    QPushButton *m_revise;
    QPushButton *m_reject;
    QLabel *m_message;
    QList<BlockerRow> m_rows;
};

} // namespace greenlight
