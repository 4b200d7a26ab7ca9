#include "scenespage.h"

#include "jsonarraymodel.h"
#include "layerform.h"
#include "layerpreview.h"
#include "sceneedits.h"
#include "sceneform.h"
#include "spec/specdocument.h"

#include <QAction>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

namespace greenlight {

namespace {

QString str(const Json &object, const char *key)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return toQString(object[key].get<std::string>());
}

QListView *makeList(const QString &objectName, JsonArrayModel *model, QWidget *parent)
{
    auto *list = new QListView(parent);
    list->setObjectName(objectName);
    list->setModel(model);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    list->setDragDropMode(QAbstractItemView::InternalMove);
    list->setDefaultDropAction(Qt::MoveAction);
    list->setDragEnabled(true);
    list->setDropIndicatorShown(true);
    list->setUniformItemSizes(true);
    return list;
}

QToolButton *arrowButton(const QString &objectName, Qt::ArrowType arrow, const QString &tip, QWidget *parent)
{
    auto *b = new QToolButton(parent);
    b->setObjectName(objectName);
    b->setArrowType(arrow);
    b->setToolTip(tip);
    b->setAccessibleName(tip);
    return b;
}

QPushButton *button(const QString &objectName, const QString &text, const QString &tip, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(objectName);
    b->setToolTip(tip);
    return b;
}

} // namespace

ScenesPage::ScenesPage(SpecDocument *document, QWidget *parent)
    : EditorPage(document, parent), m_sceneModel(new JsonArrayModel(document, this)),
      m_layerModel(new JsonArrayModel(document, this))
{
    setObjectName(QStringLiteral("scenesPage"));
    m_sceneModel->setMoveText(tr("Move Scene"));
    m_sceneModel->setLabel([document](const Json &scene, int row) {
        const qint64 frames = scene.value("durationFrames", Json(0)).is_number_integer()
                                  ? scene["durationFrames"].get<qint64>() : 0;
        const double seconds = SceneEdits::secondsForFrames(frames, SceneEdits::canvasFps(document));
        return tr("%1. %2   %3 · %4 f · %5 s")
            .arg(row + 1).arg(str(scene, "id"), str(scene, "role")).arg(frames)
            .arg(QLocale().toString(seconds, 'f', 2));
    });
    m_layerModel->setMoveText(tr("Move Layer"));
    m_layerModel->setLabel([](const Json &layer, int) {
        const QString type = str(layer, "type");
        if (type == QLatin1String("text")) {
            const QString content = str(layer, "content").simplified();
            return tr("Text  %1 — %2").arg(str(layer, "id"), content.size() > 40 ? content.left(39) + QChar(0x2026) : content);
        }
        return tr("%1  %2 — %3").arg(type == QLatin1String("video") ? tr("Video") : tr("Image"), str(layer, "id"),
                                      str(layer, "asset"));
    });
    m_sceneModel->setArrayPointer(QStringLiteral("/scenes"));

    // Left: the scene list.
    auto *left = new QWidget(this);
    m_sceneList = makeList(QStringLiteral("sceneList"), m_sceneModel, left);
    m_sceneList->setAccessibleName(tr("Scenes"));
    m_sceneList->setToolTip(tr("Drag a scene to reorder."));
    m_addScene = button(QStringLiteral("addScene"), tr("&Add"), tr("Add a scene after the selected one"), left);
    m_duplicateScene = button(QStringLiteral("duplicateScene"), tr("D&uplicate"), tr("Copy the selected scene under a new id"), left);
    m_deleteScene = button(QStringLiteral("deleteScene"), tr("Delete"),
                           tr("Delete the selected scene with its narration segments and caption lines"), left);
    m_sceneUp = arrowButton(QStringLiteral("sceneUp"), Qt::UpArrow, tr("Move the scene earlier"), left);
    m_sceneDown = arrowButton(QStringLiteral("sceneDown"), Qt::DownArrow, tr("Move the scene later"), left);
    auto *sceneButtons = new QHBoxLayout;
    for (QPushButton *w : {m_addScene, m_duplicateScene, m_deleteScene})
        sceneButtons->addWidget(w);
    sceneButtons->addStretch(1);
    sceneButtons->addWidget(m_sceneUp);
    sceneButtons->addWidget(m_sceneDown);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *scenesLabel = new QLabel(tr("&Scenes"), left);
    scenesLabel->setBuddy(m_sceneList);
    leftLayout->addWidget(scenesLabel);
    leftLayout->addWidget(m_sceneList, 1);
    leftLayout->addLayout(sceneButtons);
    auto *deleteAction = new QAction(tr("Delete Scene"), m_sceneList);
    deleteAction->setShortcut(QKeySequence::Delete);
    deleteAction->setShortcutContext(Qt::WidgetShortcut);
    m_sceneList->addAction(deleteAction);
    connect(deleteAction, &QAction::triggered, this, &ScenesPage::deleteScene);

    // Middle: the scene's fields and its layers.
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("sceneDetails"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *middle = new QWidget(scroll);
    auto *sceneGroup = new QGroupBox(tr("Scene"), middle);
    m_sceneForm = new SceneForm(document, sceneGroup);
    (new QVBoxLayout(sceneGroup))->addWidget(m_sceneForm);
    auto *layerGroup = new QGroupBox(tr("Layers"), middle);
    m_layerList = makeList(QStringLiteral("layerList"), m_layerModel, layerGroup);
    m_layerList->setAccessibleName(tr("Layers"));
    m_layerList->setToolTip(tr("Later layers are drawn over earlier ones. Drag to reorder."));
    m_layerList->setMaximumHeight(m_layerList->fontMetrics().lineSpacing() * 6 + 8);
    m_addText = button(QStringLiteral("addTextLayer"), tr("+ Text"), tr("Add a text layer"), layerGroup);
    m_addImage = button(QStringLiteral("addImageLayer"), tr("+ Image"), tr("Add an image layer"), layerGroup);
    m_deleteLayer = button(QStringLiteral("deleteLayer"), tr("Delete"), tr("Delete the selected layer"), layerGroup);
    m_layerUp = arrowButton(QStringLiteral("layerUp"), Qt::UpArrow, tr("Draw the layer earlier (further back)"), layerGroup);
    m_layerDown = arrowButton(QStringLiteral("layerDown"), Qt::DownArrow, tr("Draw the layer later (further front)"), layerGroup);
    auto *layerButtons = new QHBoxLayout;
    for (QPushButton *w : {m_addText, m_addImage, m_deleteLayer})
        layerButtons->addWidget(w);
    layerButtons->addStretch(1);
    layerButtons->addWidget(m_layerUp);
    layerButtons->addWidget(m_layerDown);
    m_layerForm = new LayerForm(document, layerGroup);
    auto *layerLayout = new QVBoxLayout(layerGroup);
    layerLayout->addWidget(m_layerList);
    layerLayout->addLayout(layerButtons);
    layerLayout->addWidget(m_layerForm);
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->addWidget(sceneGroup);
    middleLayout->addWidget(layerGroup);
    middleLayout->addStretch(1);
    scroll->setWidget(middle);

    // Right: the preview.
    m_preview = new LayerPreview(document, this);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->addWidget(m_preview);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 4);
    splitter->setStretchFactor(2, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_sceneList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_syncing && current.isValid())
                    setCurrentScene(current.row());
            });
    connect(m_layerList->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_syncing && current.isValid())
                    setCurrentLayer(current.row());
            });
    connect(m_sceneModel, &JsonArrayModel::elementMoved, this, [this](int, int to) { setCurrentScene(to); });
    connect(m_layerModel, &JsonArrayModel::elementMoved, this, [this](int, int to) { setCurrentLayer(to); });
    connect(m_preview, &LayerPreview::layerClicked, this, &ScenesPage::setCurrentLayer);
    connect(m_addScene, &QPushButton::clicked, this, &ScenesPage::addScene);
    connect(m_duplicateScene, &QPushButton::clicked, this, &ScenesPage::duplicateScene);
    connect(m_deleteScene, &QPushButton::clicked, this, &ScenesPage::deleteScene);
    connect(m_sceneUp, &QToolButton::clicked, this, [this] { moveScene(-1); });
    connect(m_sceneDown, &QToolButton::clicked, this, [this] { moveScene(1); });
    connect(m_addText, &QPushButton::clicked, this, [this] { addLayer(QStringLiteral("text")); });
    connect(m_addImage, &QPushButton::clicked, this, [this] { addLayer(QStringLiteral("image")); });
    connect(m_deleteLayer, &QPushButton::clicked, this, &ScenesPage::deleteLayer);
    connect(m_layerUp, &QToolButton::clicked, this, [this] { moveLayer(-1); });
    connect(m_layerDown, &QToolButton::clicked, this, [this] { moveLayer(1); });
    connect(document, &SpecDocument::changed, this, &ScenesPage::onDocumentChanged);

    setCurrentScene(SceneEdits::sceneCount(document) > 0 ? 0 : -1);
    updateButtons();
}

QString ScenesPage::title() const
{
    return tr("Scenes");
}

QStringList ScenesPage::pointerPrefixes() const
{
    return {QStringLiteral("/scenes")};
}

int ScenesPage::layerCount() const
{
    return m_layerModel->rowCount();
}

void ScenesPage::setCurrentScene(int index)
{
    const int count = SceneEdits::sceneCount(document());
    index = count == 0 ? -1 : std::clamp(index, 0, count - 1);
    if (index == m_scene) {
        syncSelection();
        return;
    }
    m_scene = index;
    m_sceneForm->setScene(index);
    m_layerModel->setArrayPointer(index < 0 ? QString() : SceneEdits::scenePointer(index) + QStringLiteral("/layers"));
    m_preview->setScene(index);
    m_layer = -2; // forces the layer form to rebind
    setCurrentLayer(layerCount() > 0 ? 0 : -1);
    showFindings(m_findings);
    syncSelection();
    updateButtons();
    Q_EMIT currentSceneChanged(m_scene);
}

void ScenesPage::setCurrentLayer(int index)
{
    const int count = layerCount();
    index = count == 0 || m_scene < 0 ? -1 : std::clamp(index, 0, count - 1);
    if (index == m_layer) {
        syncSelection();
        return;
    }
    m_layer = index;
    m_layerForm->setLayer(m_scene, index);
    m_layerForm->showFindings(m_findings);
    m_preview->setSelectedLayer(index);
    syncSelection();
    updateButtons();
    Q_EMIT currentLayerChanged(m_layer);
}

void ScenesPage::syncSelection()
{
    const bool was = m_syncing;
    m_syncing = true;
    auto select = [](QListView *list, int row) {
        const QModelIndex index = list->model()->index(row, 0);
        if (!index.isValid())
            list->selectionModel()->clear();
        else if (list->currentIndex() != index || !list->selectionModel()->isSelected(index))
            list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    };
    select(m_sceneList, m_scene);
    select(m_layerList, m_layer);
    m_syncing = was;
}

void ScenesPage::onDocumentChanged(const QString &pointer)
{
    m_syncing = true;
    m_sceneModel->refresh();
    const int count = SceneEdits::sceneCount(document());
    const int scene = count == 0 ? -1 : std::clamp(m_scene < 0 ? 0 : m_scene, 0, count - 1);
    m_syncing = false;
    if (scene != m_scene) {
        setCurrentScene(scene);
    } else {
        m_sceneForm->refresh(pointer);
        m_layerModel->refresh();
        const int layers = layerCount();
        const int layer = layers == 0 ? -1 : std::clamp(m_layer < 0 ? 0 : m_layer, 0, layers - 1);
        if (layer != m_layer)
            setCurrentLayer(layer);
        else
            m_layerForm->refresh(pointer);
    }
    m_preview->update();
    syncSelection();
    updateButtons();
}

void ScenesPage::updateButtons()
{
    const int count = SceneEdits::sceneCount(document());
    const bool scene = m_scene >= 0;
    m_duplicateScene->setEnabled(scene);
    m_deleteScene->setEnabled(scene && count > 1);
    m_sceneUp->setEnabled(scene && m_scene > 0);
    m_sceneDown->setEnabled(scene && m_scene < count - 1);
    m_addText->setEnabled(scene);
    bool images = false;
    const Json assets = document()->value(QStringLiteral("/assets"));
    for (size_t i = 0; assets.is_array() && i < assets.size(); ++i)
        images = images || str(assets[i], "kind") == QLatin1String("image");
    m_addImage->setEnabled(scene && images);
    m_addImage->setToolTip(images ? tr("Add an image layer") : tr("Add an image on the Assets page first"));
    const bool layer = m_layer >= 0;
    m_deleteLayer->setEnabled(layer);
    m_layerUp->setEnabled(layer && m_layer > 0);
    m_layerDown->setEnabled(layer && m_layer < layerCount() - 1);
}

void ScenesPage::addScene()
{
    const int index = SceneEdits::addScene(document(), m_scene);
    if (index >= 0)
        setCurrentScene(index);
}

void ScenesPage::duplicateScene()
{
    const int index = SceneEdits::duplicateScene(document(), m_scene);
    if (index >= 0)
        setCurrentScene(index);
}

void ScenesPage::deleteScene()
{
    SceneEdits::removeScene(document(), m_scene);
}

void ScenesPage::moveScene(int delta)
{
    const int to = m_scene + delta;
    if (SceneEdits::moveScene(document(), m_scene, to))
        setCurrentScene(to);
}

void ScenesPage::addLayer(const QString &type)
{
    if (m_scene < 0)
        return;
    const Json canvas = document()->value(QStringLiteral("/canvas"));
    const int w = canvas.value("width", Json(1080)).is_number_integer() ? canvas["width"].get<int>() : 1080;
    const int h = canvas.value("height", Json(1920)).is_number_integer() ? canvas["height"].get<int>() : 1920;
    QStringList ids;
    const Json layers = document()->value(SceneEdits::scenePointer(m_scene) + QStringLiteral("/layers"));
    for (size_t i = 0; layers.is_array() && i < layers.size(); ++i)
        ids.append(str(layers[i], "id"));
    Json layer;
    if (type == QLatin1String("text")) {
        layer = {{"type", "text"}, {"id", toStd(SceneEdits::uniqueId(ids, QStringLiteral("text"), true))},
                 {"content", toStd(tr("New text"))},
                 {"box", {{"x", w / 10}, {"y", h * 2 / 5}, {"width", w * 8 / 10}, {"height", std::max(1, h / 8)}}}};
    } else {
        QString asset;
        const Json assets = document()->value(QStringLiteral("/assets"));
        for (size_t i = 0; assets.is_array() && i < assets.size() && asset.isEmpty(); ++i)
            if (str(assets[i], "kind") == QLatin1String("image"))
                asset = str(assets[i], "id");
        if (asset.isEmpty())
            return;
        const int side = std::min(w, h) * 3 / 5;
        layer = {{"type", "image"}, {"id", toStd(SceneEdits::uniqueId(ids, QStringLiteral("image"), true))},
                 {"asset", toStd(asset)}, {"fit", "contain"},
                 {"box", {{"x", (w - side) / 2}, {"y", (h - side) / 2}, {"width", side}, {"height", side}}}};
    }
    const QString what = type == QLatin1String("text") ? tr("Add Text Layer") : tr("Add Image Layer");
    if (document()->insertValue(SceneEdits::scenePointer(m_scene) + QStringLiteral("/layers"), -1, layer, what))
        setCurrentLayer(layerCount() - 1);
}

void ScenesPage::deleteLayer()
{
    if (m_scene >= 0 && m_layer >= 0)
        document()->removeValue(SceneEdits::layerPointer(m_scene, m_layer), tr("Delete Layer"));
}

void ScenesPage::moveLayer(int delta)
{
    const int to = m_layer + delta;
    if (document()->moveElement(SceneEdits::scenePointer(m_scene) + QStringLiteral("/layers"), m_layer, to,
                                tr("Move Layer")))
        setCurrentLayer(to);
}

void ScenesPage::showFindings(const Findings &findings)
{
    m_findings = findings;
    m_sceneModel->setFindings(findings);
    m_layerModel->setFindings(findings);
    m_sceneForm->showFindings(findings);
    m_layerForm->showFindings(findings);
}

bool ScenesPage::focusPointer(const QString &pointer)
{
    static const QRegularExpression re(QStringLiteral("^/scenes/(\\d+)(?:/layers/(\\d+))?"));
    const QRegularExpressionMatch m = re.match(pointer);
    if (!m.hasMatch()) {
        if (pointer != QLatin1String("/scenes"))
            return false;
        m_sceneList->setFocus(Qt::OtherFocusReason);
        return true;
    }
    const int scene = m.captured(1).toInt();
    if (scene >= SceneEdits::sceneCount(document()))
        return false;
    setCurrentScene(scene);
    QWidget *target = nullptr;
    if (m.hasCaptured(2)) {
        setCurrentLayer(m.captured(2).toInt());
        target = m_layerForm->widgetFor(pointer);
        if (!target)
            target = m_layerList;
    }
    if (!target)
        target = m_sceneForm->widgetFor(pointer);
    if (!target)
        target = m_sceneList;
    if (auto *scroll = findChild<QScrollArea *>(QStringLiteral("sceneDetails")); scroll && scroll->isAncestorOf(target))
        scroll->ensureWidgetVisible(target);
    target->setFocus(Qt::OtherFocusReason);
    return true;
}

} // namespace greenlight
