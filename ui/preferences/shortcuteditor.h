#pragma once

#include <QHash>
#include <QKeySequence>
#include <QList>
#include <QString>
#include <QWidget>

class QKeySequenceEdit;
class QLabel;
class QTableWidget;

namespace greenlight {

// One rebindable action as the shortcut editor lists it.
struct ShortcutEntry
{
    QString id;      // the settings id: a review table id or a main-window action's objectName
    QString section; // the heading it is listed under
    QString text;    // what it does, for people
    QString scope;   // the window it lives in; keys conflict only within one scope
    QList<QKeySequence> defaults;
    QList<QKeySequence> current;
};

// A table of actions with an editable key each, under section headings. Editing keeps the
// first key of an action (an untouched action keeps all its default keys); a key bound to
// two actions of one scope marks both rows and is named under the table.
class ShortcutEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ShortcutEditor(QWidget *parent = nullptr);

    void setEntries(const QList<ShortcutEntry> &entries);
    QList<ShortcutEntry> entries() const { return m_entries; }
    // id -> key sequence in portable text for the entries of `scope` that differ from their
    // defaults ("" = no key).
    QHash<QString, QString> overrides(const QString &scope) const;
    void resetDefaults();
    // "scope/id" of every entry whose key another entry of its scope also uses.
    QStringList conflicts() const;

    QKeySequenceEdit *editFor(const QString &scope, const QString &id) const;
    QTableWidget *table() const { return m_table; }
    QLabel *conflictLabel() const { return m_conflictLabel; }

Q_SIGNALS:
    void changed();

private:
    void edited(int entry, const QKeySequence &keys);
    void updateConflicts();

    QList<ShortcutEntry> m_entries;
    QList<int> m_rowOfEntry;
    QStringList m_conflicts;
    QTableWidget *m_table = nullptr;
    QLabel *m_conflictLabel = nullptr;
};

} // namespace greenlight
