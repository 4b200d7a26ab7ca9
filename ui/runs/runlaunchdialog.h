#pragma once

#include "runs/runjobrequest.h"
#include "runs/runsummary.h"
#include "runbook/runbook.h"

#include "remote/sshhostprofile.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QList>

#include <memory>
#include <optional>

class QComboBox;
class QSpinBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;

namespace greenlight {

class SpecValidator;

// Launches a render or a narration (tts) run of one spec and variant. The workload list is
// the runbook's workloads of the chosen kind; the runtime classes offered are exactly those
// the workload allows, in its fallback order with the default first. A class this build
// cannot run (renders: anything but local) is listed, disabled, with the reason. A render
// may use a succeeded narration run of the same spec and variant (newest first, or none).
// Renders of a spec with structural blockers are not offered.
class RunLaunchDialog : public QDialog
{
    Q_OBJECT

public:
    // knownRuns: the project's runs as the history has them (for the narration choices);
    // when empty, the dialog reads runs/ itself.
    RunLaunchDialog(const QString &projectRoot, const QList<RunSummary> &knownRuns = {}, QWidget *parent = nullptr);
    ~RunLaunchDialog() override;

    // Preselections; false when the spec, variant, workload or class is not offered.
    bool setSpec(const QString &specPath); // absolute or relative to the project
    bool setVariant(const QString &variant); // "" = base
    void setKind(RunKind kind);
    bool setWorkload(const QString &workloadId);
    bool setRuntimeClass(const QString &runtimeClass);
    bool setNarrationRun(const QString &runDir); // "" = none

    // The run to launch, as chosen.
    RunJobRequest request() const;
    bool canLaunch() const;
    bool isValidating() const { return m_validation.isRunning(); }

    // What is offered, for tests and for people reading the code.
    QStringList offeredWorkloads() const;
    QStringList offeredRuntimeClasses() const;          // in the workload's order
    bool isRuntimeClassEnabled(const QString &runtimeClass) const;
    QStringList offeredNarrationRuns() const;           // run folders, newest first ("" = none)

    QComboBox *specCombo() const { return m_spec; }
    QComboBox *variantCombo() const { return m_variant; }
    QComboBox *kindCombo() const { return m_kind; }
    QComboBox *workloadCombo() const { return m_workload; }
    QComboBox *classCombo() const { return m_class; }
    QComboBox *narrationCombo() const { return m_narration; }
    QLabel *engineLabel() const { return m_engine; }
    QPushButton *launchButton() const;

    // Why this build cannot run a class for a kind (empty when it can). Renders run locally,
    // or on remote-self-hosted when its engine is ssh and at least one SSH host is set up.
    static QString unavailableReason(RunKind kind, const QString &runtimeClass, const QString &engine = {},
                                     int sshHostCount = 0, bool slurmAvailable = false);
    // Whether this machine can submit to a Slurm farm (sbatch on the PATH).
    static bool slurmAvailable();
    QComboBox *hostCombo() const { return m_host; }
    QSpinBox *chunksSpin() const { return m_chunks; }

private:
    void fillVariants();
    void fillWorkloads();
    void fillClasses();
    void fillNarrationRuns();
    void updateEngine();
    QString engineNote() const; // what a remote engine needs, for people
    void validateSpec();
    void updateState();
    RunKind currentKind() const;
    const Workload *currentWorkload() const;

    QString m_root;
    QList<RunSummary> m_runs;
    std::optional<Runbook> m_runbook;
    QString m_runbookError;
    std::shared_ptr<const SpecValidator> m_validator;
    QFutureWatcher<int> m_validation; // open structural blockers of the chosen spec and variant
    std::optional<int> m_blockers;

    QComboBox *m_spec = nullptr;
    QComboBox *m_variant = nullptr;
    QComboBox *m_kind = nullptr;
    QComboBox *m_workload = nullptr;
    QLabel *m_workloadInfo = nullptr;
    QComboBox *m_class = nullptr;
    QLabel *m_engine = nullptr;
    QLabel *m_narrationLabel = nullptr;
    QComboBox *m_host = nullptr;
    QLabel *m_hostLabel = nullptr;
    QSpinBox *m_chunks = nullptr;
    QLabel *m_chunksLabel = nullptr;
    bool m_slurm = false;
    QList<SshHostProfile> m_sshHosts;
    Json m_engineSettings; // Preferences > Speech engines, for narration runs
    QComboBox *m_narration = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace greenlight
