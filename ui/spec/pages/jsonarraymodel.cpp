#include "jsonarraymodel.h"

#include "icons.h"
#include "spec/fieldbinder.h"
#include "spec/specdocument.h"

namespace greenlight {

JsonArrayModel::JsonArrayModel(SpecDocument *document, QObject *parent)
    : QAbstractListModel(parent), m_document(document)
{
}

void JsonArrayModel::setArrayPointer(const QString &pointer)
{
    beginResetModel();
    m_pointer = pointer;
    const Json array = m_pointer.isEmpty() ? Json() : m_document->value(m_pointer);
    m_rows = array.is_array() ? int(array.size()) : 0;
    endResetModel();
}

void JsonArrayModel::setFindings(const Findings &findings)
{
    m_findings.clear();
    for (const Finding &f : findings)
        if (!m_pointer.isEmpty() && FieldBinder::isUnder(f.pointer, m_pointer) && f.pointer != m_pointer)
            m_findings.append(f);
    if (m_rows > 0)
        Q_EMIT dataChanged(index(0), index(m_rows - 1), {Qt::DecorationRole, Qt::ToolTipRole});
}

void JsonArrayModel::refresh()
{
    const Json array = m_pointer.isEmpty() ? Json() : m_document->value(m_pointer);
    const int rows = array.is_array() ? int(array.size()) : 0;
    if (rows != m_rows) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
    } else if (rows > 0) {
        Q_EMIT dataChanged(index(0), index(rows - 1));
    }
}

int JsonArrayModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

const Finding *JsonArrayModel::worstFinding(int row) const
{
    const QString prefix = m_pointer + QLatin1Char('/') + QString::number(row);
    const Finding *worst = nullptr;
    for (const Finding &f : m_findings)
        if (FieldBinder::isUnder(f.pointer, prefix) && (!worst || int(f.severity) < int(worst->severity)))
            worst = &f;
    return worst;
}

QVariant JsonArrayModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        const Json element = m_document->value(m_pointer + QLatin1Char('/') + QString::number(index.row()));
        return m_label ? m_label(element, index.row()) : toQString(element);
    }
    case Qt::DecorationRole:
        if (const Finding *f = worstFinding(index.row()))
            return Icons::severity(f->severity);
        return {};
    case Qt::ToolTipRole: {
        QStringList messages;
        const QString prefix = m_pointer + QLatin1Char('/') + QString::number(index.row());
        for (const Finding &f : m_findings)
            if (FieldBinder::isUnder(f.pointer, prefix))
                messages.append(f.message);
        return messages.isEmpty() ? QVariant() : QVariant(messages.join(QLatin1Char('\n')));
    }
    default:
        return {};
    }
}

Qt::ItemFlags JsonArrayModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? (base | Qt::ItemIsDragEnabled) & ~Qt::ItemIsDropEnabled : base | Qt::ItemIsDropEnabled;
}

Qt::DropActions JsonArrayModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

bool JsonArrayModel::moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                              const QModelIndex &destinationParent, int destinationChild)
{
    if (sourceParent.isValid() || destinationParent.isValid() || count != 1 || sourceRow < 0
        || sourceRow >= m_rows)
        return false;
    // destinationChild is the row the element goes before, counted before the move.
    const int to = std::clamp(destinationChild > sourceRow ? destinationChild - 1 : destinationChild, 0, m_rows - 1);
    if (to == sourceRow)
        return false;
    if (!m_document->moveElement(m_pointer, sourceRow, to, m_moveText))
        return false;
    refresh();
    Q_EMIT elementMoved(sourceRow, to);
    return true;
}

} // namespace greenlight
