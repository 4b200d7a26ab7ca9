#pragma once

#include "common/jsonio.h"

#include <QHash>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QComboBox;
class QFormLayout;
class QGroupBox;

namespace greenlight {
class SchemaArrayEditor;
}

namespace greenlight {

class FieldBinder;
class SpecDocument;

// A form generated from the JSON schema of the object at a pointer of the document's view(),
// so a field added to the schema shows up without new UI code. Per property: strings as line
// edits (colours with a swatch that opens a colour picker), enums as combo boxes, integers and
// numbers as spin boxes, booleans as check boxes, nested objects as group boxes with their own
// form (optional ones checkable: checking creates the object, unchecking removes it) and arrays
// of objects as a list with Add/Remove and a form for the selected element. Labels come from
// the property names, tooltips from the schema's descriptions; required fields are marked.
//
// Schemas whose properties depend on a value (allOf of if/then, like a background's "type")
// are rebuilt when that value changes.
class SchemaForm : public QWidget
{
    Q_OBJECT
public:
    // `schemaNode` is the object's schema ($ref already resolved); `rootSchema` resolves the
    // nested $refs. `excluded` names properties a hand-made page edits instead.
    SchemaForm(SpecDocument *document, FieldBinder *binder, const Json &schemaNode, const Json &rootSchema,
               const QString &pointer, const QStringList &excluded = {}, QWidget *parent = nullptr);
    // Same, with choices (see setChoices) known up front, so the form is built once.
    SchemaForm(SpecDocument *document, FieldBinder *binder, const Json &schemaNode, const Json &rootSchema,
               const QString &pointer, const QHash<QString, QStringList> &choices, const QStringList &excluded,
               QWidget *parent);
    ~SchemaForm() override;

    QString pointer() const { return m_pointer; }
    // The editor of a property (line edit, combo, spin box, group box, array editor), or nullptr.
    QWidget *fieldWidget(const QString &key) const;
    // The form of a nested object property, or nullptr.
    SchemaForm *nestedForm(const QString &key) const;
    // Property names the form shows, in schema order.
    QStringList keys() const { return m_keys; }

    // Offers `values` (scene ids, ...) in a combo box for every property named `key`, in this
    // form and the forms nested in it. Existing choice combos are refilled in place (safe to
    // call from a change the combo itself made).
    void setChoices(const QString &key, const QStringList &values);
    QHash<QString, QStringList> choices() const { return m_choices; }

    // The embedded spec schema (schemas/videospec.schema.json), loaded once.
    static const Json &specSchema();
    // Follows "$ref": "#/definitions/..." (repeatedly) to the node it names.
    static Json resolveRef(const Json &node, const Json &root);
    // The schema of the value at `pointer` of a document (properties and array items, $refs
    // resolved). `document` decides if/then branches on the way; null when unknown.
    static Json schemaForPointer(const Json &root, const QString &pointer, const Json &document = {});
    // The properties and required names of an object schema, with the allOf/if/then branches
    // that match `value` merged in.
    static Json effectiveSchema(const Json &node, const Json &root, const Json &value);
    // A new value for a schema: an object with its required properties (first enum value,
    // minimum, "" ...), an empty array, ...
    static Json defaultValue(const Json &node, const Json &root);

private:
    void build();
    void scheduleRebuild();
    void onDocumentChanged(const QString &pointer);
    QStringList effectiveKeys() const;
    void addProperty(QFormLayout *layout, const QString &key, const Json &schema, bool required);
    QWidget *makeColorEdit(const QString &pointer, bool required);
    QGroupBox *makeObjectGroup(const QString &key, const Json &schema, bool required);
    SchemaArrayEditor *makeArrayEditor(const QString &key, const Json &schema);
    void refreshGroups();

    SpecDocument *m_document;
    FieldBinder *m_binder;
    Json m_schema;
    Json m_root;
    QString m_pointer;
    QStringList m_excluded;
    QHash<QString, QStringList> m_choices;
    QStringList m_keys;
    QWidget *m_content = nullptr;
    QHash<QString, QPointer<QWidget>> m_fields;
    QHash<QString, QPointer<SchemaForm>> m_nested;
    QHash<QString, QPointer<QGroupBox>> m_optionalGroups;
    QHash<QString, QPointer<SchemaArrayEditor>> m_arrays;
    QHash<QString, QPointer<QComboBox>> m_choiceCombos;
    bool m_rebuildPending = false;
};

} // namespace greenlight
