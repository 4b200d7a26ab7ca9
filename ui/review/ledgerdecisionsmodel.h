#pragma once

#include "ledger/decision.h"

#include <QAbstractTableModel>

namespace greenlight {

// The decisions of a ledger as rows: seq, time, spec and variant, run, outcome, reviewer and
// role, reasons, waivers. Rows from the first broken one on are marked untrusted.
class LedgerDecisionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        SeqColumn,
        TimeColumn,
        SpecColumn,
        RunColumn,
        OutcomeColumn,
        ReviewerColumn,
        WaiversColumn,
        ReasonsColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        SeqRole,       // qint64
        UntrustedRole, // bool: at or after the first broken row
    };

    explicit LedgerDecisionsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // brokenFromSeq: the first row that cannot be trusted, 0 when the chain holds.
    void setDecisions(const QList<Decision> &decisions, qint64 brokenFromSeq = 0);
    const QList<Decision> &decisions() const { return m_decisions; }
    const Decision *decisionAt(int row) const;
    qint64 brokenFromSeq() const { return m_brokenFrom; }

private:
    QList<Decision> m_decisions;
    qint64 m_brokenFrom = 0;
};

} // namespace greenlight
