#pragma once

#include <QString>
#include <QStringList>

namespace greenlight {

// Quoting for command lines that a remote POSIX shell reads (ssh hands the remote command to
// the login shell as one string).
namespace sshshell {

// One word, single-quoted so the shell takes it literally: abc -> 'abc', it's -> 'it'\''s'.
QString quote(const QString &word);
// Each word quoted, joined by spaces.
QString join(const QStringList &words);
// A remote path as a shell word: a leading "~/" stays outside the quotes so the home folder
// expands ("~/a b" -> "$HOME"/'a b'); anything else is quoted whole.
QString path(const QString &remotePath);
// Joins a remote folder and a '/'-separated relative path.
QString joinPath(const QString &remoteDir, const QString &relative);
// A relative path that stays below its root: not empty or absolute, no "." or ".." parts, no
// control characters (a newline would break the line-based listings).
bool isSafeRelativePath(const QString &relative);

} // namespace sshshell
} // namespace greenlight
