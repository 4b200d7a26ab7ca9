#pragma once

#include "common/result.h"
#include "ledger/decision.h"
#include "qa/finding.h"
#include "run/runrecord.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

class Ledger;
class Runbook;

// Where one QA stage stands for a run at the gate.
struct GateStage
{
    Stage stage = Stage::Structural;
    bool required = false;  // the workload's requiredStages names it
    QString state;          // not-run | clean | findings | changed (structural: spec edited since the run)
    int openBlockers = 0;
    int openWarnings = 0;
    int openInfo = 0;
    int closed = 0;         // resolved or waived before the gate
};

// Everything the gate knows about one run: the stages, every finding (open or not), and the
// decision recorded last for the run's spec variant. Built by evaluateGate(); the desk's gate
// panel and `greenlight-cli gate` show it; decideGate() acts on it.
struct GateEvaluation
{
    QString runDir;
    QString projectRoot;
    RunRecord run;
    QString workload;       // runbook workload whose required stages apply
    QString manifestSha256; // sha256 of manifest.json as it is now (empty when unreadable)
    QList<GateStage> stages; // structural, deterministic, semantic
    Findings findings;       // all stages; gate findings included
    std::optional<Decision> latest; // latest decision for the spec variant, when a ledger exists
    QString ledgerPath;

    Findings openBlockers() const;
    // Blocker codes still open once `waivers` are applied.
    QStringList unwaivedBlockerCodes(const QList<Waiver> &waivers) const;
    bool canPass() const { return openBlockers().isEmpty(); }
    // True when the latest decision names this run's manifest as it is now.
    bool latestAppliesToRun() const;
    const GateStage *stage(Stage s) const;

    Json toJson() const;
};

// The variant name a decision records: the run's variant, or "base" for the spec without one.
QString ledgerVariant(const QString &variant);

// The workload a run is judged under when none is named: the last workload of the run's kind
// in the runbook (runbooks list drafts first and finals last).
QString defaultGateWorkload(const Runbook &runbook, RunKind kind);

// Evaluates a finished run folder (runs/<id> of a project) under `runbook`:
//  - the run succeeded and its folder verifies against manifest.json;
//  - structural: the spec file, when it still has the hash the run recorded, validated for the
//    run's variant (otherwise a gate.spec.changed warning);
//  - deterministic: findings.json of the run and of the narration run it used; not-run when
//    the QA stage has not run;
//  - semantic: observations.json; not-run when no reviewer has looked;
//  - a stage the workload requires that has not run is a blocker.
// Errors: gate.workload (unknown workload), run.json.invalid, io.read.
Result<GateEvaluation> evaluateGate(const QString &runDir, const Runbook &runbook, const QString &workload = {});

struct GateRequest
{
    Outcome outcome = Outcome::Revise;
    QStringList reasons;
    QList<Waiver> waivers;
    QString reviewer;
    QString role;
};

// Applies the runbook and records the decision in the project's ledger. Refusals (nothing is
// written): gate.role (the role may not decide this outcome), gate.reason (no reason given),
// gate.waiver.unknown (no open finding has that code), gate.waiver.role (the role may not
// waive that code), gate.waiver.reason (empty reason), gate.blockers (a pass with blockers
// still open after waivers), gate.manifest (no readable manifest to name). Ledger errors pass
// through.
Result<Decision> decideGate(const GateEvaluation &evaluation, const GateRequest &request, const Runbook &runbook,
                            Ledger &ledger);

// Refusal codes of decideGate() that mean "policy said no" rather than "something broke".
bool isGateRefusal(const QString &errorCode);

} // namespace greenlight
