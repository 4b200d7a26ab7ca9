#include "sceneform.h"

#include "assetcombo.h"
#include "colorfield.h"
#include "durationedit.h"
#include "sceneedits.h"
#include "spec/fieldbinder.h"
#include "spec/specdocument.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QStandardItemModel>

namespace greenlight {

namespace {

QString str(const Json &object, const char *key)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return toQString(object[key].get<std::string>());
}

QComboBox *choiceBox(const QString &objectName, const QList<std::pair<QString, QString>> &items, QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(objectName);
    for (const auto &[label, value] : items)
        box->addItem(label, value);
    return box;
}

} // namespace

SceneForm::SceneForm(SpecDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_binder(new FieldBinder(document, this)),
      m_form(new QFormLayout(this)), m_id(new QLineEdit(this)), m_idMessage(new QLabel(this)),
      m_duration(new DurationEdit(this)), m_color(new ColorField(this)), m_gradientFrom(new ColorField(this)), m_gradientTo(new ColorField(this)),
      m_backgroundAsset(new AssetCombo(document, {QStringLiteral("image"), QStringLiteral("video")}, this)),
      m_transitionRow(new QWidget(this)), m_transitionFrames(new QSpinBox(m_transitionRow))
{
    m_id->setObjectName(QStringLiteral("sceneId"));
    m_id->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[a-z0-9_-]{0,64}")), m_id));
    m_id->setToolTip(tr("The scene's id. Renaming it also renames every reference to it — narration "
                        "segments, caption lines, the call to action and the variants' overrides — "
                        "in one undo step."));
    m_idMessage->setObjectName(QStringLiteral("sceneIdMessage"));
    m_idMessage->setWordWrap(true);
    m_idMessage->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_idMessage->hide();
    connect(m_id, &QLineEdit::editingFinished, this, &SceneForm::commitId);

    m_role = choiceBox(QStringLiteral("sceneRole"),
                       {{tr("Hook"), QStringLiteral("hook")}, {tr("Body"), QStringLiteral("body")},
                        {tr("Proof"), QStringLiteral("proof")}, {tr("Call to action"), QStringLiteral("cta")},
                        {tr("Outro"), QStringLiteral("outro")}}, this);
    m_duration->setObjectName(QStringLiteral("sceneDuration"));
    connect(m_duration, &DurationEdit::framesEdited, this, [this](qint64 frames) {
        if (!m_updating && m_scene >= 0)
            SceneEdits::setSceneDuration(m_document, m_scene, frames);
    });

    m_backgroundType = choiceBox(QStringLiteral("backgroundType"),
                                 {{tr("Colour"), QStringLiteral("color")}, {tr("Gradient"), QStringLiteral("gradient")},
                                  {tr("Image or video"), QStringLiteral("asset")}}, this);
    connect(m_backgroundType, &QComboBox::currentIndexChanged, this, &SceneForm::changeBackgroundType);
    m_color->setObjectName(QStringLiteral("backgroundColor"));
    m_gradientFrom->setObjectName(QStringLiteral("gradientFrom"));
    m_gradientTo->setObjectName(QStringLiteral("gradientTo"));
    m_gradientDirection = choiceBox(QStringLiteral("gradientDirection"),
                                    {{tr("Vertical (default)"), QString()}, {tr("Vertical"), QStringLiteral("vertical")},
                                     {tr("Horizontal"), QStringLiteral("horizontal")}}, this);
    m_backgroundAsset->setObjectName(QStringLiteral("backgroundAsset"));
    m_backgroundFit = choiceBox(QStringLiteral("backgroundFit"),
                                {{tr("Cover (default)"), QString()}, {tr("Contain"), QStringLiteral("contain")},
                                 {tr("Cover"), QStringLiteral("cover")}, {tr("Fill"), QStringLiteral("fill")}}, this);
    m_transition = choiceBox(QStringLiteral("transitionType"),
                             {{tr("Spec default"), QString()}, {tr("Cut"), QStringLiteral("cut")},
                              {tr("Fade"), QStringLiteral("fade")}}, m_transitionRow);
    m_transition->setToolTip(tr("How the scene comes in. \"Spec default\" uses the transition under the spec's defaults."));
    connect(m_transition, &QComboBox::currentIndexChanged, this, &SceneForm::changeTransition);
    m_transitionFrames->setObjectName(QStringLiteral("transitionFrames"));
    m_transitionFrames->setRange(-1, 100000);
    m_transitionFrames->setSpecialValueText(tr("default"));
    m_transitionFrames->setSuffix(tr(" frames"));
    auto *transitionRow = new QHBoxLayout(m_transitionRow);
    transitionRow->setContentsMargins(0, 0, 0, 0);
    transitionRow->addWidget(m_transition, 1);
    transitionRow->addWidget(m_transitionFrames);

    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->addRow(tr("&Id:"), m_id);
    m_form->addRow(QString(), m_idMessage);
    m_form->addRow(tr("&Role:"), m_role);
    m_form->addRow(tr("&Duration:"), m_duration);
    m_form->addRow(tr("&Background:"), m_backgroundType);
    m_form->addRow(tr("Colour:"), m_color);
    m_form->addRow(tr("From:"), m_gradientFrom);
    m_form->addRow(tr("To:"), m_gradientTo);
    m_form->addRow(tr("Direction:"), m_gradientDirection);
    m_form->addRow(tr("Asset:"), m_backgroundAsset);
    m_form->addRow(tr("Fit:"), m_backgroundFit);
    m_form->addRow(tr("&Transition in:"), m_transitionRow);
    setFocusProxy(m_id);
    setScene(-1);
}

QString SceneForm::pointer(const QString &field) const
{
    return SceneEdits::scenePointer(m_scene) + field;
}

void SceneForm::setScene(int index)
{
    m_scene = index;
    m_idMessage->hide();
    bind();
}

void SceneForm::bind()
{
    m_binder->clear();
    setEnabled(m_scene >= 0);
    if (m_scene < 0)
        return;
    m_updating = true;
    m_backgroundAsset->reload(pointer(QStringLiteral("/background/asset")));
    m_updating = false;
    m_binder->registerWidget(m_id, pointer(QStringLiteral("/id")));
    m_binder->bindComboBox(m_role, pointer(QStringLiteral("/role")));
    m_binder->registerWidget(m_duration->framesBox(), pointer(QStringLiteral("/durationFrames")));
    m_binder->registerWidget(m_duration->secondsBox(), pointer(QStringLiteral("/durationFrames")));
    m_binder->registerWidget(m_backgroundType, pointer(QStringLiteral("/background")));
    m_color->bind(m_binder, pointer(QStringLiteral("/background/color")));
    m_gradientFrom->bind(m_binder, pointer(QStringLiteral("/background/from")));
    m_gradientTo->bind(m_binder, pointer(QStringLiteral("/background/to")));
    m_binder->bindComboBox(m_gradientDirection, pointer(QStringLiteral("/background/direction")),
                           FieldBinder::Presence::Optional);
    m_binder->bindComboBox(m_backgroundAsset, pointer(QStringLiteral("/background/asset")));
    m_binder->bindComboBox(m_backgroundFit, pointer(QStringLiteral("/background/fit")), FieldBinder::Presence::Optional);
    m_binder->registerWidget(m_transition, pointer(QStringLiteral("/transitionIn")));
    m_binder->bindSpinBox(m_transitionFrames, pointer(QStringLiteral("/transitionIn/durationFrames")),
                          FieldBinder::Presence::Optional);
    m_id->setText(str(m_document->value(pointer()), "id"));
    refresh(QString());
}

void SceneForm::refresh(const QString &changedPointer)
{
    const Json scene = m_scene < 0 ? Json() : m_document->value(pointer());
    if (!scene.is_object())
        return;
    m_updating = true;
    if (!m_id->isModified())
        m_id->setText(str(scene, "id"));
    const bool onBase = m_document->editingVariant().isEmpty();
    m_id->setReadOnly(!onBase);
    m_id->setPlaceholderText(onBase ? QString() : tr("renamed on the base spec"));
    m_duration->setFps(SceneEdits::canvasFps(m_document));
    if (scene.value("durationFrames", Json()).is_number_integer())
        m_duration->setFrames(scene["durationFrames"].get<qint64>());

    if (changedPointer.isEmpty() || FieldBinder::isUnder(changedPointer, QStringLiteral("/assets"))
        || FieldBinder::isUnder(changedPointer, pointer(QStringLiteral("/background")))
        || FieldBinder::isUnder(pointer(), changedPointer))
        m_backgroundAsset->reload(pointer(QStringLiteral("/background/asset")));
    const Json background = scene.value("background", Json::object());
    const int typeIndex = std::max(0, m_backgroundType->findData(str(background, "type")));
    m_backgroundType->setCurrentIndex(typeIndex);
    showBackgroundRows(m_backgroundType->itemData(typeIndex).toString());
    if (auto *model = qobject_cast<QStandardItemModel *>(m_backgroundType->model())) {
        const bool assets = !m_backgroundAsset->assetIds().isEmpty() || typeIndex == 2;
        model->item(2)->setEnabled(assets);
        model->item(2)->setToolTip(assets ? QString() : tr("Add an image or video on the Assets page first."));
    }
    const Json transition = scene.value("transitionIn", Json());
    m_transition->setCurrentIndex(std::max(0, m_transition->findData(str(transition, "type"))));
    m_transitionFrames->setEnabled(transition.is_object());
    m_updating = false;
}

void SceneForm::showBackgroundRows(const QString &type)
{
    const bool gradient = type == QLatin1String("gradient");
    const bool asset = type == QLatin1String("asset");
    m_form->setRowVisible(m_color, !gradient && !asset);
    for (QWidget *w : {static_cast<QWidget *>(m_gradientFrom), static_cast<QWidget *>(m_gradientTo),
                       static_cast<QWidget *>(m_gradientDirection)})
        m_form->setRowVisible(w, gradient);
    m_form->setRowVisible(m_backgroundAsset, asset);
    m_form->setRowVisible(m_backgroundFit, asset);
}

void SceneForm::showFindings(const Findings &findings)
{
    m_binder->showFindings(findings);
}

QWidget *SceneForm::widgetFor(const QString &pointer) const
{
    QWidget *w = m_binder->widgetFor(pointer);
    if (w == m_duration->framesBox() || w == m_duration->secondsBox())
        return m_duration;
    return w;
}

void SceneForm::commitId()
{
    if (m_updating || m_scene < 0 || !m_id->isModified())
        return;
    const QString current = str(m_document->value(pointer()), "id");
    const QString wanted = m_id->text().trimmed();
    const Status status = SceneEdits::renameScene(m_document, m_scene, wanted);
    m_id->setText(status ? wanted : current); // also clears isModified
    m_idMessage->setText(status ? QString() : status.error().message);
    m_idMessage->setVisible(!status);
}

void SceneForm::changeBackgroundType(int index)
{
    if (m_updating || m_scene < 0 || index < 0)
        return;
    const QString type = m_backgroundType->itemData(index).toString();
    const Json old = m_document->value(pointer(QStringLiteral("/background")));
    if (str(old, "type") == type)
        return;
    QString base = str(old, "color");
    if (base.isEmpty())
        base = str(old, "from");
    if (base.isEmpty())
        base = QStringLiteral("#1B2430");
    Json background;
    if (type == QLatin1String("color")) {
        background = {{"type", "color"}, {"color", toStd(base)}};
    } else if (type == QLatin1String("gradient")) {
        const QString to = str(old, "to");
        background = {{"type", "gradient"}, {"from", toStd(base)},
                      {"to", toStd(to.isEmpty() ? QStringLiteral("#2FBF71") : to)}, {"direction", "vertical"}};
    } else {
        const QStringList ids = m_backgroundAsset->assetIds();
        if (ids.isEmpty()) {
            refresh(QString()); // nothing to show: back to the current type
            return;
        }
        background = {{"type", "asset"}, {"asset", toStd(ids.first())}, {"fit", "cover"}};
    }
    m_document->setValue(pointer(QStringLiteral("/background")), background, tr("Change Background"));
}

void SceneForm::changeTransition(int index)
{
    if (m_updating || m_scene < 0 || index < 0)
        return;
    const QString type = m_transition->itemData(index).toString();
    const QString at = pointer(QStringLiteral("/transitionIn"));
    const QString what = tr("Change Transition");
    if (type.isEmpty())
        m_document->removeValue(at, what);
    else if (m_document->value(at).is_object())
        m_document->setValue(at + QStringLiteral("/type"), Json(toStd(type)), what);
    else
        m_document->setValue(at, Json{{"type", toStd(type)}}, what);
}

} // namespace greenlight
