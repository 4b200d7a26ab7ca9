#pragma once

#include "spec/editorpage.h"

class QGroupBox;
class QScrollArea;

namespace greenlight {

class FieldBinder;
class SchemaForm;

// "Captions & CTA": the captions (source, mode, style, lines) and the call to action (text,
// target, the scene it shows in, the layer that carries it), both optional: each is a
// checkable section whose form is generated from the schema. Scene and layer fields offer
// the spec's scene ids and the CTA scene's layer ids.
class CaptionsPage : public EditorPage
{
    Q_OBJECT
public:
    explicit CaptionsPage(SpecDocument *document, QWidget *parent = nullptr);

    QString title() const override;
    QStringList pointerPrefixes() const override;
    void showFindings(const Findings &findings) override;
    bool focusPointer(const QString &pointer) override;

    FieldBinder *binder() const { return m_binder; }
    QGroupBox *captionsGroup() const { return m_captionsGroup; }
    QGroupBox *ctaGroup() const { return m_ctaGroup; }
    SchemaForm *captionsForm() const { return m_captionsForm; }
    SchemaForm *ctaForm() const { return m_ctaForm; }

    // The ids of the view's scenes, and of the layers of the scene with id `sceneId`.
    QStringList sceneIds() const;
    QStringList layerIds(const QString &sceneId) const;

private:
    void onDocumentChanged(const QString &pointer);
    void refreshSections();
    void refreshChoices();
    void toggleSection(const QString &pointer, bool on);

    FieldBinder *m_binder;
    QScrollArea *m_scroll;
    QGroupBox *m_captionsGroup;
    QGroupBox *m_ctaGroup;
    SchemaForm *m_captionsForm;
    SchemaForm *m_ctaForm;
};

} // namespace greenlight
