#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "qa/finding.h"

#include <QList>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace greenlight {

class EditorPage;
class SpecDocument;
class SpecValidator;

// The spec editor: one SpecDocument shown as pages of forms (canvas, scenes, assets,
// narration, captions and CTA, pronunciations, variants, JSON), a variant selector that
// switches every form between the base spec and a variant, and the findings of the latest
// validation, each linked to its field. Validation runs as you type (SpecDocument).
class SpecEditor : public QWidget
{
    Q_OBJECT
public:
    SpecEditor(std::shared_ptr<const SpecValidator> validator, const QString &projectRoot,
               QWidget *parent = nullptr);
    ~SpecEditor() override;

    // Opens a spec file. When a recovery copy of unsaved edits exists, a bar offers to
    // restore it.
    Status open(const QString &specPath);
    // Starts a spec that has no file yet (saved to `path` on Save).
    void startNew(const Json &document, const QString &path);

    SpecDocument *document() const { return m_document; }
    // "title*" when modified.
    QString tabTitle() const;

    bool save();
    // Asks Save / Discard / Cancel when modified. True when the editor may close.
    bool maybeClose();

    // Pages by title ("Scenes", "JSON"), for navigation and tests.
    QList<EditorPage *> pages() const { return m_pages; }
    EditorPage *page(const QString &title) const;
    void showPage(const QString &title);
    EditorPage *currentPage() const;
    // Switches to the page that owns the finding's field and focuses the field.
    bool goToFinding(const Finding &finding);

    QTreeWidget *findingsView() const { return m_findingsView; }
    QComboBox *variantSelector() const { return m_variantCombo; }

Q_SIGNALS:
    void tabTitleChanged();
    void blockerCountChanged(int blockers);
    void statusMessage(const QString &message);
    // The user asked to voice or render this spec (kind "tts" or "render").
    void launchRequested(const QString &specPath, const QString &variant, const QString &kind);

private:
    void addPage(EditorPage *page);
    void updateVariants();
    void updateFindings();
    void updateOverrideNote();
    void showRecoveryBar();

    SpecDocument *m_document;
    QList<EditorPage *> m_pages;
    QListWidget *m_pageList = nullptr;
    QStackedWidget *m_stack = nullptr;
    QComboBox *m_variantCombo = nullptr;
    QLabel *m_overrideNote = nullptr;
    QTreeWidget *m_findingsView = nullptr;
    QLabel *m_findingsSummary = nullptr;
    QWidget *m_recoveryBar = nullptr;
    QLabel *m_errorLabel = nullptr;
};

} // namespace greenlight
