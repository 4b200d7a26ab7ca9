#include "review/reviewfindingsmodel.h"

#include "displayformat.h"
#include "icons.h"
#include "review/gatepalette.h"
#include "review/reviewsession.h"
#include "semantic/observation.h"

#include <QFont>

namespace greenlight {

ReviewFindingsModel::ReviewFindingsModel(QObject *parent) : QAbstractTableModel(parent) {}

int ReviewFindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int ReviewFindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void ReviewFindingsModel::setFindings(const Findings &findings, const Rational &fps)
{
    beginResetModel();
    m_findings = findings;
    m_fps = fps.num > 0 && fps.den > 0 ? fps : Rational{30, 1};
    endResetModel();
}

const Finding *ReviewFindingsModel::findingAt(int row) const
{
    return row >= 0 && row < m_findings.size() ? &m_findings.at(row) : nullptr;
}

QString ReviewFindingsModel::timecodeText(const Finding &f) const
{
    if (!f.frames)
        return QStringLiteral("\u2014");
    return ReviewSession::timecode(f.frames->start, m_fps) + QStringLiteral(" \u2013 ")
           + ReviewSession::timecode(f.frames->end, m_fps);
}

QString ReviewFindingsModel::framesText(const Finding &f)
{
    if (!f.frames)
        return tr("whole run");
    return QStringLiteral("%1\u2013%2").arg(f.frames->start).arg(f.frames->end);
}

QString ReviewFindingsModel::reviewerText(const Finding &f)
{
    return f.reviewer ? observation::reviewerLabel(*f.reviewer) : QString();
}

QString ReviewFindingsModel::toolTip(const Finding &f) const
{
    QString tip = QStringLiteral("<b>%1</b> \u00b7 %2 \u00b7 %3<br/>")
                      .arg(f.code.toHtmlEscaped(), toString(f.stage), toString(f.severity));
    if (f.frames)
        tip += tr("Frames %1 (%2)<br/>").arg(framesText(f), timecodeText(f));
    tip += f.message.toHtmlEscaped();
    if (!f.waiverReason.isEmpty())
        tip += QStringLiteral("<br/><i>") + tr("Waived: %1").arg(f.waiverReason.toHtmlEscaped()) + QStringLiteral("</i>");
    if (const QString who = reviewerText(f); !who.isEmpty())
        tip += QStringLiteral("<br/>") + tr("Reviewer: %1").arg(who.toHtmlEscaped());
    return tip;
}

QVariant ReviewFindingsModel::data(const QModelIndex &index, int role) const
{
    const Finding *f = index.isValid() ? findingAt(index.row()) : nullptr;
    if (!f)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn: return DisplayFormat::severity(f->severity);
        case StageColumn: return toString(f->stage);
        case CodeColumn: return f->code;
        case FramesColumn:
            return f->frames ? QStringLiteral("%1  (%2)").arg(ReviewSession::timecode(f->frames->start, m_fps),
                                                             framesText(*f))
                             : tr("whole run");
        case StatusColumn: return toString(f->status);
        case MessageColumn: return f->message.simplified();
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return Icons::severity(f->severity);
        break;
    case Qt::ForegroundRole:
        if (index.column() == SeverityColumn)
            return gatepalette::severity(f->severity);
        if (f->status != FindingStatus::Open)
            return gatepalette::muted();
        break;
    case Qt::FontRole:
        if (index.column() == StatusColumn && f->status != FindingStatus::Open) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        if (index.column() == SeverityColumn && f->severity == Severity::Blocker && f->status == FindingStatus::Open) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case Qt::ToolTipRole: return toolTip(*f);
    case Qt::AccessibleTextRole:
        return tr("%1 %2 %3, %4").arg(DisplayFormat::severity(f->severity), toString(f->stage), f->code, f->message);
    case SortRole:
        switch (index.column()) {
        case SeverityColumn: return int(f->severity) * 10 + int(f->status);
        case StageColumn: return int(f->stage);
        case CodeColumn: return f->code;
        case FramesColumn: return f->frames ? f->frames->start : qint64(-1);
        case StatusColumn: return int(f->status);
        case MessageColumn: return f->message;
        }
        break;
    case StartFrameRole: return f->frames ? f->frames->start : qint64(-1);
    case SeverityRole: return int(f->severity);
    case StageRole: return int(f->stage);
    case StatusRole: return int(f->status);
    case SearchTextRole:
        return QStringList{f->code, f->message, reviewerText(*f), f->id, f->category, f->waiverReason}.join(
            QLatin1Char('\n'));
    case FindingRowRole: return index.row();
    }
    return {};
}

QVariant ReviewFindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case StageColumn: return tr("Stage");
    case CodeColumn: return tr("Code");
    case FramesColumn: return tr("In (frames)");
    case StatusColumn: return tr("Status");
    case MessageColumn: return tr("Message");
    }
    return {};
}

} // namespace greenlight
