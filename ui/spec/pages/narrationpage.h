#pragma once

#include "spec/editorpage.h"

#include <QHash>
#include <QPointer>

class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QVBoxLayout;

namespace greenlight {

class FieldBinder;

// "Narration": the voice and engine settings, and per scene the text of its segments with a
// live word count and the estimated speaking time against the scene's length (marked when it
// would run over). Adding a segment to a scene without one, removing a segment, adding the
// narration ("Add narration" when the spec has none) and removing it are each one undo step.
class NarrationPage : public EditorPage
{
    Q_OBJECT
public:
    NarrationPage(SpecDocument *document, QWidget *parent = nullptr);

    QString title() const override;
    QStringList pointerPrefixes() const override;
    void showFindings(const Findings &findings) override;
    bool focusPointer(const QString &pointer) override;

    // Creates {voice: "en-us", segments: [one for the first scene]} (one undo step).
    bool addNarration();
    bool removeNarration();
    // Adds a segment for a scene (one undo step); returns its index or -1.
    int addSegment(const QString &sceneId);

    // The word count and estimate shown for a scene, and the editor of a segment's text.
    QLabel *estimateLabel(const QString &sceneId) const;
    QPlainTextEdit *segmentEdit(int segmentIndex) const;
    // Whether a scene's estimate is shown as running over the scene.
    bool isOverrunning(const QString &sceneId) const;

private:
    void onDocumentChanged(const QString &pointer);
    QString structure() const;
    void rebuild();
    void updateEstimates();
    QWidget *makeSettings(QWidget *parent);
    QWidget *makeSegmentRow(int segmentIndex, int segmentCount, bool withScene, QWidget *parent);
    QWidget *makeSceneGroup(int sceneIndex, const QString &sceneId, QWidget *parent);
    QString firstTextOf(const QString &sceneId) const;

    FieldBinder *m_settingsBinder;
    FieldBinder *m_binder; // the segments: rebound when scenes or segments come and go
    QStackedWidget *m_stack;
    QWidget *m_form;
    QVBoxLayout *m_scenesLayout = nullptr;
    QWidget *m_scenesBox = nullptr;
    QPushButton *m_addNarration;
    QPushButton *m_removeNarration = nullptr;
    QHash<QString, QPointer<QGroupBox>> m_groups;      // scene id -> its group
    QHash<QString, QPointer<QLabel>> m_estimates;      // scene id -> label
    QHash<int, QPointer<QPlainTextEdit>> m_segmentEdits; // segment index -> editor
    QHash<QString, bool> m_overrun;
    QString m_structure;
    Findings m_findings;
};

} // namespace greenlight
