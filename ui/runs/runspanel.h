#pragma once

#include "runs/runsummary.h"

#include <QFutureWatcher>
#include <QList>
#include <QString>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QTreeView;

namespace greenlight {

class RunHistoryModel;
class RunInspector;
class RunJob;
class RunLaunchDialog;
class RunQueue;
class RunQueueView;

// The Runs dock: the queue of runs launched from the desk on top (progress, elapsed and
// remaining time, cancel, retry, live log) and the project's run history below, filtered by
// spec and variant (status, runtime class, engine, duration, QA state), with Inspect,
// Review, Retry and Reveal Folder on each run. History loads on the thread pool.
//
// A superset of the older RunListPanel: setProjectRoot, refresh, currentRun, runCount,
// view, latestRenderRun and reviewRequested mean the same here, except that runCount() is
// known once historyLoaded() has been emitted.
class RunsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunsPanel(QWidget *parent = nullptr);
    ~RunsPanel() override;

    void setProjectRoot(const QString &root);
    QString projectRoot() const { return m_root; }
    void refresh(); // reads runs/ again (on the thread pool)
    bool isLoading() const { return m_loader.isRunning(); }

    QString currentRun() const; // absolute run folder selected in the history, or empty
    bool selectRun(const QString &runDir);
    int runCount() const;       // runs in the history (all, not only the filtered ones)
    QTreeView *view() const { return m_history; }
    RunHistoryModel *historyModel() const { return m_model; }
    RunQueue *queue() const { return m_queue; }
    RunQueueView *queueView() const { return m_queueView; }

    // The spec the desk has selected (absolute or project-relative): the launch dialog's
    // default. Does not filter the history.
    void setCurrentSpec(const QString &specPath, const QString &variant = {});
    // History filter: empty spec = all specs; no variant = all variants ("" = base).
    void setFilter(const QString &specPath, const std::optional<QString> &variant = std::nullopt);

    // Opens the launch dialog (window-modal, not blocking); an accepted dialog enqueues its
    // request. Empty arguments take the current spec.
    RunLaunchDialog *openLaunchDialog(const QString &specPath = {}, const QString &variant = {});
    // Opens a run folder in a run inspector window.
    RunInspector *inspectRun(const QString &runDir);
    // Enqueues the run again with the same kind, spec, variant, class and narration.
    RunJob *retryRun(const QString &runDir);

    // The newest succeeded render run of a project, or empty.
    static QString latestRenderRun(const QString &projectRoot);

Q_SIGNALS:
    void reviewRequested(const QString &runDir);
    void historyLoaded(int runCount);
    void runFinished(const QString &runDir); // a launched run ended and its folder is in place

private:
    QWidget *makeHistory();
    void onHistoryLoaded();
    void onJobFinished(RunJob *job);
    void fillFilters();
    void applyFilter();
    void updateCountLabel();
    void showHistoryMenu(const QPoint &pos);
    void activateHistoryRow(const QModelIndex &index);
    QString toRelativeSpec(const QString &specPath) const;

    QString m_root;
    QString m_currentSpec; // project-relative
    QString m_currentVariant;
    RunQueue *m_queue = nullptr;
    RunQueueView *m_queueView = nullptr;
    RunHistoryModel *m_model = nullptr;
    QTreeView *m_history = nullptr;
    QComboBox *m_specFilter = nullptr;
    QComboBox *m_variantFilter = nullptr;
    QLabel *m_countLabel = nullptr;
    QFutureWatcher<QList<RunSummary>> m_loader;
    QString m_loadingRoot;
};

} // namespace greenlight
