#include "review/reviewfindingsfilter.h"

#include "review/reviewfindingsmodel.h"

namespace greenlight {

ReviewFindingsFilter::ReviewFindingsFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ReviewFindingsModel::SortRole);
}

void ReviewFindingsFilter::setStage(std::optional<Stage> stage)
{
    m_stage = stage;
    invalidateRowsFilter();
}

void ReviewFindingsFilter::setSeverity(std::optional<Severity> severity)
{
    m_severity = severity;
    invalidateRowsFilter();
}

void ReviewFindingsFilter::setStatus(std::optional<FindingStatus> status)
{
    m_status = status;
    invalidateRowsFilter();
}

void ReviewFindingsFilter::setText(const QString &text)
{
    m_text = text;
    m_words = text.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateRowsFilter();
}

bool ReviewFindingsFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_stage && index.data(ReviewFindingsModel::StageRole).toInt() != int(*m_stage))
        return false;
    if (m_severity && index.data(ReviewFindingsModel::SeverityRole).toInt() != int(*m_severity))
        return false;
    if (m_status && index.data(ReviewFindingsModel::StatusRole).toInt() != int(*m_status))
        return false;
    if (m_words.isEmpty())
        return true;
    const QString haystack = index.data(ReviewFindingsModel::SearchTextRole).toString();
    for (const QString &word : m_words)
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    return true;
}

} // namespace greenlight
