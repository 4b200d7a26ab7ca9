#include "review/ledgerbrowser.h"

#include "displayformat.h"
#include "ledger/ledger.h"
#include "review/gatepalette.h"
#include "review/ledgerdecisionsmodel.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace greenlight {

LedgerBrowser::LedgerBrowser(QWidget *parent)
    : QWidget(parent), m_banner(new QLabel(this)), m_search(new QLineEdit(this)),
      m_verify(new QPushButton(tr("Verify again"), this)), m_view(new QTableView(this)), m_details(new QLabel(this)),
      m_model(new LedgerDecisionsModel(this)), m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("ledgerBrowser"));

    m_banner->setObjectName(QStringLiteral("ledgerChainBanner"));
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_search->setObjectName(QStringLiteral("ledgerFilter"));
    m_search->setPlaceholderText(tr("Filter by spec, run, reviewer, reason\u2026"));
    m_search->setClearButtonEnabled(true);
    m_verify->setObjectName(QStringLiteral("ledgerVerify"));
    m_verify->setToolTip(tr("Read the whole chain again and check every row hash"));

    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(LedgerDecisionsModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_view->setObjectName(QStringLiteral("ledgerTable"));
    m_view->setAccessibleName(tr("Decisions"));
    m_view->setModel(m_proxy);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(LedgerDecisionsModel::SeqColumn, Qt::DescendingOrder);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setStretchLastSection(true);
    header->resizeSection(LedgerDecisionsModel::SeqColumn, 52);
    header->resizeSection(LedgerDecisionsModel::TimeColumn, 140);
    header->resizeSection(LedgerDecisionsModel::SpecColumn, 160);
    header->resizeSection(LedgerDecisionsModel::RunColumn, 236);
    header->resizeSection(LedgerDecisionsModel::OutcomeColumn, 64);
    header->resizeSection(LedgerDecisionsModel::ReviewerColumn, 130);
    header->resizeSection(LedgerDecisionsModel::WaiversColumn, 140);

    m_details->setObjectName(QStringLiteral("ledgerDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setFrameShape(QFrame::StyledPanel);
    m_details->setBackgroundRole(QPalette::Base);
    m_details->setAutoFillBackground(true);
    m_details->setContentsMargins(6, 4, 6, 4);
    m_details->setMinimumHeight(m_details->fontMetrics().height() * 7);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_verify);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addWidget(m_banner);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_details);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
    });
    connect(m_verify, &QPushButton::clicked, this, [this] { reload(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &LedgerBrowser::updateDetails);

    setBanner(tr("No ledger loaded."), gatepalette::muted());
    updateDetails();
}

Status LedgerBrowser::setLedgerPath(const QString &path)
{
    m_path = path;
    return reload();
}

void LedgerBrowser::setTextFilter(const QString &text)
{
    m_search->setText(text);
}

QString LedgerBrowser::bannerText() const
{
    return m_banner->text();
}

void LedgerBrowser::setBanner(const QString &text, const QColor &color)
{
    m_banner->setText(text);
    m_banner->setStyleSheet(gatepalette::bannerStyle(color));
}

Status LedgerBrowser::reload()
{
    m_intact = false;
    m_report.reset();
    m_model->setDecisions({});
    const auto done = [this](Status s) {
        updateDetails();
        Q_EMIT reloaded();
        return s;
    };
    if (m_path.isEmpty()) {
        setBanner(tr("No ledger loaded."), gatepalette::muted());
        return done({});
    }
    if (!QFileInfo::exists(m_path)) {
        setBanner(tr("No decisions yet: the ledger %1 is created by the first decision at the gate.")
                      .arg(QDir::toNativeSeparators(m_path)),
                  gatepalette::muted());
        return done({});
    }
    auto ledger = Ledger::open(m_path, Ledger::OpenMode::ReadOnly);
    if (!ledger) {
        setBanner(tr("Cannot read the ledger: %1").arg(ledger.error().toString()), gatepalette::blocker());
        return done(ledger.error());
    }
    const VerifyReport report = ledger->verify();
    m_report = report;
    auto decisions = ledger->list();
    if (!decisions) {
        setBanner(tr("Cannot read the ledger: %1").arg(decisions.error().toString()), gatepalette::blocker());
        return done(decisions.error());
    }
    const qint64 brokenFrom = report.firstBreak ? report.firstBreak->seq : 0;
    m_model->setDecisions(*decisions, brokenFrom);
    if (report.error) {
        setBanner(tr("Cannot verify the chain: %1").arg(report.error->toString()), gatepalette::blocker());
        return done(*report.error);
    }
    if (report.firstBreak) {
        const ChainBreak &b = *report.firstBreak;
        setBanner(tr("Chain broken at #%1 (%2): %3\n%4 decision rows; rows from #%1 on cannot be trusted.")
                      .arg(b.seq)
                      .arg(toString(b.kind), b.message)
                      .arg(decisions->size()),
                  gatepalette::blocker());
        return done({});
    }
    m_intact = true;
    QString text = tr("Chain intact, %1").arg(DisplayFormat::count(int(report.rowsChecked), tr("decision"),
                                                                    tr("decisions")));
    if (!report.tipHash.isEmpty())
        text += tr(" \u00b7 tip #%1 %2").arg(report.tipSeq).arg(QString(report.tipHash.left(16) + QStringLiteral("\u2026")));
    for (const QString &w : report.warnings)
        text += QLatin1Char('\n') + tr("Warning: %1").arg(w);
    setBanner(text, report.warnings.isEmpty() ? gatepalette::good() : gatepalette::warning());
    return done({});
}

void LedgerBrowser::updateDetails()
{
    const QModelIndex current = m_view->selectionModel()->currentIndex();
    const Decision *d = current.isValid() ? m_model->decisionAt(m_proxy->mapToSource(current).row()) : nullptr;
    if (!d) {
        m_details->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                               .arg(gatepalette::muted().name(),
                                    m_model->rowCount() ? tr("Select a decision to see its reasons, waivers and hashes.")
                                                        : tr("No decisions.")));
        return;
    }
    QString html = QStringLiteral("<b>#%1</b> <b style='color:%2'>%3</b> \u00b7 %4 (%5) \u00b7 %6<br/>")
                       .arg(d->seq)
                       .arg(gatepalette::outcome(d->outcome).name(), toString(d->outcome).toUpper(),
                            d->reviewer.toHtmlEscaped(), d->role.toHtmlEscaped(), d->decidedAt.toHtmlEscaped());
    html += tr("%1 [%2] \u00b7 run %3").arg(d->specPath.toHtmlEscaped(), d->variant.toHtmlEscaped(),
                                           d->runId.toHtmlEscaped());
    for (const QString &r : d->reasons)
        html += QStringLiteral("<br/>\u2022 ") + r.toHtmlEscaped();
    for (const Waiver &w : d->waivers)
        html += QStringLiteral("<br/>") + tr("waived <b>%1</b>: %2").arg(w.code.toHtmlEscaped(), w.reason.toHtmlEscaped());
    html += QStringLiteral("<br/><span style='color:%1; font-family:monospace'>manifest %2<br/>row %3<br/>prev %4</span>")
                .arg(gatepalette::muted().name(), d->manifestSha256, d->rowHash, d->prevHash);
    m_details->setText(html);
}

} // namespace greenlight
