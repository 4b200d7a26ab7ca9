#include "runs/runlogtail.h"

#include <QDir>
#include <QFile>

namespace greenlight {

namespace {

constexpr qint64 kMaxReadPerPoll_bytes = 256 * 1024;

} // namespace

QStringList RunLogTail::poll(const QString &runDir, bool flush)
{
    QStringList lines;
    if (runDir.isEmpty())
        return lines;
    const QDir logs(runDir + QStringLiteral("/logs"));
    const QStringList names = logs.entryList(QDir::Files, QDir::Name);
    for (const QString &name : names) {
        const bool isNew = !m_files.contains(name);
        FileState &state = m_files[name];
        QFile file(logs.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        if (file.size() < state.offset) // rewritten: start again
            state = FileState{};
        if (isNew)
            lines.append(QStringLiteral("== logs/%1 ==").arg(name));
        if (!file.seek(state.offset))
            continue;
        QByteArray chunk = file.read(kMaxReadPerPoll_bytes);
        state.offset += chunk.size();
        chunk.prepend(state.partial);
        state.partial.clear();
        qsizetype start = 0;
        for (qsizetype i = 0; i < chunk.size(); ++i) {
            if (chunk.at(i) != '\n' && chunk.at(i) != '\r')
                continue;
            if (i > start)
                lines.append(QString::fromUtf8(chunk.constData() + start, i - start));
            start = i + 1;
        }
        state.partial = chunk.mid(start);
        if (flush && !state.partial.isEmpty()) {
            lines.append(QString::fromUtf8(state.partial));
            state.partial.clear();
        }
    }
    return lines;
}

} // namespace greenlight
