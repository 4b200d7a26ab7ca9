#include "speclistpanel.h"

#include "speclistmodel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace greenlight {

SpecListPanel::SpecListPanel(QWidget *parent)
    : QWidget(parent), m_filter(new QLineEdit(this)), m_view(new QTableView(this)),
      m_proxy(new QSortFilterProxyModel(this))
{
    m_filter->setObjectName(QStringLiteral("specFilter"));
    m_filter->setPlaceholderText(tr("Filter specs by file, id, title or format"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter specs"));

    m_proxy->setSortRole(SpecListModel::SortRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1);
    connect(m_filter, &QLineEdit::textChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);

    m_view->setObjectName(QStringLiteral("specTable"));
    m_view->setAccessibleName(tr("Specs"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SpecListModel::FileColumn, Qt::AscendingOrder);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setHighlightSections(false);
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setMinimumSectionSize(48);
    m_view->setTabKeyNavigation(false);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { Q_EMIT currentSpecChanged(currentSpec()); });
    connect(m_view, &QTableView::activated, this, [this] {
        if (!currentSpec().isEmpty())
            Q_EMIT specActivated(currentSpec());
    });
    m_view->setToolTip(tr("Double-click or press Enter to edit a spec"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    setFocusProxy(m_view);
}

void SpecListPanel::setModel(SpecListModel *model)
{
    if (m_model == model)
        return;
    m_model = model;
    m_proxy->setSourceModel(model);
    if (model) {
        fitColumns();
        const QHeaderView *header = m_view->horizontalHeader();
        const int column = header->sortIndicatorSection();
        m_view->sortByColumn(column >= 0 && column < SpecListModel::ColumnCount
                                 ? column
                                 : int(SpecListModel::FileColumn),
                             header->sortIndicatorOrder());
    }
    Q_EMIT currentSpecChanged(currentSpec());
}

// Columns follow their content; the title takes the room left. Section modes reset when the
// column count changes, so this runs after every model change.
void SpecListPanel::fitColumns()
{
    QHeaderView *header = m_view->horizontalHeader();
    for (int column = 0; column < SpecListModel::ColumnCount; ++column)
        if (column != SpecListModel::TitleColumn)
            header->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(SpecListModel::TitleColumn, QHeaderView::Stretch);
}

QString SpecListPanel::currentSpec() const
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    return current.isValid() ? current.data(SpecListModel::PathRole).toString() : QString();
}

void SpecListPanel::selectSpec(const QString &relativePath)
{
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, 0);
        if (index.data(SpecListModel::PathRole).toString() == relativePath) {
            m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                 QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            return;
        }
    }
}

void SpecListPanel::selectFirstSpec()
{
    if (m_proxy->rowCount() > 0)
        selectSpec(m_proxy->index(0, 0).data(SpecListModel::PathRole).toString());
}

} // namespace greenlight
