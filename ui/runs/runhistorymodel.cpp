#include "runs/runhistorymodel.h"

#include <QBrush>
#include <QColor>
#include <QSet>

namespace greenlight {

RunHistoryModel::RunHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

void RunHistoryModel::setSummaries(QList<RunSummary> summaries)
{
    beginResetModel();
    m_all = std::move(summaries);
    rebuildVisible();
    endResetModel();
}

void RunHistoryModel::upsert(const RunSummary &summary)
{
    for (qsizetype i = 0; i < m_all.size(); ++i) {
        if (m_all[i].runDir != summary.runDir)
            continue;
        m_all[i] = summary;
        const int row = int(m_visible.indexOf(int(i)));
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    // Ids sort by creation time: keep newest first.
    qsizetype at = 0;
    while (at < m_all.size() && m_all[at].id > summary.id)
        ++at;
    beginResetModel();
    m_all.insert(at, summary);
    rebuildVisible();
    endResetModel();
}

void RunHistoryModel::clear()
{
    setSummaries({});
}

void RunHistoryModel::setFilter(const QString &specPath, const std::optional<QString> &variant)
{
    if (specPath == m_spec && variant == m_variant)
        return;
    beginResetModel();
    m_spec = specPath;
    m_variant = variant;
    rebuildVisible();
    endResetModel();
}

int RunHistoryModel::rowOf(const QString &runDir) const
{
    for (qsizetype row = 0; row < m_visible.size(); ++row)
        if (m_all[m_visible[row]].runDir == runDir)
            return int(row);
    return -1;
}

QStringList RunHistoryModel::specs() const
{
    QSet<QString> set;
    for (const RunSummary &s : m_all)
        if (s.readable)
            set.insert(s.specPath);
    QStringList list(set.begin(), set.end());
    list.sort();
    return list;
}

QStringList RunHistoryModel::variants(const QString &specPath) const
{
    QSet<QString> set;
    for (const RunSummary &s : m_all)
        if (s.readable && (specPath.isEmpty() || s.specPath == specPath))
            set.insert(s.variant);
    QStringList list(set.begin(), set.end());
    list.sort(); // "" (base) sorts first
    return list;
}

int RunHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int RunHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_visible.size())
        return {};
    const RunSummary &s = summary(index.row());
    if (role == RunDirRole)
        return s.runDir;
    if (role == Qt::ToolTipRole) {
        if (!s.readable)
            return s.problem;
        if (index.column() == StatusColumn && !s.error.isEmpty())
            return s.error;
        if (index.column() == RunColumn)
            return s.runDir;
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        if (!s.readable || s.status == RunStatus::Failed)
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        if (s.status == RunStatus::Cancelled)
            return QBrush(QColor(0x80, 0x80, 0x80));
        if (s.status == RunStatus::Succeeded)
            return QBrush(QColor(0x2e, 0x7d, 0x32));
        return {};
    }
    if (role == Qt::ForegroundRole && index.column() == QaColumn && s.qaBlockers > 0)
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    if (role != Qt::DisplayRole)
        return {};
    if (!s.readable)
        return index.column() == RunColumn ? s.id : index.column() == StatusColumn ? tr("unreadable") : QVariant();
    switch (Column(index.column())) {
    case RunColumn: return s.id;
    case KindColumn: return s.kind == RunKind::Render ? tr("render") : tr("narration");
    case SpecColumn: return s.specPath;
    case VariantColumn: return s.variantLabel();
    case StatusColumn: return toString(s.status);
    case ClassColumn: return s.runtimeClass;
    case EngineColumn: return s.engine;
    case DurationColumn: return durationText(s.duration_ms);
    case QaColumn: return s.kind == RunKind::Render ? qaText(s) : QStringLiteral("\u2014");
    case ColumnCount: break;
    }
    return {};
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case RunColumn: return tr("Run");
    case KindColumn: return tr("Kind");
    case SpecColumn: return tr("Spec");
    case VariantColumn: return tr("Variant");
    case StatusColumn: return tr("Status");
    case ClassColumn: return tr("Runtime class");
    case EngineColumn: return tr("Engine");
    case DurationColumn: return tr("Duration");
    case QaColumn: return tr("QA");
    case ColumnCount: break;
    }
    return {};
}

QString RunHistoryModel::durationText(qint64 duration_ms)
{
    // run.json times are whole seconds: say so rather than invent decimals.
    if (duration_ms < 0)
        return QStringLiteral("\u2014");
    const qint64 s = duration_ms / 1000;
    if (s < 1)
        return tr("< 1 s");
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString RunHistoryModel::qaText(const RunSummary &s)
{
    if (s.qaState == QLatin1String("passed"))
        return tr("passed");
    if (s.qaState == QLatin1String("findings")) {
        QStringList parts;
        if (s.qaBlockers > 0)
            parts.append(s.qaBlockers == 1 ? tr("1 blocker") : tr("%1 blockers").arg(s.qaBlockers));
        if (s.qaWarnings > 0)
            parts.append(s.qaWarnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(s.qaWarnings));
        return parts.isEmpty() ? tr("findings") : parts.join(QStringLiteral(", "));
    }
    return tr("not run");
}

bool RunHistoryModel::accepts(const RunSummary &s) const
{
    if (!m_spec.isEmpty() && s.specPath != m_spec)
        return false;
    if (m_variant && s.variant != *m_variant)
        return false;
    return true;
}

void RunHistoryModel::rebuildVisible()
{
    m_visible.clear();
    m_visible.reserve(m_all.size());
    for (qsizetype i = 0; i < m_all.size(); ++i)
        if (accepts(m_all[i]))
            m_visible.append(int(i));
}

} // namespace greenlight
