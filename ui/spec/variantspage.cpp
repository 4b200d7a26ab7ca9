#include "variantspage.h"

#include "specdocument.h"

#include "common/jsonpointer.h"
#include "spec/variantresolver.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace greenlight {

namespace {

constexpr int kIdRole = Qt::UserRole;
constexpr int kPointerRole = Qt::UserRole;
constexpr int kValueChars = 60;

QString shortValue(const Json *value)
{
    if (!value)
        return QObject::tr("(not set)");
    QString text = value->is_string() ? toQString(value->get<std::string>()) : toQString(value->dump());
    if (text.size() > kValueChars)
        text = text.left(kValueChars - 1) + QChar(0x2026);
    return text;
}

// "/scenes/spec/background/color" -> "scenes › spec › background › color": elements by id,
// which reads better than positions.
QString overrideLabel(const QString &idPointer)
{
    QStringList words;
    for (const QString &raw : idPointer.mid(1).split(QLatin1Char('/'))) {
        QString word;
        for (const QChar c : lastToken(QLatin1Char('/') + raw)) {
            if (c.isUpper() && !word.isEmpty())
                word += QLatin1Char(' ');
            word += c.toLower();
        }
        words.append(word);
    }
    return words.join(QStringLiteral(" \u203a "));
}

} // namespace

VariantsPage::VariantsPage(SpecDocument *document, QWidget *parent) : EditorPage(document, parent)
{
    setObjectName(QStringLiteral("variantsPage"));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("A variant is the base spec with some fields changed. Select a row to edit it in "
                                "every form; what you change there is stored as that variant's overrides."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_variants = new QTreeWidget(this);
    m_variants->setObjectName(QStringLiteral("variantList"));
    m_variants->setRootIsDecorated(false);
    m_variants->setHeaderLabels({tr("Variant"), tr("Title"), tr("Overrides")});
    m_variants->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_variants->setMaximumHeight(170);
    layout->addWidget(m_variants);

    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("&New Variant\u2026"), this);
    add->setObjectName(QStringLiteral("newVariantButton"));
    m_duplicate = new QPushButton(tr("D&uplicate\u2026"), this);
    m_duplicate->setObjectName(QStringLiteral("duplicateVariantButton"));
    m_rename = new QPushButton(tr("Rena&me\u2026"), this);
    m_rename->setObjectName(QStringLiteral("renameVariantButton"));
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setObjectName(QStringLiteral("deleteVariantButton"));
    buttons->addWidget(add);
    buttons->addWidget(m_duplicate);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    layout->addLayout(buttons);

    m_error = new QLabel(this);
    m_error->setStyleSheet(QStringLiteral("color: #B3261E;"));
    m_error->hide();
    layout->addWidget(m_error);

    auto *form = new QFormLayout;
    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("variantTitleEdit"));
    m_title->setPlaceholderText(tr("What this variant is for"));
    form->addRow(tr("&Title:"), m_title);
    layout->addLayout(form);

    m_overrideHeading = new QLabel(this);
    m_overrideHeading->setObjectName(QStringLiteral("overrideHeading"));
    layout->addWidget(m_overrideHeading);
    m_overrides = new QTreeWidget(this);
    m_overrides->setObjectName(QStringLiteral("overrideList"));
    m_overrides->setRootIsDecorated(false);
    m_overrides->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_overrides->setHeaderLabels({tr("Field"), tr("Base"), tr("This variant")});
    m_overrides->header()->setSectionResizeMode(QHeaderView::Stretch);
    layout->addWidget(m_overrides, 1);
    auto *resetButtons = new QHBoxLayout;
    m_reset = new QPushButton(tr("&Reset to Base"), this);
    m_reset->setObjectName(QStringLiteral("resetOverrideButton"));
    m_reset->setToolTip(tr("The selected fields take the base spec's value again"));
    m_resetAll = new QPushButton(tr("Reset &All"), this);
    m_resetAll->setObjectName(QStringLiteral("resetAllOverridesButton"));
    resetButtons->addStretch(1);
    resetButtons->addWidget(m_reset);
    resetButtons->addWidget(m_resetAll);
    layout->addLayout(resetButtons);

    connect(add, &QPushButton::clicked, this, [this] { askNewVariant(false); });
    connect(m_duplicate, &QPushButton::clicked, this, [this] { askNewVariant(true); });
    connect(m_rename, &QPushButton::clicked, this, &VariantsPage::askRename);
    connect(m_delete, &QPushButton::clicked, this, &VariantsPage::deleteVariant);
    connect(m_reset, &QPushButton::clicked, this, &VariantsPage::resetSelectedOverrides);
    connect(m_resetAll, &QPushButton::clicked, this, [this] {
        m_overrides->selectAll();
        resetSelectedOverrides();
    });
    connect(m_overrides, &QTreeWidget::itemSelectionChanged, this,
            [this] { m_reset->setEnabled(!m_overrides->selectedItems().isEmpty()); });
    connect(m_variants, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (!m_rebuilding && item)
            this->document()->setEditingVariant(item->data(0, kIdRole).toString());
    });
    connect(m_title, &QLineEdit::textEdited, this, [this](const QString &text) {
        this->document()->setVariantTitle(this->document()->editingVariant(), text);
    });
    connect(document, &SpecDocument::changed, this, &VariantsPage::rebuild);
    connect(document, &SpecDocument::editingVariantChanged, this, &VariantsPage::rebuild);
    rebuild();
}

QString VariantsPage::title() const
{
    return tr("Variants");
}

bool VariantsPage::createVariant(const QString &id, const QString &title)
{
    const Status s = document()->addVariant(id, title);
    m_error->setVisible(!s);
    if (!s) {
        m_error->setText(tr("Cannot create \u201c%1\u201d: %2.").arg(id, s.error().message));
        return false;
    }
    document()->setEditingVariant(id);
    return true;
}

bool VariantsPage::duplicateVariant(const QString &id, const QString &newId)
{
    const QString title = document()->variantTitle(id);
    const Status s = document()->addVariant(newId, title.isEmpty() ? QString() : tr("%1 (copy)").arg(title),
                                            document()->variantOverrides(id));
    m_error->setVisible(!s);
    if (!s) {
        m_error->setText(tr("Cannot create \u201c%1\u201d: %2.").arg(newId, s.error().message));
        return false;
    }
    document()->setEditingVariant(newId);
    return true;
}

void VariantsPage::resetSelectedOverrides()
{
    const QList<QTreeWidgetItem *> items = m_overrides->selectedItems();
    if (items.isEmpty())
        return;
    QStringList pointers;
    for (const QTreeWidgetItem *item : items)
        pointers.append(item->data(0, kPointerRole).toString());
    document()->beginMacro(items.size() == 1 ? tr("Reset %1 to the Base").arg(items.first()->text(0))
                                             : tr("Reset %n Fields to the Base", "", int(items.size())));
    // Deepest first, so that resetting a parent does not leave a child to reset.
    std::sort(pointers.begin(), pointers.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    for (const QString &p : pointers)
        document()->resetToBase(p);
    document()->endMacro();
}

void VariantsPage::rebuild()
{
    m_rebuilding = true;
    SpecDocument *doc = document();
    m_variants->clear();
    auto *base = new QTreeWidgetItem(m_variants, {tr("Base spec"), tr("The spec as written"), QString()});
    base->setData(0, kIdRole, QString());
    QTreeWidgetItem *current = base;
    for (const QString &id : doc->variantIds()) {
        const int count = int(overriddenFields(doc->variantOverrides(id)).size());
        auto *item = new QTreeWidgetItem(m_variants, {id, doc->variantTitle(id), QString::number(count)});
        item->setData(0, kIdRole, id);
        if (id == doc->editingVariant())
            current = item;
    }
    m_variants->setCurrentItem(current);
    m_variants->resizeColumnToContents(0);
    const bool onVariant = !doc->editingVariant().isEmpty();
    m_duplicate->setEnabled(onVariant);
    m_rename->setEnabled(onVariant);
    m_delete->setEnabled(onVariant);
    m_title->setEnabled(onVariant);
    const QString title = doc->variantTitle(doc->editingVariant());
    if (!m_title->hasFocus() && m_title->text() != title)
        m_title->setText(title);
    m_rebuilding = false;
    rebuildOverrides();
}

void VariantsPage::rebuildOverrides()
{
    SpecDocument *doc = document();
    m_overrides->clear();
    const bool onVariant = !doc->editingVariant().isEmpty();
    m_overrides->setEnabled(onVariant);
    m_resetAll->setEnabled(false);
    m_reset->setEnabled(false);
    if (!onVariant) {
        m_overrideHeading->setText(tr("Select a variant to see the fields it overrides."));
        return;
    }
    Json base = doc->document();
    base.erase("variants");
    QStringList pointers;
    for (const QString &idPointer : overriddenFields(doc->variantOverrides(doc->editingVariant()))) {
        const QString p = indexPointer(doc->view(), idPointer);
        if (p.isEmpty())
            continue;
        pointers.append(p);
        auto *item = new QTreeWidgetItem(m_overrides, {overrideLabel(idPointer), shortValue(resolvePointer(base, p)),
                                                       shortValue(resolvePointer(doc->view(), p))});
        item->setData(0, kPointerRole, p);
        item->setToolTip(0, p);
    }
    m_overrideHeading->setText(pointers.isEmpty()
                                   ? tr("\u201c%1\u201d overrides nothing yet: pick it above, then change any field in the forms.")
                                         .arg(doc->editingVariant())
                                   : tr("Fields \u201c%1\u201d overrides:").arg(doc->editingVariant()));
    m_resetAll->setEnabled(!pointers.isEmpty());
}

void VariantsPage::askNewVariant(bool duplicate)
{
    const QString from = document()->editingVariant();
    bool ok = false;
    const QString id = QInputDialog::getText(this, duplicate ? tr("Duplicate Variant") : tr("New Variant"),
                                             tr("Variant id (lower-case letters, digits, '-' or '_'):"),
                                             QLineEdit::Normal, duplicate ? from + QStringLiteral("-copy") : QString(), &ok)
                           .trimmed();
    if (!ok || id.isEmpty())
        return;
    if (duplicate)
        duplicateVariant(from, id);
    else
        createVariant(id, QString());
}

void VariantsPage::askRename()
{
    const QString id = document()->editingVariant();
    bool ok = false;
    const QString newId = QInputDialog::getText(this, tr("Rename Variant"), tr("New id for \u201c%1\u201d:").arg(id),
                                                QLineEdit::Normal, id, &ok)
                              .trimmed();
    if (!ok || newId.isEmpty())
        return;
    const Status s = document()->renameVariant(id, newId);
    m_error->setVisible(!s);
    if (!s)
        m_error->setText(tr("Cannot rename to \u201c%1\u201d: %2.").arg(newId, s.error().message));
}

void VariantsPage::deleteVariant()
{
    const QString id = document()->editingVariant();
    if (id.isEmpty())
        return;
    // Undo brings it back, so no confirmation is asked.
    document()->removeVariant(id);
}

} // namespace greenlight
