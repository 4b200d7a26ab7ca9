#pragma once

#include <QString>

#include <functional>

namespace greenlight {

class MainWindow;

// `greenlight --screenshot FILE`: once the window's project has settled (its specs listed and
// validated, or at most `timeout_ms`), saves a picture of the window to FILE and reports what
// was open, e.g. "demo: 2 specs (/home/ana/.local/share/Greenlight/Greenlight/demo)". Used for
// bug reports and documentation, and by the package check that the installed app opens a
// project headlessly.
void saveWindowWhenSettled(MainWindow *window, const QString &file,
                           std::function<void(bool saved, const QString &summary)> done,
                           int timeout_ms = 60000);

} // namespace greenlight
