#pragma once

#include <QWidget>

class QKeySequence;
class QLabel;
class QListWidget;
class QPushButton;

namespace greenlight {

// What the window shows when no project is open: how to open one (button, shortcut, drop)
// and the recent projects. Missing recent projects are listed disabled.
class EmptyStateWidget : public QWidget
{
    Q_OBJECT
public:
    explicit EmptyStateWidget(QWidget *parent = nullptr);

    void setOpenShortcut(const QKeySequence &shortcut);
    void setRecentProjects(const QStringList &projectRoots);

    QString message() const;
    QPushButton *openButton() const { return m_openButton; }
    QPushButton *demoButton() const { return m_demoButton; }
    QListWidget *recentList() const { return m_recentList; }

Q_SIGNALS:
    void openProjectRequested();
    void openDemoRequested();
    void recentProjectRequested(const QString &projectRoot);

private:
    QLabel *m_message;
    QPushButton *m_openButton;
    QPushButton *m_demoButton;
    QLabel *m_recentTitle;
    QListWidget *m_recentList;
};

} // namespace greenlight
