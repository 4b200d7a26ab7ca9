#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace greenlight {

// Follows the log files of a run folder (<run>/logs/*) as they grow: each poll returns the
// complete lines written since the previous one. The folder may move (staging to final)
// between polls; files are followed by their name inside logs/.
class RunLogTail
{
public:
    // New complete lines; with flush, a last line without its newline too. A file seen for
    // the first time is announced by a "== logs/<name> ==" line.
    QStringList poll(const QString &runDir, bool flush = false);
    void reset() { m_files.clear(); }

private:
    struct FileState
    {
        qint64 offset = 0;
        QByteArray partial;
    };
    QMap<QString, FileState> m_files;
};

} // namespace greenlight
