#pragma once

#include "qa/finding.h"

#include <QAbstractTableModel>

namespace greenlight {

// The findings of one spec: severity, code, location (JSON pointer), variant and message.
class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        SeverityColumn,
        CodeColumn,
        PointerColumn,
        VariantColumn,
        MessageColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // a value that sorts the column sensibly
        PointerRole,                 // QString: the JSON pointer ("" = the whole spec)
    };

    explicit FindingsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setFindings(const Findings &findings);
    const Findings &findings() const { return m_findings; }
    const Finding *findingAt(int row) const;

private:
    QString location(const Finding &finding) const;
    QString toolTip(const Finding &finding) const;

    Findings m_findings;
};

} // namespace greenlight
