#pragma once

#include "common/jsonio.h"

#include <QDateTime>
#include <QHash>
#include <QImage>
#include <QWidget>

namespace greenlight {

class SpecDocument;

// A small drawing of one scene at the spec's aspect ratio: the background, each layer's box
// (text with its words, elided when they do not fit; images drawn from the project's asset
// files, fitted into the box), the selected layer highlighted. Clicking a box selects its
// layer. Follows the document: call update() (or setScene) after it changed.
class LayerPreview : public QWidget
{
    Q_OBJECT
public:
    LayerPreview(SpecDocument *document, QWidget *parent = nullptr);

    void setScene(int sceneIndex);
    int scene() const { return m_scene; }
    void setSelectedLayer(int layerIndex);
    int selectedLayer() const { return m_selected; }

    // Where the canvas and a layer's box are drawn, in widget coordinates.
    QRectF canvasRect() const;
    QRectF layerRect(int layerIndex) const;
    // The topmost layer whose box holds `pos`, or -1.
    int layerAt(const QPointF &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void layerClicked(int layerIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QSize canvasSize() const;
    Json sceneJson() const;
    // An asset's image, scaled down for drawing and cached by file (null when unreadable).
    QImage assetImage(const QString &assetId) const;
    void paintBackground(QPainter &p, const QRectF &canvas, const Json &background) const;
    void paintLayer(QPainter &p, const Json &layer, const QRectF &box, double scale) const;

    struct CachedImage
    {
        QDateTime modified;
        qint64 size = -1;
        QImage image;
    };

    SpecDocument *m_document;
    int m_scene = -1;
    int m_selected = -1;
    mutable QHash<QString, CachedImage> m_images;
};

} // namespace greenlight
