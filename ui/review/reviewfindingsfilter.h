#pragma once

#include "qa/finding.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace greenlight {

// Narrows a ReviewFindingsModel by stage, severity and status (each unset = any) and by text
// (code, message, reviewer, observation id; case-insensitive, every word must match).
class ReviewFindingsFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ReviewFindingsFilter(QObject *parent = nullptr);

    void setStage(std::optional<Stage> stage);
    void setSeverity(std::optional<Severity> severity);
    void setStatus(std::optional<FindingStatus> status);
    void setText(const QString &text);

    std::optional<Stage> stage() const { return m_stage; }
    std::optional<Severity> severity() const { return m_severity; }
    std::optional<FindingStatus> status() const { return m_status; }
    QString text() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<Stage> m_stage;
    std::optional<Severity> m_severity;
    std::optional<FindingStatus> m_status;
    QString m_text;
    QStringList m_words;
};

} // namespace greenlight
