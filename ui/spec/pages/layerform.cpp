#include "layerform.h"

#include "assetcombo.h"
#include "colorfield.h"
#include "sceneedits.h"
#include "spec/fieldbinder.h"
#include "spec/specdocument.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace greenlight {

namespace {

constexpr int kCoordinateLimit = 100000;

QComboBox *choiceBox(const QString &objectName, const QList<std::pair<QString, QString>> &items, QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(objectName);
    for (const auto &[label, value] : items)
        box->addItem(label, value);
    return box;
}

QSpinBox *spinBox(const QString &objectName, int minimum, int maximum, const QString &prefix, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(minimum, maximum);
    box->setPrefix(prefix);
    return box;
}

QWidget *row(const QList<QWidget *> &widgets, QWidget *parent)
{
    auto *w = new QWidget(parent);
    auto *layout = new QHBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    for (QWidget *child : widgets) {
        child->setParent(w);
        layout->addWidget(child, 1);
    }
    return w;
}

} // namespace

LayerForm::LayerForm(SpecDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_binder(new FieldBinder(document, this)),
      m_form(new QFormLayout(this)), m_placeholder(new QLabel(tr("Select a layer, or add one."), this)),
      m_id(new QLineEdit(this)), m_type(new QLabel(this)), m_content(new QPlainTextEdit(this)),
      m_asset(new AssetCombo(document, {QStringLiteral("image")}, this)), m_color(new ColorField(this))
{
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_id->setObjectName(QStringLiteral("layerId"));
    m_type->setObjectName(QStringLiteral("layerType"));
    m_content->setObjectName(QStringLiteral("layerContent"));
    m_content->setTabChangesFocus(true);
    m_content->setFixedHeight(m_content->fontMetrics().lineSpacing() * 4 + 12);
    m_asset->setObjectName(QStringLiteral("layerAsset"));
    m_fit = choiceBox(QStringLiteral("layerFit"),
                      {{tr("Contain (default)"), QString()}, {tr("Contain"), QStringLiteral("contain")},
                       {tr("Cover"), QStringLiteral("cover")}, {tr("Fill"), QStringLiteral("fill")}}, this);

    const QStringList boxNames = {QStringLiteral("layerX"), QStringLiteral("layerY"), QStringLiteral("layerWidth"),
                                  QStringLiteral("layerHeight")};
    const QStringList boxPrefixes = {tr("x "), tr("y "), tr("w "), tr("h ")};
    for (int i = 0; i < 4; ++i)
        m_box[i] = spinBox(boxNames[i], i < 2 ? -kCoordinateLimit : 1, kCoordinateLimit, boxPrefixes[i], this);
    m_boxRow = row({m_box[0], m_box[1], m_box[2], m_box[3]}, this);
    m_boxRow->setToolTip(tr("Where the layer sits, in canvas pixels from the top-left corner."));

    // Optional fields sit one below their schema minimum, shown as "not set".
    m_startFrame = spinBox(QStringLiteral("layerStartFrame"), -1, 10'000'000, tr("from "), this);
    m_startFrame->setSpecialValueText(tr("from the start"));
    m_endFrame = spinBox(QStringLiteral("layerEndFrame"), 0, 10'000'000, tr("to "), this);
    m_endFrame->setSpecialValueText(tr("to the end"));
    m_framesRow = row({m_startFrame, m_endFrame}, this);
    m_framesRow->setToolTip(tr("Frames of the scene the layer shows in: from the start frame up to (not "
                               "including) the end frame."));

    m_size = spinBox(QStringLiteral("layerSize"), 3, 1000, QString(), this);
    m_size->setSuffix(tr(" px"));
    m_size->setSpecialValueText(tr("default size"));
    m_weight = choiceBox(QStringLiteral("layerWeight"),
                         {{tr("Default weight"), QString()}, {tr("Regular"), QStringLiteral("regular")},
                          {tr("Bold"), QStringLiteral("bold")}}, this);
    m_color->setObjectName(QStringLiteral("layerColor"));
    m_color->lineEdit()->setPlaceholderText(tr("default colour"));
    m_styleRow = row({m_size, m_weight, m_color}, this);
    m_align = choiceBox(QStringLiteral("layerAlign"),
                        {{tr("Default alignment"), QString()}, {tr("Left"), QStringLiteral("left")},
                         {tr("Centre"), QStringLiteral("center")}, {tr("Right"), QStringLiteral("right")}}, this);
    m_verticalAlign = choiceBox(QStringLiteral("layerVerticalAlign"),
                                {{tr("Default vertical"), QString()}, {tr("Top"), QStringLiteral("top")},
                                 {tr("Middle"), QStringLiteral("middle")}, {tr("Bottom"), QStringLiteral("bottom")}},
                                this);
    m_alignRow = row({m_align, m_verticalAlign}, this);

    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->addRow(m_placeholder);
    m_form->addRow(tr("Layer &id:"), m_id);
    m_form->addRow(tr("Type:"), m_type);
    m_form->addRow(tr("&Text:"), m_content);
    m_form->addRow(tr("&Asset:"), m_asset);
    m_form->addRow(tr("&Fit:"), m_fit);
    m_form->addRow(tr("&Box:"), m_boxRow);
    m_form->addRow(tr("&Frames:"), m_framesRow);
    m_form->addRow(tr("&Style:"), m_styleRow);
    m_form->addRow(tr("A&lign:"), m_alignRow);
    setLayer(-1, -1);
}

QString LayerForm::pointer(const QString &field) const
{
    return SceneEdits::layerPointer(m_scene, m_layer) + field;
}

QString LayerForm::layerType() const
{
    const Json layer = m_layer < 0 ? Json() : m_document->value(pointer());
    return layer.is_object() && layer.value("type", Json()).is_string() ? toQString(layer["type"].get<std::string>())
                                                                        : QString();
}

void LayerForm::setLayer(int sceneIndex, int layerIndex)
{
    m_scene = sceneIndex;
    m_layer = sceneIndex < 0 ? -1 : layerIndex;
    m_binder->clear();
    m_boundType = layerType();
    const bool text = m_boundType == QLatin1String("text");
    const bool media = m_boundType == QLatin1String("image") || m_boundType == QLatin1String("video");
    const bool any = text || media;
    m_form->setRowVisible(m_placeholder, !any);
    for (QWidget *w : {static_cast<QWidget *>(m_id), static_cast<QWidget *>(m_type), m_boxRow, m_framesRow})
        m_form->setRowVisible(w, any);
    m_form->setRowVisible(m_content, text);
    m_form->setRowVisible(m_styleRow, text);
    m_form->setRowVisible(m_alignRow, text);
    m_form->setRowVisible(m_asset, media);
    m_form->setRowVisible(m_fit, media);
    if (!any)
        return;
    m_type->setText(text ? tr("Text") : m_boundType == QLatin1String("image") ? tr("Image") : tr("Video"));
    m_binder->bindLineEdit(m_id, pointer(QStringLiteral("/id")));
    const QStringList boxKeys = {QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("width"),
                                 QStringLiteral("height")};
    for (int i = 0; i < 4; ++i)
        m_binder->bindSpinBox(m_box[i], pointer(QStringLiteral("/box/") + boxKeys[i]));
    m_binder->registerWidget(m_boxRow, pointer(QStringLiteral("/box")));
    m_binder->bindSpinBox(m_startFrame, pointer(QStringLiteral("/startFrame")), FieldBinder::Presence::Optional);
    m_binder->bindSpinBox(m_endFrame, pointer(QStringLiteral("/endFrame")), FieldBinder::Presence::Optional);
    if (text) {
        m_binder->bindPlainTextEdit(m_content, pointer(QStringLiteral("/content")));
        m_binder->bindSpinBox(m_size, pointer(QStringLiteral("/style/sizePx")), FieldBinder::Presence::Optional);
        m_binder->bindComboBox(m_weight, pointer(QStringLiteral("/style/weight")), FieldBinder::Presence::Optional);
        m_color->bind(m_binder, pointer(QStringLiteral("/style/color")), true);
        m_binder->bindComboBox(m_align, pointer(QStringLiteral("/style/align")), FieldBinder::Presence::Optional);
        m_binder->bindComboBox(m_verticalAlign, pointer(QStringLiteral("/style/verticalAlign")),
                               FieldBinder::Presence::Optional);
        m_binder->registerWidget(m_styleRow, pointer(QStringLiteral("/style")));
    } else {
        m_asset->setKinds({m_boundType});
        m_asset->reload(pointer(QStringLiteral("/asset")));
        m_binder->bindComboBox(m_asset, pointer(QStringLiteral("/asset")));
        m_binder->bindComboBox(m_fit, pointer(QStringLiteral("/fit")), FieldBinder::Presence::Optional);
    }
}

void LayerForm::refresh(const QString &changedPointer)
{
    if (m_layer < 0)
        return;
    if (layerType() != m_boundType) {
        setLayer(m_scene, m_layer); // another kind of layer moved into this place
        return;
    }
    if (m_boundType != QLatin1String("text")
        && (changedPointer.isEmpty() || FieldBinder::isUnder(changedPointer, QStringLiteral("/assets"))
            || FieldBinder::isUnder(pointer(), changedPointer)))
        m_asset->reload(pointer(QStringLiteral("/asset")));
}

void LayerForm::showFindings(const Findings &findings)
{
    m_binder->showFindings(findings);
}

QWidget *LayerForm::widgetFor(const QString &pointer) const
{
    return m_binder->widgetFor(pointer);
}

} // namespace greenlight
