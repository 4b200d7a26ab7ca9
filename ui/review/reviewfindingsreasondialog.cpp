#include "review/reviewfindingsreasondialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace greenlight {

ReviewFindingsReasonDialog::ReviewFindingsReasonDialog(const QString &title, const QString &about, const QString &okText,
                                                       bool required, QWidget *parent)
    : QDialog(parent), m_about(new QLabel(about, this)), m_reason(new QPlainTextEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)), m_required(required)
{
    setWindowTitle(title);
    setObjectName(QStringLiteral("reasonDialog"));
    m_about->setWordWrap(true);
    m_about->setTextFormat(Qt::RichText);
    m_reason->setObjectName(QStringLiteral("reasonText"));
    m_reason->setTabChangesFocus(true);
    m_reason->setPlaceholderText(required ? tr("Reason (required; recorded with your name)")
                                          : tr("Note (optional)"));
    m_reason->setMinimumHeight(80);
    m_buttons->button(QDialogButtonBox::Ok)->setText(okText);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_about);
    layout->addWidget(m_reason, 1);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reason, &QPlainTextEdit::textChanged, this, &ReviewFindingsReasonDialog::updateState);
    resize(460, sizeHint().height());
    updateState();
}

QString ReviewFindingsReasonDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

void ReviewFindingsReasonDialog::setReason(const QString &text)
{
    m_reason->setPlainText(text);
}

void ReviewFindingsReasonDialog::updateState()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_required || !reason().isEmpty());
}

} // namespace greenlight
