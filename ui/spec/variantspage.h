#pragma once

#include "editorpage.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace greenlight {

// Variants: the base spec and each variant with the number of fields it overrides. The
// selected row is the one every form edits. For a variant, its title and the fields it
// overrides (base value beside the variant's) are listed, and any of them can be reset to
// the base. New, Duplicate, Rename and Delete are undo steps like every other edit.
class VariantsPage : public EditorPage
{
    Q_OBJECT
public:
    explicit VariantsPage(SpecDocument *document, QWidget *parent = nullptr);

    QString title() const override;
    QStringList pointerPrefixes() const override { return {}; }
    void showFindings(const Findings &) override {}
    bool focusPointer(const QString &) override { return false; }

    QTreeWidget *variantList() const { return m_variants; }
    QTreeWidget *overrideList() const { return m_overrides; }

    // The actions behind the buttons (the dialogs ask for ids; these take them).
    bool createVariant(const QString &id, const QString &title);
    bool duplicateVariant(const QString &id, const QString &newId);
    void resetSelectedOverrides();

private:
    void rebuild();
    void rebuildOverrides();
    void askNewVariant(bool duplicate);
    void askRename();
    void deleteVariant();

    QTreeWidget *m_variants = nullptr;
    QTreeWidget *m_overrides = nullptr;
    QLineEdit *m_title = nullptr;
    QLabel *m_overrideHeading = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_reset = nullptr;
    QPushButton *m_resetAll = nullptr;
    bool m_rebuilding = false;
};

} // namespace greenlight
