#include "runs/runqueueview.h"

#include "runs/runjob.h"
#include "runs/runqueue.h"

#include <QAction>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace greenlight {

namespace {

constexpr int kClockInterval_ms = 500;
constexpr int kMaxLogBlocks = 5000;
constexpr int kJobRole = Qt::UserRole + 1;

QString stateLabel(const RunJob *job)
{
    if (job->isCancelling())
        return RunQueueView::tr("cancelling\u2026");
    switch (job->state()) {
    case RunJob::State::Queued: return RunQueueView::tr("queued");
    case RunJob::State::Running: return RunQueueView::tr("running");
    case RunJob::State::Qa: return RunQueueView::tr("QA checks");
    case RunJob::State::Succeeded: return RunQueueView::tr("succeeded");
    case RunJob::State::Failed: return RunQueueView::tr("failed");
    case RunJob::State::Cancelled: return RunQueueView::tr("cancelled");
    }
    return {};
}

} // namespace

RunQueueView::RunQueueView(RunQueue *queue, QWidget *parent) : QWidget(parent), m_queue(queue)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    auto *title = new QLabel(tr("<b>Queue</b>"), this);
    m_launch = new QPushButton(tr("&Launch Run\u2026"), this);
    m_launch->setObjectName(QStringLiteral("launchRunButton"));
    m_launch->setToolTip(tr("Render or voice a spec and variant under a runbook workload"));
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelRunButton"));
    m_cancel->setToolTip(tr("Remove the selected queued run, or stop the selected running one"));
    m_retry = new QPushButton(tr("Re&try"), this);
    m_retry->setObjectName(QStringLiteral("retryRunButton"));
    m_retry->setToolTip(tr("Launch the selected run again with the same settings"));
    m_clear = new QPushButton(tr("Clear Finished"), this);
    m_clear->setObjectName(QStringLiteral("clearFinishedButton"));
    buttons->addWidget(title);
    buttons->addStretch(1);
    for (QPushButton *b : {m_launch, m_cancel, m_retry, m_clear})
        buttons->addWidget(b);
    layout->addLayout(buttons);

    auto *split = new QSplitter(Qt::Horizontal, this);
    m_tree = new QTreeWidget(split);
    m_tree->setObjectName(QStringLiteral("runQueue"));
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setHeaderLabels({tr("Run"), tr("State"), tr("Progress"), tr("Elapsed"), tr("Remaining"), tr("Class \u00b7 engine")});
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(TitleColumn, QHeaderView::Stretch);
    m_tree->setColumnWidth(ProgressColumn, 140);
    for (int c : {StateColumn, ElapsedColumn, RemainingColumn, EngineColumn})
        m_tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_log = new QPlainTextEdit(split);
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(kMaxLogBlocks);
    m_log->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_log->setPlaceholderText(tr("The log of the selected run appears here while it runs."));
    m_log->setFont(QFont(QStringLiteral("monospace")));
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    m_clock = new QTimer(this);
    m_clock->setInterval(kClockInterval_ms);
    connect(m_clock, &QTimer::timeout, this, &RunQueueView::updateTimes);

    connect(m_launch, &QPushButton::clicked, this, &RunQueueView::launchRequested);
    connect(m_cancel, &QPushButton::clicked, this, [this] { m_queue->cancel(currentJob()); });
    connect(m_retry, &QPushButton::clicked, this, [this] {
        if (RunJob *job = currentJob(); job && job->isFinished())
            setCurrentJob(m_queue->retry(job));
    });
    connect(m_clear, &QPushButton::clicked, m_queue, &RunQueue::clearFinished);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] {
        showLogOf(currentJob());
        updateButtons();
    });
    connect(m_tree, &QTreeWidget::itemActivated, this, [this] {
        RunJob *job = currentJob();
        if (!job || !job->isFinished() || job->runDir().isEmpty())
            return;
        if (job->kind() == RunKind::Render && job->state() == RunJob::State::Succeeded)
            Q_EMIT reviewRequested(job->runDir());
        else
            Q_EMIT inspectRequested(job->runDir());
    });
    makeContextActions();

    connect(m_queue, &RunQueue::jobAdded, this, &RunQueueView::addJob);
    connect(m_queue, &RunQueue::jobRemoved, this, &RunQueueView::removeJob);
    connect(m_queue, &RunQueue::jobChanged, this, &RunQueueView::updateJob);
    for (RunJob *job : m_queue->jobs())
        addJob(job);
    updateButtons();
}

RunJob *RunQueueView::currentJob() const
{
    const QTreeWidgetItem *item = m_tree->currentItem();
    return item ? m_queue->jobBySerial(item->data(TitleColumn, kJobRole).toInt()) : nullptr;
}

void RunQueueView::setCurrentJob(RunJob *job)
{
    if (QTreeWidgetItem *item = m_items.value(job))
        m_tree->setCurrentItem(item);
}

QString RunQueueView::clockText(qint64 ms)
{
    if (ms < 0)
        return QStringLiteral("\u2014");
    const qint64 s = (ms + 500) / 1000;
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QLatin1Char('0')).arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

void RunQueueView::addJob(RunJob *job)
{
    auto *item = new QTreeWidgetItem(m_tree);
    item->setData(TitleColumn, kJobRole, job->serial());
    item->setText(TitleColumn, job->title());
    const RunJobRequest &r = job->request();
    item->setText(EngineColumn, QStringLiteral("%1 \u00b7 %2").arg(r.runtimeClass.isEmpty() ? tr("default") : r.runtimeClass,
                                                                  r.engine.isEmpty() ? tr("default") : r.engine));
    auto *bar = new QProgressBar(m_tree);
    bar->setRange(0, 1000);
    bar->setValue(0);
    bar->setMaximumHeight(m_tree->fontMetrics().height() + 4);
    m_tree->setItemWidget(item, ProgressColumn, bar);
    m_items.insert(job, item);
    connect(job, &RunJob::logLinesAdded, this, [this, job](const QStringList &lines) {
        if (job == m_logJob)
            for (const QString &line : lines)
                m_log->appendPlainText(line);
    });
    updateJob(job);
    m_tree->setCurrentItem(item); // follow what was launched last
}

void RunQueueView::removeJob(RunJob *job)
{
    if (job == m_logJob) {
        m_logJob = nullptr;
        m_log->clear();
    }
    job->disconnect(this);
    delete m_items.take(job);
    updateButtons();
}

void RunQueueView::updateJob(RunJob *job)
{
    QTreeWidgetItem *item = m_items.value(job);
    if (!item)
        return;
    item->setText(StateColumn, stateLabel(job));
    item->setToolTip(StateColumn, job->errorText());
    if (!job->runId().isEmpty())
        item->setToolTip(TitleColumn, job->runDir());
    if (auto *bar = qobject_cast<QProgressBar *>(m_tree->itemWidget(item, ProgressColumn))) {
        const double p = job->progress();
        if (job->state() == RunJob::State::Qa) {
            bar->setValue(1000);
            bar->setFormat(tr("QA checks"));
        } else if (job->isFinished() && job->state() != RunJob::State::Succeeded) {
            bar->setFormat(stateLabel(job));
        } else {
            bar->setValue(p < 0 ? 0 : int(p * 1000));
            bar->setFormat(job->state() == RunJob::State::Queued ? tr("waiting") : QStringLiteral("%p%"));
        }
        bar->setToolTip(job->progressText());
    }
    if (job->isActive() && job->isStarted() && !m_clock->isActive())
        m_clock->start();
    updateTimes();
    if (job == currentJob())
        updateButtons();
}

void RunQueueView::updateTimes()
{
    bool anyRunning = false;
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
        const RunJob *job = it.key();
        QTreeWidgetItem *item = it.value();
        item->setText(ElapsedColumn, job->isStarted() ? clockText(job->elapsed_ms()) : QString());
        const std::optional<qint64> left = job->remaining_ms();
        item->setText(RemainingColumn, left ? QStringLiteral("~") + clockText(*left) : QString());
        anyRunning = anyRunning || (job->isStarted() && job->isActive());
    }
    if (!anyRunning)
        m_clock->stop();
}

void RunQueueView::makeContextActions()
{
    // Right-click on a queued or finished run: the buttons' actions plus its folder.
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    const auto action = [this](const QString &name, const QString &text, const QString &tip) {
        auto *a = new QAction(text, m_tree);
        a->setObjectName(name);
        a->setStatusTip(tip);
        m_tree->addAction(a);
        return a;
    };
    m_cancelAction = action(QStringLiteral("cancelJobAction"), tr("&Cancel"),
                            tr("Cancel the run: a queued run is dropped, a running one stops and keeps its record"));
    m_retryAction = action(QStringLiteral("retryJobAction"), tr("Re&try"), tr("Launch the same run again"));
    m_inspectAction = action(QStringLiteral("inspectJobAction"), tr("&Inspect Run\u2026"),
                             tr("Show the run's record, attempts, artifacts with hashes and logs"));
    m_reviewAction = action(QStringLiteral("reviewJobAction"), tr("&Review in Desk"), tr("Open the render in the review desk"));
    connect(m_cancelAction, &QAction::triggered, m_cancel, &QPushButton::click);
    connect(m_retryAction, &QAction::triggered, m_retry, &QPushButton::click);
    connect(m_inspectAction, &QAction::triggered, this, [this] {
        if (RunJob *job = currentJob())
            Q_EMIT inspectRequested(job->runDir());
    });
    connect(m_reviewAction, &QAction::triggered, this, [this] {
        if (RunJob *job = currentJob())
            Q_EMIT reviewRequested(job->runDir());
    });
}

void RunQueueView::updateButtons()
{
    const RunJob *job = currentJob();
    m_cancel->setEnabled(job && (job->state() == RunJob::State::Queued
                                 || (job->state() == RunJob::State::Running && !job->isCancelling())));
    m_retry->setEnabled(job && job->isFinished());
    m_clear->setEnabled(std::any_of(m_items.keyBegin(), m_items.keyEnd(), [](const RunJob *j) { return j->isFinished(); }));
    const bool folder = job && job->isFinished() && !job->runDir().isEmpty() && QFileInfo::exists(job->runDir());
    m_cancelAction->setEnabled(m_cancel->isEnabled());
    m_retryAction->setEnabled(m_retry->isEnabled());
    m_inspectAction->setEnabled(folder);
    m_reviewAction->setEnabled(folder && job->kind() == RunKind::Render && job->state() == RunJob::State::Succeeded);
}

void RunQueueView::showLogOf(RunJob *job)
{
    if (job == m_logJob)
        return;
    m_logJob = job;
    m_log->setPlainText(job ? job->logLines().join(QLatin1Char('\n')) : QString());
    m_log->moveCursor(QTextCursor::End);
}

} // namespace greenlight
