#pragma once

#include "common/jsonio.h"
#include "common/result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

// One remote render host as the settings keep it. `host` is whatever ssh accepts as a
// destination: an alias from ~/.ssh/config (which then supplies user, port, keys, jump hosts)
// or user@host. Host keys are never accepted here: ssh's own known_hosts and
// StrictHostKeyChecking decide.
struct SshHostProfile
{
    QString host;                   // "render-box" or "user@gpu1.example.org"
    std::optional<int> port;        // unset: ssh's configuration decides (default 22)
    QString remoteProjectRoot;      // where projects live on the host ("~/greenlight" or absolute)
    QString remoteCli = QStringLiteral("greenlight-cli"); // greenlight-cli on the host
    QString configFile;             // passed as `ssh -F`; empty: ~/.ssh/config
    QStringList options;            // extra `-o Key=Value` options, e.g. "ProxyJump=bastion"
    int connectTimeout_s = 15;      // ConnectTimeout
    int aliveInterval_s = 15;       // ServerAliveInterval; three misses drop the connection

    // Problems a person must fix before the profile can be used (empty host, bad port, an
    // option that is not Key=Value); errors have code "ssh.profile".
    Status validate() const;

    Json toJson() const;
    static Result<SshHostProfile> fromJson(const Json &json);
};

} // namespace greenlight
