#pragma once

#include "common/jsonio.h"
#include "qa/finding.h"

#include <QAbstractListModel>
#include <QString>

#include <functional>

namespace greenlight {

class SpecDocument;

// The elements of one JSON array of a SpecDocument's view() as a list (the scenes, the layers
// of a scene). Rows show a label made by a function; rows that findings point into show the
// worst finding's icon and message. Dragging rows (QListView InternalMove) moves the element
// in the document as one undo step. The owner calls refresh() after the document changed.
class JsonArrayModel : public QAbstractListModel
{
    Q_OBJECT
public:
    using Label = std::function<QString(const Json &element, int row)>;

    JsonArrayModel(SpecDocument *document, QObject *parent = nullptr);

    // The array shown ("" = nothing). Resets the model.
    void setArrayPointer(const QString &pointer);
    QString arrayPointer() const { return m_pointer; }
    void setLabel(Label label) { m_label = std::move(label); }
    // How a drag-move is named in Edit > Undo.
    void setMoveText(const QString &what) { m_moveText = what; }
    // Findings of the view; those under the array mark their rows.
    void setFindings(const Findings &findings);
    // Re-reads the array: new rows or fewer rows reset the model, otherwise rows update.
    void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    Qt::DropActions supportedDropActions() const override;
    bool moveRows(const QModelIndex &sourceParent, int sourceRow, int count,
                  const QModelIndex &destinationParent, int destinationChild) override;

Q_SIGNALS:
    // A drag moved an element: it now sits at `to`.
    void elementMoved(int from, int to);

private:
    const Finding *worstFinding(int row) const;

    SpecDocument *m_document;
    QString m_pointer;
    Label m_label;
    QString m_moveText;
    Findings m_findings;
    int m_rows = 0;
};

} // namespace greenlight
