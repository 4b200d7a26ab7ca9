// The spec editor's forms driven like a user: typing, picking, clicking, with undo and redo
// restoring the widgets; fields generated from the schema (a field added to the schema gets a
// widget); findings marking the field they point at and the mark going away when fixed.
// Screenshots of each page land in test-output/specforms/ for a person to look at.
#include "testsupport.h"

#include "spec/fieldbinder.h"
#include "spec/pages/canvaspage.h"
#include "spec/pages/captionspage.h"
#include "spec/pages/pronunciationspage.h"
#include "spec/schemaarrayeditor.h"
#include "spec/schemaform.h"
#include "spec/specdocument.h"

#include "spec/specvalidator.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QToolButton>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace greenlight;

namespace {

const QString kTeaser = QStringLiteral("specs/launch-teaser.greenlight.json");
const QString kExplainer = QStringLiteral("specs/feature-explainer.greenlight.json");

Json value(const SpecDocument &doc, const char *pointer)
{
    return doc.value(QString::fromLatin1(pointer));
}

// What the editor does: findings of the view, filtered to the page's prefixes, go to the page.
void routeFindings(SpecDocument *doc, EditorPage *page)
{
    QObject::connect(doc, &SpecDocument::findingsChanged, page, [doc, page] {
        Findings mine;
        for (const Finding &f : doc->viewFindings()) {
            for (const QString &prefix : page->pointerPrefixes()) {
                if (FieldBinder::isUnder(f.pointer, prefix)) {
                    mine.append(f);
                    break;
                }
            }
        }
        page->showFindings(mine);
    });
}

// Validates now and waits for the findings to arrive.
bool validate(SpecDocument *doc)
{
    QSignalSpy spy(doc, &SpecDocument::findingsChanged);
    doc->validateNow();
    return spy.count() > 0 || spy.wait(20000);
}

void typeInto(QWidget *widget, const QString &text)
{
    if (auto *edit = qobject_cast<QLineEdit *>(widget))
        edit->selectAll();
    else if (auto *box = qobject_cast<QAbstractSpinBox *>(widget))
        box->selectAll();
    QTest::keyClicks(widget, text);
}

// The whole page: a page that scrolls is grabbed at its full height.
void screenshot(QWidget &widget, const QString &name)
{
    const QString path = test::outputDir(QStringLiteral("specforms")) + QLatin1Char('/') + name;
    QCoreApplication::sendPostedEvents(); // pending layout requests, so the grab shows the laid-out page
    auto *scroll = widget.findChild<QScrollArea *>();
    QWidget *content = scroll && scroll->widget() ? scroll->widget() : &widget;
    QVERIFY2(content->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

void showPage(QWidget &page, const QSize &size = QSize(900, 820))
{
    page.resize(size);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
}

} // namespace

class TestSpecForms : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void labelsAndSchemaHelpers();
    void canvasEditsUndoAndRedo();
    void formatSetsCanvasInOneStep();
    void frameRateAndMatchScenes();
    void invalidWidthIsMarkedUntilFixed();
    void badColorInGeneratedFormIsMarked();
    void schemaFieldGetsWidget();
    void newSchemaFieldNeedsNoNewCode();
    void callToActionSection();
    void captionLinesList();
    void pronunciationsTable();

private:
    std::unique_ptr<SpecDocument> open(const QString &spec);

    std::shared_ptr<const SpecValidator> m_validator = std::make_shared<const SpecValidator>();
    QTemporaryDir m_tmp;
    QString m_project;
};

void TestSpecForms::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QLocale::setDefault(QLocale::c());
    QVERIFY(m_tmp.isValid());
}

void TestSpecForms::init()
{
    m_project = m_tmp.filePath(QString::fromLatin1(QTest::currentTestFunction()));
    QDir(m_project).removeRecursively();
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), m_project));
}

std::unique_ptr<SpecDocument> TestSpecForms::open(const QString &spec)
{
    auto doc = std::make_unique<SpecDocument>(m_validator, m_project);
    const Status s = doc->load(QDir(m_project).filePath(spec));
    if (!s)
        qWarning("%s", qPrintable(s.error().toString()));
    return doc;
}

void TestSpecForms::labelsAndSchemaHelpers()
{
    QCOMPARE(FieldBinder::labelForKey(QStringLiteral("maxCharsPerLine")), QStringLiteral("Max chars per line"));
    QCOMPARE(FieldBinder::labelForKey(QStringLiteral("sizePx")), QStringLiteral("Size (px)"));
    QCOMPARE(FieldBinder::labelForKey(QStringLiteral("durationFrames")), QStringLiteral("Duration (frames)"));
    QCOMPARE(FieldBinder::labelForKey(QStringLiteral("id")), QStringLiteral("ID"));

    const Json &root = SchemaForm::specSchema();
    QVERIFY(root.contains("definitions"));
    const Json color = SchemaForm::resolveRef(Json::parse(R"({"$ref": "#/definitions/color"})"), root);
    QVERIFY(color.contains("pattern"));
    QCOMPARE(SchemaForm::schemaForPointer(root, QStringLiteral("/captions/style/maxLines")).value("maximum", 0), 4);
    QCOMPARE(SchemaForm::schemaForPointer(root, QStringLiteral("/scenes/0/durationFrames")).value("minimum", 0), 1);

    // if/then: a gradient background has "from" and "to"; a new background starts as a colour.
    const Json background = SchemaForm::schemaForPointer(root, QStringLiteral("/scenes/0/background"));
    const Json gradient = SchemaForm::effectiveSchema(background, root, Json::parse(R"({"type": "gradient"})"));
    QVERIFY(gradient["properties"].contains("from"));
    QVERIFY(!gradient["properties"].contains("color"));
    QCOMPARE(SchemaForm::defaultValue(background, root), Json::parse(R"({"type": "color", "color": ""})"));
    QCOMPARE(SchemaForm::defaultValue(SchemaForm::schemaForPointer(root, QStringLiteral("/captions")), root),
             Json::parse(R"({"source": "narration"})"));
}

void TestSpecForms::canvasEditsUndoAndRedo()
{
    auto doc = open(kTeaser);
    CanvasPage page(doc.get());
    showPage(page);
    QUndoStack *undo = doc->undoStack();
    QCOMPARE(page.titleEdit()->text(), QStringLiteral("Greenlight launch teaser"));
    QCOMPARE(page.widthBox()->value(), 720);

    // Typing a few characters is one undo step.
    page.titleEdit()->setFocus();
    QTest::keyClick(page.titleEdit(), Qt::Key_End);
    QTest::keyClicks(page.titleEdit(), QStringLiteral(" v2"));
    QCOMPARE(value(*doc, "/title"), Json("Greenlight launch teaser v2"));
    QCOMPARE(undo->count(), 1);

    typeInto(page.heightBox(), QStringLiteral("1200"));
    QCOMPARE(value(*doc, "/canvas/height"), Json(1200));

    undo->undo();
    QCOMPARE(page.heightBox()->value(), 1280);
    undo->undo();
    QCOMPARE(page.titleEdit()->text(), QStringLiteral("Greenlight launch teaser"));
    QCOMPARE(value(*doc, "/title"), Json("Greenlight launch teaser"));
    undo->redo();
    QCOMPARE(page.titleEdit()->text(), QStringLiteral("Greenlight launch teaser v2"));

    // The description is optional: emptying it removes the field.
    page.descriptionEdit()->selectAll();
    QTest::keyClick(page.descriptionEdit(), Qt::Key_Delete);
    QVERIFY(!doc->has(QStringLiteral("/description")));
    undo->undo();
    QVERIFY(page.descriptionEdit()->toPlainText().startsWith(QStringLiteral("A vertical short")));

    // The id is read-only until "Rename…" is pressed.
    QVERIFY(page.idEdit()->isReadOnly());
    QTest::mouseClick(page.renameIdButton(), Qt::LeftButton);
    QVERIFY(!page.idEdit()->isReadOnly());
    screenshot(page, QStringLiteral("canvas.png"));
}

void TestSpecForms::formatSetsCanvasInOneStep()
{
    auto doc = open(kTeaser);
    CanvasPage page(doc.get());
    showPage(page);
    QUndoStack *undo = doc->undoStack();

    page.formatBox()->setCurrentIndex(page.formatBox()->findData(QStringLiteral("square-feed")));
    QCOMPARE(value(*doc, "/format"), Json("square-feed"));
    QCOMPARE(value(*doc, "/canvas/width"), Json(1080));
    QCOMPARE(value(*doc, "/canvas/height"), Json(1080));
    QCOMPARE(page.heightBox()->value(), 1080);
    QCOMPARE(undo->count(), 1);

    undo->undo();
    QCOMPARE(page.formatBox()->currentData().toString(), QStringLiteral("vertical-short"));
    QCOMPARE(page.widthBox()->value(), 720);
    QCOMPARE(page.heightBox()->value(), 1280);

    // Without the offer, only the format changes.
    page.applyFormatSizeBox()->setChecked(false);
    page.formatBox()->setCurrentIndex(page.formatBox()->findData(QStringLiteral("landscape-explainer")));
    QCOMPARE(value(*doc, "/format"), Json("landscape-explainer"));
    QCOMPARE(value(*doc, "/canvas/width"), Json(720));
}

void TestSpecForms::frameRateAndMatchScenes()
{
    auto doc = open(kExplainer);
    CanvasPage page(doc.get());
    showPage(page);
    QUndoStack *undo = doc->undoStack();
    QCOMPARE(page.frameRateBox()->currentText(), QStringLiteral("29.97 fps"));
    QVERIFY2(page.durationSecondsLabel()->text().contains(QStringLiteral("17.02")),
             qPrintable(page.durationSecondsLabel()->text()));

    page.frameRateBox()->setCurrentIndex(page.frameRateBox()->findText(QStringLiteral("25 fps")));
    QCOMPARE(value(*doc, "/canvas/fps"), Json::parse(R"({"num": 25, "den": 1})"));
    QVERIFY(page.durationSecondsLabel()->text().contains(QStringLiteral("20.40")));
    undo->undo();
    QCOMPARE(page.frameRateBox()->currentText(), QStringLiteral("29.97 fps"));

    // A total that does not match the scenes says so, and "Match scenes" fixes it.
    QCOMPARE(page.scenesDurationFrames(), 510);
    QVERIFY(!page.matchScenesButton()->isEnabled());
    typeInto(page.durationBox(), QStringLiteral("400"));
    QCOMPARE(value(*doc, "/durationFrames"), Json(400));
    QVERIFY(page.scenesSumLabel()->text().contains(QStringLiteral("510")));
    QVERIFY(page.matchScenesButton()->isEnabled());
    QTest::mouseClick(page.matchScenesButton(), Qt::LeftButton);
    QCOMPARE(value(*doc, "/durationFrames"), Json(510));
    QCOMPARE(page.durationBox()->value(), 510);
    QVERIFY(page.scenesSumLabel()->text().contains(QStringLiteral("Matches")));
}

void TestSpecForms::invalidWidthIsMarkedUntilFixed()
{
    auto doc = open(kTeaser);
    CanvasPage page(doc.get());
    routeFindings(doc.get(), &page);
    showPage(page);
    QVERIFY(validate(doc.get()));
    QWidget *width = page.binder()->widgetFor(QStringLiteral("/canvas/width"));
    QCOMPARE(width, page.widthBox());
    QVERIFY(!FieldBinder::isMarked(width));

    typeInto(page.widthBox(), QStringLiteral("15"));
    QCOMPARE(value(*doc, "/canvas/width"), Json(15));
    QVERIFY(validate(doc.get()));
    QTRY_VERIFY(FieldBinder::isMarked(width));
    QCOMPARE(FieldBinder::markSeverity(width), QStringLiteral("blocker"));
    QVERIFY2(!width->toolTip().isEmpty(), "the finding's message is the tooltip");
    auto *message = page.findChild<QLabel *>(QStringLiteral("message:/canvas/width"));
    QVERIFY(message);
    QVERIFY(message->isVisible());
    QCOMPARE(message->text(), width->toolTip());
    screenshot(page, QStringLiteral("canvas-invalid-width.png"));

    typeInto(page.widthBox(), QStringLiteral("720"));
    QVERIFY(validate(doc.get()));
    QTRY_VERIFY(!FieldBinder::isMarked(width));
    QVERIFY(width->toolTip().isEmpty());
    QVERIFY(!message->isVisible());
}

void TestSpecForms::badColorInGeneratedFormIsMarked()
{
    auto doc = open(kTeaser);
    CanvasPage page(doc.get());
    routeFindings(doc.get(), &page);
    showPage(page);
    SchemaForm *textStyle = page.defaultsForm()->nestedForm(QStringLiteral("textStyle"));
    QVERIFY(textStyle);
    auto *color = qobject_cast<QLineEdit *>(textStyle->fieldWidget(QStringLiteral("color")));
    QVERIFY(color);
    QCOMPARE(color->text(), QStringLiteral("#FFFFFF"));

    typeInto(color, QStringLiteral("#12345"));
    QCOMPARE(value(*doc, "/defaults/textStyle/color"), Json("#12345"));
    QVERIFY(validate(doc.get()));
    QTRY_VERIFY(FieldBinder::isMarked(color));
    QCOMPARE(page.binder()->widgetFor(QStringLiteral("/defaults/textStyle/color")), color);
    screenshot(page, QStringLiteral("canvas-bad-color.png"));

    QTest::keyClicks(color, QStringLiteral("6"));
    QVERIFY(validate(doc.get()));
    QTRY_VERIFY(!FieldBinder::isMarked(color));
    QCOMPARE(doc->undoStack()->count(), 1); // the typing in one field is one step
}

void TestSpecForms::schemaFieldGetsWidget()
{
    auto doc = open(kExplainer);
    CaptionsPage page(doc.get());
    showPage(page);
    QVERIFY(page.captionsGroup()->isChecked());
    SchemaForm *style = page.captionsForm()->nestedForm(QStringLiteral("style"));
    QVERIFY(style);
    auto *maxLines = qobject_cast<QSpinBox *>(style->fieldWidget(QStringLiteral("maxLines")));
    QVERIFY(maxLines);
    QCOMPARE(maxLines->value(), 2);
    QCOMPARE(maxLines->maximum(), 4);
    bool labelled = false;
    for (QLabel *label : style->findChildren<QLabel *>())
        labelled = labelled || label->text() == QStringLiteral("Max chars per line");
    QVERIFY(labelled);

    QTest::keyClick(maxLines, Qt::Key_Up);
    QCOMPARE(value(*doc, "/captions/style/maxLines"), Json(3));
    doc->undoStack()->undo();
    QCOMPARE(maxLines->value(), 2);
    doc->undoStack()->redo();
    QCOMPARE(maxLines->value(), 3);

    // An optional integer set to its "not set" value is removed.
    maxLines->setValue(maxLines->minimum());
    QVERIFY(!doc->has(QStringLiteral("/captions/style/maxLines")));
    QCOMPARE(maxLines->text(), QStringLiteral("not set"));

    // The mode is an enum with "not set" (it is optional); source is required.
    auto *mode = qobject_cast<QComboBox *>(page.captionsForm()->fieldWidget(QStringLiteral("mode")));
    QVERIFY(mode);
    QCOMPARE(mode->currentText(), QStringLiteral("burn-in"));
    mode->setCurrentIndex(mode->findData(QStringLiteral("sidecar")));
    QCOMPARE(value(*doc, "/captions/mode"), Json("sidecar"));
    mode->setCurrentIndex(0);
    QVERIFY(!doc->has(QStringLiteral("/captions/mode")));
    auto *source = qobject_cast<QComboBox *>(page.captionsForm()->fieldWidget(QStringLiteral("source")));
    QVERIFY(source);
    QCOMPARE(source->findData(QString()), -1);
}

void TestSpecForms::newSchemaFieldNeedsNoNewCode()
{
    auto doc = open(kExplainer);
    FieldBinder binder(doc.get());
    Json root = SchemaForm::specSchema();
    root["definitions"]["captions"]["properties"]["style"]["properties"]["karaoke"] =
        Json::parse(R"({"type": "boolean", "description": "highlight the word being spoken"})");
    SchemaForm form(doc.get(), &binder, SchemaForm::schemaForPointer(root, QStringLiteral("/captions/style")), root,
                    QStringLiteral("/captions/style"));
    auto *karaoke = qobject_cast<QCheckBox *>(form.fieldWidget(QStringLiteral("karaoke")));
    QVERIFY(karaoke);
    QCOMPARE(karaoke->toolTip().section(QLatin1Char('\n'), 0, 0), QStringLiteral("highlight the word being spoken"));
    karaoke->click();
    QCOMPARE(value(*doc, "/captions/style/karaoke"), Json(true));
    doc->undoStack()->undo();
    QVERIFY(!karaoke->isChecked());
}

void TestSpecForms::callToActionSection()
{
    auto doc = open(kExplainer);
    CaptionsPage page(doc.get());
    routeFindings(doc.get(), &page);
    showPage(page);
    QUndoStack *undo = doc->undoStack();
    QVERIFY(!page.ctaGroup()->isChecked());

    page.ctaGroup()->setChecked(true);
    QVERIFY(doc->has(QStringLiteral("/cta")));
    QCOMPARE(value(*doc, "/cta/scene"), Json("outro"));
    auto *scene = qobject_cast<QComboBox *>(page.ctaForm()->fieldWidget(QStringLiteral("scene")));
    auto *layer = qobject_cast<QComboBox *>(page.ctaForm()->fieldWidget(QStringLiteral("layer")));
    QVERIFY(scene);
    QVERIFY(layer);
    QCOMPARE(scene->count(), 5);
    QCOMPARE(scene->currentText(), QStringLiteral("outro"));
    QCOMPARE(layer->findData(QStringLiteral("sign-off")), 1);

    // Picking another scene offers that scene's layers.
    scene->setCurrentIndex(scene->findData(QStringLiteral("gate")));
    QCOMPARE(value(*doc, "/cta/scene"), Json("gate"));
    QCOMPARE(layer->count(), 2);
    QCOMPARE(layer->itemData(1).toString(), QStringLiteral("point"));
    layer->setCurrentIndex(1);
    QCOMPARE(value(*doc, "/cta/layer"), Json("point"));

    auto *text = qobject_cast<QLineEdit *>(page.ctaForm()->fieldWidget(QStringLiteral("text")));
    auto *target = qobject_cast<QLineEdit *>(page.ctaForm()->fieldWidget(QStringLiteral("target")));
    QVERIFY(text);
    QVERIFY(target);
    typeInto(text, QStringLiteral("Try it today"));
    typeInto(target, QStringLiteral("ftp://example.com"));
    QCOMPARE(value(*doc, "/cta/text"), Json("Try it today"));
    QVERIFY(validate(doc.get()));
    QTRY_VERIFY(FieldBinder::isMarked(target));
    QVERIFY(!FieldBinder::isMarked(text));
    screenshot(page, QStringLiteral("captions-cta-invalid.png"));

    typeInto(target, QStringLiteral("https://example.com/try"));
    QVERIFY(validate(doc.get()));
    QTRY_VERIFY(!FieldBinder::isMarked(target));
    screenshot(page, QStringLiteral("captions.png"));

    // Unchecking removes the section; undo brings it back, checked.
    page.ctaGroup()->setChecked(false);
    QVERIFY(!doc->has(QStringLiteral("/cta")));
    undo->undo();
    QVERIFY(page.ctaGroup()->isChecked());
    QCOMPARE(value(*doc, "/cta/target"), Json("https://example.com/try"));
    QCOMPARE(target->text(), QStringLiteral("https://example.com/try"));
}

void TestSpecForms::captionLinesList()
{
    auto doc = open(kExplainer);
    CaptionsPage page(doc.get());
    showPage(page);
    auto *source = qobject_cast<QComboBox *>(page.captionsForm()->fieldWidget(QStringLiteral("source")));
    QVERIFY(source);
    source->setCurrentIndex(source->findData(QStringLiteral("lines")));
    QCOMPARE(value(*doc, "/captions/source"), Json("lines"));

    auto *lines = qobject_cast<SchemaArrayEditor *>(page.captionsForm()->fieldWidget(QStringLiteral("lines")));
    QVERIFY(lines);
    QCOMPARE(lines->list()->count(), 0);
    QTest::mouseClick(lines->addButton(), Qt::LeftButton);
    QCOMPARE(lines->list()->count(), 1);
    QCOMPARE(value(*doc, "/captions/lines/0/scene"), Json("intro"));
    QVERIFY(lines->elementForm());
    auto *text = qobject_cast<QLineEdit *>(lines->elementForm()->fieldWidget(QStringLiteral("text")));
    QVERIFY(text);
    typeInto(text, QStringLiteral("Meet the desk"));
    QCOMPARE(value(*doc, "/captions/lines/0/text"), Json("Meet the desk"));
    QCOMPARE(lines->list()->item(0)->text(), QStringLiteral("1. Meet the desk"));
    auto *scene = qobject_cast<QComboBox *>(lines->elementForm()->fieldWidget(QStringLiteral("scene")));
    QVERIFY(scene);
    scene->setCurrentIndex(scene->findData(QStringLiteral("spec")));
    QCOMPARE(value(*doc, "/captions/lines/0/scene"), Json("spec"));
    screenshot(page, QStringLiteral("captions-lines.png"));

    QTest::mouseClick(lines->removeButton(), Qt::LeftButton);
    QCOMPARE(lines->list()->count(), 0);
    doc->undoStack()->undo();
    QCOMPARE(lines->list()->count(), 1);
    QCOMPARE(value(*doc, "/captions/lines/0/text"), Json("Meet the desk"));
}

void TestSpecForms::pronunciationsTable()
{
    auto doc = open(kExplainer);
    PronunciationsPage page(doc.get());
    routeFindings(doc.get(), &page);
    showPage(page, QSize(760, 420));
    QTableWidget *table = page.table();
    QUndoStack *undo = doc->undoStack();
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, PronunciationsPage::WordColumn)->text(), QStringLiteral("Greenlight"));
    QCOMPARE(table->item(0, PronunciationsPage::SpokenColumn)->text(), QStringLiteral("Green light"));

    // Edit a cell as a user does: select it, type over it, press Enter. One undo step.
    table->setFocus();
    table->setCurrentCell(0, PronunciationsPage::SpokenColumn);
    QTest::keyClick(table, Qt::Key_F2);
    auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("Green lite"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(value(*doc, "/pronunciations/0/spoken"), Json("Green lite")); // the delegate commits later
    QCOMPARE(undo->count(), 1);
    undo->undo();
    QCOMPARE(table->item(0, PronunciationsPage::SpokenColumn)->text(), QStringLiteral("Green light"));

    // A new row starts empty: its empty cells are marked until filled in.
    QTest::mouseClick(page.addButton(), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 2);
    QVERIFY(validate(doc.get()));
    QTRY_VERIFY(page.isCellMarked(1, PronunciationsPage::WordColumn));
    QVERIFY(!page.cellMessage(1, PronunciationsPage::WordColumn).isEmpty());
    QVERIFY(!page.isCellMarked(0, PronunciationsPage::WordColumn));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape); // leave the new row's editor
    table->clearSelection();
    screenshot(page, QStringLiteral("pronunciations-invalid.png"));

    table->item(1, PronunciationsPage::WordColumn)->setText(QStringLiteral("Kokoro"));
    table->item(1, PronunciationsPage::SpokenColumn)->setText(QStringLiteral("Ko ko ro"));
    auto *alphabet = qobject_cast<QComboBox *>(table->cellWidget(1, PronunciationsPage::AlphabetColumn));
    QVERIFY(alphabet);
    alphabet->setCurrentIndex(alphabet->findData(QStringLiteral("ipa")));
    QCOMPARE(value(*doc, "/pronunciations/1"),
             Json::parse(R"({"word": "Kokoro", "spoken": "Ko ko ro", "alphabet": "ipa"})"));
    QVERIFY(validate(doc.get()));
    QTRY_VERIFY(!page.isCellMarked(1, PronunciationsPage::WordColumn));
    screenshot(page, QStringLiteral("pronunciations.png"));

    // Emptying an optional cell removes the field; Remove removes the selected row.
    table->item(1, PronunciationsPage::SpokenColumn)->setText(QString());
    QVERIFY(!doc->has(QStringLiteral("/pronunciations/1/spoken")));
    table->selectRow(1);
    QTest::mouseClick(page.removeButton(), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
    undo->undo();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, PronunciationsPage::WordColumn)->text(), QStringLiteral("Kokoro"));
}

QTEST_MAIN(TestSpecForms)
#include "tst_specforms.moc"
