#pragma once

#include <QHash>
#include <QWidget>

class QAction;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace greenlight {

class RunJob;
class RunQueue;

// The queue part of the runs panel: one row per launched run with its state, a progress
// bar, elapsed and estimated remaining time, and the live log of the selected run.
class RunQueueView : public QWidget
{
    Q_OBJECT

public:
    explicit RunQueueView(RunQueue *queue, QWidget *parent = nullptr);

    RunJob *currentJob() const;
    void setCurrentJob(RunJob *job);
    QTreeWidget *view() const { return m_tree; }
    QPlainTextEdit *logView() const { return m_log; }
    QPushButton *launchButton() const { return m_launch; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *retryButton() const { return m_retry; }

    // "1:05"; "—" when negative.
    static QString clockText(qint64 ms);

Q_SIGNALS:
    void launchRequested();
    void inspectRequested(const QString &runDir);
    void reviewRequested(const QString &runDir);

private:
    enum Column { TitleColumn, StateColumn, ProgressColumn, ElapsedColumn, RemainingColumn, EngineColumn, ColumnCount };

    void addJob(RunJob *job);
    void removeJob(RunJob *job);
    void updateJob(RunJob *job);
    void updateTimes();
    void updateButtons();
    void showLogOf(RunJob *job);
    void makeContextActions();

    RunQueue *m_queue = nullptr;
    QTreeWidget *m_tree = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QPushButton *m_launch = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_clear = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_retryAction = nullptr;
    QAction *m_inspectAction = nullptr;
    QAction *m_reviewAction = nullptr;
    QTimer *m_clock = nullptr;
    QHash<RunJob *, QTreeWidgetItem *> m_items;
    RunJob *m_logJob = nullptr;
};

} // namespace greenlight
