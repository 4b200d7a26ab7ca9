#pragma once

#include "spec/editorpage.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace greenlight {

class FieldBinder;

// "Pronunciations": how narration says particular words, as a table (word, spoken text,
// phonemes, phoneme alphabet) with Add and Remove. Each cell edit is one undo step; an
// emptied optional cell removes the field. Cells that findings point at are marked, with the
// finding's message as their tooltip.
class PronunciationsPage : public EditorPage
{
    Q_OBJECT
public:
    enum Column { WordColumn, SpokenColumn, PhonemesColumn, AlphabetColumn, ColumnCount };

    explicit PronunciationsPage(SpecDocument *document, QWidget *parent = nullptr);

    QString title() const override;
    QStringList pointerPrefixes() const override;
    void showFindings(const Findings &findings) override;
    bool focusPointer(const QString &pointer) override;

    QTableWidget *table() const { return m_table; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    // Whether a finding marks the cell, and its message.
    bool isCellMarked(int row, int column) const;
    QString cellMessage(int row, int column) const;
    // The JSON key a column edits ("word", "spoken", ...).
    static QString columnKey(int column);

private:
    void reload();
    void applyFindings();
    void onCellChanged(int row, int column);
    void onAlphabetChanged(int row, int index);
    void addRow();
    void removeRows();

    FieldBinder *m_binder;
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_summary;
    Findings m_findings;
    bool m_updating = false;
};

} // namespace greenlight
