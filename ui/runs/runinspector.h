#pragma once

#include "run/manifest.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QList>

class QComboBox;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace greenlight {

// Everything one run folder says about itself: the run.json summary and raw JSON, its
// attempts (runtime class, engine, outcome, error, retry reason, times), the artifacts its
// manifest.json lists with sizes and sha256 (and a check of the folder against them on the
// thread pool), props.json, plan.json, warnings.json and the logs. Non-modal; a succeeded
// render can be opened in the review desk from here.
class RunInspector : public QDialog
{
    Q_OBJECT

public:
    explicit RunInspector(QWidget *parent = nullptr);
    ~RunInspector() override;

    void openRun(const QString &runDir);
    QString runDir() const { return m_runDir; }

    // Checks the folder against its manifest on the thread pool; verified() follows.
    void verifyNow();
    bool isVerifying() const { return m_verify.isRunning(); }

    QTabWidget *tabs() const { return m_tabs; }
    QTableWidget *attemptsTable() const { return m_attempts; }
    QTableWidget *artifactsTable() const { return m_artifacts; }
    QPushButton *verifyButton() const { return m_verifyButton; }
    QPushButton *reviewButton() const { return m_reviewButton; }
    QLabel *verifyLabel() const { return m_verifyLabel; }

    // The check column's text per artifact path after verifyNow: ok | mismatch | missing | unlisted.
    QString artifactCheck(const QString &path) const;

Q_SIGNALS:
    void reviewRequested(const QString &runDir);
    void verified(int problemCount);

private:
    enum ArtifactColumn { PathColumn, CheckColumn, RoleColumn, TypeColumn, BytesColumn, ShaColumn, ArtifactColumnCount };

    QWidget *makeSummaryTab();
    QWidget *makeAttemptsTab();
    QWidget *makeArtifactsTab();
    QWidget *makeLogsTab();
    QPlainTextEdit *addTextTab(const QString &title, const QString &objectName);
    void fillSummary(const QString &runJsonText);
    void fillArtifacts();
    void showVerification(const QList<ManifestProblem> &problems);
    void showLog(const QString &relativePath);

    QString m_runDir;
    QLabel *m_title = nullptr;
    QTabWidget *m_tabs = nullptr;
    QFormLayout *m_summary = nullptr;
    QPlainTextEdit *m_rawRun = nullptr;
    QTableWidget *m_attempts = nullptr;
    QTableWidget *m_artifacts = nullptr;
    QLabel *m_verifyLabel = nullptr;
    QPushButton *m_verifyButton = nullptr;
    QPushButton *m_reviewButton = nullptr;
    QPushButton *m_revealButton = nullptr;
    QPlainTextEdit *m_props = nullptr;
    QPlainTextEdit *m_plan = nullptr;
    QPlainTextEdit *m_warnings = nullptr;
    QComboBox *m_logChoice = nullptr;
    QPlainTextEdit *m_logText = nullptr;
    QFutureWatcher<QList<ManifestProblem>> m_verify;
};

} // namespace greenlight
