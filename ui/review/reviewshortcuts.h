#pragma once

#include <QDialog>
#include <QHash>
#include <QKeySequence>
#include <QList>
#include <QString>

class QAction;

namespace greenlight {

struct ShortcutEntry;

// The review desk's keyboard: every action once, with its id (the settings key), its label,
// its default keys, and the group it is listed under in the help overlay. Users rebind keys in
// the Shortcuts dialog; overrides live in AppSettings::reviewShortcuts().
struct ReviewShortcut
{
    const char *id;
    const char *group;
    const char *text;
    QList<QKeySequence> defaults;
};

const QList<ReviewShortcut> &reviewShortcutTable();

// Applies defaults and the user's overrides to actions whose objectName is a table id.
void applyReviewShortcuts(const QList<QAction *> &actions, const QHash<QString, QString> &overrides);

// The table as shortcut editor entries (scope "review"), bound as the overrides say.
QList<ShortcutEntry> reviewShortcutEntries(const QHash<QString, QString> &overrides);

// The help overlay's text: groups, then "keys  action" lines, from the actions as bound now.
QString reviewShortcutHelp(const QList<QAction *> &actions);

class ShortcutEditor;

// Lists every action with an editable key sequence; Reset restores the defaults. The same
// table is the review desk's part of Preferences > Keyboard shortcuts.
class ShortcutsDialog : public QDialog
{
    Q_OBJECT

public:
    ShortcutsDialog(const QList<QAction *> &actions, QWidget *parent = nullptr);
    // Overrides (id -> portable key text) that differ from the defaults.
    QHash<QString, QString> overrides() const;
    ShortcutEditor *editor() const { return m_editor; }

private:
    ShortcutEditor *m_editor = nullptr;
};

} // namespace greenlight
