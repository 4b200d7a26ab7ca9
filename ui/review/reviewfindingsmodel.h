#pragma once

#include "qa/finding.h"
#include "spec/videospec.h"

#include <QAbstractTableModel>

namespace greenlight {

// The findings of one run at the gate, every stage: severity, stage, code, frames with their
// timecodes, status and message. Rows follow the order of the findings given.
class ReviewFindingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        SeverityColumn,
        StageColumn,
        CodeColumn,
        FramesColumn,
        StatusColumn,
        MessageColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // a value that sorts the column sensibly
        StartFrameRole,              // qint64: the range's first frame, -1 without frames
        SeverityRole,                // int(Severity)
        StageRole,                   // int(Stage)
        StatusRole,                  // int(FindingStatus)
        SearchTextRole,              // QString: code, message, reviewer, id (for the text filter)
        FindingRowRole,              // int: the row in this model (survives sorting and filtering)
    };

    explicit ReviewFindingsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setFindings(const Findings &findings, const Rational &fps);
    const Findings &findings() const { return m_findings; }
    const Finding *findingAt(int row) const;
    Rational fps() const { return m_fps; }

    // "00:00:04:00 – 00:00:05:00" and "120–150" for a finding with frames, "—" without.
    QString timecodeText(const Finding &finding) const;
    static QString framesText(const Finding &finding);
    static QString reviewerText(const Finding &finding);

private:
    QString toolTip(const Finding &finding) const;

    Findings m_findings;
    Rational m_fps{30, 1};
};

} // namespace greenlight
