#pragma once

#include "common/jsonio.h"

#include <QHash>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QVBoxLayout;

namespace greenlight {

class FieldBinder;
class SchemaForm;
class SpecDocument;

// An array of objects in a SchemaForm: a compact list of the elements with Add and Remove,
// and a generated form for the selected element. Adding appends an element with the item
// schema's required defaults; each add and remove is one undo step.
class SchemaArrayEditor : public QWidget
{
    Q_OBJECT
public:
    SchemaArrayEditor(SpecDocument *document, FieldBinder *binder, const Json &itemSchema, const Json &rootSchema,
                      const QString &arrayPointer, const QHash<QString, QStringList> &choices,
                      QWidget *parent = nullptr);

    QString arrayPointer() const { return m_pointer; }
    QListWidget *list() const { return m_list; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    // The form of the selected element (nullptr when nothing is selected).
    SchemaForm *elementForm() const { return m_form; }
    int currentIndex() const;
    void setCurrentIndex(int index);
    // Choices for the element forms (see SchemaForm::setChoices).
    void setChoices(const QString &key, const QStringList &values);

    // What a row shows: the element's id, text or word, else its number.
    static QString elementLabel(const Json &element, int row);

private:
    void onDocumentChanged(const QString &pointer);
    void reload();
    void showElement(int index);
    void addElement();
    void removeElement();

    SpecDocument *m_document;
    FieldBinder *m_binder;
    Json m_itemSchema;
    Json m_root;
    QString m_pointer;
    QHash<QString, QStringList> m_choices;
    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_remove;
    QVBoxLayout *m_formHost;
    QPointer<SchemaForm> m_form;
    QPointer<QLabel> m_placeholder;
    int m_formIndex = -1;
};

} // namespace greenlight
