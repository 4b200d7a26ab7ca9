#pragma once

#include "spec/editorpage.h"

class QListView;
class QPushButton;
class QToolButton;

namespace greenlight {

class JsonArrayModel;
class LayerForm;
class LayerPreview;
class SceneForm;

// "Scenes": the scene list (add, duplicate, delete, drag or buttons to reorder — each one
// undo step, durationFrames following the scenes when it matched their sum), the selected
// scene's fields, its layers (add text or image, delete, reorder) with the selected layer's
// fields, and a preview of the scene at the spec's aspect ratio where clicking a box selects
// its layer.
class ScenesPage : public EditorPage
{
    Q_OBJECT
public:
    ScenesPage(SpecDocument *document, QWidget *parent = nullptr);

    QString title() const override;
    QStringList pointerPrefixes() const override;
    void showFindings(const Findings &findings) override;
    bool focusPointer(const QString &pointer) override;

    int currentScene() const { return m_scene; }
    void setCurrentScene(int index);
    int currentLayer() const { return m_layer; }
    void setCurrentLayer(int index);

    QListView *sceneList() const { return m_sceneList; }
    QListView *layerList() const { return m_layerList; }
    SceneForm *sceneForm() const { return m_sceneForm; }
    LayerForm *layerForm() const { return m_layerForm; }
    LayerPreview *preview() const { return m_preview; }

Q_SIGNALS:
    void currentSceneChanged(int index);
    void currentLayerChanged(int index);

private:
    void onDocumentChanged(const QString &pointer);
    void syncSelection();
    void updateButtons();
    void addScene();
    void duplicateScene();
    void deleteScene();
    void moveScene(int delta);
    void addLayer(const QString &type);
    void deleteLayer();
    void moveLayer(int delta);
    int layerCount() const;

    JsonArrayModel *m_sceneModel;
    JsonArrayModel *m_layerModel;
    QListView *m_sceneList;
    QListView *m_layerList;
    SceneForm *m_sceneForm;
    LayerForm *m_layerForm;
    LayerPreview *m_preview;
    QPushButton *m_addScene;
    QPushButton *m_duplicateScene;
    QPushButton *m_deleteScene;
    QToolButton *m_sceneUp;
    QToolButton *m_sceneDown;
    QPushButton *m_addText;
    QPushButton *m_addImage;
    QPushButton *m_deleteLayer;
    QToolButton *m_layerUp;
    QToolButton *m_layerDown;
    Findings m_findings;
    int m_scene = -1;
    int m_layer = -1;
    bool m_syncing = false;
};

} // namespace greenlight
