// The spec editor as a user meets it: the JSON tab (refuses text that does not parse or fit
// the schema, applies text that does as one undo step), the Variants page (create, edit a
// variant in the forms, see and reset its overrides), findings linked to their fields, the
// recovery bar after a crash, New Spec, and the prompt before unsaved changes are lost.
// Screenshots land in test-output/speceditor/.
#include "testsupport.h"

#include "mainwindow.h"
#include "spec/editorpage.h"
#include "spec/jsonpage.h"
#include "spec/newspecdialog.h"
#include "spec/specdocument.h"
#include "spec/speceditor.h"
#include "spec/speceditortabs.h"
#include "spec/variantspage.h"

#include "spec/newspec.h"
#include "spec/specvalidator.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QTextBlock>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kValidation_ms = 20000;
const QString kExplainer = QStringLiteral("specs/feature-explainer.greenlight.json");

void screenshot(QWidget &widget, const QString &name)
{
    const QString path = test::outputDir(QStringLiteral("speceditor")) + QLatin1Char('/') + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

// Clicks a button of the next modal message box once it shows.
void answerNextMessageBox(QMessageBox::StandardButton button)
{
    QTimer::singleShot(0, [button] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (box)
            box->button(button)->click();
        else
            answerNextMessageBox(button);
    });
}

} // namespace

class TestSpecEditor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void jsonTabRefusesBrokenText();
    void jsonTabAppliesValidText();
    void variantsPageCreatesAndResets();
    void findingsLinkToFields();
    void recoveryBarRestoresEdits();
    void newSpecFromMainWindow();
    void unsavedNewSpecComesBackAfterACrash();
    void closingAsksAboutUnsavedChanges();
    void everyPageShowsTheSpec();

private:
    std::shared_ptr<const SpecValidator> m_validator = std::make_shared<const SpecValidator>();
    QTemporaryDir m_tmp;
    QString m_project;
};

void TestSpecEditor::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_tmp.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("GreenlightTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_speceditor"));
}

void TestSpecEditor::init()
{
    m_project = m_tmp.filePath(QString::fromLatin1(QTest::currentTestFunction()));
    QDir(m_project).removeRecursively();
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), m_project));
}

void TestSpecEditor::jsonTabRefusesBrokenText()
{
    SpecEditor editor(m_validator, m_project);
    QVERIFY(editor.open(QDir(m_project).filePath(kExplainer)));
    editor.resize(1100, 760);
    editor.show();
    editor.showPage(QStringLiteral("JSON"));
    auto *page = dynamic_cast<JsonPage *>(editor.currentPage());
    QVERIFY(page);
    const Json before = editor.document()->document();
    QPlainTextEdit *text = page->editor();
    QVERIFY(text->toPlainText().contains(QStringLiteral("\"feature-explainer\"")));

    // Broken JSON: refused, the reason names line and column, the spec is unchanged.
    QTextCursor cursor(text->document()->findBlockByNumber(2));
    text->setTextCursor(cursor);
    QTest::keyClicks(text, QStringLiteral("{{ oops"));
    QVERIFY(page->isEdited());
    QTest::keyClick(text, Qt::Key_Return, Qt::ControlModifier);
    auto *status = page->findChild<QLabel *>(QStringLiteral("jsonStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("line 3")), qPrintable(status->text()));
    QCOMPARE(text->textCursor().blockNumber(), 2); // the cursor sits at the error
    QCOMPARE(editor.document()->document(), before);
    screenshot(editor, QStringLiteral("json-parse-error.png"));

    // Parses, but the schema does not allow it: refused with the pointer.
    QString wrongType = QString::fromUtf8(SpecDocument::serialize(before));
    wrongType.replace(QStringLiteral("\"durationFrames\": 510"), QStringLiteral("\"durationFrames\": \"long\""));
    text->setPlainText(wrongType);
    QVERIFY(!page->apply());
    QVERIFY2(status->text().contains(QStringLiteral("/durationFrames")), qPrintable(status->text()));
    QCOMPARE(editor.document()->document(), before);
    page->revert();
    QCOMPARE(text->toPlainText(), QString::fromUtf8(SpecDocument::serialize(before)));
}

void TestSpecEditor::jsonTabAppliesValidText()
{
    SpecEditor editor(m_validator, m_project);
    QVERIFY(editor.open(QDir(m_project).filePath(kExplainer)));
    editor.showPage(QStringLiteral("JSON"));
    auto *page = dynamic_cast<JsonPage *>(editor.currentPage());
    QString edited = page->editor()->toPlainText();
    edited.replace(QStringLiteral("\"How the review desk works\""), QStringLiteral("\"Edited as text\""));
    page->editor()->setPlainText(edited);
    QVERIFY(page->apply());
    QCOMPARE(editor.document()->value(QStringLiteral("/title")), Json("Edited as text"));
    QCOMPARE(editor.document()->undoStack()->count(), 1);
    // The text follows undo.
    editor.document()->undoStack()->undo();
    QVERIFY(page->editor()->toPlainText().contains(QStringLiteral("How the review desk works")));
    // A form edit shows up in the text.
    editor.document()->setValue(QStringLiteral("/title"), "From a form");
    QVERIFY(page->editor()->toPlainText().contains(QStringLiteral("\"From a form\"")));
}

void TestSpecEditor::variantsPageCreatesAndResets()
{
    SpecEditor editor(m_validator, m_project);
    QVERIFY(editor.open(QDir(m_project).filePath(kExplainer)));
    editor.resize(1100, 760);
    editor.show();
    editor.showPage(QStringLiteral("Variants"));
    auto *page = dynamic_cast<VariantsPage *>(editor.currentPage());
    QVERIFY(page);
    SpecDocument *doc = editor.document();
    QCOMPARE(page->variantList()->topLevelItemCount(), 2); // base + light

    // Picking a row switches every form (and the selector) to that variant.
    page->variantList()->setCurrentItem(page->variantList()->topLevelItem(1));
    QCOMPARE(doc->editingVariant(), QStringLiteral("light"));
    QCOMPARE(editor.variantSelector()->currentData().toString(), QStringLiteral("light"));
    QCOMPARE(page->overrideList()->topLevelItemCount(), 6); // type and colour of three scene backgrounds
    screenshot(editor, QStringLiteral("variants-light.png"));

    // A new variant overrides nothing until a field changes on it.
    QVERIFY(page->createVariant(QStringLiteral("teaser-b"), QStringLiteral("Shorter title")));
    QCOMPARE(doc->editingVariant(), QStringLiteral("teaser-b"));
    QCOMPARE(page->overrideList()->topLevelItemCount(), 0);
    QVERIFY(doc->setValue(QStringLiteral("/title"), "B title"));
    QCOMPARE(page->overrideList()->topLevelItemCount(), 1);
    QCOMPARE(page->overrideList()->topLevelItem(0)->text(2), QStringLiteral("B title"));
    auto *note = editor.findChild<QLabel *>(QStringLiteral("overrideNote"));
    QVERIFY(note->text().contains(QStringLiteral("1 field")));
    // Bad ids are refused with the reason.
    QVERIFY(!page->createVariant(QStringLiteral("base"), {}));
    // Reset to base through the page.
    page->overrideList()->topLevelItem(0)->setSelected(true);
    page->resetSelectedOverrides();
    QCOMPARE(page->overrideList()->topLevelItemCount(), 0);
    QCOMPARE(doc->value(QStringLiteral("/title")), Json("How the review desk works"));
    // Duplicate carries the overrides over.
    page->variantList()->setCurrentItem(page->variantList()->topLevelItem(1));
    QVERIFY(page->duplicateVariant(QStringLiteral("light"), QStringLiteral("light-2")));
    QCOMPARE(doc->variantOverrides(QStringLiteral("light-2")), doc->variantOverrides(QStringLiteral("light")));
    doc->validateNow();
    QCOMPARE(doc->blockerCount(), 0);
}

void TestSpecEditor::findingsLinkToFields()
{
    SpecEditor editor(m_validator, m_project);
    QVERIFY(editor.open(QDir(m_project).filePath(kExplainer)));
    editor.resize(1100, 760);
    editor.show();
    QSignalSpy blockers(&editor, &SpecEditor::blockerCountChanged);
    editor.document()->setValue(QStringLiteral("/durationFrames"), 999);
    QTRY_VERIFY_WITH_TIMEOUT(!blockers.isEmpty() && blockers.last().first().toInt() > 0, kValidation_ms);
    QTreeWidget *list = editor.findingsView();
    QVERIFY(list->topLevelItemCount() >= 1);
    QTreeWidgetItem *item = list->topLevelItem(0);
    QCOMPARE(item->text(2), QStringLiteral("spec.duration.mismatch"));
    QVERIFY(!item->text(1).isEmpty());
    // Activating the finding goes to a page that has the field.
    Findings findings = editor.document()->viewFindings();
    QVERIFY(editor.goToFinding(findings.first()));
    QVERIFY(editor.currentPage());
    screenshot(editor, QStringLiteral("finding-linked.png"));
    editor.document()->undoStack()->undo();
    QTRY_VERIFY_WITH_TIMEOUT(!blockers.isEmpty() && blockers.last().first().toInt() == 0, kValidation_ms);
    QCOMPARE(list->topLevelItemCount(), 0);
}

void TestSpecEditor::recoveryBarRestoresEdits()
{
    const QString path = QDir(m_project).filePath(kExplainer);
    {
        SpecEditor crashed(m_validator, m_project);
        QVERIFY(crashed.open(path));
        crashed.document()->setValue(QStringLiteral("/title"), "Recovered title");
        QVERIFY(crashed.document()->writeRecovery());
    }
    SpecEditor editor(m_validator, m_project);
    QVERIFY(editor.open(path));
    editor.resize(1100, 760);
    editor.show();
    auto *bar = editor.findChild<QWidget *>(QStringLiteral("recoveryBar"));
    QVERIFY(bar->isVisible());
    screenshot(editor, QStringLiteral("recovery-bar.png"));
    QTest::mouseClick(editor.findChild<QPushButton *>(QStringLiteral("restoreRecoveryButton")), Qt::LeftButton);
    QVERIFY(!bar->isVisible());
    QCOMPARE(editor.document()->value(QStringLiteral("/title")), Json("Recovered title"));
    QVERIFY(editor.document()->isModified());
    // Restoring is itself undoable.
    editor.document()->undoStack()->undo();
    QCOMPARE(editor.document()->value(QStringLiteral("/title")), Json("How the review desk works"));
}

void TestSpecEditor::newSpecFromMainWindow()
{
    MainWindow window;
    window.resize(1280, 860);
    window.show();
    QVERIFY(window.openPath(m_project));
    // File > New Spec: the dialog derives the id from the title.
    QTimer::singleShot(0, [] {
        auto *dialog = qobject_cast<NewSpecDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QTest::keyClicks(dialog->titleEdit(), QStringLiteral("Spring Launch"));
        QCOMPARE(dialog->idEdit()->text(), QStringLiteral("spring-launch"));
        dialog->formatCombo()->setCurrentIndex(1); // square feed
        dialog->accept();
    });
    window.findChild<QAction *>(QStringLiteral("newSpecAction"))->trigger();
    SpecEditor *editor = window.editorTabs()->currentEditor();
    QVERIFY(editor);
    QVERIFY(editor->document()->isModified());
    QCOMPARE(editor->document()->value(QStringLiteral("/canvas/width")), Json(1080));
    QCOMPARE(editor->document()->value(QStringLiteral("/canvas/height")), Json(1080));
    QTRY_VERIFY_WITH_TIMEOUT(!editor->document()->isValidating(), kValidation_ms);
    QCOMPARE(editor->document()->blockerCount(), 0);
    QCOMPARE(editor->tabTitle(), QStringLiteral("spring-launch*"));
    screenshot(window, QStringLiteral("new-spec.png"));
    window.findChild<QAction *>(QStringLiteral("saveSpecAction"))->trigger();
    const QString saved = m_project + QStringLiteral("/specs/spring-launch.greenlight.json");
    QVERIFY(QFileInfo::exists(saved));
    QVERIFY(!editor->document()->isModified());
    const test::ProcessResult r = test::runCli({QStringLiteral("validate"), saved});
    QVERIFY2(r.exitCode == 0, r.out.constData());
    // Undo/redo in the Edit menu follow the editor.
    editor->document()->setValue(QStringLiteral("/title"), "Changed");
    QAction *undo = window.findChild<QAction *>(QStringLiteral("undoAction"));
    QVERIFY(undo->isEnabled());
    undo->trigger();
    QCOMPARE(editor->document()->value(QStringLiteral("/title")), Json("Spring Launch"));
}

void TestSpecEditor::unsavedNewSpecComesBackAfterACrash()
{
    const QString path = m_project + QStringLiteral("/specs/lost-and-found.greenlight.json");
    {
        MainWindow crashed;
        crashed.show();
        QVERIFY(crashed.openPath(m_project));
        NewSpecOptions options;
        options.title = QStringLiteral("Lost and found");
        SpecEditor *editor = crashed.editorTabs()->newSpec(options);
        QVERIFY(editor);
        QCOMPARE(editor->document()->path(), path);
        editor->document()->setValue(QStringLiteral("/title"), "Lost and found, take 2");
        // The recovery timer writes this copy every few seconds while the spec is unsaved.
        QVERIFY(editor->document()->writeRecovery());
        // The window goes away without closing: no prompt, no save, as in a crash.
    }
    QVERIFY(!QFileInfo::exists(path));

    // Another project does not get it.
    QTemporaryDir other;
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), other.path()));
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openPath(other.path()));
        QVERIFY(window.editorTabs()->editors().isEmpty());
    }

    MainWindow window;
    window.resize(1280, 860);
    window.show();
    QVERIFY(window.openPath(m_project));
    SpecEditor *restored = window.editorTabs()->editorFor(path);
    QVERIFY(restored);
    QCOMPARE(window.editorTabs()->currentEditor(), restored);
    QVERIFY(restored->document()->isModified());
    QCOMPARE(restored->document()->value(QStringLiteral("/title")), Json("Lost and found, take 2"));
    QCOMPARE(restored->tabTitle(), QStringLiteral("lost-and-found*"));
    screenshot(window, QStringLiteral("restored-new-spec.png"));

    // Saving keeps it for good; the recovery copy goes, so it is not restored again.
    QVERIFY(restored->save());
    QVERIFY(QFileInfo::exists(path));
    QVERIFY(SpecDocument::unsavedNewSpecs(m_project).isEmpty());
    const test::ProcessResult r = test::runCli({QStringLiteral("validate"), path});
    QVERIFY2(r.exitCode == 0, r.out.constData());
}

void TestSpecEditor::closingAsksAboutUnsavedChanges()
{
    MainWindow window;
    window.show();
    QVERIFY(window.openPath(m_project));
    SpecEditor *editor = window.editSpec(kExplainer);
    QVERIFY(editor);
    editor->document()->setValue(QStringLiteral("/title"), "Not saved yet");
    // Cancel keeps the window and the edit.
    answerNextMessageBox(QMessageBox::Cancel);
    QVERIFY(!window.close());
    QVERIFY(window.isVisible());
    QCOMPARE(editor->document()->value(QStringLiteral("/title")), Json("Not saved yet"));
    // Save writes the file, then the window closes.
    answerNextMessageBox(QMessageBox::Save);
    QVERIFY(window.close());
    Result<Json> onDisk = readJsonFile(QDir(m_project).filePath(kExplainer));
    QVERIFY(onDisk);
    QCOMPARE((*onDisk)["title"], Json("Not saved yet"));
}

// Each page of the editor on the demo spec, base and variant, for a person to look at; every
// page is listed and can be shown.
void TestSpecEditor::everyPageShowsTheSpec()
{
    SpecEditor editor(m_validator, m_project);
    QVERIFY(editor.open(QDir(m_project).filePath(kExplainer)));
    editor.resize(1280, 820);
    editor.show();
    QStringList titles;
    for (EditorPage *page : editor.pages())
        titles.append(page->title());
    QCOMPARE(titles, (QStringList{QStringLiteral("Canvas & format"), QStringLiteral("Scenes"), QStringLiteral("Assets"),
                                  QStringLiteral("Narration"), QStringLiteral("Captions & CTA"),
                                  QStringLiteral("Pronunciations"), QStringLiteral("Variants"), QStringLiteral("JSON")}));
    editor.document()->validateNow();
    for (const QString &title : titles) {
        editor.showPage(title);
        QCOMPARE(editor.currentPage()->title(), title);
        QString file = title.toLower();
        file.replace(QRegularExpression(QStringLiteral("[^a-z]+")), QStringLiteral("-"));
        screenshot(editor, QStringLiteral("page-%1.png").arg(file));
    }
    editor.document()->setEditingVariant(QStringLiteral("light"));
    editor.showPage(QStringLiteral("Scenes"));
    screenshot(editor, QStringLiteral("page-scenes-variant.png"));
}

QTEST_MAIN(TestSpecEditor)
#include "tst_speceditor.moc"
