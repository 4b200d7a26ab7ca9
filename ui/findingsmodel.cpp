#include "findingsmodel.h"

#include "displayformat.h"
#include "icons.h"

#include "qa/findingcodes.h"

namespace greenlight {

FindingsModel::FindingsModel(QObject *parent) : QAbstractTableModel(parent) {}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case CodeColumn:
        return tr("Code");
    case PointerColumn:
        return tr("Location");
    case VariantColumn:
        return tr("Variant");
    case MessageColumn:
        return tr("Message");
    default:
        return {};
    }
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    const Finding *finding = index.isValid() ? findingAt(index.row()) : nullptr;
    if (!finding)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return DisplayFormat::severity(finding->severity);
        case CodeColumn:
            return finding->code;
        case PointerColumn:
            return location(*finding);
        case VariantColumn:
            return finding->variant;
        case MessageColumn:
            return finding->message;
        default:
            return {};
        }
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(Icons::severity(finding->severity))
                                                : QVariant();
    case Qt::ToolTipRole:
        return toolTip(*finding);
    case SortRole:
        if (index.column() == SeverityColumn)
            return int(finding->severity); // Blocker < Warning < Info
        return data(index, Qt::DisplayRole).toString().toLower();
    case PointerRole:
        return finding->pointer;
    default:
        return {};
    }
}

QString FindingsModel::location(const Finding &finding) const
{
    if (!finding.pointer.isEmpty())
        return finding.pointer;
    // Parse errors carry "file:line:column" instead of a pointer; show "line:column".
    if (finding.evidence.is_object() && finding.evidence.contains("location") &&
        finding.evidence["location"].is_string()) {
        const QString where = toQString(finding.evidence["location"].get<std::string>());
        const QStringList parts = where.split(QLatin1Char(':'));
        if (parts.size() >= 3)
            return tr("line %1, column %2").arg(parts.at(parts.size() - 2), parts.constLast());
        return where;
    }
    return tr("(whole spec)");
}

QString FindingsModel::toolTip(const Finding &finding) const
{
    QString tip = QStringLiteral("<p><b>%1</b> \u2014 %2</p><p>%3</p>")
                      .arg(finding.code.toHtmlEscaped(), DisplayFormat::severity(finding.severity),
                           finding.message.toHtmlEscaped());
    if (!finding.pointer.isEmpty())
        tip += QStringLiteral("<p><tt>%1</tt></p>").arg(finding.pointer.toHtmlEscaped());
    if (const FindingCode *code = findFindingCode(finding.code))
        tip += QStringLiteral("<p><i>%1</i></p>")
                   .arg(QString::fromUtf8(code->summary).toHtmlEscaped());
    return tip;
}

void FindingsModel::setFindings(const Findings &findings)
{
    beginResetModel();
    m_findings = findings;
    endResetModel();
}

const Finding *FindingsModel::findingAt(int row) const
{
    return row >= 0 && row < m_findings.size() ? &m_findings.at(row) : nullptr;
}

} // namespace greenlight
