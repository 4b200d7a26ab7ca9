#include "fieldbinder.h"

#include "findingframe.h"
#include "specdocument.h"

#include "common/jsonpointer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QSpinBox>
#include <QTextCursor>
#include <QVariant>

#include <algorithm>
#include <cmath>

namespace greenlight {

namespace {

const char *const kMarkProperty = "greenlightFindingMark";
const char *const kOverrideProperty = "greenlightOverridden";
const char *const kBaseToolTipProperty = "greenlightBaseToolTip";

QString severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Blocker: return QStringLiteral("#d32f2f");
    case Severity::Warning: return QStringLiteral("#e08a00");
    case Severity::Info: return QStringLiteral("#1e88e5");
    }
    return QStringLiteral("#d32f2f");
}

// Item data of a combo box as the JSON value it stands for (an invalid/empty data = not set).
std::optional<Json> jsonForItemData(const QVariant &data)
{
    if (!data.isValid() || data.isNull())
        return std::nullopt;
    switch (data.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
        return Json(data.toLongLong());
    case QMetaType::Double:
        return Json(data.toDouble());
    case QMetaType::Bool:
        return Json(data.toBool());
    default: {
        const QString text = data.toString();
        if (text.isEmpty())
            return std::nullopt;
        return Json(toStd(text));
    }
    }
}

} // namespace

struct FieldBinder::Binding
{
    enum class Kind { LineEdit, SpinBox, DoubleSpinBox, ComboBox, CheckBox, PlainTextEdit, Custom };
    Kind kind = Kind::Custom;
    QWidget *raw = nullptr;
    QPointer<QWidget> widget;
    QString pointer;
    Presence presence = Presence::Required;
    bool updating = false; // refresh() is setting the widget: do not write back
    int mergeSerial = 0;   // bumped when an edit session ends, so the next typing is a new step

    QString mergeKey() const { return pointer + QLatin1Char('#') + QString::number(mergeSerial); }
};

FieldBinder::FieldBinder(SpecDocument *document, QObject *parent) : QObject(parent), m_document(document)
{
    connect(m_document, &SpecDocument::changed, this, &FieldBinder::refreshAll);
    connect(m_document, &SpecDocument::editingVariantChanged, this, [this] { refreshAll(QString()); });
}

FieldBinder::~FieldBinder()
{
    qDeleteAll(m_bindings);
}

FieldBinder::Binding *FieldBinder::addBinding(QWidget *widget, const QString &pointer, Presence presence)
{
    auto *b = new Binding{Binding::Kind::Custom, widget, widget, pointer, presence};
    m_bindings.append(b);
    // A widget deleted with its page forgets its binding.
    connect(widget, &QObject::destroyed, this, [this, widget] {
        m_bindings.erase(std::remove_if(m_bindings.begin(), m_bindings.end(), [widget](Binding *x) {
                             if (x->raw != widget)
                                 return false;
                             delete x;
                             return true;
                         }),
                         m_bindings.end());
    });
    return b;
}

void FieldBinder::bindLineEdit(QLineEdit *edit, const QString &pointer, Presence presence)
{
    Binding *b = addBinding(edit, pointer, presence);
    b->kind = Binding::Kind::LineEdit;
    connect(edit, &QLineEdit::textEdited, this, [this, b](const QString &text) {
        if (b->updating)
            return;
        const QString what = tr("Change %1").arg(labelForKey(lastToken(b->pointer)));
        if (text.isEmpty() && b->presence == Presence::Optional)
            m_document->removeValue(b->pointer, what);
        else
            writeValue(b->pointer, Json(toStd(text)), what, b->mergeKey());
    });
    connect(edit, &QLineEdit::editingFinished, this, [b] { ++b->mergeSerial; });
    refresh(*b);
}

void FieldBinder::bindSpinBox(QSpinBox *box, const QString &pointer, Presence presence)
{
    Binding *b = addBinding(box, pointer, presence);
    b->kind = Binding::Kind::SpinBox;
    if (presence == Presence::Optional && box->specialValueText().isEmpty())
        box->setSpecialValueText(tr("not set"));
    connect(box, &QSpinBox::valueChanged, this, [this, b, box](int value) {
        if (b->updating)
            return;
        const QString what = tr("Change %1").arg(labelForKey(lastToken(b->pointer)));
        if (b->presence == Presence::Optional && value == box->minimum())
            m_document->removeValue(b->pointer, what);
        else
            writeValue(b->pointer, Json(value), what, b->mergeKey());
    });
    connect(box, &QSpinBox::editingFinished, this, [b] { ++b->mergeSerial; });
    refresh(*b);
}

void FieldBinder::bindDoubleSpinBox(QDoubleSpinBox *box, const QString &pointer, Presence presence)
{
    Binding *b = addBinding(box, pointer, presence);
    b->kind = Binding::Kind::DoubleSpinBox;
    if (presence == Presence::Optional && box->specialValueText().isEmpty())
        box->setSpecialValueText(tr("not set"));
    connect(box, &QDoubleSpinBox::valueChanged, this, [this, b, box](double value) {
        if (b->updating)
            return;
        const QString what = tr("Change %1").arg(labelForKey(lastToken(b->pointer)));
        if (b->presence == Presence::Optional && value <= box->minimum())
            m_document->removeValue(b->pointer, what);
        else
            writeValue(b->pointer, Json(value), what, b->mergeKey());
    });
    connect(box, &QDoubleSpinBox::editingFinished, this, [b] { ++b->mergeSerial; });
    refresh(*b);
}

void FieldBinder::bindComboBox(QComboBox *box, const QString &pointer, Presence presence)
{
    Binding *b = addBinding(box, pointer, presence);
    b->kind = Binding::Kind::ComboBox;
    connect(box, &QComboBox::currentIndexChanged, this, [this, b, box](int index) {
        if (b->updating || index < 0)
            return;
        const QString what = tr("Change %1").arg(labelForKey(lastToken(b->pointer)));
        const std::optional<Json> value = jsonForItemData(box->itemData(index));
        if (!value)
            m_document->removeValue(b->pointer, what);
        else
            writeValue(b->pointer, *value, what);
    });
    refresh(*b);
}

void FieldBinder::bindCheckBox(QCheckBox *box, const QString &pointer, Presence presence)
{
    Binding *b = addBinding(box, pointer, presence);
    b->kind = Binding::Kind::CheckBox;
    connect(box, &QCheckBox::toggled, this, [this, b](bool checked) {
        if (b->updating)
            return;
        const QString what = tr("Change %1").arg(labelForKey(lastToken(b->pointer)));
        if (!checked && b->presence == Presence::Optional)
            m_document->removeValue(b->pointer, what);
        else
            writeValue(b->pointer, Json(checked), what);
    });
    refresh(*b);
}

void FieldBinder::bindPlainTextEdit(QPlainTextEdit *edit, const QString &pointer, Presence presence)
{
    Binding *b = addBinding(edit, pointer, presence);
    b->kind = Binding::Kind::PlainTextEdit;
    connect(edit, &QPlainTextEdit::textChanged, this, [this, b, edit] {
        if (b->updating)
            return;
        const QString text = edit->toPlainText();
        const QString what = tr("Change %1").arg(labelForKey(lastToken(b->pointer)));
        if (text.isEmpty() && b->presence == Presence::Optional)
            m_document->removeValue(b->pointer, what);
        else
            writeValue(b->pointer, Json(toStd(text)), what, b->mergeKey());
    });
    refresh(*b);
}

void FieldBinder::registerWidget(QWidget *widget, const QString &pointer)
{
    addBinding(widget, pointer, Presence::Required);
}

void FieldBinder::setMessageLabel(const QString &pointer, QLabel *label)
{
    m_messageLabels.insert(pointer, label);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setVisible(false);
}

void FieldBinder::clear()
{
    for (Binding *b : std::as_const(m_bindings)) {
        if (b->widget)
            b->widget->disconnect(this);
    }
    qDeleteAll(m_bindings);
    m_bindings.clear();
    m_messageLabels.clear();
}

void FieldBinder::refresh(Binding &b)
{
    QWidget *w = b.widget;
    if (!w || b.kind == Binding::Kind::Custom)
        return;
    const bool present = m_document->has(b.pointer);
    const Json value = present ? m_document->value(b.pointer) : Json();
    b.updating = true;
    bool changed = false;
    switch (b.kind) {
    case Binding::Kind::LineEdit: {
        auto *edit = static_cast<QLineEdit *>(w);
        const QString text = present ? toQString(value) : QString();
        if (edit->text() != text) {
            const int cursor = edit->cursorPosition();
            edit->setText(text);
            if (edit->hasFocus())
                edit->setCursorPosition(std::min<int>(cursor, text.size()));
            changed = true;
        }
        break;
    }
    case Binding::Kind::PlainTextEdit: {
        auto *edit = static_cast<QPlainTextEdit *>(w);
        const QString text = present ? toQString(value) : QString();
        if (edit->toPlainText() != text) {
            const int cursor = edit->textCursor().position();
            edit->setPlainText(text);
            if (edit->hasFocus()) {
                QTextCursor c = edit->textCursor();
                c.setPosition(std::min<int>(cursor, text.size()));
                edit->setTextCursor(c);
            }
            changed = true;
        }
        break;
    }
    case Binding::Kind::SpinBox: {
        auto *box = static_cast<QSpinBox *>(w);
        int v = box->minimum();
        if (value.is_number())
            v = int(std::llround(value.get<double>()));
        if (box->value() != v) {
            box->setValue(v);
            changed = true;
        }
        break;
    }
    case Binding::Kind::DoubleSpinBox: {
        auto *box = static_cast<QDoubleSpinBox *>(w);
        const double v = value.is_number() ? value.get<double>() : box->minimum();
        if (!qFuzzyCompare(box->value() + 1.0, v + 1.0)) {
            box->setValue(v);
            changed = true;
        }
        break;
    }
    case Binding::Kind::ComboBox: {
        auto *box = static_cast<QComboBox *>(w);
        int index = -1;
        for (int i = 0; i < box->count(); ++i) {
            const std::optional<Json> item = jsonForItemData(box->itemData(i));
            if ((!present && !item) || (present && item && *item == value)) {
                index = i;
                break;
            }
        }
        if (box->currentIndex() != index) {
            box->setCurrentIndex(index);
            changed = true;
        }
        break;
    }
    case Binding::Kind::CheckBox: {
        auto *box = static_cast<QCheckBox *>(w);
        const bool checked = value.is_boolean() && value.get<bool>();
        if (box->isChecked() != checked) {
            box->setChecked(checked);
            changed = true;
        }
        break;
    }
    case Binding::Kind::Custom:
        break;
    }
    b.updating = false;
    if (changed)
        ++b.mergeSerial;
}

void FieldBinder::refreshAll(const QString &changedPointer)
{
    // A copy: a refresh can make a page rebuild (and clear) its bindings.
    const QList<Binding *> bindings = m_bindings;
    for (Binding *b : bindings) {
        if (!m_bindings.contains(b))
            continue;
        if (changedPointer.isEmpty() || isUnder(b->pointer, changedPointer) || isUnder(changedPointer, b->pointer))
            refresh(*b);
    }
    markOverrides();
}

void FieldBinder::markOverrides()
{
    // Fields the editing variant overrides get a tinted background, so a producer sees at a
    // glance what differs from the base.
    const QStringList overridden = m_document->overriddenPointers();
    for (Binding *b : std::as_const(m_bindings)) {
        QWidget *w = b->widget;
        if (!w)
            continue;
        const bool mark = std::any_of(overridden.begin(), overridden.end(), [&](const QString &o) {
            return isUnder(o, b->pointer) || isUnder(b->pointer, o);
        });
        if (w->property(kOverrideProperty).toBool() == mark)
            continue;
        w->setProperty(kOverrideProperty, mark);
        if (mark) {
            QPalette palette = w->palette();
            palette.setColor(QPalette::Base, QColor(0xE4, 0xEE, 0xFB));
            palette.setColor(QPalette::Button, QColor(0xD6, 0xE4, 0xF8));
            w->setPalette(palette);
        } else {
            w->setPalette(QPalette());
        }
    }
}

bool FieldBinder::isOverrideMarked(const QWidget *widget)
{
    return widget && widget->property(kOverrideProperty).toBool();
}

bool FieldBinder::focusField(const QString &pointer, QScrollArea *scroll) const
{
    QWidget *widget = widgetFor(pointer);
    if (!widget)
        return false;
    if (scroll)
        scroll->ensureWidgetVisible(widget);
    widget->setFocus(Qt::OtherFocusReason);
    return true;
}

void FieldBinder::showFindings(const Findings &findings)
{
    // Every finding goes to the longest bound (or labelled) pointer that is its pointer or
    // an ancestor of it.
    QStringList targets = boundPointers();
    for (auto it = m_messageLabels.cbegin(); it != m_messageLabels.cend(); ++it) {
        if (!targets.contains(it.key()))
            targets.append(it.key());
    }
    QHash<QString, QList<const Finding *>> routed;
    for (const Finding &f : findings) {
        QString best;
        bool found = false;
        for (const QString &t : std::as_const(targets)) {
            if (isUnder(f.pointer, t) && (!found || t.size() > best.size())) {
                best = t;
                found = true;
            }
        }
        if (found)
            routed[best].append(&f);
    }
    auto mostSevere = [](const QList<const Finding *> &list) -> const Finding * {
        const Finding *worst = nullptr;
        for (const Finding *f : list) {
            if (!worst || int(f->severity) < int(worst->severity))
                worst = f;
        }
        return worst;
    };
    for (Binding *b : std::as_const(m_bindings)) {
        if (!b->widget)
            continue;
        const auto it = routed.constFind(b->pointer);
        markWidget(b->widget, it == routed.cend() ? nullptr : mostSevere(*it));
        if (it != routed.cend() && it->size() > 1) {
            QStringList messages;
            for (const Finding *f : *it)
                messages.append(f->message);
            b->widget->setToolTip(messages.join(QLatin1Char('\n')));
        }
    }
    for (auto it = m_messageLabels.cbegin(); it != m_messageLabels.cend(); ++it) {
        QLabel *label = it.value();
        if (!label)
            continue;
        const auto r = routed.constFind(it.key());
        if (r == routed.cend()) {
            label->clear();
            label->setVisible(false);
            continue;
        }
        QStringList messages;
        for (const Finding *f : *r)
            messages.append(f->message);
        const Finding *worst = mostSevere(*r);
        label->setText(messages.join(QLatin1Char('\n')));
        label->setStyleSheet(QStringLiteral("color: %1;").arg(severityColor(worst->severity)));
        label->setVisible(true);
    }
}

QWidget *FieldBinder::widgetFor(const QString &pointer) const
{
    const Binding *best = nullptr;
    for (const Binding *b : m_bindings) {
        if (!b->widget || !isUnder(pointer, b->pointer))
            continue;
        if (!best || b->pointer.size() > best->pointer.size())
            best = b;
    }
    return best ? best->widget.data() : nullptr;
}

QStringList FieldBinder::boundPointers() const
{
    QStringList out;
    for (const Binding *b : m_bindings) {
        if (b->widget && !out.contains(b->pointer))
            out.append(b->pointer);
    }
    return out;
}

void FieldBinder::markWidget(QWidget *widget, const Finding *finding)
{
    if (!widget)
        return;
    const bool marked = isMarked(widget);
    if (!finding) {
        if (!marked)
            return;
        delete FindingFrame::of(widget);
        widget->setToolTip(widget->property(kBaseToolTipProperty).toString());
        widget->setProperty(kMarkProperty, QVariant());
        return;
    }
    if (!marked)
        widget->setProperty(kBaseToolTipProperty, widget->toolTip());
    const QColor color(severityColor(finding->severity));
    if (FindingFrame *frame = FindingFrame::of(widget))
        frame->setColor(color);
    else
        new FindingFrame(widget, color);
    widget->setToolTip(finding->message);
    widget->setProperty(kMarkProperty, toString(finding->severity));
}

bool FieldBinder::isMarked(const QWidget *widget)
{
    return widget && widget->property(kMarkProperty).isValid();
}

QString FieldBinder::markSeverity(const QWidget *widget)
{
    return widget ? widget->property(kMarkProperty).toString() : QString();
}

bool FieldBinder::writeValue(const QString &pointer, const Json &value, const QString &what,
                             const QString &mergeKey)
{
    if (m_document->setValue(pointer, value, what, mergeKey))
        return true;
    QString parent = parentPointer(pointer);
    if (pointer.isEmpty() || m_document->has(parent))
        return false; // the value was already there
    // Build the missing objects from the nearest existing ancestor down.
    Json nested = value;
    QString at = pointer;
    while (!at.isEmpty() && !m_document->has(parentPointer(at))) {
        Json wrapper = Json::object();
        wrapper[toStd(lastToken(at))] = std::move(nested);
        nested = std::move(wrapper);
        at = parentPointer(at);
    }
    if (at.isEmpty())
        return false;
    return m_document->setValue(at, nested, what, mergeKey);
}

QString FieldBinder::labelForKey(const QString &key)
{
    static const QHash<QString, QString> special = {
        {QStringLiteral("id"), QStringLiteral("ID")},
        {QStringLiteral("sha256"), QStringLiteral("SHA-256")},
        {QStringLiteral("fps"), QStringLiteral("Frame rate")},
        {QStringLiteral("cta"), QStringLiteral("Call to action")},
        {QStringLiteral("num"), QStringLiteral("Numerator")},
        {QStringLiteral("den"), QStringLiteral("Denominator")},
    };
    const auto it = special.constFind(key);
    if (it != special.cend())
        return *it;
    // Unit suffixes become a parenthesised unit: "sizePx" -> "Size (px)".
    static const QList<std::pair<QString, QString>> units = {
        {QStringLiteral("Px"), QStringLiteral("px")},
        {QStringLiteral("Frames"), QStringLiteral("frames")},
        {QStringLiteral("Db"), QStringLiteral("dB")},
        {QStringLiteral("Ms"), QStringLiteral("ms")},
    };
    QString stem = key;
    QString unit;
    for (const auto &[suffix, name] : units) {
        if (stem.size() > suffix.size() && stem.endsWith(suffix)) {
            stem.chop(suffix.size());
            unit = name;
            break;
        }
    }
    QString words;
    for (int i = 0; i < stem.size(); ++i) {
        const QChar c = stem.at(i);
        if (c.isUpper() && i > 0) {
            words += QLatin1Char(' ');
            words += c.toLower();
        } else if (c == QLatin1Char('_') || c == QLatin1Char('-')) {
            words += QLatin1Char(' ');
        } else {
            words += c;
        }
    }
    if (!words.isEmpty())
        words[0] = words.at(0).toUpper();
    if (!unit.isEmpty())
        words += QStringLiteral(" (") + unit + QLatin1Char(')');
    return words;
}

QString FieldBinder::childPointer(const QString &pointer, const QString &key)
{
    return pointer + QLatin1Char('/') + escapePointerToken(key);
}

QString FieldBinder::childPointer(const QString &pointer, int index)
{
    return pointer + QLatin1Char('/') + QString::number(index);
}

QString FieldBinder::parentPointer(const QString &pointer)
{
    return greenlight::parentPointer(pointer);
}

QString FieldBinder::lastToken(const QString &pointer)
{
    return greenlight::lastToken(pointer);
}

bool FieldBinder::isUnder(const QString &pointer, const QString &ancestor)
{
    if (ancestor.isEmpty())
        return true;
    return pointer == ancestor
           || (pointer.size() > ancestor.size() && pointer.startsWith(ancestor)
               && pointer.at(ancestor.size()) == QLatin1Char('/'));
}

} // namespace greenlight
