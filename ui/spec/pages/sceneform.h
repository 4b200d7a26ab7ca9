#pragma once

#include "qa/finding.h"

#include <QWidget>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace greenlight {

class AssetCombo;
class ColorField;
class DurationEdit;
class FieldBinder;
class SpecDocument;

// The fields of one scene: id (renaming updates every reference), role, duration in frames
// or seconds, background (colour, gradient or asset) and the transition into the scene.
class SceneForm : public QWidget
{
    Q_OBJECT
public:
    SceneForm(SpecDocument *document, QWidget *parent = nullptr);

    // Shows scene `index` of the view (-1 = none) and binds the fields to it.
    void setScene(int index);
    int scene() const { return m_scene; }
    // Follows a document change (fields the binder does not own).
    void refresh(const QString &changedPointer);
    void showFindings(const Findings &findings);
    QWidget *widgetFor(const QString &pointer) const;

    QLineEdit *idEdit() const { return m_id; }
    QComboBox *roleBox() const { return m_role; }
    DurationEdit *durationEdit() const { return m_duration; }
    QComboBox *backgroundTypeBox() const { return m_backgroundType; }
    QComboBox *transitionBox() const { return m_transition; }

private:
    QString pointer(const QString &field = {}) const;
    void bind();
    void commitId();
    void changeBackgroundType(int index);
    void changeTransition(int index);
    void showBackgroundRows(const QString &type);

    SpecDocument *m_document;
    FieldBinder *m_binder;
    int m_scene = -1;
    QFormLayout *m_form;
    QLineEdit *m_id;
    QLabel *m_idMessage;
    QComboBox *m_role;
    DurationEdit *m_duration;
    QComboBox *m_backgroundType;
    ColorField *m_color;
    ColorField *m_gradientFrom;
    ColorField *m_gradientTo;
    QComboBox *m_gradientDirection;
    AssetCombo *m_backgroundAsset;
    QComboBox *m_backgroundFit;
    QWidget *m_transitionRow;
    QComboBox *m_transition;
    QSpinBox *m_transitionFrames;
    bool m_updating = false;
};

} // namespace greenlight
