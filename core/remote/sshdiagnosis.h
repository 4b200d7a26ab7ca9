#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QString>

namespace greenlight {

// Reads what the OpenSSH client wrote to stderr when it could not run a command and turns it
// into one of the transport's stable errors: ssh.hostkey (unknown or changed host key),
// ssh.auth (no identity accepted), ssh.connect (unreachable, refused, dropped).
namespace sshdiagnosis {

enum class Kind { None, HostKeyUnknown, HostKeyChanged, Auth, Connect };

// What the stderr text of ssh or scp says went wrong; None when it names no connection problem.
Kind classify(const QByteArray &stderrText);

// The error for an ssh that exited 255 (its own failure, not the remote command's): the kind
// classify() finds, and ssh.connect when stderr names none.
Error connectionError(const QString &host, const QByteArray &stderrText);

// The last few meaningful lines ssh wrote (banners dropped), for messages.
QString tail(const QByteArray &stderrText, int lines = 3);

} // namespace sshdiagnosis
} // namespace greenlight
