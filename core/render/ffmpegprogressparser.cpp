#include "render/ffmpegprogressparser.h"

namespace greenlight {

QList<FfmpegProgress> FfmpegProgressParser::feed(const QByteArray &bytes)
{
    QList<FfmpegProgress> done;
    m_pending += bytes;
    qsizetype newline;
    while ((newline = m_pending.indexOf('\n')) >= 0) {
        const QByteArray line = m_pending.left(newline).trimmed();
        m_pending.remove(0, newline + 1);
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        const QByteArray key = line.left(eq);
        const QByteArray value = line.mid(eq + 1).trimmed();
        bool ok = false;
        if (key == "frame") {
            const qint64 v = value.toLongLong(&ok);
            if (ok)
                m_current.frame = v;
        } else if (key == "out_time_us") {
            const qint64 v = value.toLongLong(&ok);
            if (ok)
                m_current.outTime_us = v;
        } else if (key == "progress") {
            m_current.end = value == "end";
            done.append(m_current);
        }
    }
    return done;
}

} // namespace greenlight
