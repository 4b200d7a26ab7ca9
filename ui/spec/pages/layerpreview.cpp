#include "layerpreview.h"

#include "colorfield.h"
#include "sceneedits.h"
#include "spec/specdocument.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QLinearGradient>
#include <QMouseEvent>
#include <QPainter>
#include <QTextLayout>

#include <cmath>

namespace greenlight {

namespace {

constexpr int kMargin = 8;
constexpr int kMaxImageSide = 1024;
const QColor kSelection(0x2F, 0x9B, 0xFF);

QString str(const Json &object, const char *key, const QString &fallback = {})
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return fallback;
    return toQString(object[key].get<std::string>());
}

int integer(const Json &object, const char *key, int fallback)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_number())
        return fallback;
    return int(object[key].get<double>());
}

QColor color(const QString &text, const QColor &fallback)
{
    const QColor c = ColorField::parse(text);
    return c.isValid() ? c : fallback;
}

// Where an image of `size` goes in `box` for a fit mode (contain | cover | fill).
QRectF fitted(const QSizeF &size, const QRectF &box, const QString &fit)
{
    if (fit == QLatin1String("fill") || size.isEmpty())
        return box;
    const double sx = box.width() / size.width();
    const double sy = box.height() / size.height();
    const double s = fit == QLatin1String("cover") ? std::max(sx, sy) : std::min(sx, sy);
    const QSizeF scaled = size * s;
    return QRectF(box.center() - QPointF(scaled.width() / 2, scaled.height() / 2), scaled);
}

// Lays `text` out in `box` line by line; the last line that fits is elided when more is left.
void drawElidedText(QPainter &p, const QString &text, const QRectF &box, Qt::Alignment align)
{
    const QFontMetricsF fm(p.font());
    QTextLayout layout(text, p.font());
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    QStringList lines;
    layout.beginLayout();
    const int maxLines = std::max(1, int(box.height() / fm.lineSpacing()));
    for (;;) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(box.width());
        if (lines.size() == maxLines - 1) {
            const QString rest = text.mid(line.textStart()).simplified();
            lines.append(fm.elidedText(rest, Qt::ElideRight, box.width()));
            break;
        }
        lines.append(text.mid(line.textStart(), line.textLength()).trimmed());
    }
    layout.endLayout();
    const double height = lines.size() * fm.lineSpacing();
    double y = box.top();
    if (align & Qt::AlignVCenter)
        y = box.center().y() - height / 2;
    else if (align & Qt::AlignBottom)
        y = box.bottom() - height;
    for (const QString &line : std::as_const(lines)) {
        const QRectF r(box.left(), y, box.width(), fm.lineSpacing());
        p.drawText(r, int(align & Qt::AlignHorizontal_Mask) | Qt::AlignVCenter, line);
        y += fm.lineSpacing();
    }
}

} // namespace

LayerPreview::LayerPreview(SpecDocument *document, QWidget *parent) : QWidget(parent), m_document(document)
{
    setObjectName(QStringLiteral("layerPreview"));
    setAccessibleName(tr("Scene preview"));
    setToolTip(tr("The scene at the spec's aspect ratio. Click a box to select its layer."));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void LayerPreview::setScene(int sceneIndex)
{
    m_scene = sceneIndex;
    update();
}

void LayerPreview::setSelectedLayer(int layerIndex)
{
    if (m_selected == layerIndex)
        return;
    m_selected = layerIndex;
    update();
}

QSize LayerPreview::sizeHint() const
{
    return {280, 360};
}

QSize LayerPreview::minimumSizeHint() const
{
    return {120, 120};
}

QSize LayerPreview::canvasSize() const
{
    const Json canvas = m_document->value(QStringLiteral("/canvas"));
    return {std::max(16, integer(canvas, "width", 1080)), std::max(16, integer(canvas, "height", 1920))};
}

Json LayerPreview::sceneJson() const
{
    return m_scene < 0 ? Json() : m_document->value(SceneEdits::scenePointer(m_scene));
}

QRectF LayerPreview::canvasRect() const
{
    const QSizeF canvas = canvasSize();
    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -kMargin, -kMargin);
    const double scale = std::min(area.width() / canvas.width(), area.height() / canvas.height());
    const QSizeF size = canvas * std::max(scale, 0.01);
    return QRectF(area.center() - QPointF(size.width() / 2, size.height() / 2), size);
}

QRectF LayerPreview::layerRect(int layerIndex) const
{
    const Json scene = sceneJson();
    if (!scene.is_object() || !scene.contains("layers") || !scene["layers"].is_array()
        || layerIndex < 0 || size_t(layerIndex) >= scene["layers"].size())
        return {};
    const Json box = scene["layers"][size_t(layerIndex)].value("box", Json::object());
    const QRectF canvas = canvasRect();
    const double scale = canvas.width() / canvasSize().width();
    return QRectF(canvas.left() + integer(box, "x", 0) * scale, canvas.top() + integer(box, "y", 0) * scale,
                  integer(box, "width", 0) * scale, integer(box, "height", 0) * scale);
}

int LayerPreview::layerAt(const QPointF &pos) const
{
    const Json scene = sceneJson();
    if (!scene.is_object() || !scene.contains("layers") || !scene["layers"].is_array())
        return -1;
    for (int i = int(scene["layers"].size()) - 1; i >= 0; --i)
        if (layerRect(i).contains(pos))
            return i;
    return -1;
}

QImage LayerPreview::assetImage(const QString &assetId) const
{
    const Json assets = m_document->value(QStringLiteral("/assets"));
    if (!assets.is_array())
        return {};
    QString relative;
    for (const Json &a : assets)
        if (str(a, "id") == assetId)
            relative = str(a, "path");
    if (relative.isEmpty())
        return {};
    const QFileInfo fi(QDir(m_document->projectRoot()).filePath(relative));
    if (!fi.isFile())
        return {};
    const QString key = fi.absoluteFilePath();
    auto it = m_images.find(key);
    if (it != m_images.end() && it->modified == fi.lastModified() && it->size == fi.size())
        return it->image;
    QImageReader reader(key);
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (size.isValid() && std::max(size.width(), size.height()) > kMaxImageSide)
        reader.setScaledSize(size.scaled(kMaxImageSide, kMaxImageSide, Qt::KeepAspectRatio));
    const QImage image = reader.read(); // null for videos and unreadable files
    m_images.insert(key, CachedImage{fi.lastModified(), fi.size(), image});
    return image;
}

void LayerPreview::paintBackground(QPainter &p, const QRectF &canvas, const Json &background) const
{
    const QString type = str(background, "type");
    if (type == QLatin1String("gradient")) {
        const bool horizontal = str(background, "direction") == QLatin1String("horizontal");
        QLinearGradient g(canvas.topLeft(), horizontal ? canvas.topRight() : canvas.bottomLeft());
        g.setColorAt(0, color(str(background, "from"), Qt::black));
        g.setColorAt(1, color(str(background, "to"), Qt::black));
        p.fillRect(canvas, g);
    } else if (type == QLatin1String("asset")) {
        p.fillRect(canvas, Qt::black);
        const QImage image = assetImage(str(background, "asset"));
        if (!image.isNull()) {
            p.save();
            p.setClipRect(canvas);
            p.drawImage(fitted(image.size(), canvas, str(background, "fit", QStringLiteral("cover"))), image);
            p.restore();
        }
    } else {
        p.fillRect(canvas, color(str(background, "color"), Qt::black));
    }
}

void LayerPreview::paintLayer(QPainter &p, const Json &layer, const QRectF &box, double scale) const
{
    const QString type = str(layer, "type");
    if (type == QLatin1String("text")) {
        const Json defaults = m_document->value(QStringLiteral("/defaults/textStyle"));
        const Json own = layer.value("style", Json::object());
        auto style = [&](const char *key, const QString &fallback) {
            return str(own, key, str(defaults, key, fallback));
        };
        const int sizePx = integer(own, "sizePx", integer(defaults, "sizePx", 48));
        const int padding = integer(own, "paddingPx", integer(defaults, "paddingPx", 0));
        if (const QColor bg = ColorField::parse(style("background", {})); bg.isValid())
            p.fillRect(box, bg);
        QFont font(style("font", QStringLiteral("DejaVu Sans")));
        font.setPixelSize(std::max(4, int(std::lround(sizePx * scale))));
        font.setBold(style("weight", {}) == QLatin1String("bold"));
        p.setFont(font);
        p.setPen(color(style("color", QStringLiteral("#FFFFFF")), Qt::white));
        const QString align = style("align", QStringLiteral("left"));
        const QString valign = style("verticalAlign", QStringLiteral("top"));
        Qt::Alignment a = align == QLatin1String("center") ? Qt::AlignHCenter
                          : align == QLatin1String("right") ? Qt::AlignRight : Qt::AlignLeft;
        a |= valign == QLatin1String("middle") ? Qt::AlignVCenter
             : valign == QLatin1String("bottom") ? Qt::AlignBottom : Qt::AlignTop;
        const QRectF inner = box.adjusted(padding * scale, padding * scale, -padding * scale, -padding * scale);
        p.save();
        p.setClipRect(box, Qt::IntersectClip);
        drawElidedText(p, str(layer, "content"), inner, a);
        p.restore();
        return;
    }
    const QImage image = assetImage(str(layer, "asset"));
    if (!image.isNull()) {
        p.save();
        p.setClipRect(box, Qt::IntersectClip);
        p.drawImage(fitted(image.size(), box, str(layer, "fit", QStringLiteral("contain"))), image);
        p.restore();
        return;
    }
    // Videos and missing files: a labelled placeholder.
    p.fillRect(box, QColor(255, 255, 255, 40));
    QFont font = this->font();
    font.setPixelSize(std::max(8, int(box.height() / 6)));
    p.setFont(font);
    p.setPen(QColor(255, 255, 255, 200));
    const QString label = (type == QLatin1String("video") ? tr("video") : tr("image")) + QStringLiteral(": ")
                          + str(layer, "asset", tr("none"));
    p.drawText(box, Qt::AlignCenter, p.fontMetrics().elidedText(label, Qt::ElideRight, int(box.width())));
}

void LayerPreview::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.fillRect(rect(), palette().color(QPalette::Window).darker(115));
    const Json scene = sceneJson();
    const QRectF canvas = canvasRect();
    if (!scene.is_object()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No scene"));
        return;
    }
    paintBackground(p, canvas, scene.value("background", Json::object()));
    const double scale = canvas.width() / canvasSize().width();
    const Json layers = scene.value("layers", Json::array());
    // Content stays on the canvas; outlines show boxes that reach past its edges.
    p.save();
    p.setClipRect(canvas);
    for (size_t i = 0; layers.is_array() && i < layers.size(); ++i)
        paintLayer(p, layers[i], layerRect(int(i)), scale);
    p.restore();
    for (size_t i = 0; layers.is_array() && i < layers.size(); ++i) {
        if (int(i) == m_selected)
            continue;
        p.setPen(QPen(QColor(255, 255, 255, 150), 1, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        p.drawRect(layerRect(int(i)));
    }
    if (m_selected >= 0 && layers.is_array() && size_t(m_selected) < layers.size()) {
        const QRectF r = layerRect(m_selected);
        p.setPen(QPen(kSelection, 2));
        p.drawRect(r);
        p.setBrush(kSelection);
        p.setPen(Qt::NoPen);
        for (const QPointF &c : {r.topLeft(), r.topRight(), r.bottomLeft(), r.bottomRight()})
            p.drawRect(QRectF(c - QPointF(3, 3), QSizeF(6, 6)));
    }
    p.setPen(palette().color(QPalette::Mid));
    p.setBrush(Qt::NoBrush);
    p.drawRect(canvas);
}

void LayerPreview::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const int layer = layerAt(event->position());
    if (layer >= 0) {
        setSelectedLayer(layer);
        Q_EMIT layerClicked(layer);
    }
    event->accept();
}

} // namespace greenlight
