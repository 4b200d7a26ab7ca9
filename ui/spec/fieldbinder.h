#pragma once

#include "common/jsonio.h"
#include "qa/finding.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QScrollArea;
class QSpinBox;
class QWidget;

namespace greenlight {

class SpecDocument;

// Binds editor widgets to JSON pointers of a SpecDocument's view(): shows the value, writes
// edits back as undo steps (typing in one field merges into one step), refreshes when the
// document changes (undo, another form, the JSON tab) without moving the cursor of the
// field being typed in, and shows findings at the field: the widget gets a red frame and
// the finding's message as tooltip and in its message label (when one was given).
//
// "Optional" fields are removed from the document when emptied (line edits), or when set
// to the spin box's minimum, which shows as the special value text "not set".
class FieldBinder : public QObject
{
    Q_OBJECT
public:
    FieldBinder(SpecDocument *document, QObject *parent = nullptr);
    ~FieldBinder() override;

    SpecDocument *document() const { return m_document; }

    enum class Presence { Required, Optional };

    void bindLineEdit(QLineEdit *edit, const QString &pointer, Presence presence = Presence::Required);
    // Integers. For an optional field set the minimum one below the schema's minimum.
    void bindSpinBox(QSpinBox *box, const QString &pointer, Presence presence = Presence::Required);
    void bindDoubleSpinBox(QDoubleSpinBox *box, const QString &pointer, Presence presence = Presence::Required);
    // Items' data are the JSON strings stored; an item with empty data means "not set".
    void bindComboBox(QComboBox *box, const QString &pointer, Presence presence = Presence::Required);
    void bindCheckBox(QCheckBox *box, const QString &pointer, Presence presence = Presence::Required);
    void bindPlainTextEdit(QPlainTextEdit *edit, const QString &pointer, Presence presence = Presence::Required);
    // A widget that writes its own value (custom editors) but wants findings and focus.
    void registerWidget(QWidget *widget, const QString &pointer);
    // Where the finding message for `pointer` is shown (below the field).
    void setMessageLabel(const QString &pointer, QLabel *label);

    // Forgets every binding (a page rebuilt for another scene). Widgets are not deleted.
    void clear();

    // Marks the fields findings point at (each finding goes to the bound pointer that is
    // the finding's pointer or its nearest ancestor) and clears the marks of the others.
    void showFindings(const Findings &findings);
    // The bound widget for `pointer` or its nearest bound ancestor, or nullptr.
    QWidget *widgetFor(const QString &pointer) const;
    // Scrolls the field for `pointer` (or its nearest bound ancestor) into view in `scroll`
    // (may be null) and focuses it; false when nothing is bound there.
    bool focusField(const QString &pointer, QScrollArea *scroll = nullptr) const;
    QStringList boundPointers() const;

    // Marks one widget (nullptr finding = clear the mark). Used by showFindings and by
    // custom editors.
    static void markWidget(QWidget *widget, const Finding *finding);
    // Whether markWidget left a mark on `widget`, and which severity ("blocker", ...).
    static bool isMarked(const QWidget *widget);
    // True when the widget shows a field the editing variant overrides (tinted).
    static bool isOverrideMarked(const QWidget *widget);
    static QString markSeverity(const QWidget *widget);

    // Sets `value` at `pointer` as one undo step, creating missing parent objects on the way
    // ("/captions/style/maxLines" when "style" is absent). False when nothing changed.
    bool writeValue(const QString &pointer, const Json &value, const QString &what = {},
                    const QString &mergeKey = {});

    // "maxCharsPerLine" -> "Max chars per line", "sizePx" -> "Size (px)".
    static QString labelForKey(const QString &key);
    // JSON pointer helpers: "/a/b" + "c" -> "/a/b/c" (escaped), parent, last token, and
    // whether `pointer` is `ancestor` or lies under it.
    static QString childPointer(const QString &pointer, const QString &key);
    static QString childPointer(const QString &pointer, int index);
    static QString parentPointer(const QString &pointer);
    static QString lastToken(const QString &pointer);
    static bool isUnder(const QString &pointer, const QString &ancestor);

private:
    struct Binding;
    Binding *addBinding(QWidget *widget, const QString &pointer, Presence presence);
    void refresh(Binding &binding);
    void refreshAll(const QString &changedPointer);
    void markOverrides();

    SpecDocument *m_document = nullptr;
    QList<Binding *> m_bindings;
    QHash<QString, QPointer<QLabel>> m_messageLabels;
};

} // namespace greenlight
