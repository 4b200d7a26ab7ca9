#include "speceditortabs.h"

#include "specdocument.h"
#include "speceditor.h"

#include "spec/newspec.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QTabBar>
#include <QUndoGroup>

namespace greenlight {

SpecEditorTabs::SpecEditorTabs(std::shared_ptr<const SpecValidator> validator, QWidget *home, QWidget *parent)
    : QTabWidget(parent), m_validator(std::move(validator)), m_undoGroup(new QUndoGroup(this))
{
    setObjectName(QStringLiteral("specEditorTabs"));
    setDocumentMode(true);
    setTabsClosable(true);
    setMovable(true);
    addTab(home, tr("Specs"));
    // The spec list cannot be closed.
    tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    connect(this, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (auto *editor = qobject_cast<SpecEditor *>(widget(index)))
            closeEditor(editor);
    });
    connect(this, &QTabWidget::currentChanged, this, [this] {
        SpecEditor *editor = currentEditor();
        m_undoGroup->setActiveStack(editor ? editor->document()->undoStack() : nullptr);
        Q_EMIT currentEditorChanged(editor);
        Q_EMIT blockerCountChanged(editor ? editor->document()->blockerCount() : -1);
    });
}

void SpecEditorTabs::setProjectRoot(const QString &root)
{
    m_root = root;
}

SpecEditor *SpecEditorTabs::openSpec(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (SpecEditor *open = editorFor(absolute)) {
        setCurrentWidget(open);
        return open;
    }
    auto *editor = new SpecEditor(m_validator, m_root, this);
    if (Status s = editor->open(absolute); !s) {
        delete editor;
        QMessageBox::warning(this, tr("Cannot Open Spec"), s.error().toString());
        Q_EMIT statusMessage(tr("Could not open %1").arg(QDir::toNativeSeparators(absolute)));
        return nullptr;
    }
    return addEditor(editor);
}

SpecEditor *SpecEditorTabs::newSpec(const NewSpecOptions &options)
{
    auto *editor = new SpecEditor(m_validator, m_root, this);
    const Json document = newSpecDocument(options);
    editor->startNew(document, newSpecPath(m_root, toQString(document["id"].get<std::string>())));
    return addEditor(editor);
}

QList<SpecEditor *> SpecEditorTabs::restoreUnsavedNewSpecs()
{
    QList<SpecEditor *> restored;
    for (const auto &[path, document] : SpecDocument::unsavedNewSpecs(m_root)) {
        if (editorFor(path))
            continue;
        auto *editor = new SpecEditor(m_validator, m_root, this);
        editor->startNew(document, path);
        restored.append(addEditor(editor));
    }
    if (!restored.isEmpty())
        Q_EMIT statusMessage(restored.size() == 1
                                 ? tr("Restored an unsaved new spec from an earlier session; save it to keep it.")
                                 : tr("Restored %1 unsaved new specs from an earlier session; save them to keep them.")
                                       .arg(restored.size()));
    return restored;
}

SpecEditor *SpecEditorTabs::addEditor(SpecEditor *editor)
{
    m_undoGroup->addStack(editor->document()->undoStack());
    const int index = addTab(editor, editor->tabTitle());
    setTabToolTip(index, QDir::toNativeSeparators(editor->document()->path()));
    connect(editor, &SpecEditor::tabTitleChanged, this, [this, editor] { updateTab(editor); });
    connect(editor, &SpecEditor::statusMessage, this, &SpecEditorTabs::statusMessage);
    connect(editor, &SpecEditor::launchRequested, this, &SpecEditorTabs::launchRequested);
    connect(editor, &SpecEditor::blockerCountChanged, this, [this, editor](int blockers) {
        if (editor == currentEditor())
            Q_EMIT blockerCountChanged(blockers);
    });
    connect(editor->document(), &SpecDocument::saved, this, &SpecEditorTabs::specSaved);
    setCurrentIndex(index);
    return editor;
}

void SpecEditorTabs::updateTab(SpecEditor *editor)
{
    const int index = indexOf(editor);
    if (index < 0)
        return;
    setTabText(index, editor->tabTitle());
    setTabToolTip(index, QDir::toNativeSeparators(editor->document()->path()));
}

SpecEditor *SpecEditorTabs::currentEditor() const
{
    return qobject_cast<SpecEditor *>(currentWidget());
}

QList<SpecEditor *> SpecEditorTabs::editors() const
{
    QList<SpecEditor *> out;
    for (int i = 0; i < count(); ++i)
        if (auto *editor = qobject_cast<SpecEditor *>(widget(i)))
            out.append(editor);
    return out;
}

SpecEditor *SpecEditorTabs::editorFor(const QString &path) const
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (SpecEditor *editor : editors())
        if (editor->document()->path() == absolute)
            return editor;
    return nullptr;
}

bool SpecEditorTabs::saveCurrent()
{
    SpecEditor *editor = currentEditor();
    return editor && editor->save();
}

bool SpecEditorTabs::closeEditor(SpecEditor *editor)
{
    setCurrentWidget(editor);
    if (!editor->maybeClose())
        return false;
    m_undoGroup->removeStack(editor->document()->undoStack());
    removeTab(indexOf(editor));
    editor->deleteLater();
    return true;
}

bool SpecEditorTabs::maybeCloseAll(bool close)
{
    for (SpecEditor *editor : editors()) {
        if (close) {
            if (!closeEditor(editor))
                return false;
        } else if (editor->document()->isModified()) {
            setCurrentWidget(editor);
            if (!editor->maybeClose())
                return false;
        }
    }
    return true;
}

} // namespace greenlight
