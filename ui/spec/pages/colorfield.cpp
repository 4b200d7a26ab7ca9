#include "colorfield.h"

#include "common/jsonio.h"
#include "spec/fieldbinder.h"

#include <QColorDialog>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QRegularExpressionValidator>
#include <QToolButton>

namespace greenlight {

ColorField::ColorField(QWidget *parent) : QWidget(parent), m_edit(new QLineEdit(this)), m_swatch(new QToolButton(this))
{
    m_edit->setPlaceholderText(QStringLiteral("#RRGGBB"));
    m_edit->setMaxLength(9);
    m_edit->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("#[0-9a-fA-F]{0,8}")), m_edit));
    m_swatch->setToolTip(tr("Pick a colour"));
    m_swatch->setAccessibleName(tr("Pick a colour"));
    m_swatch->setIconSize(QSize(28, 16));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_swatch);
    layout->addWidget(m_edit, 1);
    setFocusProxy(m_edit);
    connect(m_edit, &QLineEdit::textChanged, this, &ColorField::updateSwatch);
    connect(m_swatch, &QToolButton::clicked, this, &ColorField::pick);
    updateSwatch();
}

void ColorField::bind(FieldBinder *binder, const QString &pointer, bool optional)
{
    m_binder = binder;
    m_pointer = pointer;
    binder->bindLineEdit(m_edit, pointer,
                         optional ? FieldBinder::Presence::Optional : FieldBinder::Presence::Required);
    updateSwatch();
}

QColor ColorField::parse(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?$"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return {};
    QColor color(QLatin1Char('#') + m.captured(1));
    if (m.hasCaptured(2))
        color.setAlpha(m.captured(2).toInt(nullptr, 16));
    return color;
}

QString ColorField::format(const QColor &color)
{
    QString hex = color.name(QColor::HexRgb).toUpper();
    if (color.alpha() != 255)
        hex += QStringLiteral("%1").arg(color.alpha(), 2, 16, QLatin1Char('0')).toUpper();
    return hex;
}

void ColorField::updateSwatch()
{
    const QColor color = parse(m_edit->text());
    QPixmap pixmap(m_swatch->iconSize() * devicePixelRatioF());
    pixmap.setDevicePixelRatio(devicePixelRatioF());
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    const QRectF r(0.5, 0.5, m_swatch->iconSize().width() - 1.0, m_swatch->iconSize().height() - 1.0);
    if (color.isValid()) {
        p.fillRect(r, Qt::white);
        p.fillRect(r, color);
    } else {
        p.setPen(QPen(palette().color(QPalette::PlaceholderText), 1.0));
        p.drawLine(r.bottomLeft(), r.topRight());
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(r);
    p.end();
    m_swatch->setIcon(QIcon(pixmap));
}

void ColorField::pick()
{
    const QColor current = parse(m_edit->text());
    const QColor color = QColorDialog::getColor(current.isValid() ? current : QColor(Qt::white), this,
                                                tr("Choose Colour"), QColorDialog::ShowAlphaChannel);
    if (!color.isValid())
        return;
    const QString hex = format(color);
    if (m_binder)
        m_binder->writeValue(m_pointer, Json(toStd(hex)), tr("Change Colour"));
    else
        m_edit->setText(hex);
}

} // namespace greenlight
