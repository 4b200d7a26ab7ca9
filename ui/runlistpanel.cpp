#include "runlistpanel.h"

#include "run/runrecord.h"

#include <QDir>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace greenlight {

RunListPanel::RunListPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("runList"));
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setHeaderLabels({tr("Run"), tr("Kind"), tr("Spec [variant]"), tr("Status"), tr("Engine"), tr("QA")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_tree->setToolTip(tr("Double-click or press Enter on a render run to review it"));
    layout->addWidget(m_tree);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item && item->data(1, Qt::UserRole).toString() == QLatin1String("render"))
            Q_EMIT reviewRequested(item->data(0, Qt::UserRole).toString());
    });
}

void RunListPanel::setProjectRoot(const QString &root)
{
    m_root = root;
    refresh();
}

void RunListPanel::refresh()
{
    m_tree->clear();
    if (m_root.isEmpty())
        return;
    const QDir runs(QDir(m_root).filePath(QStringLiteral("runs")));
    // Run ids start with their UTC time: reversed name order is newest first.
    for (const QString &id : runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed)) {
        auto record = loadRunRecord(runs.filePath(id) + QStringLiteral("/run.json"));
        auto *item = new QTreeWidgetItem(m_tree);
        item->setText(0, id);
        item->setData(0, Qt::UserRole, runs.filePath(id));
        if (!record) {
            item->setText(3, tr("unreadable"));
            item->setToolTip(3, record.error().toString());
            continue;
        }
        item->setText(1, toString(record->kind));
        item->setData(1, Qt::UserRole, toString(record->kind));
        item->setText(2, QStringLiteral("%1 [%2]").arg(record->spec.path,
                                                       record->spec.variant.isEmpty() ? QStringLiteral("base")
                                                                                      : record->spec.variant));
        item->setText(3, toString(record->status));
        item->setText(4, QStringLiteral("%1 · %2").arg(toString(record->runtimeClass), record->engineName));
        item->setText(5, record->qa.state == QLatin1String("findings")
                             ? tr("%1 blocker(s), %2 warning(s)").arg(record->qa.blockers).arg(record->qa.warnings)
                             : record->qa.state);
    }
    if (m_tree->topLevelItemCount() > 0)
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
}

QString RunListPanel::currentRun() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? item->data(0, Qt::UserRole).toString() : QString();
}

int RunListPanel::runCount() const
{
    return m_tree->topLevelItemCount();
}

QString RunListPanel::latestRenderRun(const QString &projectRoot)
{
    const QDir runs(QDir(projectRoot).filePath(QStringLiteral("runs")));
    for (const QString &id : runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed)) {
        auto record = loadRunRecord(runs.filePath(id) + QStringLiteral("/run.json"));
        if (record && record->kind == RunKind::Render && record->status == RunStatus::Succeeded)
            return runs.filePath(id);
    }
    return {};
}

} // namespace greenlight
