#pragma once

#include "assetimport.h"
#include "spec/editorpage.h"

#include <QFutureWatcher>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace greenlight {

// "Assets": the spec's assets (id, kind, path, whether the file exists, findings about it).
// "Add files…" copies picked files into the project's assets/ folder on a worker thread
// (progress and Cancel in the page), detects each one's kind and lists them under ids made
// from their names, as one undo step. "Remove" drops assets from the list (the files stay),
// warning first when scenes or layers use them.
class AssetsPage : public EditorPage
{
    Q_OBJECT
public:
    AssetsPage(SpecDocument *document, QWidget *parent = nullptr);
    ~AssetsPage() override;

    QString title() const override;
    QStringList pointerPrefixes() const override;
    void showFindings(const Findings &findings) override;
    bool focusPointer(const QString &pointer) override;

    // Imports files as "Add files…" does after the file dialog. Ignored while an import runs
    // (from the call until importFinished).
    void addFiles(const QStringList &paths);
    bool isImporting() const;
    void cancelImport();
    // Removes the assets in these rows as one undo step; `confirm` false skips the question
    // about assets in use.
    bool removeRows(const QList<int> &rows, bool confirm = true);
    // Where each asset id is used ("scene \"hook\" background", ...).
    QStringList usesOf(const QString &assetId) const;

    QTableWidget *table() const { return m_table; }
    QLabel *statusLabel() const { return m_status; }
    QProgressBar *progressBar() const { return m_progress; }

    enum Column { IdColumn, KindColumn, PathColumn, StatusColumn, ColumnCount };

Q_SIGNALS:
    // An import ended: the ids it listed and the files it could not add (with why).
    void importFinished(const QStringList &addedIds, const QStringList &problems);

private:
    void rebuild();
    void pickFiles();
    void removeSelected();
    void importDone();
    void updateButtons();

    QTableWidget *m_table;
    QPushButton *m_addButton;
    QPushButton *m_removeButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_status;
    QFutureWatcher<ImportedFile> m_watcher;
    QList<ImportedFile> m_results; // of the running import, as they arrive
    bool m_importing = false;      // from addFiles until the results are listed
    Findings m_findings;
};

} // namespace greenlight
