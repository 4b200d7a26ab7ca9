#include "schemaarrayeditor.h"

#include "fieldbinder.h"
#include "schemaform.h"
#include "specdocument.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace greenlight {

SchemaArrayEditor::SchemaArrayEditor(SpecDocument *document, FieldBinder *binder, const Json &itemSchema,
                                     const Json &rootSchema, const QString &arrayPointer,
                                     const QHash<QString, QStringList> &choices, QWidget *parent)
    : QWidget(parent), m_document(document), m_binder(binder), m_itemSchema(itemSchema), m_root(rootSchema),
      m_pointer(arrayPointer), m_choices(choices), m_list(new QListWidget(this)),
      m_add(new QPushButton(tr("Add"), this)), m_remove(new QPushButton(tr("Remove"), this)),
      m_formHost(new QVBoxLayout)
{
    const QString name = FieldBinder::labelForKey(FieldBinder::lastToken(arrayPointer));
    m_list->setAccessibleName(name);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setMinimumWidth(150);
    m_list->setMaximumWidth(220);
    m_list->setMinimumHeight(80);
    m_list->setMaximumHeight(160);
    m_list->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    m_add->setAccessibleName(tr("Add to %1").arg(name));
    m_remove->setAccessibleName(tr("Remove from %1").arg(name));

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    auto *left = new QVBoxLayout;
    left->setContentsMargins(0, 0, 0, 0);
    left->addWidget(m_list, 1);
    left->addLayout(buttons);

    m_formHost->setContentsMargins(0, 0, 0, 0);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(left);
    layout->addLayout(m_formHost, 1);

    m_binder->registerWidget(m_list, m_pointer);
    connect(m_list, &QListWidget::currentRowChanged, this, &SchemaArrayEditor::showElement);
    connect(m_add, &QPushButton::clicked, this, &SchemaArrayEditor::addElement);
    connect(m_remove, &QPushButton::clicked, this, &SchemaArrayEditor::removeElement);
    connect(m_document, &SpecDocument::changed, this, &SchemaArrayEditor::onDocumentChanged);
    reload();
}

int SchemaArrayEditor::currentIndex() const
{
    return m_list->currentRow();
}

void SchemaArrayEditor::setCurrentIndex(int index)
{
    m_list->setCurrentRow(index);
}

void SchemaArrayEditor::setChoices(const QString &key, const QStringList &values)
{
    m_choices.insert(key, values);
    if (m_form)
        m_form->setChoices(key, values);
}

QString SchemaArrayEditor::elementLabel(const Json &element, int row)
{
    QString label;
    if (element.is_object()) {
        for (const char *key : {"id", "text", "word", "name", "scene"}) {
            if (element.contains(key) && element[key].is_string() && !element[key].get<std::string>().empty()) {
                label = toQString(element[key].get<std::string>());
                break;
            }
        }
    }
    if (label.size() > 40)
        label = label.left(38) + QStringLiteral("…");
    const QString number = QString::number(row + 1);
    return label.isEmpty() ? tr("Item %1").arg(number) : number + QStringLiteral(". ") + label;
}

void SchemaArrayEditor::onDocumentChanged(const QString &pointer)
{
    if (FieldBinder::isUnder(pointer, m_pointer) || FieldBinder::isUnder(m_pointer, pointer))
        reload();
}

void SchemaArrayEditor::reload()
{
    const Json array = m_document->value(m_pointer);
    const int count = array.is_array() ? int(array.size()) : 0;
    const bool countChanged = count != m_list->count();
    int current = m_list->currentRow();
    {
        const QSignalBlocker blocker(m_list);
        while (m_list->count() > count)
            delete m_list->takeItem(m_list->count() - 1);
        for (int i = 0; i < count; ++i) {
            const QString label = elementLabel(array[size_t(i)], i);
            if (i < m_list->count()) {
                if (m_list->item(i)->text() != label)
                    m_list->item(i)->setText(label);
            } else {
                m_list->addItem(label);
            }
        }
        if (current >= count)
            current = count - 1;
        if (current < 0 && count > 0)
            current = 0;
        m_list->setCurrentRow(current);
    }
    m_remove->setEnabled(count > 0);
    // Element forms address elements by index: after the count changed, rebuild them.
    if (countChanged || current != m_formIndex || (!m_form && !m_placeholder))
        showElement(current);
}

void SchemaArrayEditor::showElement(int index)
{
    if (m_form) {
        m_formHost->removeWidget(m_form);
        delete m_form;
    }
    delete m_placeholder;
    m_formIndex = index;
    m_remove->setEnabled(index >= 0);
    if (index < 0) {
        m_placeholder = new QLabel(m_list->count() == 0 ? tr("None yet: press Add to create one.")
                                                        : tr("Select an item to edit it."),
                                   this);
        m_placeholder->setForegroundRole(QPalette::PlaceholderText);
        m_placeholder->setAlignment(Qt::AlignCenter);
        m_formHost->addWidget(m_placeholder);
        m_placeholder->show();
        return;
    }
    m_form = new SchemaForm(m_document, m_binder, m_itemSchema, m_root, FieldBinder::childPointer(m_pointer, index),
                            m_choices, {}, this);
    m_formHost->addWidget(m_form);
    m_form->show();
}

void SchemaArrayEditor::addElement()
{
    Json element = SchemaForm::defaultValue(m_itemSchema, m_root);
    if (element.is_object()) {
        for (auto it = m_choices.cbegin(); it != m_choices.cend(); ++it) {
            const std::string key = toStd(it.key());
            if (element.contains(key) && element[key] == Json(std::string()) && !it.value().isEmpty())
                element[key] = toStd(it.value().constFirst());
        }
    }
    const QString name = FieldBinder::labelForKey(FieldBinder::lastToken(m_pointer));
    if (m_document->insertValue(m_pointer, -1, element, tr("Add to %1").arg(name)))
        setCurrentIndex(m_list->count() - 1);
}

void SchemaArrayEditor::removeElement()
{
    const int index = m_list->currentRow();
    if (index < 0)
        return;
    const QString name = FieldBinder::labelForKey(FieldBinder::lastToken(m_pointer));
    m_document->removeValue(FieldBinder::childPointer(m_pointer, index), tr("Remove from %1").arg(name));
}

} // namespace greenlight
