#include "icons.h"

#include <QApplication>
#include <QHash>
#include <QPixmap>
#include <QStyle>

namespace greenlight {

namespace {

QIcon load(const QString &name, QStyle::StandardPixmap fallback)
{
    static QHash<QString, QIcon> cache;
    const auto it = cache.constFind(name);
    if (it != cache.constEnd())
        return *it;
    QIcon icon(QStringLiteral(":/icons/") + name + QStringLiteral(".svg"));
    if (icon.isNull() || icon.pixmap(QSize(16, 16)).isNull())
        icon = QApplication::style()->standardIcon(fallback);
    cache.insert(name, icon);
    return icon;
}

} // namespace

QIcon Icons::app()
{
    return load(QStringLiteral("greenlight"), QStyle::SP_DesktopIcon);
}
QIcon Icons::openProject()
{
    return load(QStringLiteral("open-project"), QStyle::SP_DirOpenIcon);
}
QIcon Icons::openSpec()
{
    return load(QStringLiteral("spec-file"), QStyle::SP_FileIcon);
}
QIcon Icons::revalidate()
{
    return load(QStringLiteral("revalidate"), QStyle::SP_BrowserReload);
}
QIcon Icons::specFile()
{
    return load(QStringLiteral("spec-file"), QStyle::SP_FileIcon);
}

QIcon Icons::severity(Severity severity)
{
    switch (severity) {
    case Severity::Blocker:
        return load(QStringLiteral("severity-blocker"), QStyle::SP_MessageBoxCritical);
    case Severity::Warning:
        return load(QStringLiteral("severity-warning"), QStyle::SP_MessageBoxWarning);
    case Severity::Info:
        break;
    }
    return load(QStringLiteral("severity-info"), QStyle::SP_MessageBoxInformation);
}

QIcon Icons::validationState(SpecStatus::State state)
{
    switch (state) {
    case SpecStatus::State::Pending:
        return load(QStringLiteral("state-pending"), QStyle::SP_BrowserReload);
    case SpecStatus::State::Clean:
        return load(QStringLiteral("state-clean"), QStyle::SP_DialogApplyButton);
    case SpecStatus::State::Warnings:
        return severity(Severity::Warning);
    case SpecStatus::State::Blockers:
        return severity(Severity::Blocker);
    case SpecStatus::State::InvalidJson:
    case SpecStatus::State::Unreadable:
        break;
    }
    return load(QStringLiteral("state-invalid-json"), QStyle::SP_MessageBoxCritical);
}

} // namespace greenlight
