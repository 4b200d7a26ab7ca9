#include "review/reviewshortcuts.h"

#include "preferences/shortcuteditor.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace greenlight {

namespace {

QList<QKeySequence> keys(std::initializer_list<const char *> list)
{
    QList<QKeySequence> out;
    for (const char *k : list)
        out.append(QKeySequence(QString::fromLatin1(k)));
    return out;
}

const ReviewShortcut *findShortcut(const QString &id)
{
    for (const ReviewShortcut &s : reviewShortcutTable())
        if (id == QLatin1String(s.id))
            return &s;
    return nullptr;
}

const QString kScope = QStringLiteral("review");

ShortcutEntry entry(const ReviewShortcut &s, const QList<QKeySequence> &current)
{
    return {QString::fromLatin1(s.id), QObject::tr("Review desk: %1").arg(QString::fromLatin1(s.group)),
            QString::fromUtf8(s.text), kScope, s.defaults, current};
}

} // namespace

const QList<ReviewShortcut> &reviewShortcutTable()
{
    static const QList<ReviewShortcut> table = {
        {"play", "Transport", "Play / pause", keys({"Space"})},
        {"shuttle-back", "Transport", "Shuttle backward (repeat: faster; with K held: back one frame)", keys({"J"})},
        {"stop", "Transport", "Stop (hold with J or L to step)", keys({"K"})},
        {"shuttle-forward", "Transport", "Shuttle forward (repeat: faster; with K held: forward one frame)", keys({"L"})},
        {"step-back", "Transport", "Previous frame", keys({"Left"})},
        {"step-forward", "Transport", "Next frame", keys({"Right"})},
        {"step-back-10", "Transport", "Back 10 frames", keys({"Shift+Left"})},
        {"step-forward-10", "Transport", "Forward 10 frames", keys({"Shift+Right"})},
        {"start", "Transport", "First frame", keys({"Home"})},
        {"end", "Transport", "Last frame", keys({"End"})},
        {"go-to", "Transport", "Go to frame or timecode…", keys({"Ctrl+G"})},
        {"mark-in", "Marks", "Mark in", keys({"I"})},
        {"mark-out", "Marks", "Mark out", keys({"O"})},
        {"clear-marks", "Marks", "Clear in and out", keys({"Alt+X"})},
        {"loop", "Marks", "Loop between in and out", keys({"Ctrl+L"})},
        {"prev-finding", "Findings", "Previous finding", keys({","})},
        {"next-finding", "Findings", "Next finding", keys({"."})},
        {"add-observation", "Findings", "Add an observation on this frame or the in/out range…", keys({"N"})},
        {"compare", "Compare", "Compare with another run…", keys({"Ctrl+B"})},
        {"compare-off", "Compare", "Compare off", keys({"Ctrl+0"})},
        {"compare-side", "Compare", "Side by side", keys({"Ctrl+1"})},
        {"compare-wipe", "Compare", "Wipe", keys({"Ctrl+2"})},
        {"compare-diff", "Compare", "Difference", keys({"Ctrl+3"})},
        {"safe-areas", "View", "Caption safe areas", keys({"S"})},
        {"zoom-in", "View", "Zoom the timeline in", keys({"="})},
        {"zoom-out", "View", "Zoom the timeline out", keys({"-"})},
        {"zoom-fit", "View", "Fit the whole video in the timeline", keys({"Shift+Z"})},
        {"help", "Help", "Show or hide this list", keys({"?", "F1"})},
        {"shortcuts", "Help", "Change shortcuts…", keys({"Ctrl+Alt+K"})},
    };
    return table;
}

void applyReviewShortcuts(const QList<QAction *> &actions, const QHash<QString, QString> &overrides)
{
    for (QAction *a : actions) {
        const ReviewShortcut *s = findShortcut(a->objectName());
        if (!s)
            continue;
        if (overrides.contains(a->objectName()))
            a->setShortcuts(QKeySequence::listFromString(overrides.value(a->objectName()), QKeySequence::PortableText));
        else
            a->setShortcuts(s->defaults);
        a->setShortcutContext(Qt::WindowShortcut);
    }
}

QString reviewShortcutHelp(const QList<QAction *> &actions)
{
    QString text = QObject::tr("Keyboard (rebind with Ctrl+Alt+K)\n");
    QString group;
    for (const ReviewShortcut &s : reviewShortcutTable()) {
        QAction *action = nullptr;
        for (QAction *a : actions)
            if (a->objectName() == QLatin1String(s.id))
                action = a;
        if (!action)
            continue;
        if (group != QLatin1String(s.group)) {
            group = QString::fromLatin1(s.group);
            text += QLatin1Char('\n') + group + QLatin1Char('\n');
        }
        const QString bound = QKeySequence::listToString(action->shortcuts(), QKeySequence::NativeText);
        text += QStringLiteral("  %1  %2\n").arg(bound.leftJustified(16), QString::fromUtf8(s.text));
    }
    return text;
}

QList<ShortcutEntry> reviewShortcutEntries(const QHash<QString, QString> &overrides)
{
    QList<ShortcutEntry> out;
    for (const ReviewShortcut &s : reviewShortcutTable()) {
        const QString id = QString::fromLatin1(s.id);
        out.append(entry(s, overrides.contains(id)
                                ? QKeySequence::listFromString(overrides.value(id), QKeySequence::PortableText)
                                : s.defaults));
    }
    return out;
}

ShortcutsDialog::ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Review shortcuts"));
    auto *layout = new QVBoxLayout(this);
    QList<ShortcutEntry> entries;
    for (const ReviewShortcut &s : reviewShortcutTable())
        for (QAction *a : actions)
            if (a->objectName() == QLatin1String(s.id))
                entries.append(entry(s, a->shortcuts()));
    m_editor = new ShortcutEditor(this);
    m_editor->setEntries(entries);
    layout->addWidget(m_editor);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, m_editor, &ShortcutEditor::resetDefaults);
    layout->addWidget(buttons);
    resize(640, 560);
}

QHash<QString, QString> ShortcutsDialog::overrides() const
{
    return m_editor->overrides(kScope);
}

} // namespace greenlight
