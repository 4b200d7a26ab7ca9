#pragma once

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace greenlight {

class FindingsModel;
struct SpecStatus;

// The findings of the current spec: a heading naming the spec and its state, then a table of
// findings (severity, code, location, variant, message), or a short message when there is
// nothing to list.
class FindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget *parent = nullptr);

    // nullptr: no spec selected. The status is copied.
    void showSpec(const SpecStatus *status);
    // Text for when no project is open.
    void showNoProject();

    FindingsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QString heading() const;
    QString placeholderText() const;

private:
    void showPlaceholder(const QString &text);

    QLabel *m_heading;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    QTableView *m_view;
    FindingsModel *m_model;
    QSortFilterProxyModel *m_proxy;
};

} // namespace greenlight
