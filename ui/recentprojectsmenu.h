#pragma once

#include <QMenu>

namespace greenlight {

class RecentProjects;

// File > Open Recent: one numbered entry per recent project (disabled when its folder is
// gone) and Clear Recent. Rebuilt whenever the list changes.
class RecentProjectsMenu : public QMenu
{
    Q_OBJECT
public:
    RecentProjectsMenu(RecentProjects *recent, QWidget *parent = nullptr);

Q_SIGNALS:
    void projectRequested(const QString &projectRoot);

private:
    void rebuild();

    RecentProjects *m_recent;
};

} // namespace greenlight
