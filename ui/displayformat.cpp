#include "displayformat.h"

#include <QLocale>

namespace greenlight {

QString DisplayFormat::frameRate(const Rational &fps)
{
    if (fps.den == 0)
        return QStringLiteral("?");
    if (fps.num % fps.den == 0)
        return QLocale().toString(fps.num / fps.den);
    QString text = QLocale().toString(fps.toDouble(), 'f', 3);
    const QChar point = QLocale().decimalPoint().at(0);
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(point))
        text.chop(1);
    return text;
}

QString DisplayFormat::canvas(const Canvas &canvas)
{
    return tr("%1\u00d7%2 @ %3 fps")
        .arg(canvas.width)
        .arg(canvas.height)
        .arg(frameRate(canvas.fps));
}

QString DisplayFormat::duration(qint64 duration_frames, const Rational &fps)
{
    const double seconds =
        fps.num > 0 ? double(duration_frames) * double(fps.den) / double(fps.num) : 0.0;
    return tr("%1 frames (%2 s)")
        .arg(QLocale().toString(duration_frames), QLocale().toString(seconds, 'f', 2));
}

QString DisplayFormat::count(int n, const QString &singular, const QString &plural)
{
    return QLocale().toString(n) + QLatin1Char(' ') + (n == 1 ? singular : plural);
}

QString DisplayFormat::validationState(const SpecStatus &status)
{
    switch (status.state()) {
    case SpecStatus::State::Pending:
        return tr("validating\u2026");
    case SpecStatus::State::InvalidJson:
        return tr("invalid JSON");
    case SpecStatus::State::Unreadable:
        return tr("unreadable");
    case SpecStatus::State::Clean:
        return tr("clean");
    case SpecStatus::State::Warnings:
        return count(status.warningCount(), tr("warning"), tr("warnings"));
    case SpecStatus::State::Blockers: {
        const QString blockers = count(status.blockerCount(), tr("blocker"), tr("blockers"));
        if (status.warningCount() == 0)
            return blockers;
        return blockers + QStringLiteral(", ") +
               count(status.warningCount(), tr("warning"), tr("warnings"));
    }
    }
    return {};
}

QString DisplayFormat::severity(Severity severity)
{
    switch (severity) {
    case Severity::Blocker:
        return tr("blocker");
    case Severity::Warning:
        return tr("warning");
    case Severity::Info:
        return tr("info");
    }
    return {};
}

} // namespace greenlight
