#include "remote/sshdiagnosis.h"

#include "remote/sshcodes.h"

#include <QStringList>

namespace greenlight::sshdiagnosis {

namespace {

bool containsAny(const QByteArray &text, std::initializer_list<const char *> needles)
{
    for (const char *n : needles)
        if (text.contains(n))
            return true;
    return false;
}

QString saidSuffix(const QByteArray &stderrText)
{
    const QString said = tail(stderrText);
    return said.isEmpty() ? QString() : QStringLiteral(" (ssh said: %1)").arg(said);
}

} // namespace

Kind classify(const QByteArray &text)
{
    if (containsAny(text, {"REMOTE HOST IDENTIFICATION HAS CHANGED", "has changed and you have requested strict checking"}))
        return Kind::HostKeyChanged;
    if (containsAny(text, {"Host key verification failed", "host key is known for"}))
        return Kind::HostKeyUnknown;
    if (containsAny(text, {"Permission denied (", "Too many authentication failures", "Authentication failed",
                           "No more authentication methods"}))
        return Kind::Auth;
    if (containsAny(text, {"Connection refused", "Could not resolve hostname", "Name or service not known",
                           "timed out", "No route to host", "Network is unreachable", "Connection closed",
                           "Connection reset", "closed by remote host", "Broken pipe", "kex_exchange_identification",
                           "Timeout, server", "not responding", "Connection to ",
                           "connect to host", "banner exchange", "ssh_dispatch_run_fatal", "Bad owner or permissions",
                           "Can't open user config file", "no matching host key type", "Unable to negotiate"}))
        return Kind::Connect;
    return Kind::None;
}

Error connectionError(const QString &host, const QByteArray &stderrText)
{
    const QString said = saidSuffix(stderrText);
    switch (classify(stderrText)) {
    case Kind::HostKeyUnknown:
        return makeError(QString(sshcodes::hostKey),
                         QStringLiteral("the host key of %1 is not in known_hosts, so ssh refused to connect%2. "
                                        "Check the key's fingerprint with the host's administrator, then accept it "
                                        "once by running `ssh %1` in a terminal.")
                             .arg(host, said));
    case Kind::HostKeyChanged:
        return makeError(QString(sshcodes::hostKey),
                         QStringLiteral("the host key of %1 has CHANGED since it was accepted, so ssh refused to "
                                        "connect%2. Someone may be intercepting the connection, or the host was "
                                        "reinstalled: ask its administrator before replacing the key in known_hosts.")
                             .arg(host, said));
    case Kind::Auth:
        return makeError(QString(sshcodes::auth),
                         QStringLiteral("%1 accepted none of the keys offered%2. Load the key into ssh-agent or "
                                        "name it with IdentityFile in ~/.ssh/config; password prompts are off.")
                             .arg(host, said));
    case Kind::Connect:
    case Kind::None:
        break;
    }
    if (stderrText.trimmed().isEmpty())
        return makeError(QString(sshcodes::connect),
                         QStringLiteral("ssh to %1 ended with status 255 and gave no reason: the connection failed "
                                        "or dropped before the remote command finished")
                             .arg(host));
    return makeError(QString(sshcodes::connect),
                     QStringLiteral("could not reach %1, or the connection dropped%2").arg(host, said));
}

QString tail(const QByteArray &stderrText, int lines)
{
    QStringList kept;
    for (const QByteArray &raw : stderrText.split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('@')))
            continue;
        kept.append(line);
    }
    if (kept.size() > lines)
        kept = kept.mid(kept.size() - lines);
    return kept.join(QStringLiteral(" / "));
}

} // namespace greenlight::sshdiagnosis
