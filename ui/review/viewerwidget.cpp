#include "review/viewerwidget.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTextLayout>

#include <algorithm>
#include <cstdlib>

namespace greenlight {

namespace {

const QColor kBackground(0x16, 0x18, 0x1c);
const QColor kPanel(0, 0, 0, 170);
const QColor kText(0xf2, 0xf4, 0xf7);
const QColor kWord(0xff, 0xd4, 0x4d);

void drawPanelText(QPainter &p, const QPoint &at, const QString &text, const QColor &fill = kPanel,
                   const QColor &ink = kText)
{
    const QFontMetrics fm(p.font());
    const QRect box(at, QSize(fm.horizontalAdvance(text) + 12, fm.height() + 6));
    p.fillRect(box, fill);
    p.setPen(ink);
    p.drawText(box, Qt::AlignCenter, text);
}

} // namespace

ViewerWidget::ViewerWidget(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(320, 180);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
}

void ViewerWidget::setFrameA(qint64 number, const QImage &image)
{
    m_numberA = number;
    m_imageA = image;
    update();
}

void ViewerWidget::setFrameB(qint64 number, const QImage &image)
{
    m_numberB = number;
    m_imageB = image;
    update();
}

void ViewerWidget::clearB()
{
    m_numberB = -1;
    m_imageB = QImage();
    m_difference = QImage();
    update();
}

void ViewerWidget::setLabels(const QString &labelA, const QString &labelB)
{
    m_labelA = labelA;
    m_labelB = labelB;
    update();
}

void ViewerWidget::setCompareMode(CompareMode mode)
{
    m_mode = mode;
    update();
}

void ViewerWidget::setWipePosition(double position)
{
    m_wipe = std::clamp(position, 0.0, 1.0);
    update();
}

void ViewerWidget::setSafeAreasVisible(bool visible)
{
    m_safeAreas = visible;
    update();
}

void ViewerWidget::setNarration(const QString &text, int wordStart, int wordEnd)
{
    m_narration = text;
    m_wordStart = wordStart;
    m_wordEnd = wordEnd;
    update();
}

void ViewerWidget::setChips(const QList<Chip> &chips)
{
    m_chips = chips;
    update();
}

void ViewerWidget::setHelpText(const QString &text)
{
    m_help = text;
    update();
}

QRect ViewerWidget::pictureRect(const QSize &imageSize, const QRect &area) const
{
    if (imageSize.isEmpty() || area.isEmpty())
        return area;
    const QSize fitted = imageSize.scaled(area.size(), Qt::KeepAspectRatio);
    return QRect(area.x() + (area.width() - fitted.width()) / 2, area.y() + (area.height() - fitted.height()) / 2,
                 fitted.width(), fitted.height());
}

void ViewerWidget::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), kBackground);
    QFont f = font();
    f.setPointSizeF(std::max(9.0, f.pointSizeF()));
    p.setFont(f);
    const QRect area = rect().adjusted(8, 8, -8, -8);
    const bool haveB = !m_imageB.isNull() && m_mode != CompareMode::Off;
    QRect picture;
    if (haveB && m_mode == CompareMode::SideBySide) {
        const QRect left(area.x(), area.y(), area.width() / 2 - 4, area.height());
        const QRect right(area.x() + area.width() / 2 + 4, area.y(), area.width() / 2 - 4, area.height());
        paintPicture(p, m_imageA, left, m_labelA);
        paintPicture(p, m_imageB, right, m_labelB);
        picture = pictureRect(m_imageA.size(), left);
    } else if (haveB && m_mode == CompareMode::Wipe) {
        paintWipe(p, area);
        picture = pictureRect(m_imageA.size(), area);
    } else if (haveB && m_mode == CompareMode::Difference) {
        paintDifference(p, area);
        picture = pictureRect(m_imageA.size(), area);
    } else {
        paintPicture(p, m_imageA, area, QString());
        picture = pictureRect(m_imageA.size(), area);
    }
    if (!m_imageA.isNull())
        paintOverlays(p, picture);
    if (!m_status.isEmpty())
        drawPanelText(p, QPoint(area.center().x() - QFontMetrics(p.font()).horizontalAdvance(m_status) / 2,
                                area.center().y()),
                      m_status);
    if (!m_help.isEmpty())
        paintHelp(p);
}

void ViewerWidget::paintPicture(QPainter &p, const QImage &image, const QRect &area, const QString &label)
{
    if (image.isNull())
        return;
    const QRect target = pictureRect(image.size(), area);
    p.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < image.width());
    p.drawImage(target, image);
    if (!label.isEmpty())
        drawPanelText(p, target.topRight() + QPoint(-QFontMetrics(p.font()).horizontalAdvance(label) - 16, 4), label);
}

void ViewerWidget::paintWipe(QPainter &p, const QRect &area)
{
    const QRect target = pictureRect(m_imageA.size(), area);
    p.setRenderHint(QPainter::SmoothPixmapTransform, target.width() < m_imageA.width());
    const int split = target.x() + int(m_wipe * target.width());
    p.save();
    p.setClipRect(QRect(target.x(), target.y(), split - target.x(), target.height()));
    p.drawImage(target, m_imageA);
    p.setClipRect(QRect(split, target.y(), target.right() - split + 1, target.height()));
    p.drawImage(target, m_imageB);
    p.restore();
    p.setPen(QPen(QColor(255, 255, 255, 220), 2));
    p.drawLine(split, target.top(), split, target.bottom());
    drawPanelText(p, target.topLeft() + QPoint(4, 4), m_labelA);
    drawPanelText(p, target.topRight() + QPoint(-QFontMetrics(p.font()).horizontalAdvance(m_labelB) - 16, 4), m_labelB);
}

void ViewerWidget::paintDifference(QPainter &p, const QRect &area)
{
    // |A - B| per channel, brightened so small differences show; black means identical.
    if (m_differenceOf[0] != m_numberA || m_differenceOf[1] != m_numberB || m_difference.isNull()) {
        const QImage a = m_imageA.convertToFormat(QImage::Format_RGB32);
        QImage b = m_imageB.convertToFormat(QImage::Format_RGB32);
        if (b.size() != a.size())
            b = b.scaled(a.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        m_difference = QImage(a.size(), QImage::Format_RGB32);
        for (int y = 0; y < a.height(); ++y) {
            const QRgb *ra = reinterpret_cast<const QRgb *>(a.constScanLine(y));
            const QRgb *rb = reinterpret_cast<const QRgb *>(b.constScanLine(y));
            QRgb *out = reinterpret_cast<QRgb *>(m_difference.scanLine(y));
            for (int x = 0; x < a.width(); ++x) {
                auto d = [](int u, int v) { return std::min(255, std::abs(u - v) * 4); };
                out[x] = qRgb(d(qRed(ra[x]), qRed(rb[x])), d(qGreen(ra[x]), qGreen(rb[x])), d(qBlue(ra[x]), qBlue(rb[x])));
            }
        }
        m_differenceOf[0] = m_numberA;
        m_differenceOf[1] = m_numberB;
    }
    paintPicture(p, m_difference, area, QStringLiteral("|%1 - %2| x4").arg(m_labelA, m_labelB));
}

void ViewerWidget::paintOverlays(QPainter &p, const QRect &picture)
{
    // Frame number and timecode, top left.
    const QString id = QStringLiteral("%1  frame %2").arg(m_timecode).arg(m_numberA);
    drawPanelText(p, picture.topLeft() + QPoint(4, 4), id.trimmed());

    // Findings on this frame, as chips under it.
    QFontMetrics fm(p.font());
    int y = picture.top() + fm.height() + 14;
    for (const Chip &c : m_chips) {
        QColor fill = c.color;
        fill.setAlpha(210);
        drawPanelText(p, QPoint(picture.left() + 4, y), c.text, fill, Qt::white);
        y += fm.height() + 8;
        if (y > picture.center().y())
            break;
    }

    // Safe areas (EBU R 95): action safe 93 %, graphics safe 90 %, centre cross.
    if (m_safeAreas) {
        p.setRenderHint(QPainter::Antialiasing, false);
        const auto inset = [&](double fraction) {
            const int dx = int(picture.width() * (1.0 - fraction) / 2.0);
            const int dy = int(picture.height() * (1.0 - fraction) / 2.0);
            return picture.adjusted(dx, dy, -dx, -dy);
        };
        p.setPen(QPen(QColor(255, 255, 255, 150), 1, Qt::DashLine));
        p.drawRect(inset(0.93));
        p.setPen(QPen(QColor(255, 214, 77, 190), 1, Qt::DashLine));
        p.drawRect(inset(0.90));
        p.setPen(QPen(QColor(255, 255, 255, 120), 1));
        const QPoint c = picture.center();
        p.drawLine(c - QPoint(12, 0), c + QPoint(12, 0));
        p.drawLine(c - QPoint(0, 12), c + QPoint(0, 12));
    }

    // Narration with the current word highlighted, in a band at the top centre, clear of
    // burned-in captions (which sit at the bottom).
    if (!m_narration.isEmpty()) {
        const int width = std::min(picture.width() * 3 / 5, fm.horizontalAdvance(m_narration) + 20);
        QTextLayout layout(m_narration, p.font());
        QTextCharFormat word;
        word.setForeground(QColor(0x16, 0x18, 0x1c));
        word.setBackground(kWord);
        if (m_wordStart >= 0 && m_wordEnd > m_wordStart) {
            QTextLayout::FormatRange r;
            r.start = m_wordStart;
            r.length = m_wordEnd - m_wordStart;
            r.format = word;
            layout.setFormats({r});
        }
        layout.beginLayout();
        qreal h = 0;
        while (true) {
            QTextLine line = layout.createLine();
            if (!line.isValid())
                break;
            line.setLineWidth(width - 20);
            line.setPosition(QPointF(0, h));
            h += line.height();
        }
        layout.endLayout();
        const QRect band(picture.center().x() - width / 2, picture.top() + 4, width, int(h) + 10);
        p.fillRect(band, kPanel);
        p.setPen(kText);
        layout.draw(&p, band.topLeft() + QPointF(10, 5));
    }
}

void ViewerWidget::paintHelp(QPainter &p)
{
    const QRect box = rect().adjusted(width() / 8, height() / 10, -width() / 8, -height() / 10);
    p.fillRect(box, QColor(10, 12, 16, 230));
    p.setPen(QColor(255, 255, 255, 60));
    p.drawRect(box);
    p.setPen(kText);
    QFont mono = p.font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    p.setFont(mono);
    p.drawText(box.adjusted(20, 16, -20, -16), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, m_help);
}

void ViewerWidget::mousePressEvent(QMouseEvent *event)
{
    if (m_mode == CompareMode::Wipe && event->button() == Qt::LeftButton)
        dragWipe(event->position().toPoint());
    QWidget::mousePressEvent(event);
}

void ViewerWidget::mouseMoveEvent(QMouseEvent *event)
{
    if (m_mode == CompareMode::Wipe && (event->buttons() & Qt::LeftButton))
        dragWipe(event->position().toPoint());
    QWidget::mouseMoveEvent(event);
}

void ViewerWidget::dragWipe(const QPoint &pos)
{
    const QRect target = pictureRect(m_imageA.size(), rect().adjusted(8, 8, -8, -8));
    if (target.width() > 0)
        setWipePosition(double(pos.x() - target.x()) / target.width());
}

} // namespace greenlight
