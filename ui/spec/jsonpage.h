#pragma once

#include "editorpage.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace greenlight {

// The spec as JSON text. It follows the document while the text is untouched; edited text
// is applied (Ctrl+Return) only when it parses and passes the schema, as one undo step. A
// parse error names line and column and moves the cursor there.
class JsonPage : public EditorPage
{
    Q_OBJECT
public:
    explicit JsonPage(SpecDocument *document, QWidget *parent = nullptr);

    QString title() const override;
    QStringList pointerPrefixes() const override { return {}; }
    void showFindings(const Findings &) override {}
    // Selects the line that holds the field.
    bool focusPointer(const QString &pointer) override;

    QPlainTextEdit *editor() const { return m_edit; }
    // Applies the edited text; false (with the reason shown) when it is refused.
    bool apply();
    void revert();
    bool isEdited() const { return m_edited; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void reload();
    void setEdited(bool edited);

    QPlainTextEdit *m_edit = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    bool m_edited = false;
    bool m_loading = false;
};

} // namespace greenlight
