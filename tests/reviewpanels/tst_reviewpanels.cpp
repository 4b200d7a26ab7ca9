// The review desk's findings panel, gate panel and ledger browser, driven offscreen over the
// demo project: filters, jumps, observations written through the store, decisions recorded
// through the gate into a ledger that verifies, and a tampered ledger turning the banner red.
#include "ledgertestutil.h"
#include "reviewfixture.h"

#include "ledger/ledger.h"
#include "review/gatepanel.h"
#include "review/ledgerbrowser.h"
#include "review/ledgerdecisionsmodel.h"
#include "review/reviewfindingsfilter.h"
#include "review/reviewfindingsmodel.h"
#include "review/reviewfindingsobservationdialog.h"
#include "review/reviewfindingspanel.h"
#include "review/reviewfindingsreasondialog.h"
#include "semantic/observationstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

namespace {

void saveShot(QWidget *w, const QString &name)
{
    const QString path = outputDir(QStringLiteral("review-panels")) + QLatin1Char('/') + name;
    QTest::qWait(50); // let queued shows and relayouts happen, as they would on screen
    QVERIFY2(w->grab().save(path), qPrintable(path));
}

int rowOf(const ReviewFindingsPanel &panel, const QString &code)
{
    const QAbstractItemModel *m = panel.view()->model();
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, ReviewFindingsModel::CodeColumn).data().toString() == code)
            return r;
    return -1;
}

// Runs `fill` on the next modal dialog as soon as it shows.
template<typename Dialog>
void onNextDialog(const std::function<void(Dialog *)> &fill)
{
    QTimer::singleShot(0, qApp, [fill] {
        Dialog *dialog = nullptr;
        for (int i = 0; i < 200 && !dialog; ++i) {
            dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget());
            if (!dialog)
                QTest::qWait(10);
        }
        if (dialog)
            fill(dialog);
    });
}

} // namespace

class TestReviewPanels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void findingsFilterAndJump();
    void addResolveWaiveObservations();
    void gatePanelPassNeedsWaivers();
    void ledgerBrowserChainStatus();

private:
    QTemporaryDir m_tmp;
    QString m_project;
    QString m_run;
};

void TestReviewPanels::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_project = m_tmp.filePath(QStringLiteral("demo"));
    m_run = makeDemoProject(m_project);
    QVERIFY(!m_run.isEmpty());
}

void TestReviewPanels::findingsFilterAndJump()
{
    auto ev = evaluateRun(m_run);
    QVERIFY2(ev.ok(), qPrintable(ev.ok() ? QString() : ev.error().toString()));
    // A few more findings over the demo's own, so every filter has something to do.
    ev->findings << finding(QStringLiteral("qa.frozen.span"), Stage::Deterministic, Severity::Warning,
                            FrameRange{42, 57}, QStringLiteral("The picture holds still for 15 frames."))
                 << finding(QStringLiteral("qa.black.span"), Stage::Deterministic, Severity::Blocker,
                            FrameRange{0, 6}, QStringLiteral("Black frames at the start."))
                 << finding(QStringLiteral("spec.text.overflow"), Stage::Structural, Severity::Info, std::nullopt,
                            QStringLiteral("The headline wraps to three lines."));

    ReviewFindingsPanel panel;
    panel.resize(1040, 460);
    panel.setEvaluation(*ev);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const int total = int(ev->findings.size());
    QCOMPARE(panel.visibleCount(), total);

    int deterministic = 0, blockers = 0;
    for (const Finding &f : ev->findings) {
        deterministic += f.stage == Stage::Deterministic ? 1 : 0;
        blockers += f.severity == Severity::Blocker ? 1 : 0;
    }
    auto *stageBox = panel.findChild<QComboBox *>(QStringLiteral("stageFilter"));
    QVERIFY(stageBox);
    stageBox->setCurrentIndex(stageBox->findData(int(Stage::Deterministic)));
    QCOMPARE(panel.visibleCount(), deterministic);
    QVERIFY(panel.visibleCount() < total);
    stageBox->setCurrentIndex(0);
    panel.setSeverityFilter(Severity::Blocker);
    QCOMPARE(panel.visibleCount(), blockers);
    panel.setSeverityFilter(std::nullopt);
    auto *search = panel.findChild<QLineEdit *>(QStringLiteral("textFilter"));
    QTest::keyClicks(search, QStringLiteral("frozen still"));
    QCOMPARE(panel.visibleCount(), 1);
    search->clear();
    QCOMPARE(panel.visibleCount(), total);

    // Double-click and Enter jump to the finding's first frame.
    QSignalSpy jumps(&panel, &ReviewFindingsPanel::jumpToFrame);
    const int row = rowOf(panel, QStringLiteral("qa.frozen.span"));
    QVERIFY(row >= 0);
    const QRect rect = panel.view()->visualRect(panel.view()->model()->index(row, ReviewFindingsModel::MessageColumn));
    QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, rect.center());
    QTest::mouseDClick(panel.view()->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(jumps.count(), 1);
    QCOMPARE(jumps.takeFirst().at(0).toLongLong(), qint64(42));
    panel.view()->setFocus();
    QTest::keyClick(panel.view(), Qt::Key_Return);
    QCOMPARE(jumps.count(), 1);
    QCOMPARE(jumps.takeFirst().at(0).toLongLong(), qint64(42));

    // Deterministic findings are waived at the gate, not here.
    QVERIFY(!panel.waiveAction()->isEnabled());
    QVERIFY(panel.waiveAction()->toolTip().contains(QStringLiteral("gate")));
    saveShot(&panel, QStringLiteral("findings-panel.png"));
}

void TestReviewPanels::addResolveWaiveObservations()
{
    auto ev = evaluateRun(m_run);
    QVERIFY(ev.ok());
    ReviewFindingsPanel panel;
    panel.resize(1040, 460);
    panel.setEvaluation(*ev);
    panel.setReviewerName(QStringLiteral("Ana"));
    panel.setCurrentFrame(12);
    panel.setInOut(30, 44); // out is the inclusive last frame
    QCOMPARE(panel.proposedRange().start, qint64(30));
    QCOMPARE(panel.proposedRange().end, qint64(45));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const int before = panel.visibleCount();

    QSignalSpy changed(&panel, &ReviewFindingsPanel::findingsChanged);
    bool sawDialog = false;
    onNextDialog<ReviewFindingsObservationDialog>([&sawDialog](ReviewFindingsObservationDialog *d) {
        sawDialog = true;
        QCOMPARE(d->startBox()->value(), 30);
        QCOMPARE(d->endBox()->value(), 45);
        QCOMPARE(d->reviewerEdit()->text(), QStringLiteral("Ana"));
        auto *ok = d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled()); // no text yet
        d->setCategory(QStringLiteral("caption-visual-mismatch"));
        d->setSeverity(Severity::Blocker);
        QTest::keyClicks(d->textEdit(), QStringLiteral("The caption names a blue bottle; the shot shows a green one."));
        QVERIFY(ok->isEnabled());
        saveShot(d, QStringLiteral("add-observation-dialog.png"));
        QTest::mouseClick(ok, Qt::LeftButton);
    });
    panel.addObservationAction()->trigger();
    QVERIFY(sawDialog);
    QCOMPARE(changed.count(), 1);
    QVERIFY(panel.errorText().isEmpty());

    auto json = readJsonFile(m_run + QStringLiteral("/observations.json"));
    QVERIFY(json.ok());
    const Json &obs = (*json)["findings"];
    QCOMPARE(obs.size(), size_t(1));
    QVERIFY(obs[0]["code"] == "semantic.caption-visual-mismatch");
    QVERIFY(obs[0]["severity"] == "blocker");
    QVERIFY(obs[0]["reviewer"]["kind"] == "human");
    QVERIFY(obs[0]["reviewer"]["name"] == "Ana");
    QCOMPARE(obs[0]["frames"]["start"].get<qint64>(), qint64(30));
    QCOMPARE(obs[0]["frames"]["end"].get<qint64>(), qint64(45));
    // The new observation shows at once (and the gate's "no semantic review" finding is gone).
    QVERIFY(rowOf(panel, QStringLiteral("semantic.caption-visual-mismatch")) >= 0);
    QVERIFY(rowOf(panel, QStringLiteral("gate.semantic.not-run")) < 0);
    QVERIFY(panel.visibleCount() >= before);
    const QString id = toQString(obs[0]["id"]);

    // A second one without the dialog, then resolve it through the dialog.
    ObservationInput in;
    in.frames = FrameRange{90, 120};
    in.category = QStringLiteral("pronunciation");
    in.severity = Severity::Warning;
    in.text = QStringLiteral("\"Greenlight\" is stressed on the second syllable.");
    in.reviewer = Reviewer{QStringLiteral("human"), QStringLiteral("Ana"), {}, {}};
    auto second = panel.addObservation(in);
    QVERIFY(second.ok());
    QVERIFY(panel.selectFinding(second->id));
    QVERIFY(panel.resolveAction()->isEnabled());
    onNextDialog<ReviewFindingsReasonDialog>([](ReviewFindingsReasonDialog *d) {
        QTest::keyClicks(d->reasonEdit(), QStringLiteral("Re-voiced in run 2"));
        d->accept();
    });
    panel.resolveSelected();
    {
        auto store = ObservationStore::open(m_run);
        QVERIFY(store.ok());
        auto f = store->find(second->id);
        QVERIFY(f.ok());
        QVERIFY(f->status == FindingStatus::Resolved);
    }

    // Waiving needs a reason: the dialog's OK stays disabled without one.
    QVERIFY(panel.selectFinding(id));
    QVERIFY(panel.waiveAction()->isEnabled());
    onNextDialog<ReviewFindingsReasonDialog>([](ReviewFindingsReasonDialog *d) {
        auto *ok = d->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        d->reject();
    });
    panel.waiveSelected();
    auto unchanged = ObservationStore::open(m_run);
    QVERIFY(unchanged->find(id)->status == FindingStatus::Open);
    auto waived = panel.waiveObservation(id, QStringLiteral("Client accepts the stock shot"));
    QVERIFY(waived.ok());
    QVERIFY(waived->status == FindingStatus::Waived);
    QCOMPARE(waived->waiverReason, QStringLiteral("Client accepts the stock shot"));
    QVERIFY(panel.reopenAction()->isEnabled());
    QVERIFY(panel.reopenObservation(id).ok());
    QCOMPARE(changed.count(), 5); // add, add, resolve, waive, reopen

    // An error from the store shows verbatim.
    auto bad = panel.waiveObservation(QStringLiteral("obs-nosuchid"), QStringLiteral("x"));
    QVERIFY(!bad.ok());
    QCOMPARE(panel.errorText(), bad.error().toString());
    saveShot(&panel, QStringLiteral("findings-panel-observations.png"));
}

void TestReviewPanels::gatePanelPassNeedsWaivers()
{
    // One more blocker from a reviewer, so the gate has something a qa-lead may waive.
    {
        auto store = ObservationStore::open(m_run);
        QVERIFY(store.ok());
        ObservationInput in;
        in.frames = FrameRange{150, 180};
        in.category = QStringLiteral("brand");
        in.severity = Severity::Blocker;
        in.text = QStringLiteral("The logo is cropped at the top edge.");
        in.reviewer = Reviewer{QStringLiteral("human"), QStringLiteral("Ana"), {}, {}};
        QVERIFY(store->add(in).ok());
    }
    auto runbook = Runbook::forProject(m_project);
    QVERIFY(runbook.ok());
    auto ev = evaluateRun(m_run);
    QVERIFY(ev.ok());
    QVERIFY(!ev->openBlockers().isEmpty());

    const QString ledgerPath = m_project + QStringLiteral("/ledger.sqlite");
    qint64 decisionsBefore = 0;
    {
        auto ledger = Ledger::open(ledgerPath, Ledger::OpenMode::ReadOnly);
        QVERIFY(ledger.ok());
        decisionsBefore = *ledger->count();
    }

    GatePanel gate;
    gate.resize(820, 760);
    gate.setRunbook(*runbook);
    gate.setEvaluation(*ev);
    gate.setReviewerName(QStringLiteral("Dana"));
    gate.setRole(QStringLiteral("qa-lead"));
    gate.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gate));
    QVERIFY(gate.roles().contains(QStringLiteral("qa-lead")));
    QVERIFY(gate.roles().contains(QStringLiteral("editor")));

    const QStringList codes = gate.blockerCodes();
    QVERIFY(!codes.isEmpty());
    QVERIFY(!gate.passButton()->isEnabled());
    QVERIFY(gate.passButton()->toolTip().contains(codes.first()));
    QVERIFY(gate.reviseButton()->isEnabled());
    QVERIFY(gate.latestDecisionText().contains(QStringLiteral("#1")));

    // An editor may revise but not pass, and may not waive.
    gate.setRole(QStringLiteral("editor"));
    QVERIFY(!gate.passButton()->isEnabled());
    QVERIFY(gate.passButton()->toolTip().contains(QStringLiteral("may not decide pass")));
    QVERIFY(gate.reviseButton()->isEnabled());
    QVERIFY(!gate.waiveBox(codes.first())->isEnabled());
    gate.setRole(QStringLiteral("qa-lead"));
    saveShot(&gate, QStringLiteral("gate-panel-blocked.png"));

    // A refusal from the gate shows verbatim and writes nothing.
    QTest::mouseClick(gate.reviseButton(), Qt::LeftButton);
    QVERIFY2(gate.messageText().contains(QStringLiteral("a decision needs at least one reason")),
             qPrintable(gate.messageText()));

    // Waive every blocker with a reason, as qa-lead: Pass becomes possible.
    for (const QString &code : codes) {
        QCheckBox *box = gate.waiveBox(code);
        QVERIFY2(box && box->isEnabled(), qPrintable(code));
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
        QVERIFY(box->isChecked());
        QVERIFY(!gate.passButton()->isEnabled()); // the reason is missing still
        QTest::keyClicks(gate.waiveReasonEdit(code), QStringLiteral("Accepted for the draft cut: ") + code);
    }
    QVERIFY2(gate.passButton()->isEnabled(), qPrintable(gate.passButton()->toolTip()));
    QVERIFY(gate.unwaivedBlockers().isEmpty());
    auto *reasons = gate.findChild<QPlainTextEdit *>(QStringLiteral("gateReasons"));
    QTest::keyClicks(reasons, QStringLiteral("Reviewed frame by frame on the desk"));
    saveShot(&gate, QStringLiteral("gate-panel-waived.png"));

    QSignalSpy recorded(&gate, &GatePanel::decisionRecorded);
    QTest::mouseClick(gate.passButton(), Qt::LeftButton);
    QCOMPARE(recorded.count(), 1);
    const QString message = gate.messageText();
    QVERIFY2(message.contains(QStringLiteral("Recorded decision #%1").arg(decisionsBefore + 1)), qPrintable(message));

    auto ledger = Ledger::open(ledgerPath, Ledger::OpenMode::ReadOnly);
    QVERIFY(ledger.ok());
    QCOMPARE(*ledger->count(), decisionsBefore + 1);
    QVERIFY(ledger->verify().ok());
    auto last = ledger->show(decisionsBefore + 1);
    QVERIFY(last.ok());
    QVERIFY(last->outcome == Outcome::Pass);
    QCOMPARE(last->reviewer, QStringLiteral("Dana"));
    QCOMPARE(last->role, QStringLiteral("qa-lead"));
    QCOMPARE(last->waivers.size(), codes.size());
    QCOMPARE(last->manifestSha256, ev->manifestSha256);
    QVERIFY(message.contains(last->rowHash));
    QVERIFY(gate.latestDecisionText().contains(QStringLiteral("PASS")));
    QVERIFY(gate.latestDecisionText().contains(QStringLiteral("on this run as it is now")));
    saveShot(&gate, QStringLiteral("gate-panel-recorded.png"));
}

void TestReviewPanels::ledgerBrowserChainStatus()
{
    const QString ledgerPath = m_project + QStringLiteral("/ledger.sqlite");
    qint64 count = 0;
    {
        auto ledger = Ledger::open(ledgerPath, Ledger::OpenMode::ReadOnly);
        QVERIFY(ledger.ok());
        count = *ledger->count();
    }
    QVERIFY(count >= 1);

    LedgerBrowser browser;
    browser.resize(1100, 420);
    QVERIFY(browser.setLedgerPath(ledgerPath).ok());
    browser.show();
    QVERIFY(QTest::qWaitForWindowExposed(&browser));
    QCOMPARE(browser.model()->rowCount(), int(count));
    QVERIFY(browser.chainIntact());
    QVERIFY2(browser.bannerText().startsWith(QStringLiteral("Chain intact, %1 decision").arg(count)),
             qPrintable(browser.bannerText()));
    browser.view()->selectRow(0);
    saveShot(&browser, QStringLiteral("ledger-browser-intact.png"));

    // A tamperer drops the append-only triggers and edits the first decision in place.
    {
        RawDb raw(ledgerPath);
        QVERIFY(raw.ok());
        QCOMPARE(raw.exec(dropTriggers()), QString());
        QCOMPARE(raw.exec({QStringLiteral("UPDATE decisions SET reviewer = 'mallory' WHERE seq = 1")}), QString());
    }
    QVERIFY(browser.reload().ok());
    QVERIFY(!browser.chainIntact());
    QVERIFY2(browser.bannerText().startsWith(QStringLiteral("Chain broken at #1 (")), qPrintable(browser.bannerText()));
    QVERIFY(browser.bannerText().contains(toString(browser.report()->firstBreak->kind)));
    QVERIFY(browser.findChild<QLabel *>(QStringLiteral("ledgerChainBanner"))->styleSheet().contains(
        QColor(0xc6, 0x28, 0x28).darker(125).name()));
    QCOMPARE(browser.model()->rowCount(), int(count));
    QVERIFY(browser.model()->index(0, 0).data(LedgerDecisionsModel::UntrustedRole).toBool());
    saveShot(&browser, QStringLiteral("ledger-browser-broken.png"));

    // No ledger at all: a calm "no decisions yet".
    LedgerBrowser empty;
    QVERIFY(empty.setLedgerPath(m_tmp.filePath(QStringLiteral("nowhere/ledger.sqlite"))).ok());
    QVERIFY(empty.bannerText().startsWith(QStringLiteral("No decisions yet")));
    QVERIFY(!QFile::exists(m_tmp.filePath(QStringLiteral("nowhere/ledger.sqlite"))));
}

QTEST_MAIN(TestReviewPanels)
#include "tst_reviewpanels.moc"
