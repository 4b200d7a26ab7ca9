#pragma once

#include <QTabWidget>

#include <memory>

class QUndoGroup;

namespace greenlight {

class SpecEditor;
class SpecValidator;
struct NewSpecOptions;

// The main window's centre: the project's spec list as the first tab, and one closable tab
// per spec open in the editor. Edit > Undo/Redo follow the current editor (QUndoGroup).
// Closing a tab, the project or the app asks about unsaved changes.
class SpecEditorTabs : public QTabWidget
{
    Q_OBJECT
public:
    SpecEditorTabs(std::shared_ptr<const SpecValidator> validator, QWidget *home, QWidget *parent = nullptr);

    void setProjectRoot(const QString &root);
    QString projectRoot() const { return m_root; }

    // Opens a spec (absolute path) in an editor tab, or switches to its tab. nullptr when
    // the file cannot be read (the reason goes out as statusMessage and a message box).
    SpecEditor *openSpec(const QString &path);
    // Starts a new spec in a tab (saved on the first Save).
    SpecEditor *newSpec(const NewSpecOptions &options);
    // Reopens, as unsaved tabs, the new specs of the project that were never saved because the
    // app ended first (their recovery copies); they stay unsaved until Save. Called when a
    // project opens; returns the editors opened.
    QList<SpecEditor *> restoreUnsavedNewSpecs();

    SpecEditor *currentEditor() const;
    QList<SpecEditor *> editors() const;
    SpecEditor *editorFor(const QString &path) const;
    QUndoGroup *undoGroup() const { return m_undoGroup; }

    bool saveCurrent();
    // Closes one editor tab after asking about unsaved changes; false when the user cancels.
    bool closeEditor(SpecEditor *editor);
    // Asks about every modified editor; false when the user cancels. Closes them all when
    // `close` is true.
    bool maybeCloseAll(bool close = true);

Q_SIGNALS:
    void currentEditorChanged(SpecEditor *editor);
    void statusMessage(const QString &message);
    void blockerCountChanged(int blockers);
    void launchRequested(const QString &specPath, const QString &variant, const QString &kind);
    // A spec file was written (the spec list revalidates it).
    void specSaved(const QString &path);

private:
    SpecEditor *addEditor(SpecEditor *editor);
    void updateTab(SpecEditor *editor);

    std::shared_ptr<const SpecValidator> m_validator;
    QString m_root;
    QUndoGroup *m_undoGroup;
};

} // namespace greenlight
