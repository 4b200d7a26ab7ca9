#include "preferences/sshhostseditor.h"

#include "preferences/theme.h"

#include "remote/sshshellquote.h"
#include "remote/sshtransport.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace greenlight {

namespace {

constexpr int kTestTimeout_ms = 30000;

QString label(const SshHostProfile &p)
{
    return p.port ? QStringLiteral("%1:%2").arg(p.host).arg(*p.port) : p.host;
}

// Readable on the light and the dark palette.
QString resultStyle(const QWidget *w, bool ok)
{
    return QStringLiteral("color: %1;").arg(Theme::toneColor(w, ok ? Theme::Tone::Good : Theme::Tone::Problem).name());
}

} // namespace

SshHostsEditor::SshHostsEditor(const QList<SshHostProfile> &hosts, QWidget *parent) : QWidget(parent), m_hosts(hosts)
{
    setObjectName(QStringLiteral("sshHostsEditor"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("sshHostList"));
    auto *add = new QPushButton(tr("&Add"), this);
    add->setObjectName(QStringLiteral("addSshHostButton"));
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeSshHostButton"));

    m_host = new QLineEdit(this);
    m_host->setObjectName(QStringLiteral("sshHostEdit"));
    m_host->setPlaceholderText(tr("an alias from ~/.ssh/config, or user@host"));
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("sshPortEdit"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("from ssh config (22)"));
    m_root = new QLineEdit(this);
    m_root->setObjectName(QStringLiteral("sshRootEdit"));
    m_root->setPlaceholderText(tr("where projects go on the host, e.g. ~/greenlight"));
    m_cli = new QLineEdit(this);
    m_cli->setObjectName(QStringLiteral("sshCliEdit"));
    m_cli->setPlaceholderText(QStringLiteral("greenlight-cli"));
    m_config = new QLineEdit(this);
    m_config->setObjectName(QStringLiteral("sshConfigEdit"));
    m_config->setPlaceholderText(tr("~/.ssh/config"));
    m_options = new QPlainTextEdit(this);
    m_options->setObjectName(QStringLiteral("sshOptionsEdit"));
    m_options->setPlaceholderText(tr("one ssh option per line, e.g. ProxyJump=bastion"));
    m_options->setMaximumHeight(m_options->fontMetrics().lineSpacing() * 4 + 12);
    m_test = new QPushButton(tr("&Test Connection"), this);
    m_test->setObjectName(QStringLiteral("testSshHostButton"));
    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("sshTestResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *form = new QFormLayout;
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("Remote &projects folder:"), m_root);
    form->addRow(tr("Remote &greenlight-cli:"), m_cli);
    form->addRow(tr("ssh &config file:"), m_config);
    form->addRow(tr("Extra &options:"), m_options);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_result, 1);
    form->addRow(QString(), testRow);
    auto *note = new QLabel(tr("Connections use the system ssh client: your ~/.ssh/config, agent, jump hosts and "
                               "known_hosts apply, and a host whose key you have not accepted is refused "
                               "(connect once with ssh to accept it)."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    left->addLayout(listButtons);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addWidget(note);
    right->addStretch(1);
    auto *columns = new QHBoxLayout(this);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->addLayout(left, 1);
    columns->addLayout(right, 3);

    for (const SshHostProfile &p : std::as_const(m_hosts))
        m_list->addItem(label(p));
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        storeForm();
        showHost(row);
    });
    connect(add, &QPushButton::clicked, this, [this] {
        SshHostProfile p;
        p.host = QStringLiteral("render-box");
        p.remoteProjectRoot = QStringLiteral("greenlight");
        addHost(p);
        m_host->setFocus();
        m_host->selectAll();
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row < 0)
            return;
        m_row = -1; // nothing to store for the removed host
        m_hosts.removeAt(row);
        delete m_list->takeItem(row);
        showHost(m_list->currentRow());
        Q_EMIT changed();
    });
    for (QLineEdit *edit : {m_host, m_root, m_cli, m_config})
        connect(edit, &QLineEdit::textChanged, this, &SshHostsEditor::storeForm);
    connect(m_port, &QSpinBox::valueChanged, this, &SshHostsEditor::storeForm);
    connect(m_options, &QPlainTextEdit::textChanged, this, &SshHostsEditor::storeForm);
    connect(m_test, &QPushButton::clicked, this, &SshHostsEditor::testConnection);
    connect(&m_testWatcher, &QFutureWatcher<QString>::finished, this, [this] {
        const QString problem = m_testWatcher.result();
        m_test->setEnabled(true);
        const bool ok = problem.isEmpty() || problem.startsWith(QLatin1String("ok:"));
        const QString message = ok ? tr("Connected: %1").arg(problem.mid(3).trimmed()) : problem;
        m_result->setText(message);
        m_result->setStyleSheet(resultStyle(this, ok));
        Q_EMIT tested(ok, message);
    });
    m_list->setCurrentRow(m_hosts.isEmpty() ? -1 : 0);
    showHost(m_list->currentRow());
}

SshHostsEditor::~SshHostsEditor()
{
    m_testWatcher.waitForFinished();
}

void SshHostsEditor::addHost(const SshHostProfile &profile)
{
    storeForm();
    m_hosts.append(profile);
    m_list->addItem(label(profile));
    m_list->setCurrentRow(int(m_hosts.size()) - 1);
}

void SshHostsEditor::showHost(int row)
{
    m_loading = true;
    m_row = row;
    const bool has = row >= 0 && row < m_hosts.size();
    for (QWidget *w : std::initializer_list<QWidget *>{m_host, m_port, m_root, m_cli, m_config, m_options, m_test, m_remove})
        w->setEnabled(has);
    const SshHostProfile p = has ? m_hosts[row] : SshHostProfile();
    m_host->setText(p.host);
    m_port->setValue(p.port.value_or(0));
    m_root->setText(p.remoteProjectRoot);
    m_cli->setText(p.remoteCli == QLatin1String("greenlight-cli") ? QString() : p.remoteCli);
    m_config->setText(p.configFile);
    m_options->setPlainText(p.options.join(QLatin1Char('\n')));
    m_result->clear();
    m_loading = false;
}

void SshHostsEditor::storeForm()
{
    if (m_loading || m_row < 0 || m_row >= m_hosts.size())
        return;
    SshHostProfile &p = m_hosts[m_row];
    p.host = m_host->text().trimmed();
    p.port = m_port->value() > 0 ? std::optional<int>(m_port->value()) : std::nullopt;
    p.remoteProjectRoot = m_root->text().trimmed();
    p.remoteCli = m_cli->text().trimmed().isEmpty() ? QStringLiteral("greenlight-cli") : m_cli->text().trimmed();
    p.configFile = m_config->text().trimmed();
    p.options = m_options->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (QString &o : p.options)
        o = o.trimmed();
    if (QListWidgetItem *item = m_list->item(m_row))
        item->setText(label(p));
    Q_EMIT changed();
}

void SshHostsEditor::testConnection()
{
    storeForm();
    const int row = m_list->currentRow();
    if (row < 0 || m_testWatcher.isRunning())
        return;
    const SshHostProfile profile = m_hosts[row];
    if (Status valid = profile.validate(); !valid) {
        m_result->setText(valid.error().message);
        m_result->setStyleSheet(resultStyle(this, false));
        Q_EMIT tested(false, valid.error().message);
        return;
    }
    m_test->setEnabled(false);
    m_result->setStyleSheet(QString());
    m_result->setText(tr("Connecting to %1\u2026").arg(profile.host));
    m_testWatcher.setFuture(QtConcurrent::run([profile]() -> QString {
        SshRunOptions options;
        options.timeout_ms = kTestTimeout_ms;
        Result<SshCommandResult> r =
            SshTransport(profile).runChecked(sshshell::path(profile.remoteCli) + QStringLiteral(" --version"), options);
        if (!r)
            return r.error().toString();
        return QString(QStringLiteral("ok:") + QString::fromUtf8(r->stdOut).trimmed());
    }));
}

QString SshHostsEditor::problem() const
{
    for (const SshHostProfile &p : std::as_const(m_hosts))
        if (Status valid = p.validate(); !valid)
            return tr("%1: %2").arg(p.host.isEmpty() ? tr("(no host)") : p.host, valid.error().message);
    return {};
}

} // namespace greenlight
