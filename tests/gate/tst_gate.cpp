// The publish gate on a real render of the demo project: stage summary, blockers, the
// runbook's roles and waivers, decisions that name the exact manifest, and the CLI a QA lead
// types.
#include "testsupport.h"

#include "common/hashing.h"
#include "common/jsonio.h"
#include "gate/gate.h"
#include "ledger/ledger.h"
#include "qa/runqa.h"
#include "run/manifest.h"
#include "runbook/runbook.h"
#include "semantic/observationstore.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace greenlight;
using namespace greenlight::test;

class TestGate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void freshRenderNeedsEveryRequiredStage();
    void draftWorkloadRequiresLess();
    void passRefusedWhileBlockersOpen();
    void waiversFollowTheRunbook();
    void passWithWaiversNamesTheManifest();
    void aChangedRunNeedsItsOwnDecision();
    void tamperedArtifactCannotBeWaived();
    void observationsCountAndDoNotBreakTheManifest();
    void changedSpecIsFlagged();
    void cliEvaluatesAndDecides();

private:
    Runbook runbook() const { return *Runbook::forProject(m_project); }
    GateEvaluation evaluate(const QString &workload = {}) const
    {
        auto ev = evaluateGate(m_run, runbook(), workload);
        if (!ev)
            qWarning("%s", qPrintable(ev.error().toString()));
        return ev ? *ev : GateEvaluation{};
    }
    Result<Decision> decide(const GateRequest &request) const
    {
        auto ev = evaluateGate(m_run, runbook());
        if (!ev)
            return ev.error();
        auto ledger = Ledger::open(m_project + QStringLiteral("/ledger.sqlite"));
        if (!ledger)
            return ledger.error();
        return decideGate(*ev, request, runbook(), *ledger);
    }
    static GateRequest request(Outcome outcome, const QString &role, QList<Waiver> waivers = {})
    {
        return {outcome, {QStringLiteral("checked on the desk")}, std::move(waivers), QStringLiteral("ann"), role};
    }
    static QStringList codes(const Findings &findings)
    {
        QStringList out;
        for (const Finding &f : findings)
            out.append(f.code);
        return out;
    }

    QTemporaryDir m_base;
    QString m_baseRunName;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_project;
    QString m_run;
};

void TestGate::initTestCase()
{
    QVERIFY(m_base.isValid());
    const QString project = m_base.filePath(QStringLiteral("project"));
    QVERIFY(copyTree(sourceDir() + QStringLiteral("/resources/demo"), project));
    const ProcessResult r = runCli({QStringLiteral("render"), project + QStringLiteral("/specs/launch-teaser.greenlight.json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QStringList runs = QDir(project + QStringLiteral("/runs")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    QCOMPARE(runs.size(), 1);
    m_baseRunName = runs.first();
}

void TestGate::init()
{
    // Each test works on its own copy of the rendered project.
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_project = m_dir->filePath(QStringLiteral("project"));
    QVERIFY(copyTree(m_base.filePath(QStringLiteral("project")), m_project));
    m_run = m_project + QStringLiteral("/runs/") + m_baseRunName;
}

void TestGate::freshRenderNeedsEveryRequiredStage()
{
    const GateEvaluation ev = evaluate();
    QCOMPARE(ev.workload, QStringLiteral("final-render"));
    QCOMPARE(ev.manifestSha256, *sha256File(m_run + QStringLiteral("/manifest.json")));
    QCOMPARE(ev.stages.size(), 3);
    QCOMPARE(ev.stage(Stage::Structural)->state, QStringLiteral("clean"));
    QCOMPARE(ev.stage(Stage::Deterministic)->state, QStringLiteral("not-run"));
    QCOMPARE(ev.stage(Stage::Semantic)->state, QStringLiteral("not-run"));
    const QStringList blockers = codes(ev.openBlockers());
    QCOMPARE(blockers, (QStringList{QStringLiteral("gate.deterministic.not-run"), QStringLiteral("gate.semantic.not-run")}));
    QVERIFY(!ev.canPass());
    QVERIFY(!ev.latest);
    // Looking does not create a ledger.
    QVERIFY(!QFileInfo::exists(m_project + QStringLiteral("/ledger.sqlite")));
}

void TestGate::draftWorkloadRequiresLess()
{
    const GateEvaluation ev = evaluate(QStringLiteral("draft-preview"));
    QVERIFY(ev.openBlockers().isEmpty());
    QVERIFY(ev.canPass());
    QVERIFY(!ev.stage(Stage::Semantic)->required);
    QVERIFY(!evaluateGate(m_run, runbook(), QStringLiteral("no-such-workload")));
}

void TestGate::passRefusedWhileBlockersOpen()
{
    auto d = decide(request(Outcome::Pass, QStringLiteral("qa-lead")));
    QVERIFY(!d);
    QCOMPARE(d.error().code, QStringLiteral("gate.blockers"));
    QVERIFY(d.error().message.contains(QStringLiteral("gate.semantic.not-run")));
    // Refused means nothing recorded.
    auto ledger = Ledger::open(m_project + QStringLiteral("/ledger.sqlite"), Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger);
    QCOMPARE(*ledger->count(), 0);
    // A revise is allowed with blockers open, from any role the runbook lets revise.
    d = decide(request(Outcome::Revise, QStringLiteral("editor")));
    QVERIFY2(d, qPrintable(d ? QString() : d.error().toString()));
    QCOMPARE(d->variant, QStringLiteral("base"));
    // The editor may not reject, and a decision needs a reason.
    d = decide(request(Outcome::Reject, QStringLiteral("editor")));
    QCOMPARE(d.error().code, QStringLiteral("gate.role"));
    GateRequest silent = request(Outcome::Reject, QStringLiteral("qa-lead"));
    silent.reasons = {QStringLiteral("  ")};
    QCOMPARE(decide(silent).error().code, QStringLiteral("gate.reason"));
}

void TestGate::waiversFollowTheRunbook()
{
    QVERIFY(runDeterministicQa(m_run, runbook()));
    // The render has no narration: QA blocks on its sound, a blocker only the policy's roles waive.
    QString qaBlocker;
    for (const Finding &f : evaluate().openBlockers())
        if (f.code.startsWith(QStringLiteral("qa.")))
            qaBlocker = f.code;
    QVERIFY(!qaBlocker.isEmpty());
    const QList<Waiver> all = {{qaBlocker, QStringLiteral("silent cut for social")},
                               {QStringLiteral("gate.semantic.not-run"), QStringLiteral("reviewed in the meeting")}};
    // An editor may not waive.
    auto d = decide(request(Outcome::Pass, QStringLiteral("editor"), all));
    QCOMPARE(d.error().code, QStringLiteral("gate.role"));
    d = decide(request(Outcome::Revise, QStringLiteral("editor"), all));
    QCOMPARE(d.error().code, QStringLiteral("gate.waiver.role"));
    // A code nothing open carries, and a waiver without a reason, are refused.
    d = decide(request(Outcome::Pass, QStringLiteral("qa-lead"),
                       {{QStringLiteral("qa.black.span"), QStringLiteral("fine")}}));
    QCOMPARE(d.error().code, QStringLiteral("gate.waiver.unknown"));
    d = decide(request(Outcome::Pass, QStringLiteral("qa-lead"), {{qaBlocker, QString()}}));
    QCOMPARE(d.error().code, QStringLiteral("gate.waiver.reason"));
    // Waiving only some blockers still refuses the pass.
    d = decide(request(Outcome::Pass, QStringLiteral("qa-lead"), {all.first()}));
    QCOMPARE(d.error().code, QStringLiteral("gate.blockers"));
    QVERIFY(d.error().message.contains(QStringLiteral("gate.semantic.not-run")));
    QVERIFY(!d.error().message.contains(qaBlocker));
}

void TestGate::passWithWaiversNamesTheManifest()
{
    QVERIFY(runDeterministicQa(m_run, runbook()));
    QList<Waiver> waivers;
    for (const Finding &f : evaluate().openBlockers())
        waivers.append({f.code, QStringLiteral("accepted for the test cut")});
    auto d = decide(request(Outcome::Pass, QStringLiteral("qa-lead"), waivers));
    QVERIFY2(d, qPrintable(d ? QString() : d.error().toString()));
    QVERIFY(d->outcome == Outcome::Pass);
    QCOMPARE(d->runId, m_baseRunName);
    QCOMPARE(d->manifestSha256, *sha256File(m_run + QStringLiteral("/manifest.json")));
    QCOMPARE(d->specSha256, *sha256File(m_project + QStringLiteral("/specs/launch-teaser.greenlight.json")));
    QCOMPARE(d->specPath, QStringLiteral("specs/launch-teaser.greenlight.json"));
    QCOMPARE(d->waivers.size(), waivers.size());
    QCOMPARE(d->role, QStringLiteral("qa-lead"));

    const GateEvaluation after = evaluate();
    QVERIFY(after.latest);
    QCOMPARE(after.latest->seq, d->seq);
    QVERIFY(after.latestAppliesToRun());
    auto ledger = Ledger::open(m_project + QStringLiteral("/ledger.sqlite"), Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger->verify().ok());
}

void TestGate::aChangedRunNeedsItsOwnDecision()
{
    auto d = decide(request(Outcome::Revise, QStringLiteral("qa-lead")));
    QVERIFY(d);
    QVERIFY(evaluate().latestAppliesToRun());
    // Running QA re-seals the folder: the manifest the decision named is no longer the run's.
    QVERIFY(runDeterministicQa(m_run, runbook()));
    const GateEvaluation ev = evaluate();
    QVERIFY(ev.latest);
    QVERIFY(ev.manifestSha256 != d->manifestSha256);
    QVERIFY(!ev.latestAppliesToRun());
}

void TestGate::tamperedArtifactCannotBeWaived()
{
    QFile video(m_run + QStringLiteral("/output.mp4"));
    QVERIFY(video.open(QIODevice::ReadWrite));
    video.seek(video.size() / 2);
    video.write("tampered");
    video.close();
    const GateEvaluation ev = evaluate(QStringLiteral("draft-preview"));
    QVERIFY(codes(ev.openBlockers()).contains(QStringLiteral("qa.artifact.hash-mismatch")));
    auto ledger = Ledger::open(m_project + QStringLiteral("/ledger.sqlite"));
    QVERIFY(ledger);
    // The default runbook lets nobody waive a hash mismatch, not even the QA lead.
    auto d = decideGate(ev, request(Outcome::Pass, QStringLiteral("qa-lead"),
                                    {{QStringLiteral("qa.artifact.hash-mismatch"), QStringLiteral("it is fine")}}),
                        runbook(), *ledger);
    QCOMPARE(d.error().code, QStringLiteral("gate.waiver.role"));
    QVERIFY(d.error().message.contains(QStringLiteral("nobody")));

    // A file slipped into the folder after the run is a blocker too.
    QFile extra(m_run + QStringLiteral("/extra.mp4"));
    QVERIFY(extra.open(QIODevice::WriteOnly));
    extra.write("x");
    extra.close();
    QVERIFY(codes(evaluate(QStringLiteral("draft-preview")).openBlockers()).contains(QStringLiteral("gate.manifest.unlisted")));
}

void TestGate::observationsCountAndDoNotBreakTheManifest()
{
    auto store = ObservationStore::open(m_run);
    QVERIFY(store);
    ObservationInput in;
    in.reviewer = Reviewer{QStringLiteral("human"), QStringLiteral("ann"), {}, {}};
    in.frames = FrameRange{10, 40};
    in.category = QStringLiteral("brand");
    in.severity = Severity::Blocker;
    in.text = QStringLiteral("The logo is the old one.");
    auto added = store->add(in);
    QVERIFY2(added, qPrintable(added ? QString() : added.error().toString()));

    GateEvaluation ev = evaluate();
    QVERIFY(verifyManifest(m_run).isEmpty()); // review state is not an artifact
    QCOMPARE(ev.stage(Stage::Semantic)->state, QStringLiteral("findings"));
    QCOMPARE(ev.stage(Stage::Semantic)->openBlockers, 1);
    QVERIFY(codes(ev.openBlockers()).contains(QStringLiteral("semantic.brand")));
    QVERIFY(!codes(ev.openBlockers()).contains(QStringLiteral("gate.semantic.not-run")));

    QVERIFY(store->resolve(added->id, QStringLiteral("ann"), QStringLiteral("logo swapped")));
    ev = evaluate();
    QCOMPARE(ev.stage(Stage::Semantic)->openBlockers, 0);
    QCOMPARE(ev.stage(Stage::Semantic)->closed, 1);
    QCOMPARE(ev.stage(Stage::Semantic)->state, QStringLiteral("clean"));
}

void TestGate::changedSpecIsFlagged()
{
    QFile spec(m_project + QStringLiteral("/specs/launch-teaser.greenlight.json"));
    QVERIFY(spec.open(QIODevice::Append));
    spec.write("\n");
    spec.close();
    const GateEvaluation ev = evaluate();
    QCOMPARE(ev.stage(Stage::Structural)->state, QStringLiteral("changed"));
    QVERIFY(codes(ev.findings).contains(QStringLiteral("gate.spec.changed")));
}

void TestGate::cliEvaluatesAndDecides()
{
    ProcessResult r = runCli({QStringLiteral("gate"), m_run});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("gate.semantic.not-run"), r.out.constData());
    QVERIFY(r.out.contains("waivable by: qa-lead"));

    r = runCli({QStringLiteral("gate"), m_run, QStringLiteral("--json")});
    auto json = parseJson(r.out, QStringLiteral("stdout"));
    QVERIFY(json);
    QCOMPARE((*json)["canPass"].get<bool>(), false);
    QCOMPARE((*json)["stages"].size(), std::size_t(3));

    // Refused: exit 1 and no ledger row.
    r = runCli({QStringLiteral("gate"), m_run, QStringLiteral("--decide"), QStringLiteral("pass"),
                QStringLiteral("--reason"), QStringLiteral("ok"), QStringLiteral("--reviewer"), QStringLiteral("ann"),
                QStringLiteral("--role"), QStringLiteral("qa-lead")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("refused"), r.err.constData());

    // Usage errors: no role, bad outcome, malformed waiver, not a run folder.
    QCOMPARE(runCli({QStringLiteral("gate"), m_run, QStringLiteral("--decide"), QStringLiteral("maybe")}).exitCode, 2);
    QCOMPARE(runCli({QStringLiteral("gate"), m_run, QStringLiteral("--decide"), QStringLiteral("pass"),
                     QStringLiteral("--reason"), QStringLiteral("ok"), QStringLiteral("--role"), QStringLiteral("qa-lead"),
                     QStringLiteral("--waive"), QStringLiteral("no-equals-sign")})
                 .exitCode,
             2);
    QCOMPARE(runCli({QStringLiteral("gate"), m_project}).exitCode, 2);

    // Waived by the QA lead: recorded, and the ledger verifies.
    r = runCli({QStringLiteral("gate"), m_run, QStringLiteral("--decide"), QStringLiteral("pass"), QStringLiteral("--reason"),
                QStringLiteral("approved for the social cut"), QStringLiteral("--waive"),
                QStringLiteral("gate.deterministic.not-run=checked by eye"), QStringLiteral("--waive"),
                QStringLiteral("gate.semantic.not-run=reviewed in the meeting"), QStringLiteral("--reviewer"),
                QStringLiteral("ann"), QStringLiteral("--role"), QStringLiteral("qa-lead"), QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    json = parseJson(r.out, QStringLiteral("stdout"));
    QVERIFY(json);
    QCOMPARE((*json)["outcome"].get<std::string>(), std::string("pass"));
    QCOMPARE(toQString((*json)["manifestSha256"].get<std::string>()), *sha256File(m_run + QStringLiteral("/manifest.json")));
    r = runCli({QStringLiteral("ledger"), QStringLiteral("verify"), QStringLiteral("--project"), m_project});
    QCOMPARE(r.exitCode, 0);
    r = runCli({QStringLiteral("gate"), m_run});
    QVERIFY2(r.out.contains("This run has passed the gate with waivers."), r.out.constData());
}

QTEST_GUILESS_MAIN(TestGate)
#include "tst_gate.moc"
