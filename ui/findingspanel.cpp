#include "findingspanel.h"

#include "displayformat.h"
#include "findingsmodel.h"
#include "specstatus.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace greenlight {

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent), m_heading(new QLabel(this)), m_stack(new QStackedWidget(this)),
      m_placeholder(new QLabel(m_stack)), m_view(new QTableView(m_stack)),
      m_model(new FindingsModel(this)), m_proxy(new QSortFilterProxyModel(this))
{
    m_heading->setObjectName(QStringLiteral("findingsHeading"));
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setContentsMargins(4, 2, 4, 2);
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    m_heading->setFont(headingFont);

    m_placeholder->setObjectName(QStringLiteral("findingsPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(FindingsModel::SortRole);

    m_view->setObjectName(QStringLiteral("findingsTable"));
    m_view->setAccessibleName(tr("Findings"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(FindingsModel::SeverityColumn, Qt::AscendingOrder);
    m_view->setTabKeyNavigation(false);
    m_view->verticalHeader()->hide();
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->resizeSection(FindingsModel::SeverityColumn, 100);
    header->resizeSection(FindingsModel::CodeColumn, 190);
    header->resizeSection(FindingsModel::PointerColumn, 220);
    header->resizeSection(FindingsModel::VariantColumn, 90);

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_view);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_heading);
    layout->addWidget(m_stack, 1);
    setFocusProxy(m_view);

    showSpec(nullptr);
}

void FindingsPanel::showNoProject()
{
    m_model->setFindings({});
    m_heading->clear();
    showPlaceholder(tr("No project is open."));
}

void FindingsPanel::showSpec(const SpecStatus *status)
{
    if (!status) {
        m_model->setFindings({});
        m_heading->setText(tr("Findings"));
        showPlaceholder(tr("Select a spec to see its findings."));
        return;
    }
    m_heading->setText(
        tr("%1 \u2014 %2").arg(status->relativePath, DisplayFormat::validationState(*status)));
    m_model->setFindings(status->findings);
    if (!status->findings.isEmpty()) {
        m_stack->setCurrentWidget(m_view);
        return;
    }
    showPlaceholder(status->validated ? tr("No findings: this spec passes the structural gate.")
                                      : tr("Validating\u2026"));
}

void FindingsPanel::showPlaceholder(const QString &text)
{
    m_placeholder->setText(text);
    m_stack->setCurrentWidget(m_placeholder);
}

QString FindingsPanel::heading() const
{
    return m_heading->text();
}

QString FindingsPanel::placeholderText() const
{
    return m_stack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

} // namespace greenlight
