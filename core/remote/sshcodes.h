#pragma once

#include <QLatin1String>

namespace greenlight::sshcodes {

// Stable error codes of the SSH transport (Error::code). Callers branch on these, people read
// the message beside them.
inline constexpr QLatin1String client{"ssh.client"};       // the ssh/scp program is missing or would not start
inline constexpr QLatin1String hostKey{"ssh.hostkey"};     // host key unknown or changed: connection refused
inline constexpr QLatin1String auth{"ssh.auth"};           // no key (file or ssh-agent) was accepted
inline constexpr QLatin1String connect{"ssh.connect"};     // unreachable, refused, or the connection dropped
inline constexpr QLatin1String timeout{"ssh.timeout"};     // the command ran past its time limit (stopped)
inline constexpr QLatin1String cancelled{"ssh.cancelled"}; // cancelled by the caller (stopped)
inline constexpr QLatin1String remote{"ssh.remote"};       // the remote command ran and failed
inline constexpr QLatin1String transfer{"ssh.transfer"};   // a file did not arrive whole
inline constexpr QLatin1String verify{"ssh.verify"};       // fetched files disagree with their manifest
inline constexpr QLatin1String path{"ssh.path"};           // a path that cannot be sent safely
inline constexpr QLatin1String io{"ssh.io"};               // a local file or folder could not be read or written

} // namespace greenlight::sshcodes
