#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "qa/finding.h"

#include <QObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

class QUndoStack;

namespace greenlight {

class SpecValidator;

// One spec file open for editing: the JSON document, its undo stack, the variant the forms
// edit, and validation as you type.
//
// Every form reads and writes through JSON pointers into view(): the base spec, or a variant
// resolved over it (setEditingVariant). An edit on a variant view is stored as the variant's
// overrides (the difference between the edited view and the base), so a form never needs to
// know which it edits. Each edit is one QUndoCommand holding the document before and after;
// typing into one field merges into one step (mergeKey). The document revalidates a short
// moment after the last edit, off the GUI thread, and announces findingsChanged().
// Saving is atomic (QSaveFile); while modified, a recovery copy is written every few seconds
// so a crash loses at most those seconds (recoveryPath()).
class SpecDocument : public QObject
{
    Q_OBJECT
public:
    SpecDocument(std::shared_ptr<const SpecValidator> validator, const QString &projectRoot,
                 QObject *parent = nullptr);
    ~SpecDocument() override;

    // Reads a spec file (errors: io.read, json.parse with line and column). Clears undo.
    Status load(const QString &path);
    // Starts from a document that has no file yet (New Spec): modified until saved to `path`.
    void setNew(const Json &document, const QString &path);

    QString path() const { return m_path; }
    QString projectRoot() const { return m_projectRoot; }
    QString relativePath() const; // path relative to the project root
    QString displayName() const;  // title, else the file name
    QUndoStack *undoStack() const { return m_undo; }
    bool isModified() const;

    // The whole document, variants included, as it would be saved.
    const Json &document() const { return m_document; }

    // Which variant the forms show and edit ("" = the base spec).
    QString editingVariant() const { return m_variant; }
    void setEditingVariant(const QString &variantId);
    QStringList variantIds() const;
    // Variants of the document (each one undo step). Ids follow the schema's identifier
    // pattern, are unique and never "base"; errors say why an id is refused.
    Status addVariant(const QString &id, const QString &title, const Json &overrides = Json::object());
    bool removeVariant(const QString &id);
    Status renameVariant(const QString &id, const QString &newId);
    bool setVariantTitle(const QString &id, const QString &title);
    QString variantTitle(const QString &id) const;
    Json variantOverrides(const QString &id) const;
    // Why `id` cannot name a new variant, or an empty string.
    QString variantIdProblem(const QString &id) const;

    // What the forms show: the base without "variants", or the editing variant resolved.
    const Json &view() const { return m_view; }
    // The value at a JSON pointer into view() (null when absent), and whether it exists.
    Json value(const QString &pointer) const;
    bool has(const QString &pointer) const;

    // Sets a value of view() as one undo step (on a variant: stored as overrides). Edits with
    // the same non-empty mergeKey in a row merge into one step (typing in one field).
    // `what` names the step in Edit > Undo ("Undo Change Title"). Returns false and changes
    // nothing when the pointer's parent does not exist or the value is already there.
    bool setValue(const QString &pointer, const Json &value, const QString &what = {},
                  const QString &mergeKey = {});
    // Removes an optional field or an array element of view() (one undo step).
    bool removeValue(const QString &pointer, const QString &what = {});
    // Inserts into an array of view() before `index` (-1 = append), one undo step.
    bool insertValue(const QString &arrayPointer, int index, const Json &value, const QString &what = {});
    // Moves an array element of view() (drag to reorder), one undo step.
    bool moveElement(const QString &arrayPointer, int from, int to, const QString &what = {});
    // Replaces the whole document (the JSON tab), one undo step.
    void replaceDocument(const Json &document, const QString &what = {});
    // Several edits as one undo step: the edits between begin and end undo together.
    void beginMacro(const QString &what);
    void endMacro();

    // Variant overrides as view() pointers ("/scenes/2/background"). Empty on the base.
    QStringList overriddenPointers() const;
    // True when the editing variant overrides `pointer` or something inside or above it.
    bool isOverridden(const QString &pointer) const;
    // Drops the editing variant's override of `pointer` and everything under it.
    bool resetToBase(const QString &pointer);

    // The latest validation of the whole document (base and every variant). Findings of a
    // variant carry Finding::variant and point into that variant's resolved view.
    const Findings &findings() const { return m_findings; }
    // Findings that apply to what view() shows: base findings, plus the editing variant's.
    Findings viewFindings() const;
    int blockerCount() const;
    bool isValidating() const;
    // Validates now instead of after the debounce (tests, benchmarks, Save).
    void validateNow();
    // Validates another document as this one would be (the JSON tab checks text before
    // applying it). Synchronous.
    Findings findingsFor(const Json &document) const;
    int validationDelay_ms() const { return m_delay_ms; }
    void setValidationDelay_ms(int delay_ms) { m_delay_ms = delay_ms; }

    // Writes the document to path() (or `path`) atomically; clears modified and the
    // recovery copy.
    Status save(const QString &path = {});
    // Text of the document as saved: two-space indented JSON with a final newline.
    static QByteArray serialize(const Json &document);

    // Crash recovery: where the copy of this document's unsaved state lives, whether one
    // exists that differs from the file, reading it, and dropping it.
    QString recoveryPath() const;
    static QString recoveryPathFor(const QString &specPath);
    bool writeRecovery();
    void discardRecovery();
    // The unsaved document a recovery copy holds for `specPath`, if there is one.
    static std::optional<Json> readRecovery(const QString &specPath);
    // Recovery copies of new specs in the project at `projectRoot` that were never saved (the
    // app ended before their first Save), as (spec path, document), oldest path first.
    static QList<QPair<QString, Json>> unsavedNewSpecs(const QString &projectRoot);

Q_SIGNALS:
    // view() changed at or under `pointer` ("" = anything may have changed).
    void changed(const QString &pointer);
    void editingVariantChanged(const QString &variantId);
    void modifiedChanged(bool modified);
    void findingsChanged();
    void validatingChanged(bool validating);
    void saved(const QString &path);

private:
    friend class SpecEditCommand;
    // Applies a whole document (undo commands call this) showing `variant`; `pointer` says
    // what changed.
    void applyDocument(const Json &document, const QString &pointer, const QString &variant);
    bool commit(const Json &newDocument, const QString &pointer, const QString &what,
                const QString &mergeKey);
    bool commitView(const Json &newView, const QString &pointer, const QString &what,
                    const QString &mergeKey);
    // A view edit turned into a document edit (overrides when a variant is edited).
    std::optional<Json> documentForView(const Json &newView) const;
    void rebuildView();
    void scheduleValidation();
    void startValidation();

    struct Private;
    std::unique_ptr<Private> d;
    std::shared_ptr<const SpecValidator> m_validator;
    QString m_projectRoot;
    QString m_path;
    QString m_variant;
    Json m_document = Json::object();
    Json m_view = Json::object();
    Findings m_findings;
    QUndoStack *m_undo = nullptr;
    int m_delay_ms = 30;
};

} // namespace greenlight
