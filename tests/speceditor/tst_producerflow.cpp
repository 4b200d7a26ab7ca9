// The producer's whole path, in the forms alone: a new spec in an empty project, a second
// scene, narration text per scene, two variants that each change a field, a save, then a
// narration run and a render launched from the editor and watched to the end in the Runs
// panel. No JSON is typed anywhere. Screenshots land in test-output/producerflow/.
#include "testsupport.h"

#include "mainwindow.h"
#include "runs/runjob.h"
#include "runs/runlaunchdialog.h"
#include "runs/runqueue.h"
#include "runs/runspanel.h"
#include "spec/editorpage.h"
#include "spec/newspecdialog.h"
#include "spec/pages/colorfield.h"
#include "spec/specdocument.h"
#include "spec/speceditor.h"
#include "spec/speceditortabs.h"

#include "run/runrecord.h"

#include <QAction>
#include <QComboBox>
#include <QInputDialog>
#include <QLineEdit>
#include <QMessageBox>
#include <QListView>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kValidation_ms = 20000;
constexpr int kRun_ms = 240000;

void screenshot(QWidget &widget, const QString &name)
{
    const QString path = test::outputDir(QStringLiteral("producerflow")) + QLatin1Char('/') + name;
    QTest::qWait(50); // pending layout requests run, as they would between a person's clicks
    QVERIFY2(widget.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

// Answers the next QInputDialog with `text` once it shows.
void answerNextInput(const QString &text)
{
    QTimer::singleShot(0, [text] {
        if (auto *input = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
            input->setTextValue(text);
            input->accept();
        } else {
            answerNextInput(text);
        }
    });
}

template <typename T>
T *child(QWidget *parent, const QString &name)
{
    T *w = parent->findChild<T *>(name);
    if (!w)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return w;
}

// Types into a line edit as a person does: select all, type, Enter.
void retype(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

} // namespace

class TestProducerFlow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void newSpecWithTwoVariantsVoicedAndRendered();
    void quittingWithRunsInFlightAsksAndCancels();

private:
    QTemporaryDir m_tmp;
};

void TestProducerFlow::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("GreenlightTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_producerflow"));
}

void TestProducerFlow::newSpecWithTwoVariantsVoicedAndRendered()
{
    const QString project = m_tmp.filePath(QStringLiteral("empty-project"));
    QVERIFY(QDir().mkpath(project + QStringLiteral("/specs")));
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(window.openPath(project));

    // File > New Spec.
    QTimer::singleShot(0, [] {
        auto *dialog = qobject_cast<NewSpecDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QTest::keyClicks(dialog->titleEdit(), QStringLiteral("Spring launch"));
        dialog->formatCombo()->setCurrentIndex(1); // square feed, 1080x1080
        dialog->accept();
    });
    window.findChild<QAction *>(QStringLiteral("newSpecAction"))->trigger();
    SpecEditor *editor = window.editorTabs()->currentEditor();
    QVERIFY(editor);
    SpecDocument *doc = editor->document();

    // Scenes: a second scene after the first; the total follows.
    editor->showPage(QStringLiteral("Scenes"));
    EditorPage *scenes = editor->currentPage();
    QTest::mouseClick(child<QPushButton>(scenes, QStringLiteral("addScene")), Qt::LeftButton);
    QCOMPARE(doc->value(QStringLiteral("/scenes")).size(), size_t(2));
    const QString secondScene = toQString(doc->value(QStringLiteral("/scenes/1/id")));
    QCOMPARE(doc->value(QStringLiteral("/durationFrames")).get<qint64>(),
             doc->value(QStringLiteral("/scenes/0/durationFrames")).get<qint64>()
                 + doc->value(QStringLiteral("/scenes/1/durationFrames")).get<qint64>());

    // Narration: add it, then give the second scene its own line.
    editor->showPage(QStringLiteral("Narration"));
    EditorPage *narration = editor->currentPage();
    QTest::mouseClick(child<QPushButton>(narration, QStringLiteral("addNarration")), Qt::LeftButton);
    QVERIFY(doc->has(QStringLiteral("/narration/segments/0")));
    QTest::mouseClick(child<QPushButton>(narration, QStringLiteral("addSegment-") + secondScene), Qt::LeftButton);
    auto *segment = child<QPlainTextEdit>(narration, QStringLiteral("segmentText-1"));
    QVERIFY(segment);
    segment->setFocus();
    segment->selectAll();
    QTest::keyClicks(segment, QStringLiteral("Fresh colours for spring."));
    QCOMPARE(doc->value(QStringLiteral("/narration/segments/1/text")), Json("Fresh colours for spring."));
    screenshot(window, QStringLiteral("1-narration.png"));

    // Variant one: a brighter first scene.
    editor->showPage(QStringLiteral("Variants"));
    answerNextInput(QStringLiteral("bright"));
    QTest::mouseClick(child<QPushButton>(editor->currentPage(), QStringLiteral("newVariantButton")), Qt::LeftButton);
    QCOMPARE(doc->editingVariant(), QStringLiteral("bright"));
    editor->showPage(QStringLiteral("Scenes"));
    qobject_cast<QListView *>(child<QListView>(scenes, QStringLiteral("sceneList")))
        ->setCurrentIndex(child<QListView>(scenes, QStringLiteral("sceneList"))->model()->index(0, 0));
    auto *color = child<ColorField>(scenes, QStringLiteral("backgroundColor"));
    QVERIFY(color);
    retype(color->lineEdit(), QStringLiteral("#3A7BD5"));
    QCOMPARE(doc->value(QStringLiteral("/scenes/0/background/color")), Json("#3A7BD5"));
    screenshot(window, QStringLiteral("2-variant-bright.png"));

    // Variant two: another title.
    editor->showPage(QStringLiteral("Variants"));
    answerNextInput(QStringLiteral("short-title"));
    QTest::mouseClick(child<QPushButton>(editor->currentPage(), QStringLiteral("newVariantButton")), Qt::LeftButton);
    QCOMPARE(doc->editingVariant(), QStringLiteral("short-title"));
    editor->showPage(QStringLiteral("Canvas & format"));
    QLineEdit *title = nullptr;
    for (QLineEdit *e : editor->currentPage()->findChildren<QLineEdit *>())
        if (e->text() == QLatin1String("Spring launch"))
            title = e;
    QVERIFY(title);
    retype(title, QStringLiteral("Spring!"));
    QCOMPARE(doc->variantOverrides(QStringLiteral("short-title")), Json({{"title", "Spring!"}}));
    QCOMPARE(doc->variantOverrides(QStringLiteral("bright"))["scenes"][0]["background"]["color"], Json("#3A7BD5"));

    // Valid, with both variants, and saved.
    QTRY_VERIFY_WITH_TIMEOUT(!doc->isValidating(), kValidation_ms);
    QCOMPARE(doc->blockerCount(), 0);
    QCOMPARE(doc->variantIds(), (QStringList{QStringLiteral("bright"), QStringLiteral("short-title")}));
    doc->setEditingVariant(QString());
    window.findChild<QAction *>(QStringLiteral("saveSpecAction"))->trigger();
    QVERIFY(!doc->isModified());
    const QString specPath = project + QStringLiteral("/specs/spring-launch.greenlight.json");
    const test::ProcessResult validate = test::runCli({QStringLiteral("validate"), specPath});
    QVERIFY2(validate.exitCode == 0, validate.out.constData());

    // Voice it from the editor and watch it in the Runs panel.
    RunQueue *queue = window.runsPanel()->queue();
    QList<RunJob *> finished;
    connect(queue, &RunQueue::jobFinished, this, [&](RunJob *job) { finished.append(job); });
    QTest::mouseClick(child<QPushButton>(editor, QStringLiteral("voiceButton")), Qt::LeftButton);
    auto *launch = window.findChild<RunLaunchDialog *>();
    QVERIFY(launch);
    QTRY_VERIFY_WITH_TIMEOUT(launch->canLaunch(), kValidation_ms);
    screenshot(*launch, QStringLiteral("3-launch-narration.png"));
    QTest::mouseClick(launch->launchButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, kRun_ms);
    QCOMPARE(finished[0]->state(), RunJob::State::Succeeded);
    const QString ttsRun = finished[0]->runDir();

    // Render it with that narration.
    QTest::mouseClick(child<QPushButton>(editor, QStringLiteral("renderButton")), Qt::LeftButton);
    launch = nullptr;
    QTRY_VERIFY((launch = window.findChild<RunLaunchDialog *>()) != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(launch->canLaunch(), kValidation_ms);
    QVERIFY(launch->request().narrationRun.endsWith(QFileInfo(ttsRun).fileName()));
    QTest::mouseClick(launch->launchButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(queue->runningCount() == 1, kRun_ms);
    screenshot(window, QStringLiteral("4-rendering.png"));
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 2, kRun_ms);
    QCOMPARE(finished[1]->state(), RunJob::State::Succeeded);
    screenshot(window, QStringLiteral("5-finished.png"));

    // The run records say what ran.
    Result<RunRecord> tts = loadRunRecord(ttsRun + QStringLiteral("/run.json"));
    QVERIFY(tts);
    QCOMPARE(toString(tts->kind), toString(RunKind::Tts));
    QCOMPARE(toString(tts->status), toString(RunStatus::Succeeded));
    Result<RunRecord> render = loadRunRecord(finished[1]->runDir() + QStringLiteral("/run.json"));
    QVERIFY(render);
    QCOMPARE(toString(render->kind), toString(RunKind::Render));
    QCOMPARE(toString(render->status), toString(RunStatus::Succeeded));
    QCOMPARE(render->spec.path, QStringLiteral("specs/spring-launch.greenlight.json"));
    QVERIFY(QFileInfo(finished[1]->runDir() + QStringLiteral("/output.mp4")).size() > 0);
    QVERIFY2(render->qa.state == QLatin1String("passed") || render->qa.state == QLatin1String("findings"),
             qPrintable(render->qa.state));
}

// Quitting while a render runs asks first; "Keep Running" keeps the window, "Cancel Runs"
// stops the render cleanly and the window closes once it has stopped.
void TestProducerFlow::quittingWithRunsInFlightAsksAndCancels()
{
    const QString project = m_tmp.filePath(QStringLiteral("demo"));
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project));
    MainWindow window;
    window.show();
    QVERIFY(window.openPath(project));
    RunJobRequest request;
    request.kind = RunKind::Render;
    request.projectRoot = project;
    request.specPath = project + QStringLiteral("/specs/launch-teaser.greenlight.json");
    request.workload = QStringLiteral("draft-preview");
    request.runtimeClass = QStringLiteral("local");
    request.engine = QStringLiteral("ffmpeg");
    // The demo renders in about a second: a slow encoder keeps it running while we quit.
    request.renderOptions.encoder.preset = QStringLiteral("placebo");
    RunJob *job = window.runsPanel()->queue()->enqueue(request);
    QTRY_VERIFY_WITH_TIMEOUT(job->isFinished() || job->progress() > 0.01, kRun_ms);
    QVERIFY2(!job->isFinished(), "the slowed render finished before the window could be closed");

    auto answer = [](const QString &button) {
        QTimer::singleShot(0, [button] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box);
            QCOMPARE(box->objectName(), QStringLiteral("runsInFlightBox"));
            for (QAbstractButton *b : box->buttons())
                if (b->text() == button)
                    b->click();
        });
    };
    answer(QStringLiteral("Keep Running"));
    QVERIFY(!window.close());
    QVERIFY(window.isVisible());
    QVERIFY(!job->isFinished());

    answer(QStringLiteral("Cancel Runs"));
    QVERIFY(!window.close()); // not yet: the render is stopping
    QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), kRun_ms);
    QCOMPARE(job->state(), RunJob::State::Cancelled);
    Result<RunRecord> record = loadRunRecord(job->runDir() + QStringLiteral("/run.json"));
    QVERIFY(record);
    QCOMPARE(toString(record->status), toString(RunStatus::Cancelled));
    QVERIFY(!QFileInfo::exists(job->runDir() + QStringLiteral("/output.mp4")));
    QVERIFY(!job->runDir().contains(QStringLiteral("/.staging/")));
}

QTEST_MAIN(TestProducerFlow)
#include "tst_producerflow.moc"
