#include "schemaform.h"

#include "pages/colorfield.h"

#include "fieldbinder.h"
#include "schemaarrayeditor.h"
#include "specdocument.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QCoreApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPixmap>
#include <QRegularExpression>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <limits>

namespace greenlight {

namespace {

constexpr double kUnboundedMinimum = -1000000.0;
constexpr double kUnboundedMaximum = 1000000.0;
constexpr int kLineEditMaxWidth_px = 460;

QString refName(const Json &node)
{
    if (node.is_object() && node.contains("$ref") && node["$ref"].is_string())
        return toQString(node["$ref"].get<std::string>()).section(QLatin1Char('/'), -1);
    return {};
}

QString schemaType(const Json &s)
{
    if (!s.is_object() || !s.contains("type"))
        return {};
    const Json &t = s["type"];
    if (t.is_string())
        return toQString(t.get<std::string>());
    if (t.is_array() && !t.empty() && t[0].is_string())
        return toQString(t[0].get<std::string>());
    return {};
}

bool ifMatches(const Json &condition, const Json &value)
{
    if (!value.is_object() || !condition.is_object())
        return false;
    const Json properties = condition.value("properties", Json::object());
    for (const auto &[key, rule] : properties.items()) {
        if (!value.contains(key))
            return false;
        const Json &v = value[key];
        if (rule.contains("const") && rule["const"] != v)
            return false;
        if (rule.contains("enum") && rule["enum"].is_array()
            && std::find(rule["enum"].begin(), rule["enum"].end(), v) == rule["enum"].end())
            return false;
    }
    return true;
}

QPixmap swatchPixmap(const QColor &color, const QSize &size, const QPalette &palette)
{
    QPixmap pixmap(size);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    const QRect r(0, 0, size.width() - 1, size.height() - 1);
    if (color.isValid()) {
        // A checkerboard under translucent colours.
        p.fillRect(r, Qt::white);
        p.fillRect(QRect(0, 0, size.width() / 2, size.height() / 2), Qt::lightGray);
        p.fillRect(QRect(size.width() / 2, size.height() / 2, size.width(), size.height()), Qt::lightGray);
        p.fillRect(r, color);
    } else {
        p.setPen(palette.color(QPalette::PlaceholderText));
        p.drawLine(r.bottomLeft(), r.topRight());
    }
    p.setPen(palette.color(QPalette::Mid));
    p.drawRect(r);
    return pixmap;
}

// Fills a combo of choices without it announcing anything: the current value stays selected
// (an unknown value is kept visible as an item of its own; findings say why it is wrong).
void fillChoices(QComboBox *combo, QStringList values, bool required, const Json &current)
{
    const QSignalBlocker blocker(combo);
    combo->clear();
    if (!required)
        combo->addItem(QCoreApplication::translate("greenlight::SchemaForm", "not set"), QString());
    if (current.is_string() && !toQString(current).isEmpty() && !values.contains(toQString(current)))
        values.append(toQString(current));
    for (const QString &v : std::as_const(values))
        combo->addItem(v, v);
    int index = current.is_string() ? combo->findData(toQString(current)) : -1;
    if (index < 0 && current.is_null() && !required)
        index = 0;
    combo->setCurrentIndex(index);
}

} // namespace

SchemaForm::SchemaForm(SpecDocument *document, FieldBinder *binder, const Json &schemaNode, const Json &rootSchema,
                       const QString &pointer, const QStringList &excluded, QWidget *parent)
    : SchemaForm(document, binder, schemaNode, rootSchema, pointer, {}, excluded, parent)
{
}

SchemaForm::SchemaForm(SpecDocument *document, FieldBinder *binder, const Json &schemaNode, const Json &rootSchema,
                       const QString &pointer, const QHash<QString, QStringList> &choices,
                       const QStringList &excluded, QWidget *parent)
    : QWidget(parent), m_document(document), m_binder(binder), m_schema(resolveRef(schemaNode, rootSchema)),
      m_root(rootSchema), m_pointer(pointer), m_excluded(excluded), m_choices(choices)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    connect(m_document, &SpecDocument::changed, this, &SchemaForm::onDocumentChanged);
    build();
}

SchemaForm::~SchemaForm() = default;

QWidget *SchemaForm::fieldWidget(const QString &key) const
{
    return m_fields.value(key);
}

SchemaForm *SchemaForm::nestedForm(const QString &key) const
{
    return m_nested.value(key);
}

void SchemaForm::setChoices(const QString &key, const QStringList &values)
{
    if (m_choices.contains(key) && m_choices.value(key) == values)
        return;
    m_choices.insert(key, values);
    if (QComboBox *combo = m_choiceCombos.value(key)) {
        fillChoices(combo, values, combo->property("greenlightRequired").toBool(),
                    m_document->value(FieldBinder::childPointer(m_pointer, key)));
    } else if (m_keys.contains(key)) {
        build();
        return;
    }
    for (const QPointer<SchemaForm> &nested : std::as_const(m_nested)) {
        if (nested)
            nested->setChoices(key, values);
    }
    for (const QPointer<SchemaArrayEditor> &array : std::as_const(m_arrays)) {
        if (array)
            array->setChoices(key, values);
    }
}

const Json &SchemaForm::specSchema()
{
    static const Json schema = [] {
        auto json = readJsonFile(QStringLiteral(":/schemas/videospec.schema.json"));
        if (!json) {
            qWarning("spec schema: %s", qPrintable(json.error().toString()));
            return Json::object();
        }
        return *json;
    }();
    return schema;
}

Json SchemaForm::resolveRef(const Json &node, const Json &root)
{
    Json current = node;
    for (int depth = 0; depth < 16 && current.is_object() && current.contains("$ref"); ++depth) {
        const Json &ref = current["$ref"];
        if (!ref.is_string())
            break;
        const std::string text = ref.get<std::string>();
        if (text.rfind("#", 0) != 0)
            break;
        try {
            current = root.at(Json::json_pointer(text.substr(1)));
        } catch (const std::exception &) {
            return Json();
        }
    }
    return current;
}

Json SchemaForm::effectiveSchema(const Json &node, const Json &root, const Json &value)
{
    Json s = resolveRef(node, root);
    if (!s.is_object())
        return s;
    Json properties = s.value("properties", Json::object());
    Json required = s.value("required", Json::array());
    if (s.contains("allOf") && s["allOf"].is_array()) {
        for (const Json &rawPart : s["allOf"]) {
            const Json part = resolveRef(rawPart, root);
            Json branch;
            if (part.contains("if"))
                branch = ifMatches(part["if"], value) ? part.value("then", Json()) : part.value("else", Json());
            else
                branch = part;
            if (!branch.is_object())
                continue;
            const Json branchProperties = branch.value("properties", Json::object());
            for (const auto &[key, prop] : branchProperties.items()) {
                // Branches often repeat the base properties as {} to allow them: keep the base.
                if (!properties.contains(key) || (properties[key].empty() && !prop.empty()))
                    properties[key] = prop;
            }
            for (const Json &name : branch.value("required", Json::array())) {
                if (std::find(required.begin(), required.end(), name) == required.end())
                    required.push_back(name);
            }
        }
        s.erase("allOf");
    }
    s["properties"] = properties;
    s["required"] = required;
    return s;
}

Json SchemaForm::schemaForPointer(const Json &root, const QString &pointer, const Json &document)
{
    Json node = resolveRef(root, root);
    Json value = document;
    const QStringList tokens = pointer.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (QString token : tokens) {
        token.replace(QStringLiteral("~1"), QStringLiteral("/"));
        token.replace(QStringLiteral("~0"), QStringLiteral("~"));
        const std::string key = toStd(token);
        const Json eff = effectiveSchema(node, root, value);
        if (eff.is_object() && eff["properties"].contains(key)) {
            node = resolveRef(eff["properties"][key], root);
            value = value.is_object() && value.contains(key) ? value[key] : Json();
        } else if (eff.is_object() && eff.contains("items")) {
            node = resolveRef(eff["items"], root);
            bool ok = false;
            const int index = token.toInt(&ok);
            value = ok && value.is_array() && index >= 0 && size_t(index) < value.size() ? value[size_t(index)] : Json();
        } else {
            return Json();
        }
    }
    return node;
}

Json SchemaForm::defaultValue(const Json &node, const Json &root)
{
    const Json s = resolveRef(node, root);
    if (!s.is_object())
        return Json();
    if (s.contains("const"))
        return s["const"];
    if (s.contains("default"))
        return s["default"];
    if (s.contains("enum") && s["enum"].is_array() && !s["enum"].empty())
        return s["enum"][0];
    const QString type = schemaType(s);
    if (type == QLatin1String("integer") || type == QLatin1String("number"))
        return s.contains("minimum") ? s["minimum"] : Json(0);
    if (type == QLatin1String("boolean"))
        return Json(false);
    if (type == QLatin1String("array")) {
        Json array = Json::array();
        if (s.value("minItems", 0) > 0 && s.contains("items"))
            array.push_back(defaultValue(s["items"], root));
        return array;
    }
    if (type == QLatin1String("object") || s.contains("properties") || s.contains("allOf")) {
        Json object = Json::object();
        // Twice: the first pass fills a discriminator ("type"), which may require more.
        for (int pass = 0; pass < 2; ++pass) {
            const Json eff = effectiveSchema(s, root, object);
            for (const Json &name : eff["required"]) {
                const std::string key = name.get<std::string>();
                if (!object.contains(key))
                    object[key] = defaultValue(eff["properties"].value(key, Json::object()), root);
            }
        }
        return object;
    }
    return Json(std::string());
}

QStringList SchemaForm::effectiveKeys() const
{
    QStringList keys;
    const Json eff = effectiveSchema(m_schema, m_root, m_document->value(m_pointer));
    if (!eff.is_object())
        return keys;
    for (const auto &[key, prop] : eff["properties"].items()) {
        const QString name = toQString(key);
        if (m_excluded.contains(name) || resolveRef(prop, m_root).contains("const"))
            continue;
        keys.append(name);
    }
    return keys;
}

void SchemaForm::build()
{
    m_rebuildPending = false;
    delete m_content;
    m_fields.clear();
    m_nested.clear();
    m_optionalGroups.clear();
    m_arrays.clear();
    m_choiceCombos.clear();
    m_content = new QWidget(this);
    layout()->addWidget(m_content);

    auto *form = new QFormLayout(m_content);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->setLabelAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    const Json eff = effectiveSchema(m_schema, m_root, m_document->value(m_pointer));
    m_keys = effectiveKeys();
    const Json required = eff.is_object() ? eff["required"] : Json::array();
    for (const QString &key : std::as_const(m_keys)) {
        const std::string k = toStd(key);
        const bool isRequired = std::find(required.begin(), required.end(), Json(k)) != required.end();
        addProperty(form, key, eff["properties"][k], isRequired);
    }
    refreshGroups();
    m_content->show(); // now, not when the layout gets round to it: a rebuilt form is seen at once
}

void SchemaForm::scheduleRebuild()
{
    if (m_rebuildPending)
        return;
    m_rebuildPending = true;
    // Later: the change may come from a widget this form is about to delete.
    QMetaObject::invokeMethod(this, [this] {
        if (m_rebuildPending)
            build();
    }, Qt::QueuedConnection);
}

void SchemaForm::onDocumentChanged(const QString &pointer)
{
    if (!FieldBinder::isUnder(pointer, m_pointer) && !FieldBinder::isUnder(m_pointer, pointer))
        return;
    refreshGroups();
    if (effectiveKeys() != m_keys)
        scheduleRebuild();
}

void SchemaForm::refreshGroups()
{
    for (auto it = m_optionalGroups.cbegin(); it != m_optionalGroups.cend(); ++it) {
        if (!it.value())
            continue;
        const bool present = m_document->has(FieldBinder::childPointer(m_pointer, it.key()));
        if (it.value()->isChecked() != present) {
            const QSignalBlocker blocker(it.value());
            it.value()->setChecked(present);
        }
        // An absent optional object is a folded group: its title and check box only.
        if (SchemaForm *nested = m_nested.value(it.key()))
            nested->setVisible(present);
        if (present)
            it.value()->layout()->unsetContentsMargins();
        else
            it.value()->layout()->setContentsMargins(0, 0, 0, 0);
    }
}

void SchemaForm::addProperty(QFormLayout *layout, const QString &key, const Json &rawSchema, bool required)
{
    const Json s = resolveRef(rawSchema, m_root);
    const QString ref = refName(rawSchema);
    const QString ptr = FieldBinder::childPointer(m_pointer, key);
    const QString label = FieldBinder::labelForKey(key) + (required ? QStringLiteral(" *") : QString());
    const auto presence = required ? FieldBinder::Presence::Required : FieldBinder::Presence::Optional;
    QStringList tips;
    if (s.contains("description") && s["description"].is_string())
        tips.append(toQString(s["description"].get<std::string>()));
    else if (rawSchema.contains("description") && rawSchema["description"].is_string())
        tips.append(toQString(rawSchema["description"].get<std::string>()));
    if (s.contains("pattern") && ref != QLatin1String("color"))
        tips.append(tr("Format: %1").arg(toQString(s["pattern"].get<std::string>())));
    if (required)
        tips.append(tr("Required."));
    const QString tip = tips.join(QLatin1Char('\n'));
    const QString type = schemaType(s);

    QWidget *editor = nullptr; // bound widget, found by fieldWidget()
    QWidget *row = nullptr;    // what goes into the form (editor or a container)
    if (m_choices.contains(key) && (type == QLatin1String("string") || type.isEmpty())) {
        auto *combo = new QComboBox(m_content);
        combo->setProperty("greenlightRequired", required);
        fillChoices(combo, m_choices.value(key), required, m_document->value(ptr));
        combo->setMinimumWidth(160);
        m_binder->bindComboBox(combo, ptr, presence);
        m_choiceCombos.insert(key, combo);
        editor = combo;
    } else if (s.contains("enum") && s["enum"].is_array()) {
        auto *combo = new QComboBox(m_content);
        if (!required)
            combo->addItem(tr("not set"), QString());
        for (const Json &v : s["enum"]) {
            if (v.is_string())
                combo->addItem(toQString(v.get<std::string>()), toQString(v.get<std::string>()));
            else if (v.is_number_integer())
                combo->addItem(QString::number(v.get<qint64>()), v.get<qint64>());
        }
        combo->setMinimumWidth(160);
        m_binder->bindComboBox(combo, ptr, presence);
        editor = combo;
    } else if (type == QLatin1String("string") && ref == QLatin1String("color")) {
        row = makeColorEdit(ptr, required);
        editor = row->findChild<QLineEdit *>();
    } else if (type == QLatin1String("string")) {
        auto *edit = new QLineEdit(m_content);
        if (ref == QLatin1String("identifier"))
            edit->setPlaceholderText(tr("lower-case-id"));
        else if (s.contains("pattern") && toQString(s["pattern"].get<std::string>()).contains(QLatin1String("https?")))
            edit->setPlaceholderText(QStringLiteral("https://…"));
        edit->setMaximumWidth(kLineEditMaxWidth_px);
        m_binder->bindLineEdit(edit, ptr, presence);
        editor = edit;
    } else if (type == QLatin1String("integer")) {
        auto *box = new QSpinBox(m_content);
        const double min = s.value("minimum", kUnboundedMinimum);
        const double max = s.value("maximum", kUnboundedMaximum);
        box->setRange(int(required ? min : min - 1), int(max));
        box->setMinimumWidth(110);
        m_binder->bindSpinBox(box, ptr, presence);
        editor = box;
    } else if (type == QLatin1String("number")) {
        auto *box = new QDoubleSpinBox(m_content);
        const double min = s.value("minimum", kUnboundedMinimum);
        const double max = s.value("maximum", kUnboundedMaximum);
        const double step = max - min <= 10.0 ? 0.05 : 0.5;
        box->setDecimals(2);
        box->setSingleStep(step);
        box->setRange(required ? min : min - step, max);
        box->setMinimumWidth(110);
        m_binder->bindDoubleSpinBox(box, ptr, presence);
        editor = box;
    } else if (type == QLatin1String("boolean")) {
        auto *box = new QCheckBox(m_content);
        m_binder->bindCheckBox(box, ptr, presence);
        editor = box;
    } else if (type == QLatin1String("object") || s.contains("properties") || s.contains("allOf")) {
        QGroupBox *group = makeObjectGroup(key, s, required);
        group->setTitle(label);
        group->setToolTip(tip);
        layout->addRow(group);
        m_fields.insert(key, group);
        return;
    } else if (type == QLatin1String("array") && resolveRef(s.value("items", Json()), m_root).is_object()
               && schemaType(resolveRef(s["items"], m_root)) == QLatin1String("object")) {
        auto *group = new QGroupBox(label, m_content);
        group->setToolTip(tip);
        auto *inner = new QVBoxLayout(group);
        SchemaArrayEditor *arrayEditor = makeArrayEditor(key, s);
        arrayEditor->setParent(group);
        inner->addWidget(arrayEditor);
        layout->addRow(group);
        m_fields.insert(key, arrayEditor);
        m_arrays.insert(key, arrayEditor);
        return;
    } else {
        return; // not editable in a form (the JSON tab shows it)
    }
    if (!row)
        row = editor;
    editor->setToolTip(tip);
    editor->setAccessibleName(FieldBinder::labelForKey(key));
    editor->setObjectName(QStringLiteral("field_") + key);
    auto *labelWidget = new QLabel(label, m_content);
    labelWidget->setBuddy(editor);
    labelWidget->setToolTip(tip);
    layout->addRow(labelWidget, row);
    m_fields.insert(key, editor);
}

QWidget *SchemaForm::makeColorEdit(const QString &pointer, bool required)
{
    auto *container = new QWidget(m_content);
    auto *edit = new QLineEdit(container);
    auto *swatch = new QToolButton(container);
    edit->setPlaceholderText(QStringLiteral("#RRGGBB"));
    edit->setMaxLength(9);
    swatch->setIconSize(QSize(28, 16));
    swatch->setToolTip(tr("Pick a colour"));
    swatch->setAccessibleName(tr("Pick a colour"));
    auto *layout = new QHBoxLayout(container);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(swatch);
    layout->addWidget(edit);
    layout->addStretch(1);
    edit->setMaximumWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("#DDDDDDDD")) + 24);
    container->setFocusProxy(edit);
    auto update = [edit, swatch] {
        swatch->setIcon(QIcon(swatchPixmap(ColorField::parse(edit->text()), swatch->iconSize(), swatch->palette())));
    };
    connect(edit, &QLineEdit::textChanged, swatch, update);
    connect(swatch, &QToolButton::clicked, this, [this, edit, pointer] {
        const QColor current = ColorField::parse(edit->text());
        const QColor color = QColorDialog::getColor(current.isValid() ? current : QColor(Qt::white), this,
                                                    tr("Choose Colour"), QColorDialog::ShowAlphaChannel);
        if (!color.isValid())
            return;
        QString hex = color.name(QColor::HexRgb).toUpper();
        if (color.alpha() != 255)
            hex += QStringLiteral("%1").arg(color.alpha(), 2, 16, QLatin1Char('0')).toUpper();
        m_binder->writeValue(pointer, Json(toStd(hex)), tr("Change %1").arg(FieldBinder::labelForKey(FieldBinder::lastToken(pointer))));
    });
    m_binder->bindLineEdit(edit, pointer, required ? FieldBinder::Presence::Required : FieldBinder::Presence::Optional);
    update();
    return container;
}

QGroupBox *SchemaForm::makeObjectGroup(const QString &key, const Json &schema, bool required)
{
    const QString ptr = FieldBinder::childPointer(m_pointer, key);
    auto *group = new QGroupBox(m_content);
    auto *inner = new QVBoxLayout(group);
    auto *nested = new SchemaForm(m_document, m_binder, schema, m_root, ptr, m_choices, {}, group);
    inner->addWidget(nested);
    m_nested.insert(key, nested);
    m_binder->registerWidget(group, ptr);
    if (!required) {
        group->setCheckable(true);
        group->setChecked(m_document->has(ptr));
        m_optionalGroups.insert(key, group);
        connect(group, &QGroupBox::toggled, this, [this, ptr, schema, key](bool checked) {
            const QString name = FieldBinder::labelForKey(key);
            if (checked && !m_document->has(ptr)) {
                Json value = defaultValue(schema, m_root);
                for (auto it = m_choices.cbegin(); it != m_choices.cend(); ++it) {
                    const std::string k = toStd(it.key());
                    if (value.is_object() && value.contains(k) && value[k] == Json(std::string())
                        && !it.value().isEmpty())
                        value[k] = toStd(it.value().constFirst());
                }
                m_binder->writeValue(ptr, value, tr("Add %1").arg(name));
            } else if (!checked && m_document->has(ptr)) {
                m_document->removeValue(ptr, tr("Remove %1").arg(name));
            }
        });
    }
    return group;
}

SchemaArrayEditor *SchemaForm::makeArrayEditor(const QString &key, const Json &schema)
{
    const Json items = resolveRef(schema["items"], m_root);
    return new SchemaArrayEditor(m_document, m_binder, items, m_root, FieldBinder::childPointer(m_pointer, key),
                                 m_choices, m_content);
}

} // namespace greenlight
