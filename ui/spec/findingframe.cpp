#include "findingframe.h"

#include <QEvent>
#include <QPainter>

namespace greenlight {

namespace {

constexpr int kOutset_px = 2;

} // namespace

FindingFrame::FindingFrame(QWidget *target, const QColor &color)
    : QWidget(target->parentWidget() ? target->parentWidget() : target), m_target(target), m_color(color)
{
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    target->installEventFilter(this);
    connect(target, &QObject::destroyed, this, &QObject::deleteLater);
    follow();
}

void FindingFrame::setColor(const QColor &color)
{
    m_color = color;
    update();
}

FindingFrame *FindingFrame::of(const QWidget *target)
{
    if (!target)
        return nullptr;
    QWidget *host = target->parentWidget() ? target->parentWidget() : const_cast<QWidget *>(target);
    for (FindingFrame *frame : host->findChildren<FindingFrame *>(Qt::FindDirectChildrenOnly)) {
        if (frame->target() == target)
            return frame;
    }
    return nullptr;
}

bool FindingFrame::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_target) {
        switch (event->type()) {
        case QEvent::Move:
        case QEvent::Resize:
        case QEvent::Show:
        case QEvent::Hide:
        case QEvent::ShowToParent:
        case QEvent::HideToParent:
        case QEvent::ZOrderChange:
            follow();
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FindingFrame::follow()
{
    if (!m_target)
        return;
    if (parentWidget() == m_target) {
        setGeometry(m_target->rect());
    } else {
        setGeometry(m_target->geometry().adjusted(-kOutset_px, -kOutset_px, kOutset_px, kOutset_px));
    }
    setVisible(m_target->isVisibleTo(parentWidget()) || parentWidget() == m_target);
    raise();
}

void FindingFrame::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(m_color, 2.0));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(rect()).adjusted(1.0, 1.0, -1.0, -1.0), 3.0, 3.0);
}

} // namespace greenlight
