#include "review/ledgerdecisionsmodel.h"

#include "review/gatepalette.h"

#include <QDateTime>
#include <QFont>
#include <QLocale>

namespace greenlight {

LedgerDecisionsModel::LedgerDecisionsModel(QObject *parent) : QAbstractTableModel(parent) {}

int LedgerDecisionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_decisions.size());
}

int LedgerDecisionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void LedgerDecisionsModel::setDecisions(const QList<Decision> &decisions, qint64 brokenFromSeq)
{
    beginResetModel();
    m_decisions = decisions;
    m_brokenFrom = brokenFromSeq;
    endResetModel();
}

const Decision *LedgerDecisionsModel::decisionAt(int row) const
{
    return row >= 0 && row < m_decisions.size() ? &m_decisions.at(row) : nullptr;
}

QVariant LedgerDecisionsModel::data(const QModelIndex &index, int role) const
{
    const Decision *d = index.isValid() ? decisionAt(index.row()) : nullptr;
    if (!d)
        return {};
    const bool untrusted = m_brokenFrom > 0 && d->seq >= m_brokenFrom;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeqColumn: return QStringLiteral("#%1").arg(d->seq);
        case TimeColumn: {
            const QDateTime t = d->decidedAtUtc();
            return t.isValid() ? QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                               : d->decidedAt;
        }
        case SpecColumn: return QStringLiteral("%1 [%2]").arg(d->specId, d->variant);
        case RunColumn: return d->runId;
        case OutcomeColumn: return toString(d->outcome);
        case ReviewerColumn: return QStringLiteral("%1 (%2)").arg(d->reviewer, d->role);
        case ReasonsColumn: return d->reasons.join(QStringLiteral("; "));
        case WaiversColumn: {
            QStringList codes;
            for (const Waiver &w : d->waivers)
                codes << w.code;
            return codes.join(QStringLiteral(", "));
        }
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == OutcomeColumn)
            return gatepalette::outcome(d->outcome);
        if (untrusted && index.column() == SeqColumn)
            return gatepalette::blocker();
        break;
    case Qt::BackgroundRole:
        if (untrusted)
            return QColor(0xfd, 0xec, 0xec);
        break;
    case Qt::FontRole:
        if (index.column() == OutcomeColumn || (untrusted && index.column() == SeqColumn)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("#%1 %2 by %3 (%4) at %5\nRun %6, manifest %7\n")
                          .arg(d->seq)
                          .arg(toString(d->outcome), d->reviewer, d->role, d->decidedAt, d->runId, d->manifestSha256);
        for (const QString &r : d->reasons)
            tip += QStringLiteral("\u2022 ") + r + QLatin1Char('\n');
        for (const Waiver &w : d->waivers)
            tip += tr("waived %1: %2").arg(w.code, w.reason) + QLatin1Char('\n');
        tip += tr("row hash %1").arg(d->rowHash);
        if (untrusted)
            tip += QLatin1Char('\n') + tr("Not trusted: the chain is broken at #%1 or before.").arg(m_brokenFrom);
        return tip;
    }
    case SortRole:
        switch (index.column()) {
        case SeqColumn:
        case TimeColumn: return d->seq;
        case OutcomeColumn: return int(d->outcome);
        default: return data(index, Qt::DisplayRole);
        }
    case SeqRole: return d->seq;
    case UntrustedRole: return untrusted;
    }
    return {};
}

QVariant LedgerDecisionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeqColumn: return tr("Seq");
    case TimeColumn: return tr("Time");
    case SpecColumn: return tr("Spec [variant]");
    case RunColumn: return tr("Run");
    case OutcomeColumn: return tr("Outcome");
    case ReviewerColumn: return tr("Reviewer (role)");
    case ReasonsColumn: return tr("Reasons");
    case WaiversColumn: return tr("Waivers");
    }
    return {};
}

} // namespace greenlight
