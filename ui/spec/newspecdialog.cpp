#include "newspecdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace greenlight {

NewSpecDialog::NewSpecDialog(const QString &projectRoot, QWidget *parent) : QDialog(parent), m_projectRoot(projectRoot)
{
    setObjectName(QStringLiteral("newSpecDialog"));
    setWindowTitle(tr("New Spec"));
    auto *layout = new QVBoxLayout(this);
    auto *form = new QFormLayout;
    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("newSpecTitle"));
    m_title->setPlaceholderText(tr("e.g. Spring launch teaser"));
    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("newSpecId"));
    m_id->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[a-z0-9][a-z0-9_-]{0,63}")), m_id));
    m_id->setToolTip(tr("Names the file and the spec's runs; lower-case letters, digits, '-' and '_'"));
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("newSpecFormat"));
    m_format->addItem(tr("Vertical short (1080\u00d71920)"), QStringLiteral("vertical-short"));
    m_format->addItem(tr("Square feed (1080\u00d71080)"), QStringLiteral("square-feed"));
    m_format->addItem(tr("Landscape explainer (1920\u00d71080)"), QStringLiteral("landscape-explainer"));
    m_fps = new QComboBox(this);
    m_fps->setObjectName(QStringLiteral("newSpecFps"));
    const QList<QPair<QString, QSize>> rates = {{QStringLiteral("24"), {24, 1}},
                                                {QStringLiteral("25"), {25, 1}},
                                                {QStringLiteral("29.97"), {30000, 1001}},
                                                {QStringLiteral("30"), {30, 1}},
                                                {QStringLiteral("50"), {50, 1}},
                                                {QStringLiteral("60"), {60, 1}}};
    for (const auto &[label, rate] : rates)
        m_fps->addItem(tr("%1 fps").arg(label), QSize(rate));
    m_fps->setCurrentIndex(3);
    m_where = new QLabel(this);
    m_where->setObjectName(QStringLiteral("newSpecWhere"));
    m_where->setWordWrap(true);
    form->addRow(tr("&Title:"), m_title);
    form->addRow(tr("&Id:"), m_id);
    form->addRow(tr("&Format:"), m_format);
    form->addRow(tr("Frame &rate:"), m_fps);
    layout->addLayout(form);
    layout->addWidget(m_where);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_title, &QLineEdit::textChanged, this, [this] {
        if (!m_idEdited)
            m_id->setText(specIdFromTitle(m_title->text()));
        update();
    });
    connect(m_id, &QLineEdit::textEdited, this, [this] {
        m_idEdited = !m_id->text().isEmpty();
        update();
    });
    m_okButton = buttons->button(QDialogButtonBox::Ok);
    update();
}

NewSpecOptions NewSpecDialog::options() const
{
    NewSpecOptions o;
    o.title = m_title->text().trimmed();
    o.id = m_id->text().isEmpty() ? specIdFromTitle(o.title) : m_id->text();
    o.format = m_format->currentData().toString();
    const QSize rate = m_fps->currentData().toSize();
    o.fps = Rational{rate.width(), rate.height()};
    return o;
}

QString NewSpecDialog::path() const
{
    return newSpecPath(m_projectRoot, options().id);
}

void NewSpecDialog::update()
{
    const bool ok = !m_title->text().trimmed().isEmpty();
    m_okButton->setEnabled(ok);
    m_where->setText(ok ? tr("Saved as %1").arg(QDir::toNativeSeparators(QDir(m_projectRoot).relativeFilePath(path())))
                        : tr("Give the spec a title."));
}

} // namespace greenlight
