#pragma once

#include "semantic/observation.h"
#include "spec/videospec.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace greenlight {

// Asks for one human observation on a frame range: category, severity, what is wrong, the
// frames (half-open [start, end), prefilled by the caller) and who observes it. OK stays
// disabled until the text, the reviewer and a non-empty range are there.
class ReviewFindingsObservationDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ReviewFindingsObservationDialog(QWidget *parent = nullptr);

    // frameCount 0: no upper bound known.
    void setFrames(qint64 start, qint64 end, qint64 frameCount, const Rational &fps);
    void setReviewerName(const QString &name);
    void setCategory(const QString &category);
    void setSeverity(Severity severity);
    void setText(const QString &text);

    // The observation as entered (reviewer kind human).
    ObservationInput input() const;
    QString reviewerName() const;
    bool isComplete() const;

    QComboBox *categoryBox() const { return m_category; }
    QComboBox *severityBox() const { return m_severity; }
    QPlainTextEdit *textEdit() const { return m_text; }
    QSpinBox *startBox() const { return m_start; }
    QSpinBox *endBox() const { return m_end; }
    QLineEdit *reviewerEdit() const { return m_reviewer; }

private:
    void updateState();

    QComboBox *m_category;
    QComboBox *m_severity;
    QPlainTextEdit *m_text;
    QSpinBox *m_start;
    QSpinBox *m_end;
    QLabel *m_timecodes;
    QLineEdit *m_reviewer;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    Rational m_fps{30, 1};
};

} // namespace greenlight
