#include "speclistmodel.h"

#include "displayformat.h"
#include "icons.h"

#include <QLocale>

namespace greenlight {

namespace {

// Sort key of a validation state: worst first when sorted ascending.
int stateRank(const SpecStatus &spec)
{
    switch (spec.state()) {
    case SpecStatus::State::InvalidJson:
    case SpecStatus::State::Unreadable:
        return 0;
    case SpecStatus::State::Blockers:
        return 1;
    case SpecStatus::State::Warnings:
        return 2;
    case SpecStatus::State::Pending:
        return 3;
    case SpecStatus::State::Clean:
        break;
    }
    return 4;
}

QString dash()
{
    return QStringLiteral("\u2014");
}

} // namespace

SpecListModel::SpecListModel(QObject *parent) : QAbstractTableModel(parent) {}

int SpecListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_specs.size());
}

int SpecListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SpecListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case FileColumn:
        return tr("File");
    case IdColumn:
        return tr("ID");
    case TitleColumn:
        return tr("Title");
    case FormatColumn:
        return tr("Format");
    case CanvasColumn:
        return tr("Canvas");
    case DurationColumn:
        return tr("Duration");
    case VariantsColumn:
        return tr("Variants");
    case ValidationColumn:
        return tr("Validation");
    default:
        return {};
    }
}

QVariant SpecListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_specs.size())
        return {};
    const SpecStatus &spec = m_specs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(spec, index.column());
    case Qt::DecorationRole:
        if (index.column() == ValidationColumn)
            return Icons::validationState(spec.state());
        if (index.column() == FileColumn)
            return Icons::specFile();
        return {};
    case Qt::ToolTipRole:
        return toolTip(spec, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == VariantsColumn || index.column() == DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case PathRole:
        return spec.relativePath;
    case SortRole:
        return sortData(spec, index.column());
    case StateRole:
        return int(spec.state());
    default:
        return {};
    }
}

QVariant SpecListModel::displayData(const SpecStatus &spec, int column) const
{
    if (column == FileColumn)
        return spec.displayName();
    if (column == ValidationColumn)
        return DisplayFormat::validationState(spec);
    if (!spec.summary)
        return dash();
    const SpecStatus::Summary &s = *spec.summary;
    switch (column) {
    case IdColumn:
        return s.id;
    case TitleColumn:
        return s.title;
    case FormatColumn:
        return s.format;
    case CanvasColumn:
        return DisplayFormat::canvas(s.canvas);
    case DurationColumn:
        return DisplayFormat::duration(s.durationFrames, s.canvas.fps);
    case VariantsColumn:
        return QLocale().toString(s.variantCount);
    default:
        return {};
    }
}

QVariant SpecListModel::sortData(const SpecStatus &spec, int column) const
{
    switch (column) {
    case FileColumn:
        return spec.displayName().toLower();
    case ValidationColumn:
        return stateRank(spec) * 100000 - spec.blockerCount() * 100 - spec.warningCount();
    case CanvasColumn:
        return spec.summary ? qint64(spec.summary->canvas.width) * spec.summary->canvas.height : -1;
    case DurationColumn:
        return spec.summary && spec.summary->canvas.fps.num > 0
                   ? double(spec.summary->durationFrames) * double(spec.summary->canvas.fps.den) /
                         double(spec.summary->canvas.fps.num)
                   : -1.0;
    case VariantsColumn:
        return spec.summary ? spec.summary->variantCount : -1;
    default:
        return displayData(spec, column).toString().toLower();
    }
}

QVariant SpecListModel::toolTip(const SpecStatus &spec, int column) const
{
    switch (column) {
    case FileColumn:
        return spec.relativePath;
    case TitleColumn:
        return spec.summary ? spec.summary->title : QVariant();
    case CanvasColumn:
        return spec.summary ? tr("%1 \u00d7 %2 pixels, %3 frames per second (%4)")
                                  .arg(spec.summary->canvas.width)
                                  .arg(spec.summary->canvas.height)
                                  .arg(DisplayFormat::frameRate(spec.summary->canvas.fps),
                                       spec.summary->canvas.fps.toString())
                            : QVariant();
    case ValidationColumn:
        if (spec.state() == SpecStatus::State::InvalidJson ||
            spec.state() == SpecStatus::State::Unreadable)
            return spec.findings.isEmpty() ? QVariant() : spec.findings.constFirst().message;
        return DisplayFormat::validationState(spec);
    default:
        return {};
    }
}

QStringList SpecListModel::setSpecFiles(const QStringList &relativePaths)
{
    for (int row = int(m_specs.size()) - 1; row >= 0; --row) {
        if (!relativePaths.contains(m_specs.at(row).relativePath)) {
            beginRemoveRows({}, row, row);
            m_specs.removeAt(row);
            endRemoveRows();
        }
    }
    QStringList added;
    for (const QString &path : relativePaths) {
        if (rowOf(path) >= 0 || added.contains(path))
            continue;
        added.append(path);
    }
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_specs.size()), int(m_specs.size() + added.size()) - 1);
        for (const QString &path : std::as_const(added)) {
            SpecStatus spec;
            spec.relativePath = path;
            m_specs.append(spec);
        }
        endInsertRows();
    }
    return added;
}

void SpecListModel::markPending(const QStringList &relativePaths)
{
    for (const QString &path : relativePaths) {
        const int row = rowOf(path);
        if (row < 0 || !m_specs.at(row).validated)
            continue;
        m_specs[row].validated = false;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        Q_EMIT statusChanged(path);
    }
}

void SpecListModel::setStatus(const SpecStatus &status)
{
    const int row = rowOf(status.relativePath);
    if (row < 0)
        return;
    m_specs[row] = status;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT statusChanged(status.relativePath);
}

const SpecStatus *SpecListModel::status(const QString &relativePath) const
{
    const int row = rowOf(relativePath);
    return row < 0 ? nullptr : &m_specs.at(row);
}

QStringList SpecListModel::specFiles() const
{
    QStringList files;
    files.reserve(m_specs.size());
    for (const SpecStatus &spec : m_specs)
        files.append(spec.relativePath);
    return files;
}

int SpecListModel::rowOf(const QString &relativePath) const
{
    for (int row = 0; row < m_specs.size(); ++row)
        if (m_specs.at(row).relativePath == relativePath)
            return row;
    return -1;
}

int SpecListModel::pendingCount() const
{
    return int(std::count_if(m_specs.begin(), m_specs.end(),
                             [](const SpecStatus &s) { return !s.validated; }));
}

int SpecListModel::totalCount(Severity severity) const
{
    int total = 0;
    for (const SpecStatus &spec : m_specs)
        total += countBySeverity(spec.findings, severity);
    return total;
}

} // namespace greenlight
