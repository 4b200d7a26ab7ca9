#include "runs/runspanel.h"

#include "runs/runhistorymodel.h"
#include "runs/runinspector.h"
#include "runs/runjob.h"
#include "runs/runlaunchdialog.h"
#include "runs/runqueue.h"
#include "runs/runqueueview.h"

#include <QAction>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace greenlight {

RunsPanel::RunsPanel(QWidget *parent) : QWidget(parent)
{
    m_queue = new RunQueue(this);
    m_model = new RunHistoryModel(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("runsSplitter"));
    m_queueView = new RunQueueView(m_queue, split);
    m_queueView->setObjectName(QStringLiteral("runQueueView"));
    split->addWidget(makeHistory());
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    layout->addWidget(split);

    connect(m_queueView, &RunQueueView::launchRequested, this, [this] { openLaunchDialog(); });
    connect(m_queueView, &RunQueueView::inspectRequested, this, &RunsPanel::inspectRun);
    connect(m_queueView, &RunQueueView::reviewRequested, this, &RunsPanel::reviewRequested);
    connect(m_queue, &RunQueue::jobFinished, this, &RunsPanel::onJobFinished);
    connect(&m_loader, &QFutureWatcherBase::finished, this, &RunsPanel::onHistoryLoaded);
    m_queueView->launchButton()->setEnabled(false);
}

RunsPanel::~RunsPanel() = default;

QWidget *RunsPanel::makeHistory()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("<b>History</b>"), page));
    row->addSpacing(12);
    m_specFilter = new QComboBox(page);
    m_specFilter->setObjectName(QStringLiteral("historySpecFilter"));
    m_specFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_specFilter->setToolTip(tr("Show the runs of one spec"));
    m_variantFilter = new QComboBox(page);
    m_variantFilter->setObjectName(QStringLiteral("historyVariantFilter"));
    m_variantFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_variantFilter->setToolTip(tr("Show the runs of one variant"));
    auto *specLabel = new QLabel(tr("&Spec:"), page);
    specLabel->setBuddy(m_specFilter);
    auto *variantLabel = new QLabel(tr("V&ariant:"), page);
    variantLabel->setBuddy(m_variantFilter);
    m_countLabel = new QLabel(page);
    m_countLabel->setObjectName(QStringLiteral("historyCountLabel"));
    auto *refresh = new QPushButton(tr("Refresh"), page);
    refresh->setToolTip(tr("Read the project's runs folder again"));
    row->addWidget(specLabel);
    row->addWidget(m_specFilter);
    row->addWidget(variantLabel);
    row->addWidget(m_variantFilter);
    row->addStretch(1);
    row->addWidget(m_countLabel);
    row->addWidget(refresh);
    layout->addLayout(row);

    m_history = new QTreeView(page);
    m_history->setObjectName(QStringLiteral("runList"));
    m_history->setModel(m_model);
    m_history->setRootIsDecorated(false);
    m_history->setUniformRowHeights(true);
    m_history->setAlternatingRowColors(true);
    m_history->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_history->setAllColumnsShowFocus(true);
    m_history->setToolTip(tr("Double-click or press Enter: review a render, inspect any other run"));
    QHeaderView *header = m_history->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(RunHistoryModel::SpecColumn, QHeaderView::Stretch);
    const QFontMetrics fm = m_history->fontMetrics();
    header->resizeSection(RunHistoryModel::RunColumn, fm.horizontalAdvance(QStringLiteral("20261124T054907Z-render-975be8")) + 16);
    for (int c : {int(RunHistoryModel::KindColumn), int(RunHistoryModel::VariantColumn), int(RunHistoryModel::StatusColumn),
                  int(RunHistoryModel::EngineColumn), int(RunHistoryModel::DurationColumn)})
        header->resizeSection(c, fm.horizontalAdvance(QStringLiteral("remote-self-hosted")) * 2 / 3 + 16);
    header->resizeSection(RunHistoryModel::ClassColumn, fm.horizontalAdvance(QStringLiteral("remote-self-hosted")) + 16);
    header->resizeSection(RunHistoryModel::QaColumn, fm.horizontalAdvance(QStringLiteral("1 blocker, 4 warnings")) + 16);
    layout->addWidget(m_history, 1);

    // Context actions on the selected run (right-click, or the view's keyboard shortcuts).
    m_history->setContextMenuPolicy(Qt::ActionsContextMenu);
    const auto action = [this](const QString &name, const QString &text, const QString &tip) {
        auto *a = new QAction(text, m_history);
        a->setObjectName(name);
        a->setStatusTip(tip);
        m_history->addAction(a);
        return a;
    };
    QAction *inspect = action(QStringLiteral("inspectRunAction"), tr("&Inspect Run\u2026"),
                              tr("Show the run's record, attempts, artifacts with hashes, props, plan and logs"));
    QAction *review = action(QStringLiteral("reviewRunInDeskAction"), tr("&Review in Desk"),
                             tr("Open the render in the review desk"));
    QAction *retry = action(QStringLiteral("retryRunAction"), tr("Re&try"),
                            tr("Launch the same run again (same spec, variant, runtime class and narration)"));
    QAction *reveal = action(QStringLiteral("revealRunAction"), tr("Reveal &Folder"),
                             tr("Open the run folder in the file manager"));
    connect(inspect, &QAction::triggered, this, [this] {
        if (!currentRun().isEmpty())
            inspectRun(currentRun());
    });
    connect(review, &QAction::triggered, this, [this] {
        if (!currentRun().isEmpty())
            Q_EMIT reviewRequested(currentRun());
    });
    connect(retry, &QAction::triggered, this, [this] { retryRun(currentRun()); });
    connect(reveal, &QAction::triggered, this, [this] {
        if (!currentRun().isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(currentRun()));
    });
    const auto updateActions = [this, inspect, review, retry, reveal] {
        const QModelIndex i = m_history->currentIndex();
        const RunSummary *s = i.isValid() ? &m_model->summary(i.row()) : nullptr;
        inspect->setEnabled(s);
        reveal->setEnabled(s);
        review->setEnabled(s && s->hasOutputVideo());
        retry->setEnabled(s && s->readable && s->status != RunStatus::Running);
    };
    connect(m_history->selectionModel(), &QItemSelectionModel::currentChanged, this, updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, updateActions);
    updateActions();

    connect(m_history, &QTreeView::activated, this, &RunsPanel::activateHistoryRow);
    connect(refresh, &QPushButton::clicked, this, &RunsPanel::refresh);
    connect(m_specFilter, &QComboBox::currentIndexChanged, this, [this] {
        {
            const QSignalBlocker block(m_variantFilter); // another spec: every variant again
            m_variantFilter->setCurrentIndex(0);
        }
        fillFilters();
        applyFilter();
    });
    connect(m_variantFilter, &QComboBox::currentIndexChanged, this, &RunsPanel::applyFilter);
    fillFilters();
    return page;
}

void RunsPanel::setProjectRoot(const QString &root)
{
    m_root = root.isEmpty() ? QString() : QDir(root).absolutePath();
    m_currentSpec.clear();
    m_currentVariant.clear();
    m_model->clear();
    m_queueView->launchButton()->setEnabled(!m_root.isEmpty());
    fillFilters();
    updateCountLabel();
    refresh();
}

void RunsPanel::refresh()
{
    if (m_root.isEmpty()) {
        m_model->clear();
        updateCountLabel();
        return;
    }
    m_loadingRoot = m_root;
    m_countLabel->setText(tr("Reading runs\u2026"));
    const QString root = m_root;
    m_loader.setFuture(QtConcurrent::run([root] { return RunSummary::loadProject(root); }));
}

void RunsPanel::onHistoryLoaded()
{
    if (m_loadingRoot != m_root)
        return; // the project changed meanwhile; its own load follows
    const QString selected = currentRun();
    m_model->setSummaries(m_loader.result());
    fillFilters();
    applyFilter();
    if (!selectRun(selected) && m_model->rowCount() > 0)
        m_history->setCurrentIndex(m_model->index(0, 0));
    updateCountLabel();
    Q_EMIT historyLoaded(m_model->totalCount());
}

void RunsPanel::onJobFinished(RunJob *job)
{
    const QString dir = job->runDir();
    if (dir.isEmpty() || !QFileInfo::exists(dir + QStringLiteral("/run.json")))
        return;
    if (!m_root.isEmpty() && QFileInfo(dir).absolutePath() == QDir(m_root).filePath(QStringLiteral("runs"))) {
        m_model->upsert(RunSummary::load(dir));
        fillFilters();
        applyFilter();
        updateCountLabel();
    }
    Q_EMIT runFinished(dir);
}

QString RunsPanel::currentRun() const
{
    const QModelIndex i = m_history->currentIndex();
    return i.isValid() ? m_model->summary(i.row()).runDir : QString();
}

bool RunsPanel::selectRun(const QString &runDir)
{
    const int row = runDir.isEmpty() ? -1 : m_model->rowOf(runDir);
    if (row < 0)
        return false;
    m_history->setCurrentIndex(m_model->index(row, 0));
    m_history->scrollTo(m_model->index(row, 0));
    return true;
}

int RunsPanel::runCount() const
{
    return m_model->totalCount();
}

QString RunsPanel::toRelativeSpec(const QString &specPath) const
{
    return QFileInfo(specPath).isAbsolute() && !m_root.isEmpty() ? QDir(m_root).relativeFilePath(specPath) : specPath;
}

void RunsPanel::setCurrentSpec(const QString &specPath, const QString &variant)
{
    m_currentSpec = toRelativeSpec(specPath);
    m_currentVariant = variant;
}

void RunsPanel::setFilter(const QString &specPath, const std::optional<QString> &variant)
{
    const QString rel = toRelativeSpec(specPath);
    {
        const QSignalBlocker blockSpec(m_specFilter);
        const QSignalBlocker blockVariant(m_variantFilter);
        // fillFilters() keeps what is selected, runs or not.
        m_specFilter->clear();
        m_specFilter->addItem(tr("All specs"));
        if (!rel.isEmpty())
            m_specFilter->addItem(rel, rel);
        m_specFilter->setCurrentIndex(m_specFilter->count() - 1);
        m_variantFilter->clear();
        m_variantFilter->addItem(tr("All variants"));
        if (variant)
            m_variantFilter->addItem(variant->isEmpty() ? tr("base") : *variant, *variant);
        m_variantFilter->setCurrentIndex(m_variantFilter->count() - 1);
    }
    fillFilters();
    applyFilter();
}

void RunsPanel::fillFilters()
{
    const QSignalBlocker blockSpec(m_specFilter);
    const QSignalBlocker blockVariant(m_variantFilter);
    const QVariant spec = m_specFilter->currentData();
    const QVariant variant = m_variantFilter->currentData();
    m_specFilter->clear();
    m_specFilter->addItem(tr("All specs"));
    QStringList specs = m_model->specs();
    if (spec.isValid() && !specs.contains(spec.toString()))
        specs.append(spec.toString());
    for (const QString &s : std::as_const(specs))
        m_specFilter->addItem(s, s);
    m_specFilter->setCurrentIndex(spec.isValid() ? std::max(0, m_specFilter->findData(spec)) : 0);

    m_variantFilter->clear();
    m_variantFilter->addItem(tr("All variants"));
    QStringList variants = m_model->variants(m_specFilter->currentData().toString());
    if (variant.isValid() && !variants.contains(variant.toString()))
        variants.append(variant.toString());
    int vi = 0;
    for (const QString &v : std::as_const(variants)) {
        m_variantFilter->addItem(v.isEmpty() ? tr("base") : v, v);
        if (variant.isValid() && v == variant.toString())
            vi = m_variantFilter->count() - 1;
    }
    m_variantFilter->setCurrentIndex(vi);
}

void RunsPanel::applyFilter()
{
    const QVariant variant = m_variantFilter->currentData();
    m_model->setFilter(m_specFilter->currentData().toString(),
                       variant.isValid() ? std::optional<QString>(variant.toString()) : std::nullopt);
    updateCountLabel();
}

void RunsPanel::updateCountLabel()
{
    const int all = m_model->totalCount();
    const int shown = m_model->rowCount();
    if (m_root.isEmpty())
        m_countLabel->clear();
    else if (shown == all)
        m_countLabel->setText(all == 1 ? tr("1 run") : tr("%1 runs").arg(all));
    else
        m_countLabel->setText(tr("%1 of %2 runs").arg(shown).arg(all));
}

void RunsPanel::activateHistoryRow(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    const RunSummary &s = m_model->summary(index.row());
    if (s.hasOutputVideo())
        Q_EMIT reviewRequested(s.runDir);
    else
        inspectRun(s.runDir);
}

RunLaunchDialog *RunsPanel::openLaunchDialog(const QString &specPath, const QString &variant)
{
    if (m_root.isEmpty())
        return nullptr;
    auto *dialog = new RunLaunchDialog(m_root, m_model->allSummaries(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const QString spec = specPath.isEmpty() ? m_currentSpec : toRelativeSpec(specPath);
    if (!spec.isEmpty())
        dialog->setSpec(spec);
    dialog->setVariant(specPath.isEmpty() ? m_currentVariant : variant);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { m_queue->enqueue(dialog->request()); });
    dialog->open();
    return dialog;
}

RunInspector *RunsPanel::inspectRun(const QString &runDir)
{
    if (runDir.isEmpty())
        return nullptr;
    auto *inspector = new RunInspector(this);
    inspector->setAttribute(Qt::WA_DeleteOnClose);
    connect(inspector, &RunInspector::reviewRequested, this, &RunsPanel::reviewRequested);
    inspector->openRun(runDir);
    inspector->show();
    return inspector;
}

RunJob *RunsPanel::retryRun(const QString &runDir)
{
    if (runDir.isEmpty() || m_root.isEmpty())
        return nullptr;
    Result<RunRecord> record = loadRunRecord(runDir + QStringLiteral("/run.json"));
    if (!record)
        return nullptr;
    RunJob *job = m_queue->enqueue(RunQueue::requestForRun(m_root, *record));
    m_queueView->setCurrentJob(job);
    return job;
}

QString RunsPanel::latestRenderRun(const QString &projectRoot)
{
    const QDir runs(QDir(projectRoot).filePath(QStringLiteral("runs")));
    for (const QString &id : runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name | QDir::Reversed)) {
        auto record = loadRunRecord(runs.filePath(id) + QStringLiteral("/run.json"));
        if (record && record->kind == RunKind::Render && record->status == RunStatus::Succeeded)
            return runs.filePath(id);
    }
    return {};
}

} // namespace greenlight
