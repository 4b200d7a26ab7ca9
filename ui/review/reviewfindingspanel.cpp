#include "review/reviewfindingspanel.h"

#include "displayformat.h"
#include "icons.h"
#include "review/gatepalette.h"
#include "review/reviewexport.h"
#include "review/reviewfindingsfilter.h"
#include "review/reviewfindingsmodel.h"
#include "review/reviewfindingsobservationdialog.h"
#include "review/reviewfindingsreasondialog.h"
#include "review/reviewsession.h"
#include "semantic/observationstore.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace greenlight {

namespace {

QToolButton *actionButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setAutoRaise(false);
    button->setMinimumHeight(26);
    return button;
}

QString historyHtml(const Finding &f)
{
    if (!f.evidence.is_object() || !f.evidence.contains("history") || !f.evidence["history"].is_array())
        return {};
    QStringList lines;
    for (const Json &h : f.evidence["history"]) {
        QString line = QStringLiteral("%1 by %2, %3")
                           .arg(toQString(h.value("action", Json(""))).toHtmlEscaped(),
                                toQString(h.value("by", Json(""))).toHtmlEscaped(),
                                toQString(h.value("at", Json(""))).toHtmlEscaped());
        const QString reason = toQString(h.value("reason", Json("")));
        if (!reason.isEmpty())
            line += QStringLiteral(": <i>%1</i>").arg(reason.toHtmlEscaped());
        lines << line;
    }
    return lines.join(QStringLiteral("<br/>"));
}

} // namespace

ReviewFindingsPanel::ReviewFindingsPanel(QWidget *parent)
    : QWidget(parent), m_stageBox(new QComboBox(this)), m_severityBox(new QComboBox(this)),
      m_statusBox(new QComboBox(this)), m_search(new QLineEdit(this)), m_count(new QLabel(this)),
      m_view(new QTableView(this)), m_details(new QLabel(this)), m_error(new QLabel(this)),
      m_model(new ReviewFindingsModel(this)), m_filter(new ReviewFindingsFilter(this))
{
    setObjectName(QStringLiteral("reviewFindingsPanel"));

    m_stageBox->setObjectName(QStringLiteral("stageFilter"));
    m_stageBox->addItem(tr("All stages"), -1);
    for (Stage s : {Stage::Structural, Stage::Deterministic, Stage::Semantic})
        m_stageBox->addItem(QString(toString(s).left(1).toUpper() + toString(s).mid(1)), int(s));
    m_stageBox->setToolTip(tr("Show the findings of one stage"));

    m_severityBox->setObjectName(QStringLiteral("severityFilter"));
    m_severityBox->addItem(tr("All severities"), -1);
    m_severityBox->addItem(Icons::severity(Severity::Blocker), tr("Blockers"), int(Severity::Blocker));
    m_severityBox->addItem(Icons::severity(Severity::Warning), tr("Warnings"), int(Severity::Warning));
    m_severityBox->addItem(Icons::severity(Severity::Info), tr("Info"), int(Severity::Info));

    m_statusBox->setObjectName(QStringLiteral("statusFilter"));
    m_statusBox->addItem(tr("Any status"), -1);
    m_statusBox->addItem(tr("Open"), int(FindingStatus::Open));
    m_statusBox->addItem(tr("Resolved"), int(FindingStatus::Resolved));
    m_statusBox->addItem(tr("Waived"), int(FindingStatus::Waived));

    m_search->setObjectName(QStringLiteral("textFilter"));
    m_search->setPlaceholderText(tr("Filter by code, message, reviewer\u2026"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(160);

    m_count->setObjectName(QStringLiteral("findingsCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    m_filter->setSourceModel(m_model);
    m_view->setObjectName(QStringLiteral("reviewFindingsTable"));
    m_view->setAccessibleName(tr("Findings"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setSortingEnabled(true);
    m_view->setTabKeyNavigation(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->installEventFilter(this);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->resizeSection(ReviewFindingsModel::SeverityColumn, 96);
    header->resizeSection(ReviewFindingsModel::StageColumn, 96);
    header->resizeSection(ReviewFindingsModel::CodeColumn, 236);
    header->resizeSection(ReviewFindingsModel::FramesColumn, 150);
    header->resizeSection(ReviewFindingsModel::StatusColumn, 76);
    m_view->sortByColumn(ReviewFindingsModel::FramesColumn, Qt::AscendingOrder);

    m_details->setObjectName(QStringLiteral("findingDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setMinimumHeight(m_details->fontMetrics().height() * 4);
    m_details->setFrameShape(QFrame::StyledPanel);
    m_details->setContentsMargins(6, 4, 6, 4);
    m_details->setBackgroundRole(QPalette::Base);
    m_details->setAutoFillBackground(true);

    m_error->setObjectName(QStringLiteral("findingsError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(gatepalette::bannerStyle(gatepalette::blocker()));
    m_error->hide();

    createActions();

    auto *filters = new QHBoxLayout;
    filters->setSpacing(6);
    filters->addWidget(m_stageBox);
    filters->addWidget(m_severityBox);
    filters->addWidget(m_statusBox);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_count);

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    buttons->addWidget(actionButton(m_addAction, this));
    buttons->addWidget(actionButton(m_resolveAction, this));
    buttons->addWidget(actionButton(m_waiveAction, this));
    buttons->addWidget(actionButton(m_reopenAction, this));
    buttons->addStretch(1);
    buttons->addWidget(actionButton(m_jumpAction, this));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_details);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    setFocusProxy(m_view);

    const auto comboValue = [](QComboBox *box) { return box->currentData().toInt(); };
    connect(m_stageBox, &QComboBox::currentIndexChanged, this, [this, comboValue] {
        const int v = comboValue(m_stageBox);
        m_filter->setStage(v < 0 ? std::nullopt : std::optional<Stage>(Stage(v)));
        updateCount();
    });
    connect(m_severityBox, &QComboBox::currentIndexChanged, this, [this, comboValue] {
        const int v = comboValue(m_severityBox);
        m_filter->setSeverity(v < 0 ? std::nullopt : std::optional<Severity>(Severity(v)));
        updateCount();
    });
    connect(m_statusBox, &QComboBox::currentIndexChanged, this, [this, comboValue] {
        const int v = comboValue(m_statusBox);
        m_filter->setStatus(v < 0 ? std::nullopt : std::optional<FindingStatus>(FindingStatus(v)));
        updateCount();
    });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setText(text);
        updateCount();
    });
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &) { jumpToSelected(); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        updateActions();
        updateDetails();
    });
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(m_jumpAction);
        menu.addSeparator();
        menu.addAction(m_addAction);
        menu.addAction(m_resolveAction);
        menu.addAction(m_waiveAction);
        menu.addAction(m_reopenAction);
        menu.addSeparator();
        menu.addAction(m_copyAction);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });

    updateActions();
    updateDetails();
    updateCount();
}

void ReviewFindingsPanel::createActions()
{
    const auto make = [this](const QString &id, const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setObjectName(id);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        a->setToolTip(tip + (key.isEmpty() ? QString()
                                           : QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText))));
        addAction(a);
        return a;
    };
    m_addAction = make(QStringLiteral("addObservation"), tr("Add observation\u2026"), QKeySequence(Qt::Key_Insert),
                       tr("Add a human observation on the current frame or the in/out range"));
    m_resolveAction = make(QStringLiteral("resolveObservation"), tr("Resolve\u2026"),
                           QKeySequence(Qt::ALT | Qt::Key_R), tr("Mark the selected observation resolved"));
    m_waiveAction = make(QStringLiteral("waiveObservation"), tr("Waive\u2026"), QKeySequence(Qt::ALT | Qt::Key_W),
                         tr("Waive the selected observation, with a reason"));
    m_reopenAction = make(QStringLiteral("reopenObservation"), tr("Reopen"), QKeySequence(Qt::ALT | Qt::Key_O),
                          tr("Open the selected observation again"));
    m_jumpAction = make(QStringLiteral("jumpToFinding"), tr("Go to frame"), QKeySequence(),
                        tr("Show the first frame of the selected finding (double-click or Enter)"));
    m_copyAction = make(QStringLiteral("copyFinding"), tr("Copy code and message"), QKeySequence(QKeySequence::Copy),
                        tr("Copy the selected finding as text"));

    connect(m_addAction, &QAction::triggered, this, &ReviewFindingsPanel::addObservationInteractive);
    connect(m_resolveAction, &QAction::triggered, this, &ReviewFindingsPanel::resolveSelected);
    connect(m_waiveAction, &QAction::triggered, this, &ReviewFindingsPanel::waiveSelected);
    connect(m_reopenAction, &QAction::triggered, this, &ReviewFindingsPanel::reopenSelected);
    connect(m_jumpAction, &QAction::triggered, this, &ReviewFindingsPanel::jumpToSelected);
    connect(m_copyAction, &QAction::triggered, this, [this] {
        if (const Finding *f = selectedFinding())
            QApplication::clipboard()->setText(QStringLiteral("%1 (%2, %3) %4: %5")
                                                   .arg(f->code, toString(f->stage), toString(f->severity),
                                                        m_model->timecodeText(*f), f->message));
    });
}

bool ReviewFindingsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            jumpToSelected();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ReviewFindingsPanel::setEvaluation(const GateEvaluation &evaluation)
{
    const Finding *previous = selectedFinding();
    const QString keepId = previous ? (previous->id.isEmpty() ? previous->code : previous->id) : QString();
    m_evaluation = evaluation;
    m_model->setFindings(evaluation.findings, reviewexport::runFps(evaluation));
    if (!keepId.isEmpty())
        selectFinding(keepId);
    updateActions();
    updateDetails();
    updateCount();
}

void ReviewFindingsPanel::setReviewerName(const QString &name)
{
    m_reviewer = name.trimmed();
}

void ReviewFindingsPanel::setCurrentFrame(qint64 frame)
{
    m_currentFrame = std::max<qint64>(0, frame);
}

void ReviewFindingsPanel::setInOut(std::optional<qint64> in, std::optional<qint64> out)
{
    m_in = in;
    m_out = out;
}

FrameRange ReviewFindingsPanel::proposedRange() const
{
    if (m_in && m_out && *m_out >= *m_in)
        return FrameRange{*m_in, *m_out + 1};
    if (m_in && !m_out)
        return FrameRange{*m_in, std::max(*m_in, m_currentFrame) + 1};
    return FrameRange{m_currentFrame, m_currentFrame + 1};
}

void ReviewFindingsPanel::setStageFilter(std::optional<Stage> stage)
{
    m_stageBox->setCurrentIndex(std::max(0, m_stageBox->findData(stage ? int(*stage) : -1)));
}

void ReviewFindingsPanel::setSeverityFilter(std::optional<Severity> severity)
{
    m_severityBox->setCurrentIndex(std::max(0, m_severityBox->findData(severity ? int(*severity) : -1)));
}

void ReviewFindingsPanel::setStatusFilter(std::optional<FindingStatus> status)
{
    m_statusBox->setCurrentIndex(std::max(0, m_statusBox->findData(status ? int(*status) : -1)));
}

void ReviewFindingsPanel::setTextFilter(const QString &text)
{
    m_search->setText(text);
}

bool ReviewFindingsPanel::selectFinding(const QString &codeOrId)
{
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const QModelIndex index = m_filter->index(row, 0);
        const Finding *f = m_model->findingAt(index.data(ReviewFindingsModel::FindingRowRole).toInt());
        if (f && (f->id == codeOrId || (f->id.isEmpty() && f->code == codeOrId) || f->code == codeOrId)) {
            m_view->selectionModel()->setCurrentIndex(
                index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_view->scrollTo(index);
            return true;
        }
    }
    return false;
}

const Finding *ReviewFindingsPanel::selectedFinding() const
{
    const QModelIndex current = m_view->selectionModel() ? m_view->selectionModel()->currentIndex() : QModelIndex();
    if (!current.isValid())
        return nullptr;
    return m_model->findingAt(current.data(ReviewFindingsModel::FindingRowRole).toInt());
}

int ReviewFindingsPanel::visibleCount() const
{
    return m_filter->rowCount();
}

bool ReviewFindingsPanel::isObservation(const Finding &f)
{
    return f.stage == Stage::Semantic && !f.id.isEmpty();
}

void ReviewFindingsPanel::updateActions()
{
    const bool haveRun = !m_evaluation.runDir.isEmpty();
    m_addAction->setEnabled(haveRun);
    const Finding *f = selectedFinding();
    const bool observation = f && isObservation(*f);
    const bool open = f && f->status == FindingStatus::Open;
    m_resolveAction->setEnabled(observation && open);
    m_waiveAction->setEnabled(observation && open);
    m_reopenAction->setEnabled(observation && !open);
    m_jumpAction->setEnabled(f && f->frames.has_value());
    m_copyAction->setEnabled(f != nullptr);

    QString why;
    if (!f)
        why = tr("Select a semantic observation first.");
    else if (!observation)
        why = tr("%1 findings are not observations: fix the cause and run QA again, or waive the code at the gate "
                 "with the decision.")
                  .arg(QString(toString(f->stage).left(1).toUpper() + toString(f->stage).mid(1)));
    else if (!open)
        why = tr("This observation is %1 already.").arg(toString(f->status));
    const QString waiveTip = why.isEmpty() ? tr("Waive the selected observation, with a reason (Alt+W)") : why;
    const QString resolveTip = why.isEmpty() ? tr("Mark the selected observation resolved (Alt+R)") : why;
    m_waiveAction->setToolTip(waiveTip);
    m_resolveAction->setToolTip(resolveTip);
}

void ReviewFindingsPanel::updateDetails()
{
    const Finding *f = selectedFinding();
    if (!f) {
        m_details->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                               .arg(gatepalette::muted().name(),
                                    m_model->rowCount() ? tr("Select a finding to see all of it. Double-click or "
                                                             "press Enter to go to its first frame.")
                                                        : tr("No findings for this run.")));
        return;
    }
    QString html = QStringLiteral("<b style='color:%1'>%2</b> &nbsp;<b>%3</b> &nbsp;<span style='color:%4'>%5 \u00b7 "
                                  "%6</span>")
                       .arg(gatepalette::severity(f->severity).name(), DisplayFormat::severity(f->severity).toUpper(),
                            f->code.toHtmlEscaped(), gatepalette::muted().name(), toString(f->stage),
                            toString(f->status));
    if (f->frames)
        html += QStringLiteral(" &nbsp;<span style='color:%1'>%2 \u00b7 frames %3</span>")
                    .arg(gatepalette::muted().name(), m_model->timecodeText(*f), ReviewFindingsModel::framesText(*f));
    html += QStringLiteral("<br/>") + f->message.toHtmlEscaped();
    if (!f->waiverReason.isEmpty())
        html += QStringLiteral("<br/><i>") + tr("Waived: %1").arg(f->waiverReason.toHtmlEscaped())
                + QStringLiteral("</i>");
    QStringList where;
    if (!f->path.isEmpty())
        where << f->path.toHtmlEscaped();
    if (!f->pointer.isEmpty())
        where << f->pointer.toHtmlEscaped();
    if (const QString who = ReviewFindingsModel::reviewerText(*f); !who.isEmpty())
        where << tr("reviewer %1").arg(who.toHtmlEscaped());
    if (!f->id.isEmpty())
        where << f->id.toHtmlEscaped();
    if (!where.isEmpty())
        html += QStringLiteral("<br/><span style='color:%1'>%2</span>")
                    .arg(gatepalette::muted().name(), where.join(QStringLiteral(" \u00b7 ")));
    if (const QString history = historyHtml(*f); !history.isEmpty())
        html += QStringLiteral("<br/><span style='color:%1'>%2</span>").arg(gatepalette::muted().name(), history);
    m_details->setText(html);
}

void ReviewFindingsPanel::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_filter->rowCount();
    int openBlockers = 0;
    for (const Finding &f : m_model->findings())
        if (f.status == FindingStatus::Open && f.severity == Severity::Blocker)
            ++openBlockers;
    QString text = shown == total ? DisplayFormat::count(total, tr("finding"), tr("findings"))
                                  : tr("%1 of %2").arg(shown).arg(total);
    if (openBlockers)
        text += QStringLiteral(" \u00b7 <span style='color:%1'><b>%2</b></span>")
                    .arg(gatepalette::blocker().name(),
                         DisplayFormat::count(openBlockers, tr("open blocker"), tr("open blockers")));
    m_count->setText(text);
}

QString ReviewFindingsPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ReviewFindingsPanel::showError(const Error &error)
{
    m_error->setText(error.toString());
    m_error->show();
}

void ReviewFindingsPanel::clearError()
{
    m_error->clear();
    m_error->hide();
}

void ReviewFindingsPanel::jumpToSelected()
{
    const Finding *f = selectedFinding();
    if (f && f->frames)
        Q_EMIT jumpToFrame(f->frames->start);
}

Status ReviewFindingsPanel::reloadObservations()
{
    auto store = ObservationStore::open(m_evaluation.runDir);
    if (!store)
        return store.error();
    Findings next;
    for (const Finding &f : m_evaluation.findings)
        if (!isObservation(f) && f.code != QLatin1String("gate.semantic.not-run"))
            next.append(f);
    next.append(store->observations());
    GateEvaluation updated = m_evaluation;
    updated.findings = next;
    setEvaluation(updated);
    return {};
}

Result<Finding> ReviewFindingsPanel::afterChange(const Result<Finding> &changed)
{
    if (!changed) {
        showError(changed.error());
        return changed;
    }
    clearError();
    if (Status s = reloadObservations(); !s)
        showError(s.error());
    selectFinding(changed->id);
    Q_EMIT findingsChanged();
    return changed;
}

Result<Finding> ReviewFindingsPanel::addObservation(const ObservationInput &input)
{
    auto store = ObservationStore::open(m_evaluation.runDir);
    if (!store)
        return afterChange(store.error());
    return afterChange(store->add(input));
}

Result<Finding> ReviewFindingsPanel::resolveObservation(const QString &id, const QString &note)
{
    auto store = ObservationStore::open(m_evaluation.runDir);
    if (!store)
        return afterChange(store.error());
    return afterChange(store->resolve(id, m_reviewer, note));
}

Result<Finding> ReviewFindingsPanel::waiveObservation(const QString &id, const QString &reason)
{
    auto store = ObservationStore::open(m_evaluation.runDir);
    if (!store)
        return afterChange(store.error());
    return afterChange(store->waive(id, reason, m_reviewer));
}

Result<Finding> ReviewFindingsPanel::reopenObservation(const QString &id)
{
    auto store = ObservationStore::open(m_evaluation.runDir);
    if (!store)
        return afterChange(store.error());
    return afterChange(store->reopen(id, m_reviewer));
}

void ReviewFindingsPanel::addObservationInteractive()
{
    if (m_evaluation.runDir.isEmpty())
        return;
    ReviewFindingsObservationDialog dialog(this);
    const FrameRange range = proposedRange();
    const qint64 frameCount = m_evaluation.run.media ? m_evaluation.run.media->durationFrames : 0;
    dialog.setFrames(range.start, range.end, frameCount, reviewexport::runFps(m_evaluation));
    dialog.setReviewerName(m_reviewer);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (!dialog.reviewerName().isEmpty())
        setReviewerName(dialog.reviewerName());
    addObservation(dialog.input());
}

void ReviewFindingsPanel::resolveSelected()
{
    const Finding *f = selectedFinding();
    if (!f || !isObservation(*f) || f->status != FindingStatus::Open)
        return;
    const QString id = f->id;
    ReviewFindingsReasonDialog dialog(tr("Resolve observation"),
                                      tr("Resolve <b>%1</b> (%2)?<br/>%3")
                                          .arg(f->code.toHtmlEscaped(), m_model->timecodeText(*f),
                                               f->message.toHtmlEscaped()),
                                      tr("Resolve"), false, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    resolveObservation(id, dialog.reason());
}

void ReviewFindingsPanel::waiveSelected()
{
    const Finding *f = selectedFinding();
    if (!f || !isObservation(*f) || f->status != FindingStatus::Open)
        return;
    const QString id = f->id;
    ReviewFindingsReasonDialog dialog(tr("Waive observation"),
                                      tr("Waive <b>%1</b> (%2)?<br/>%3<br/><br/>Say why shipping with it is "
                                         "acceptable. The reason and your name are kept with the observation.")
                                          .arg(f->code.toHtmlEscaped(), m_model->timecodeText(*f),
                                               f->message.toHtmlEscaped()),
                                      tr("Waive"), true, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    waiveObservation(id, dialog.reason());
}

void ReviewFindingsPanel::reopenSelected()
{
    const Finding *f = selectedFinding();
    if (!f || !isObservation(*f) || f->status == FindingStatus::Open)
        return;
    reopenObservation(f->id);
}

} // namespace greenlight
