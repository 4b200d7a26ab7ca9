#pragma once

#include "qa/finding.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace greenlight {

class AssetCombo;
class ColorField;
class FieldBinder;
class SpecDocument;

// The fields of one layer: id, text content or asset and fit, the box on the canvas (x, y,
// width, height in canvas pixels), the frames it shows (start, end) and, for text, its style.
class LayerForm : public QWidget
{
    Q_OBJECT
public:
    LayerForm(SpecDocument *document, QWidget *parent = nullptr);

    // Shows layer `layerIndex` of scene `sceneIndex` (-1 = none) and binds the fields to it.
    void setLayer(int sceneIndex, int layerIndex);
    int scene() const { return m_scene; }
    int layer() const { return m_layer; }
    // Follows a document change (the layer's type, the asset list).
    void refresh(const QString &changedPointer);
    void showFindings(const Findings &findings);
    QWidget *widgetFor(const QString &pointer) const;

    QPlainTextEdit *contentEdit() const { return m_content; }
    AssetCombo *assetBox() const { return m_asset; }
    QSpinBox *boxField(int i) const { return m_box[i]; } // x, y, width, height
    QSpinBox *startFrameBox() const { return m_startFrame; }
    QSpinBox *endFrameBox() const { return m_endFrame; }

private:
    QString pointer(const QString &field = {}) const;
    QString layerType() const;

    SpecDocument *m_document;
    FieldBinder *m_binder;
    int m_scene = -1;
    int m_layer = -1;
    QString m_boundType;
    QFormLayout *m_form;
    QLabel *m_placeholder;
    QLineEdit *m_id;
    QLabel *m_type;
    QPlainTextEdit *m_content;
    AssetCombo *m_asset;
    QComboBox *m_fit;
    QWidget *m_boxRow;
    QSpinBox *m_box[4];
    QWidget *m_framesRow;
    QSpinBox *m_startFrame;
    QSpinBox *m_endFrame;
    QWidget *m_styleRow;
    QSpinBox *m_size;
    QComboBox *m_weight;
    ColorField *m_color;
    QWidget *m_alignRow;
    QComboBox *m_align;
    QComboBox *m_verticalAlign;
};

} // namespace greenlight
