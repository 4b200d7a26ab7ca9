#pragma once

#include <QString>
#include <QWidget>

class QTreeWidget;

namespace greenlight {

// The runs of the open project (runs/<id>/run.json), newest first: kind, spec and variant,
// status, engine and QA state. Activating a render run opens it in the review desk.
class RunListPanel : public QWidget
{
    Q_OBJECT

public:
    explicit RunListPanel(QWidget *parent = nullptr);

    void setProjectRoot(const QString &root);
    void refresh();
    QString currentRun() const; // absolute run folder, or empty
    int runCount() const;
    QTreeWidget *view() const { return m_tree; }

    // The newest succeeded render run of a project, or empty.
    static QString latestRenderRun(const QString &projectRoot);

Q_SIGNALS:
    void reviewRequested(const QString &runDir);

private:
    QString m_root;
    QTreeWidget *m_tree = nullptr;
};

} // namespace greenlight
