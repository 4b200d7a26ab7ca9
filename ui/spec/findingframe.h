#pragma once

#include <QColor>
#include <QPointer>
#include <QWidget>

namespace greenlight {

// The coloured frame drawn around a field a finding points at. It is an overlay beside the
// field (a sibling following its geometry), not a style sheet on it, so spin boxes and combo
// boxes keep their native look. Clicks go through to the field.
class FindingFrame : public QWidget
{
    Q_OBJECT
public:
    FindingFrame(QWidget *target, const QColor &color);

    QWidget *target() const { return m_target; }
    void setColor(const QColor &color);
    // The frame drawn around `target`, if any.
    static FindingFrame *of(const QWidget *target);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void follow();

    QPointer<QWidget> m_target;
    QColor m_color;
};

} // namespace greenlight
