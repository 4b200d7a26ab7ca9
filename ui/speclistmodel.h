#pragma once

#include "specstatus.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace greenlight {

// The specs of the open project, one row each: file, id, title, format, canvas, duration,
// variants and validation state. Rows keep the order they were added in; views sort through
// a proxy on SortRole.
class SpecListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        FileColumn,
        IdColumn,
        TitleColumn,
        FormatColumn,
        CanvasColumn,
        DurationColumn,
        VariantsColumn,
        ValidationColumn,
        ColumnCount
    };
    enum Role
    {
        PathRole = Qt::UserRole + 1, // QString: path relative to the project root
        SortRole,                    // a value that sorts the column sensibly
        StateRole,                   // int: SpecStatus::State
    };

    explicit SpecListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Makes the rows match `relativePaths`: files that stay keep their status, files that
    // left are removed, new files are appended as pending. Returns the new files.
    QStringList setSpecFiles(const QStringList &relativePaths);
    // Marks files as being revalidated; their last status stays visible meanwhile.
    void markPending(const QStringList &relativePaths);
    // Stores a validation result (ignored when the file is no longer listed).
    void setStatus(const SpecStatus &status);

    const SpecStatus *status(const QString &relativePath) const;
    QStringList specFiles() const;
    int rowOf(const QString &relativePath) const;
    int pendingCount() const;
    int totalCount(Severity severity) const;

Q_SIGNALS:
    void statusChanged(const QString &relativePath);

private:
    QVariant displayData(const SpecStatus &spec, int column) const;
    QVariant sortData(const SpecStatus &spec, int column) const;
    QVariant toolTip(const SpecStatus &spec, int column) const;

    QList<SpecStatus> m_specs;
};

} // namespace greenlight
