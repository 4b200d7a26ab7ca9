#include "recentprojectsmenu.h"

#include "recentprojects.h"

#include <QDir>
#include <QFileInfo>

namespace greenlight {

RecentProjectsMenu::RecentProjectsMenu(RecentProjects *recent, QWidget *parent)
    : QMenu(tr("Open &Recent"), parent), m_recent(recent)
{
    setObjectName(QStringLiteral("recentProjectsMenu"));
    setToolTipsVisible(true);
    connect(m_recent, &RecentProjects::changed, this, &RecentProjectsMenu::rebuild);
    // Folders come and go (removable drives); check them each time the menu opens.
    connect(this, &QMenu::aboutToShow, this, &RecentProjectsMenu::rebuild);
    rebuild();
}

void RecentProjectsMenu::rebuild()
{
    clear();
    const QStringList roots = m_recent->paths();
    int number = 1;
    for (const QString &root : roots) {
        const bool exists = RecentProjects::exists(root);
        const QString native = QDir::toNativeSeparators(root);
        // "&1 demo  (/home/me/demo)": a mnemonic for the first nine.
        QString text =
            QFileInfo(root).fileName() + QStringLiteral("  (") + native + QLatin1Char(')');
        text.replace(QLatin1Char('&'), QLatin1String("&&"));
        if (number <= 9)
            text = QLatin1Char('&') + QString::number(number) + QLatin1Char(' ') + text;
        ++number;
        QAction *action = addAction(text);
        action->setData(root);
        action->setEnabled(exists);
        action->setStatusTip(exists ? tr("Open the project %1").arg(native)
                                    : tr("%1 no longer exists").arg(native));
        action->setToolTip(action->statusTip());
        // Queued: acting on the choice rebuilds this menu, which deletes the action.
        connect(
            action, &QAction::triggered, this, [this, root] { Q_EMIT projectRequested(root); },
            Qt::QueuedConnection);
    }
    if (roots.isEmpty()) {
        QAction *none = addAction(tr("No Recent Projects"));
        none->setEnabled(false);
    }
    addSeparator();
    QAction *clearAction = addAction(tr("&Clear Recent"));
    clearAction->setObjectName(QStringLiteral("clearRecentAction"));
    clearAction->setStatusTip(tr("Forget the list of recently opened projects"));
    clearAction->setEnabled(!roots.isEmpty());
    connect(clearAction, &QAction::triggered, m_recent, &RecentProjects::clear,
            Qt::QueuedConnection);
}

} // namespace greenlight
