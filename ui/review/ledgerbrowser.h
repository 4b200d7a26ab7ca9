#pragma once

#include "common/result.h"
#include "ledger/verifyreport.h"

#include <QWidget>

#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace greenlight {

class LedgerDecisionsModel;

// The publish-gate ledger of a project: every decision (seq, time, spec and variant, run,
// outcome, reviewer and role, reasons, waivers) under a banner with the chain's state from
// Ledger::verify(): green "Chain intact, N decisions", or red "Chain broken at #N (kind)" with
// the rows from there on marked. Read-only: never creates or changes the ledger.
class LedgerBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit LedgerBrowser(QWidget *parent = nullptr);

    // Loads the ledger at `path` (ledger.sqlite); a missing file shows "no decisions yet".
    Status setLedgerPath(const QString &path);
    QString ledgerPath() const { return m_path; }
    // Reads and verifies again.
    Status reload();

    // The banner's text, and whether the chain verified (false when broken or unreadable).
    QString bannerText() const;
    bool chainIntact() const { return m_intact; }
    const std::optional<VerifyReport> &report() const { return m_report; }

    LedgerDecisionsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    void setTextFilter(const QString &text);

Q_SIGNALS:
    void reloaded();

private:
    void setBanner(const QString &text, const QColor &color);
    void updateDetails();

    QString m_path;
    bool m_intact = false;
    std::optional<VerifyReport> m_report;
    QLabel *m_banner;
    QLineEdit *m_search;
    QPushButton *m_verify;
    QTableView *m_view;
    QLabel *m_details;
    LedgerDecisionsModel *m_model;
    QSortFilterProxyModel *m_proxy;
};

} // namespace greenlight
