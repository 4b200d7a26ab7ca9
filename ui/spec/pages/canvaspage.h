#pragma once

#include "spec/editorpage.h"

#include <QSize>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QToolButton;

namespace greenlight {

class FieldBinder;
class SchemaForm;

// "Canvas & format": the spec's title, description and id; its format (picking one can set
// the canvas to the format's size in the same undo step), canvas size and frame rate; the
// total duration in frames with its seconds, checked against the sum of the scenes ("Match
// scenes" sets it); and the defaults (text style, transition) as a generated form.
class CanvasPage : public EditorPage
{
    Q_OBJECT
public:
    explicit CanvasPage(SpecDocument *document, QWidget *parent = nullptr);

    QString title() const override;
    QStringList pointerPrefixes() const override;
    void showFindings(const Findings &findings) override;
    bool focusPointer(const QString &pointer) override;

    FieldBinder *binder() const { return m_binder; }
    QLineEdit *titleEdit() const { return m_title; }
    QPlainTextEdit *descriptionEdit() const { return m_description; }
    QLineEdit *idEdit() const { return m_id; }
    QToolButton *renameIdButton() const { return m_renameId; }
    QComboBox *formatBox() const { return m_format; }
    // Whether picking a format also sets the canvas to the format's size.
    QCheckBox *applyFormatSizeBox() const { return m_applyFormatSize; }
    QSpinBox *widthBox() const { return m_width; }
    QSpinBox *heightBox() const { return m_height; }
    QComboBox *frameRateBox() const { return m_frameRate; }
    QSpinBox *durationBox() const { return m_duration; }
    QLabel *durationSecondsLabel() const { return m_durationSeconds; }
    QLabel *scenesSumLabel() const { return m_scenesSum; }
    QPushButton *matchScenesButton() const { return m_matchScenes; }
    SchemaForm *defaultsForm() const { return m_defaults; }

    // 1080x1920 for vertical-short, 1080x1080 for square-feed, 1920x1080 for
    // landscape-explainer; invalid for anything else.
    static QSize canvasSizeForFormat(const QString &format);
    // The sum of the scenes' durationFrames in the view.
    qint64 scenesDurationFrames() const;

private:
    // Where the finding message for `pointer` shows (hidden while there is none).
    QLabel *messageLabel(const QString &pointer, QWidget *parent);
    void onDocumentChanged(const QString &pointer);
    void refreshFormat();
    void refreshFrameRate();
    void updateDurationInfo();
    void applyFormat(int index);
    void applyFrameRate(int index);
    void matchScenes();

    FieldBinder *m_binder;
    QScrollArea *m_scroll;
    QLineEdit *m_title;
    QPlainTextEdit *m_description;
    QLineEdit *m_id;
    QToolButton *m_renameId;
    QComboBox *m_format;
    QCheckBox *m_applyFormatSize;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QLabel *m_aspect;
    QComboBox *m_frameRate;
    QSpinBox *m_duration;
    QLabel *m_durationSeconds;
    QLabel *m_scenesSum;
    QPushButton *m_matchScenes;
    SchemaForm *m_defaults;
    bool m_updating = false;
};

} // namespace greenlight
