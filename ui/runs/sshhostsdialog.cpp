#include "runs/sshhostsdialog.h"

#include "preferences/sshhostseditor.h"
#include "settings.h"

#include <QDialogButtonBox>
#include <QMessageBox>
#include <QVBoxLayout>

namespace greenlight {

SshHostsDialog::SshHostsDialog(AppSettings *settings, QWidget *parent) : QDialog(parent), m_settings(settings)
{
    setObjectName(QStringLiteral("sshHostsDialog"));
    setWindowTitle(tr("SSH Hosts"));
    m_editor = new SshHostsEditor(settings->sshHosts(), this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor, 1);
    layout->addWidget(buttons);
    resize(760, 420);
    connect(m_editor, &SshHostsEditor::tested, this, &SshHostsDialog::tested);
    connect(buttons, &QDialogButtonBox::accepted, this, &SshHostsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

SshHostsDialog::~SshHostsDialog() = default;

QList<SshHostProfile> SshHostsDialog::hosts() const
{
    return m_editor->hosts();
}

void SshHostsDialog::addHost(const SshHostProfile &profile)
{
    m_editor->addHost(profile);
}

void SshHostsDialog::testConnection()
{
    m_editor->testConnection();
}

QListWidget *SshHostsDialog::hostList() const
{
    return m_editor->hostList();
}

QLineEdit *SshHostsDialog::hostEdit() const
{
    return m_editor->hostEdit();
}

QLabel *SshHostsDialog::testResult() const
{
    return m_editor->testResult();
}

void SshHostsDialog::accept()
{
    if (const QString problem = m_editor->problem(); !problem.isEmpty()) {
        QMessageBox::warning(this, tr("SSH Hosts"), problem);
        return;
    }
    m_settings->setSshHosts(m_editor->hosts());
    QDialog::accept();
}

} // namespace greenlight
