#pragma once

#include "qa/finding.h"

#include <QString>
#include <QStringList>
#include <QWidget>

namespace greenlight {

class SpecDocument;

// One page of the spec editor (Canvas, Scenes, Assets, ...). A page binds its widgets to
// JSON pointers of document()->view() and follows the document's changed() signal; the
// editor routes findings and "go to field" requests to the page that owns a pointer.
class EditorPage : public QWidget
{
public:
    EditorPage(SpecDocument *document, QWidget *parent = nullptr) : QWidget(parent), m_document(document) {}

    SpecDocument *document() const { return m_document; }

    // Shown in the editor's page list.
    virtual QString title() const = 0;
    // Top-level pointers this page edits ("/canvas", "/scenes"); the editor sends a finding
    // to the first page whose prefix matches its pointer.
    virtual QStringList pointerPrefixes() const = 0;
    // Marks the fields these findings point at (findings of view(), already filtered to
    // this page's prefixes) and clears marks elsewhere on the page.
    virtual void showFindings(const Findings &findings) = 0;
    // Brings the field for `pointer` into view (selecting the scene, layer, ... it belongs
    // to) and gives it focus. False when the page has no field for it.
    virtual bool focusPointer(const QString &pointer) = 0;

private:
    SpecDocument *m_document;
};

} // namespace greenlight
