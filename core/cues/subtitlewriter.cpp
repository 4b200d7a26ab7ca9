#include "cues/subtitlewriter.h"

#include "cues/timebase.h"

namespace greenlight {

namespace {

QString escapeVtt(QString text)
{
    return text.replace(QLatin1Char('&'), QLatin1String("&amp;"))
        .replace(QLatin1Char('<'), QLatin1String("&lt;"))
        .replace(QLatin1Char('>'), QLatin1String("&gt;"));
}

QByteArray write(const QList<CaptionCue> &cues, const Rational &fps, bool vtt)
{
    const TimeBase tb{48000, fps};
    const QChar sep = vtt ? QLatin1Char('.') : QLatin1Char(',');
    QString out;
    if (vtt)
        out += QStringLiteral("WEBVTT\n\n");
    int number = 0;
    for (const CaptionCue &c : cues) {
        if (c.lines.isEmpty())
            continue;
        out += QString::number(++number) + QLatin1Char('\n');
        out += SubtitleWriter::timestamp(tb.framesToMs(c.startFrame), sep) + QStringLiteral(" --> ")
               + SubtitleWriter::timestamp(tb.framesToMs(c.endFrame), sep) + QLatin1Char('\n');
        for (qsizetype i = 0; i < c.lines.size(); ++i) {
            QString line = vtt ? escapeVtt(c.lines[i]) : c.lines[i];
            if (vtt && i == 0 && c.speaker && !c.speaker->isEmpty())
                line = QStringLiteral("<v ") + escapeVtt(*c.speaker) + QLatin1Char('>') + line;
            out += line + QLatin1Char('\n');
        }
        out += QLatin1Char('\n');
    }
    return out.toUtf8();
}

} // namespace

QString SubtitleWriter::timestamp(qint64 ms, QChar decimalSeparator)
{
    ms = std::max<qint64>(0, ms);
    const qint64 hours = ms / 3600000;
    const qint64 minutes = ms / 60000 % 60;
    const qint64 seconds = ms / 1000 % 60;
    const qint64 millis = ms % 1000;
    return QStringLiteral("%1:%2:%3%4%5")
        .arg(hours, 2, 10, QLatin1Char('0'))
        .arg(minutes, 2, 10, QLatin1Char('0'))
        .arg(seconds, 2, 10, QLatin1Char('0'))
        .arg(decimalSeparator)
        .arg(millis, 3, 10, QLatin1Char('0'));
}

QByteArray SubtitleWriter::toWebVtt(const QList<CaptionCue> &cues, const Rational &fps) { return write(cues, fps, true); }

QByteArray SubtitleWriter::toSrt(const QList<CaptionCue> &cues, const Rational &fps) { return write(cues, fps, false); }

} // namespace greenlight
