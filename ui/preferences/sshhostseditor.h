#pragma once

#include "remote/sshhostprofile.h"

#include <QFutureWatcher>
#include <QList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace greenlight {

// The hosts remote renders go to (runtime class remote-self-hosted, engine ssh), as a list
// and a form: each is an ssh destination (an alias from ~/.ssh/config or user@host), the
// folder projects go to on the host and the greenlight-cli to run there. Test Connection
// runs `greenlight-cli --version` on the host through the system ssh client, which keeps
// its own rules: unknown host keys are refused until the user accepts them with ssh.
// Project > SSH Hosts and Preferences > Remote hosts both show it; they store hosts().
class SshHostsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit SshHostsEditor(const QList<SshHostProfile> &hosts, QWidget *parent = nullptr);
    ~SshHostsEditor() override;

    QList<SshHostProfile> hosts() const { return m_hosts; }
    // Adds a host (as the Add button does) and selects it.
    void addHost(const SshHostProfile &profile);
    // Checks the selected host; the result shows under the form and comes as tested().
    void testConnection();
    // The first host that cannot be used and why ("host: reason"), or empty.
    QString problem() const;

    QListWidget *hostList() const { return m_list; }
    QLineEdit *hostEdit() const { return m_host; }
    QLabel *testResult() const { return m_result; }

Q_SIGNALS:
    void tested(bool ok, const QString &message);
    void changed();

private:
    void showHost(int row);
    void storeForm();

    QList<SshHostProfile> m_hosts;
    int m_row = -1;
    bool m_loading = false;
    QListWidget *m_list = nullptr;
    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_root = nullptr;
    QLineEdit *m_cli = nullptr;
    QLineEdit *m_config = nullptr;
    QPlainTextEdit *m_options = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_result = nullptr;
    QFutureWatcher<QString> m_testWatcher; // empty string = ok, else the reason
};

} // namespace greenlight
