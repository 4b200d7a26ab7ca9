#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace greenlight {

class SpecListModel;

// The project's specs as a sortable, filterable table. Reports the current spec by path.
class SpecListPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SpecListPanel(QWidget *parent = nullptr);

    // nullptr shows nothing. The model is not owned.
    void setModel(SpecListModel *model);
    QString currentSpec() const;
    void selectSpec(const QString &relativePath);
    void selectFirstSpec();
    QTableView *view() const { return m_view; }
    QLineEdit *filterEdit() const { return m_filter; }

Q_SIGNALS:
    void currentSpecChanged(const QString &relativePath);
    // Double-click or Enter on a spec: the user wants to edit it.
    void specActivated(const QString &relativePath);

private:
    void fitColumns();

    QLineEdit *m_filter;
    QTableView *m_view;
    QSortFilterProxyModel *m_proxy;
    SpecListModel *m_model = nullptr;
};

} // namespace greenlight
