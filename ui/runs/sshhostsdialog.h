#pragma once

#include "remote/sshhostprofile.h"

#include <QDialog>
#include <QList>

class QLabel;
class QLineEdit;
class QListWidget;

namespace greenlight {

class AppSettings;
class SshHostsEditor;

// Project > SSH Hosts: the SSH host profiles (SshHostsEditor) in a dialog of their own; OK
// stores them in the settings. Preferences > Remote hosts shows the same editor.
class SshHostsDialog : public QDialog
{
    Q_OBJECT
public:
    explicit SshHostsDialog(AppSettings *settings, QWidget *parent = nullptr);
    ~SshHostsDialog() override;

    QList<SshHostProfile> hosts() const;
    // Adds a host (as the Add button does) and selects it.
    void addHost(const SshHostProfile &profile);
    // Checks the selected host; the result shows under the form and comes as tested().
    void testConnection();
    // OK: checks every host and stores the list in the settings.
    void accept() override;

    SshHostsEditor *editor() const { return m_editor; }
    QListWidget *hostList() const;
    QLineEdit *hostEdit() const;
    QLabel *testResult() const;

Q_SIGNALS:
    void tested(bool ok, const QString &message);

private:
    AppSettings *m_settings;
    SshHostsEditor *m_editor = nullptr;
};

} // namespace greenlight
