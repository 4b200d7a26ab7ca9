#pragma once

#include "runs/runsummary.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

#include <optional>

namespace greenlight {

// The run folders of a project as a table, newest first, filtered by spec and variant.
class RunHistoryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { RunColumn, KindColumn, SpecColumn, VariantColumn, StatusColumn, ClassColumn, EngineColumn,
                  DurationColumn, QaColumn, ColumnCount };
    static constexpr int RunDirRole = Qt::UserRole + 1;
    static constexpr int SortKeyRole = Qt::UserRole + 2;

    explicit RunHistoryModel(QObject *parent = nullptr);

    void setSummaries(QList<RunSummary> summaries); // newest first
    // Adds the run or replaces the row of the same folder.
    void upsert(const RunSummary &summary);
    void clear();

    // Empty spec = every spec; no variant = every variant ("" = the base spec).
    void setFilter(const QString &specPath, const std::optional<QString> &variant);
    QString specFilter() const { return m_spec; }
    std::optional<QString> variantFilter() const { return m_variant; }

    int totalCount() const { return int(m_all.size()); }
    const RunSummary &summary(int row) const { return m_all.at(m_visible.at(row)); }
    const QList<RunSummary> &allSummaries() const { return m_all; }
    int rowOf(const QString &runDir) const; // -1 when not shown
    QStringList specs() const;                       // sorted
    QStringList variants(const QString &specPath) const; // "" first when the base has runs

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString durationText(qint64 duration_ms); // "< 1 s", "4 s", "3 min 05 s"
    static QString qaText(const RunSummary &s);     // "not run", "passed", "1 blocker, 4 warnings"

private:
    bool accepts(const RunSummary &s) const;
    void rebuildVisible();

    QList<RunSummary> m_all;
    QList<int> m_visible; // indexes into m_all
    QString m_spec;
    std::optional<QString> m_variant;
};

} // namespace greenlight
