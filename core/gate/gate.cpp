#include "gate/gate.h"

#include "common/hashing.h"
#include "common/jsonio.h"
#include "ledger/ledger.h"
#include "qa/findingcodes.h"
#include "run/manifest.h"
#include "run/runfolder.h"
#include "runbook/runbook.h"
#include "semantic/observationstore.h"
#include "spec/specvalidator.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <algorithm>

namespace greenlight {

namespace {

bool isOpen(const Finding &f)
{
    return f.status == FindingStatus::Open;
}

// The findings document at `path`; missing files are nullopt, unreadable ones an error.
Result<std::optional<Findings>> readFindingsFile(const QString &path)
{
    if (!QFileInfo::exists(path))
        return std::optional<Findings>{};
    auto json = readJsonFile(path);
    if (!json)
        return json.error();
    auto findings = findingsFromJson(*json);
    if (!findings) {
        Error e = findings.error();
        e.location = path + (e.location.isEmpty() ? QString() : QStringLiteral(" ") + e.location);
        return e;
    }
    return std::optional<Findings>{*findings};
}

// The narration run a render mixed in: the folder of its narration-audio input.
QString narrationRunDir(const RunRecord &run, const QString &projectRoot)
{
    for (const RunInput &in : run.inputs)
        if (in.role == QLatin1String("narration-audio")) {
            const QString path = QDir::isAbsolutePath(in.path) ? in.path : projectRoot + QLatin1Char('/') + in.path;
            return QFileInfo(path).absolutePath();
        }
    return {};
}

void count(GateStage &stage, const Findings &findings)
{
    for (const Finding &f : findings) {
        if (f.stage != stage.stage)
            continue;
        if (!isOpen(f)) {
            ++stage.closed;
            continue;
        }
        switch (f.severity) {
        case Severity::Blocker: ++stage.openBlockers; break;
        case Severity::Warning: ++stage.openWarnings; break;
        case Severity::Info: ++stage.openInfo; break;
        }
    }
    if (stage.state.isEmpty())
        stage.state = stage.openBlockers + stage.openWarnings + stage.openInfo > 0 ? QStringLiteral("findings")
                                                                                   : QStringLiteral("clean");
}

Json stageJson(const GateStage &s)
{
    return Json{{"stage", toStd(toString(s.stage))},   {"required", s.required},
                {"state", toStd(s.state)},             {"openBlockers", s.openBlockers},
                {"openWarnings", s.openWarnings},      {"openInfo", s.openInfo},
                {"closed", s.closed}};
}

} // namespace

QString ledgerVariant(const QString &variant)
{
    return variant.isEmpty() ? kBaseVariantName : variant;
}

Findings GateEvaluation::openBlockers() const
{
    Findings out;
    for (const Finding &f : findings)
        if (isOpen(f) && f.severity == Severity::Blocker)
            out.append(f);
    return out;
}

QStringList GateEvaluation::unwaivedBlockerCodes(const QList<Waiver> &waivers) const
{
    QSet<QString> waived;
    for (const Waiver &w : waivers)
        waived.insert(w.code);
    QStringList codes;
    for (const Finding &f : openBlockers())
        if (!waived.contains(f.code) && !codes.contains(f.code))
            codes.append(f.code);
    return codes;
}

bool GateEvaluation::latestAppliesToRun() const
{
    return latest && latest->runId == run.id && !manifestSha256.isEmpty()
           && latest->manifestSha256 == manifestSha256;
}

const GateStage *GateEvaluation::stage(Stage s) const
{
    for (const GateStage &g : stages)
        if (g.stage == s)
            return &g;
    return nullptr;
}

Json GateEvaluation::toJson() const
{
    Json stagesJson = Json::array();
    for (const GateStage &s : stages)
        stagesJson.push_back(stageJson(s));
    Json blockers = Json::array();
    for (const Finding &f : openBlockers())
        blockers.push_back(toStd(f.code));
    Json j{{"schemaVersion", 1},
           {"run", toStd(run.id)},
           {"runDir", toStd(runDir)},
           {"kind", toStd(toString(run.kind))},
           {"status", toStd(toString(run.status))},
           {"spec", Json{{"path", toStd(run.spec.path)}, {"specId", toStd(run.spec.specId)},
                         {"variant", toStd(run.spec.variant)}, {"sha256", toStd(run.spec.sha256)}}},
           {"workload", toStd(workload)},
           {"manifestSha256", toStd(manifestSha256)},
           {"stages", stagesJson},
           {"openBlockerCodes", blockers},
           {"canPass", canPass()},
           {"findings", findingsToJson(findings)["findings"]}};
    if (latest) {
        Json d = latest->toJson();
        d["appliesToRun"] = latestAppliesToRun();
        j["latestDecision"] = d;
    } else {
        j["latestDecision"] = nullptr;
    }
    return j;
}

QString defaultGateWorkload(const Runbook &runbook, RunKind kind)
{
    const QStringList ids = runbook.workloadIds(kind == RunKind::Render ? QStringLiteral("render") : QStringLiteral("tts"));
    return ids.isEmpty() ? QString() : ids.last();
}

Result<GateEvaluation> evaluateGate(const QString &runDir, const Runbook &runbook, const QString &workloadId)
{
    GateEvaluation ev;
    ev.runDir = QDir(runDir).absolutePath();
    ev.projectRoot = projectRootOfRun(ev.runDir);
    auto record = loadRunRecord(ev.runDir + QStringLiteral("/run.json"));
    if (!record)
        return record.error();
    ev.run = *record;

    ev.workload = workloadId.isEmpty() ? defaultGateWorkload(runbook, ev.run.kind) : workloadId;
    const Workload *workload = runbook.workload(ev.workload);
    if (!workload)
        return makeError(QStringLiteral("gate.workload"),
                         QStringLiteral("the runbook '%1' has no workload '%2' (it has: %3)")
                             .arg(runbook.id(), ev.workload, runbook.workloadIds().join(QStringLiteral(", "))));
    auto requires_ = [&](Stage s) { return workload->requiredStages.contains(toString(s)); };

    Findings &all = ev.findings;

    // The run itself and its folder.
    if (ev.run.status != RunStatus::Succeeded)
        all.append(makeFinding("gate.run.not-succeeded",
                               QStringLiteral("Run %1 is %2, not succeeded; only a succeeded run can ship.")
                                   .arg(ev.run.id, toString(ev.run.status))));
    const QString manifestPath = ev.runDir + QLatin1Char('/') + QLatin1String(Manifest::fileName);
    if (auto h = sha256File(manifestPath))
        ev.manifestSha256 = *h;
    for (const ManifestProblem &p : verifyManifest(ev.runDir)) {
        using K = ManifestProblem::Kind;
        const char *code = p.kind == K::ManifestUnreadable ? "gate.manifest.unreadable"
                           : p.kind == K::Unlisted         ? "gate.manifest.unlisted"
                           : p.kind == K::Missing          ? "qa.artifact.missing"
                                                           : "qa.artifact.hash-mismatch";
        Finding f = makeFinding(code, p.message);
        f.path = p.path;
        all.append(f);
    }
    if (ev.manifestSha256.isEmpty() && std::none_of(all.cbegin(), all.cend(), [](const Finding &f) {
            return f.code == QLatin1String("gate.manifest.unreadable");
        }))
        all.append(makeFinding("gate.manifest.unreadable", QStringLiteral("manifest.json is missing")));

    // Structural: the spec as the run read it.
    GateStage structural{Stage::Structural, requires_(Stage::Structural)};
    const QString specPath = ev.projectRoot + QLatin1Char('/') + ev.run.spec.path;
    auto specHash = sha256File(specPath);
    if (!specHash || *specHash != ev.run.spec.sha256) {
        structural.state = QStringLiteral("changed");
        Finding f = makeFinding("gate.spec.changed",
                                specHash ? QStringLiteral("%1 changed after run %2 (sha256 %3 then, %4 now).")
                                               .arg(ev.run.spec.path, ev.run.id, ev.run.spec.sha256.left(12),
                                                    specHash->left(12))
                                         : QStringLiteral("%1 is gone: %2").arg(ev.run.spec.path, specHash.error().message));
        f.path = ev.run.spec.path;
        all.append(f);
    } else {
        const SpecValidator validator;
        for (Finding f : validator.validateFile(specPath, ev.projectRoot)) {
            if (!f.variant.isEmpty() && f.variant != ev.run.spec.variant)
                continue;
            if (f.path.isEmpty())
                f.path = ev.run.spec.path;
            all.append(f);
        }
    }

    // Deterministic: the QA stage's findings, and those of the narration run mixed in.
    GateStage deterministic{Stage::Deterministic, requires_(Stage::Deterministic)};
    const QString qaPath = ev.runDir + QLatin1Char('/')
                           + (ev.run.qa.findingsPath.isEmpty() ? QStringLiteral("findings.json") : ev.run.qa.findingsPath);
    bool qaRan = ev.run.qa.state != QLatin1String("not-run");
    if (qaRan) {
        auto qa = readFindingsFile(qaPath);
        if (!qa)
            return qa.error();
        if (*qa)
            for (Finding f : **qa) {
                if (f.path.isEmpty())
                    f.path = QDir(ev.projectRoot).relativeFilePath(qaPath);
                all.append(f);
            }
        else
            qaRan = false;
    }
    if (const QString narration = narrationRunDir(ev.run, ev.projectRoot); !narration.isEmpty()) {
        auto tts = readFindingsFile(narration + QStringLiteral("/findings.json"));
        if (!tts)
            return tts.error();
        if (*tts)
            for (Finding f : **tts) {
                f.path = QDir(ev.projectRoot).relativeFilePath(narration + QStringLiteral("/findings.json"));
                all.append(f);
            }
    }
    if (!qaRan) {
        deterministic.state = QStringLiteral("not-run");
        if (deterministic.required)
            all.append(makeFinding("gate.deterministic.not-run",
                                   QStringLiteral("The %1 workload requires deterministic QA and run %2 has none. "
                                                  "Run: greenlight-cli qa %3")
                                       .arg(ev.workload, ev.run.id, QDir(ev.projectRoot).relativeFilePath(ev.runDir))));
    }

    // Semantic: the reviewers' observations.
    GateStage semantic{Stage::Semantic, requires_(Stage::Semantic)};
    if (QFileInfo::exists(ev.runDir + QLatin1Char('/') + ObservationStore::fileName())) {
        auto store = ObservationStore::open(ev.runDir);
        if (!store)
            return store.error();
        all.append(store->observations());
    } else {
        semantic.state = QStringLiteral("not-run");
        if (semantic.required)
            all.append(makeFinding("gate.semantic.not-run",
                                   QStringLiteral("The %1 workload requires a semantic review and no reviewer has "
                                                  "looked at run %2.")
                                       .arg(ev.workload, ev.run.id)));
    }

    for (GateStage *s : {&structural, &deterministic, &semantic}) {
        count(*s, all);
        ev.stages.append(*s);
    }

    // The last word on this spec variant, if a ledger exists (never created by looking).
    ev.ledgerPath = ev.projectRoot + QLatin1Char('/') + Ledger::fileName();
    if (QFileInfo::exists(ev.ledgerPath)) {
        auto ledger = Ledger::open(ev.ledgerPath, Ledger::OpenMode::ReadOnly);
        // An empty file is a ledger another process is creating right now: nothing decided yet.
        if (!ledger && ledger.error().code == QLatin1String("ledger.not-found"))
            return ev;
        if (!ledger)
            return ledger.error();
        auto latest = ledger->latestForVariant(ev.run.spec.specId, ledgerVariant(ev.run.spec.variant));
        if (!latest)
            return latest.error();
        ev.latest = *latest;
    }
    return ev;
}

bool isGateRefusal(const QString &code)
{
    static const QStringList refusals = {QStringLiteral("gate.role"),          QStringLiteral("gate.reason"),
                                         QStringLiteral("gate.waiver.unknown"), QStringLiteral("gate.waiver.role"),
                                         QStringLiteral("gate.waiver.reason"),  QStringLiteral("gate.blockers"),
                                         QStringLiteral("gate.manifest")};
    return refusals.contains(code);
}

Result<Decision> decideGate(const GateEvaluation &ev, const GateRequest &request, const Runbook &runbook,
                            Ledger &ledger)
{
    const QString outcome = toString(request.outcome);
    if (!runbook.mayDecide(request.role, outcome)) {
        const QStringList roles = runbook.rolesThatMayDecide(outcome);
        return makeError(QStringLiteral("gate.role"),
                         QStringLiteral("the runbook '%1' does not let the role '%2' decide %3 (roles that may: %4)")
                             .arg(runbook.id(), request.role.isEmpty() ? QStringLiteral("(none)") : request.role,
                                  outcome, roles.isEmpty() ? QStringLiteral("none") : roles.join(QStringLiteral(", "))));
    }
    QStringList reasons;
    for (const QString &r : request.reasons)
        if (!r.trimmed().isEmpty())
            reasons.append(r.trimmed());
    if (reasons.isEmpty())
        return makeError(QStringLiteral("gate.reason"), QStringLiteral("a decision needs at least one reason"));

    QSet<QString> openCodes;
    for (const Finding &f : ev.findings)
        if (isOpen(f))
            openCodes.insert(f.code);
    QSet<QString> seen;
    for (const Waiver &w : request.waivers) {
        if (seen.contains(w.code))
            continue;
        seen.insert(w.code);
        if (!openCodes.contains(w.code))
            return makeError(QStringLiteral("gate.waiver.unknown"),
                             QStringLiteral("no open finding of run %1 has the code '%2'").arg(ev.run.id, w.code));
        if (w.reason.trimmed().isEmpty())
            return makeError(QStringLiteral("gate.waiver.reason"),
                             QStringLiteral("waiving %1 needs a reason").arg(w.code));
        if (!runbook.mayWaive(request.role, w.code)) {
            const QStringList roles = runbook.rolesThatMayWaive(w.code);
            return makeError(QStringLiteral("gate.waiver.role"),
                             QStringLiteral("the role '%1' may not waive %2 (%3)")
                                 .arg(request.role, w.code,
                                      roles.isEmpty() ? QStringLiteral("the runbook lets nobody waive it")
                                                      : QStringLiteral("roles that may: ") + roles.join(QStringLiteral(", "))));
        }
    }
    if (ev.manifestSha256.isEmpty())
        return makeError(QStringLiteral("gate.manifest"),
                         QStringLiteral("run %1 has no readable manifest.json to name in the decision").arg(ev.run.id));
    if (request.outcome == Outcome::Pass) {
        const QStringList open = ev.unwaivedBlockerCodes(request.waivers);
        if (!open.isEmpty())
            return makeError(QStringLiteral("gate.blockers"),
                             QStringLiteral("a pass is refused while blockers are open: %1. Fix them, or waive each "
                                            "with --waive CODE=reason if the runbook lets your role.")
                                 .arg(open.join(QStringLiteral(", "))));
    }

    DecisionInput in;
    in.specId = ev.run.spec.specId;
    in.specPath = ev.run.spec.path;
    in.variant = ledgerVariant(ev.run.spec.variant);
    in.runId = ev.run.id;
    in.manifestSha256 = ev.manifestSha256;
    in.specSha256 = ev.run.spec.sha256;
    in.outcome = request.outcome;
    in.reasons = reasons;
    QSet<QString> recorded;
    for (const Waiver &w : request.waivers)
        if (!recorded.contains(w.code)) {
            recorded.insert(w.code);
            in.waivers.append({w.code, w.reason.trimmed()});
        }
    in.reviewer = request.reviewer;
    in.role = request.role;
    return ledger.append(in);
}

} // namespace greenlight
