#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace greenlight {

// Asks why: the reason for waiving an observation (required) or a note on resolving it
// (optional). Shows what it is about above the text.
class ReviewFindingsReasonDialog : public QDialog
{
    Q_OBJECT
public:
    ReviewFindingsReasonDialog(const QString &title, const QString &about, const QString &okText, bool required,
                               QWidget *parent = nullptr);

    QString reason() const;
    void setReason(const QString &text);
    QPlainTextEdit *reasonEdit() const { return m_reason; }

private:
    void updateState();

    QLabel *m_about;
    QPlainTextEdit *m_reason;
    QDialogButtonBox *m_buttons;
    bool m_required;
};

} // namespace greenlight
