#include "preferences/shortcuteditor.h"

#include "preferences/theme.h"

#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QMap>
#include <QTableWidget>
#include <QVBoxLayout>

namespace greenlight {

namespace {

QString scoped(const ShortcutEntry &e)
{
    return e.scope + QLatin1Char('/') + e.id;
}

} // namespace

ShortcutEditor::ShortcutEditor(QWidget *parent) : QWidget(parent)
{
    m_table = new QTableWidget(0, 2, this);
    m_table->setObjectName(QStringLiteral("shortcutTable"));
    m_table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_conflictLabel = new QLabel(this);
    m_conflictLabel->setObjectName(QStringLiteral("shortcutConflicts"));
    m_conflictLabel->setWordWrap(true);
    m_conflictLabel->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_conflictLabel);
}

void ShortcutEditor::setEntries(const QList<ShortcutEntry> &entries)
{
    m_entries = entries;
    m_rowOfEntry.clear();
    m_table->setRowCount(0);
    QString section;
    for (int i = 0; i < m_entries.size(); ++i) {
        const ShortcutEntry &e = m_entries.at(i);
        if (!e.section.isEmpty() && e.section != section) {
            section = e.section;
            const int row = m_table->rowCount();
            m_table->insertRow(row);
            auto *heading = new QTableWidgetItem(section);
            heading->setFlags(Qt::ItemIsEnabled);
            QFont bold = m_table->font();
            bold.setBold(true);
            heading->setFont(bold);
            m_table->setItem(row, 0, heading);
            m_table->setSpan(row, 0, 1, 2);
        }
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_rowOfEntry.append(row);
        auto *label = new QTableWidgetItem(e.text);
        label->setFlags(Qt::ItemIsEnabled);
        label->setData(Qt::UserRole, e.id);
        m_table->setItem(row, 0, label);
        auto *edit = new QKeySequenceEdit(e.current.value(0), m_table);
        edit->setObjectName(e.id);
        edit->setProperty("shortcutScope", e.scope);
        edit->setClearButtonEnabled(true);
        edit->setToolTip(tr("Default: %1").arg(e.defaults.isEmpty()
                                                   ? tr("none")
                                                   : QKeySequence::listToString(e.defaults, QKeySequence::NativeText)));
        connect(edit, &QKeySequenceEdit::keySequenceChanged, this,
                [this, i](const QKeySequence &keys) { edited(i, keys); });
        m_table->setCellWidget(row, 1, edit);
    }
    m_table->resizeColumnToContents(1);
    m_table->setColumnWidth(1, qMax(m_table->columnWidth(1), fontMetrics().horizontalAdvance(QLatin1Char('M')) * 14));
    updateConflicts();
}

void ShortcutEditor::edited(int entry, const QKeySequence &keys)
{
    ShortcutEntry &e = m_entries[entry];
    // The first default again means the defaults, with their second keys.
    if (keys == e.defaults.value(0))
        e.current = e.defaults;
    else
        e.current = keys.isEmpty() ? QList<QKeySequence>() : QList<QKeySequence>{keys};
    updateConflicts();
    Q_EMIT changed();
}

QHash<QString, QString> ShortcutEditor::overrides(const QString &scope) const
{
    QHash<QString, QString> out;
    for (const ShortcutEntry &e : m_entries)
        if (e.scope == scope && e.current != e.defaults)
            out.insert(e.id, QKeySequence::listToString(e.current, QKeySequence::PortableText));
    return out;
}

void ShortcutEditor::resetDefaults()
{
    for (int i = 0; i < m_entries.size(); ++i) {
        auto *edit = qobject_cast<QKeySequenceEdit *>(m_table->cellWidget(m_rowOfEntry.at(i), 1));
        if (edit)
            edit->setKeySequence(m_entries.at(i).defaults.value(0)); // edited() restores all defaults
        m_entries[i].current = m_entries.at(i).defaults;
    }
    updateConflicts();
    Q_EMIT changed();
}

QStringList ShortcutEditor::conflicts() const
{
    return m_conflicts;
}

QKeySequenceEdit *ShortcutEditor::editFor(const QString &scope, const QString &id) const
{
    for (int i = 0; i < m_entries.size(); ++i)
        if (m_entries.at(i).scope == scope && m_entries.at(i).id == id)
            return qobject_cast<QKeySequenceEdit *>(m_table->cellWidget(m_rowOfEntry.at(i), 1));
    return nullptr;
}

void ShortcutEditor::updateConflicts()
{
    // scope + key -> the entries bound to it
    QMap<QString, QList<int>> users;
    for (int i = 0; i < m_entries.size(); ++i)
        for (const QKeySequence &k : m_entries.at(i).current) {
            if (k.isEmpty())
                continue;
            QList<int> &on = users[m_entries.at(i).scope + QLatin1Char('\n') + k.toString(QKeySequence::PortableText)];
            if (!on.contains(i)) // an action may list the same key twice (Redo on some platforms)
                on.append(i);
        }
    m_conflicts.clear();
    QStringList lines;
    QHash<int, QStringList> clashes; // entry -> the other actions on its keys
    for (auto it = users.cbegin(); it != users.cend(); ++it) {
        if (it->size() < 2)
            continue;
        QStringList names;
        for (int i : *it) {
            names.append(QStringLiteral("\u201c%1\u201d").arg(m_entries.at(i).text));
            if (!m_conflicts.contains(scoped(m_entries.at(i))))
                m_conflicts.append(scoped(m_entries.at(i)));
            for (int j : *it)
                if (j != i)
                    clashes[i].append(m_entries.at(j).text);
        }
        const QKeySequence key(it.key().section(QLatin1Char('\n'), 1), QKeySequence::PortableText);
        lines.append(tr("%1 is bound to %2.").arg(key.toString(QKeySequence::NativeText), names.join(tr(" and "))));
    }
    const QColor warning = Theme::toneColor(this, Theme::Tone::Problem);
    for (int i = 0; i < m_entries.size(); ++i) {
        QTableWidgetItem *label = m_table->item(m_rowOfEntry.at(i), 0);
        if (!label)
            continue;
        const bool clash = clashes.contains(i);
        label->setForeground(clash ? QBrush(warning) : QBrush());
        label->setToolTip(clash ? tr("Same keys as %1").arg(clashes.value(i).join(QStringLiteral(", "))) : QString());
    }
    m_conflictLabel->setVisible(!lines.isEmpty());
    m_conflictLabel->setText(lines.isEmpty() ? QString()
                                             : tr("Conflicting keys: only one action gets them.\n") + lines.join(QLatin1Char('\n')));
    m_conflictLabel->setStyleSheet(QStringLiteral("color: %1;").arg(warning.name()));
}

} // namespace greenlight
