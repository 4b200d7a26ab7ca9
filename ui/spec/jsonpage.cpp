#include "jsonpage.h"

#include "specdocument.h"

#include "common/jsonpointer.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QKeyEvent>
#include <QTextBlock>
#include <QVBoxLayout>

namespace greenlight {

namespace {

// Findings that mean the text is not a spec the forms can show (shape, not rules).
bool isSchemaFinding(const Finding &f)
{
    return f.code.startsWith(QLatin1String("spec.schema.")) || f.code.startsWith(QLatin1String("json."));
}

} // namespace

JsonPage::JsonPage(SpecDocument *document, QWidget *parent) : EditorPage(document, parent)
{
    setObjectName(QStringLiteral("jsonPage"));
    auto *layout = new QVBoxLayout(this);
    m_edit = new QPlainTextEdit(this);
    m_edit->setObjectName(QStringLiteral("jsonEdit"));
    m_edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_edit->setTabChangesFocus(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("jsonStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_apply = new QPushButton(tr("&Apply"), this);
    m_apply->setObjectName(QStringLiteral("jsonApplyButton"));
    m_apply->setToolTip(tr("Apply the edited JSON to the spec (Ctrl+Return); refused unless it parses and fits the schema"));
    m_revert = new QPushButton(tr("Re&vert"), this);
    m_revert->setObjectName(QStringLiteral("jsonRevertButton"));
    m_revert->setToolTip(tr("Throw away the text edits and show the spec again"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_status, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_apply);
    layout->addWidget(m_edit, 1);
    layout->addLayout(buttons);

    // Ctrl+Return applies; the text edit would take it as a line break before any shortcut.
    m_edit->installEventFilter(this);
    connect(m_apply, &QPushButton::clicked, this, &JsonPage::apply);
    connect(m_revert, &QPushButton::clicked, this, &JsonPage::revert);
    connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_loading)
            setEdited(true);
    });
    connect(document, &SpecDocument::changed, this, [this] {
        if (!m_edited)
            reload();
    });
    reload();
}

bool JsonPage::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride)) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && (key->modifiers() & Qt::ControlModifier)) {
            if (event->type() == QEvent::KeyPress)
                apply();
            event->accept();
            return true;
        }
    }
    return EditorPage::eventFilter(watched, event);
}

QString JsonPage::title() const
{
    return tr("JSON");
}

bool JsonPage::focusPointer(const QString &pointer)
{
    // Finds the line of the pointer's last key, searching from the lines of its parents.
    const QStringList tokens = pointer.mid(1).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QTextDocument *text = m_edit->document();
    QTextCursor cursor(text);
    for (const QString &raw : tokens) {
        bool isIndex = false;
        raw.toInt(&isIndex);
        if (isIndex)
            continue; // array positions have no text of their own
        const QTextCursor found = text->find(QStringLiteral("\"%1\"").arg(lastToken(QLatin1Char('/') + raw)), cursor);
        if (found.isNull())
            break;
        cursor = found;
    }
    m_edit->setTextCursor(cursor);
    m_edit->centerCursor();
    m_edit->setFocus(Qt::OtherFocusReason);
    return true;
}

bool JsonPage::apply()
{
    const QByteArray bytes = m_edit->toPlainText().toUtf8();
    Result<Json> parsed = parseJson(bytes, document()->relativePath());
    if (!parsed) {
        // The location ends in ":line:column".
        const QRegularExpression where(QStringLiteral(":(\\d+):(\\d+)$"));
        const QRegularExpressionMatch m = where.match(parsed.error().location);
        const int line = m.hasMatch() ? m.captured(1).toInt() : 0;
        const int column = m.hasMatch() ? m.captured(2).toInt() : 0;
        m_status->setText(line > 0 ? tr("Not applied: line %1, column %2: %3").arg(line).arg(column).arg(parsed.error().message)
                                   : tr("Not applied: %1").arg(parsed.error().message));
        m_status->setStyleSheet(QStringLiteral("color: #B3261E;"));
        if (line > 0) {
            const QTextBlock block = m_edit->document()->findBlockByNumber(line - 1);
            QTextCursor cursor(block);
            cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, qMax(0, column - 1));
            m_edit->setTextCursor(cursor);
        }
        m_edit->setFocus(Qt::OtherFocusReason);
        return false;
    }
    if (!parsed->is_object()) {
        m_status->setText(tr("Not applied: a spec is a JSON object."));
        m_status->setStyleSheet(QStringLiteral("color: #B3261E;"));
        return false;
    }
    // Rule findings (durations, bindings, ...) are fine: the forms show them. A document
    // the schema rejects is not a spec the forms can show.
    const Findings findings = document()->findingsFor(*parsed);
    QStringList problems;
    for (const Finding &f : findings)
        if (isSchemaFinding(f))
            problems.append(QStringLiteral("%1 %2").arg(f.pointer.isEmpty() ? QStringLiteral("/") : f.pointer, f.message));
    if (!problems.isEmpty()) {
        m_status->setText(tr("Not applied, the spec format does not allow it:\n%1").arg(problems.mid(0, 5).join(QLatin1Char('\n'))));
        m_status->setStyleSheet(QStringLiteral("color: #B3261E;"));
        return false;
    }
    setEdited(false);
    document()->replaceDocument(*parsed, tr("Edit JSON"));
    reload();
    m_status->setText(tr("Applied."));
    m_status->setStyleSheet(QString());
    return true;
}

void JsonPage::revert()
{
    setEdited(false);
    reload();
    m_status->clear();
}

void JsonPage::reload()
{
    m_loading = true;
    const QString text = QString::fromUtf8(SpecDocument::serialize(document()->document()));
    if (m_edit->toPlainText() != text) {
        const int position = m_edit->textCursor().position();
        m_edit->setPlainText(text);
        QTextCursor cursor = m_edit->textCursor();
        cursor.setPosition(qMin(position, int(text.size())));
        m_edit->setTextCursor(cursor);
    }
    m_loading = false;
    setEdited(false);
}

void JsonPage::setEdited(bool edited)
{
    m_edited = edited;
    m_apply->setEnabled(edited);
    m_revert->setEnabled(edited);
    if (edited)
        m_status->setText(tr("Edited \u2014 Ctrl+Return applies the text to the spec."));
}

} // namespace greenlight
