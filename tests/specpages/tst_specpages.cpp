// The spec editor's Scenes, Assets and Narration pages driven like a user, on a copy of the
// demo project: scene list edits and their undo, durations typed in seconds, renaming a scene
// with its references, layers and the preview, findings at the field, importing asset files,
// narration word counts. Screenshots land in test-output/specpages/ for a person to look at.
#include "testsupport.h"

#include "narration/speechestimate.h"
#include "spec/fieldbinder.h"
#include "spec/pages/assetcombo.h"
#include "spec/pages/assetspage.h"
#include "spec/pages/durationedit.h"
#include "spec/pages/layerform.h"
#include "spec/pages/layerpreview.h"
#include "spec/pages/narrationpage.h"
#include "spec/pages/sceneform.h"
#include "spec/pages/sceneedits.h"
#include "spec/pages/scenespage.h"
#include "spec/specdocument.h"
#include "spec/specvalidator.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QtTest>

using namespace greenlight;

namespace {

const QString kTeaser = QStringLiteral("specs/launch-teaser.greenlight.json");
const QString kExplainer = QStringLiteral("specs/feature-explainer.greenlight.json");

std::string s(const char *text)
{
    return std::string(text);
}

QStringList sceneIds(const SpecDocument &doc)
{
    QStringList ids;
    for (const Json &scene : doc.view()["scenes"])
        ids.append(toQString(scene["id"].get<std::string>()));
    return ids;
}

qint64 integerAt(const SpecDocument &doc, const QString &pointer)
{
    const Json v = doc.value(pointer);
    return v.is_number_integer() ? v.get<qint64>() : -1;
}

Findings findingsFor(const SpecDocument &doc, const EditorPage &page)
{
    Findings out;
    for (const Finding &f : doc.viewFindings())
        for (const QString &prefix : page.pointerPrefixes())
            if (FieldBinder::isUnder(f.pointer, prefix)) {
                out.append(f);
                break;
            }
    return out;
}

bool hasCode(const Findings &findings, const QString &code, const QString &pointer = {})
{
    for (const Finding &f : findings)
        if (f.code == code && (pointer.isEmpty() || f.pointer == pointer))
            return true;
    return false;
}

void clickButton(QWidget *page, const QString &name)
{
    auto *b = page->findChild<QAbstractButton *>(name);
    QVERIFY2(b, qPrintable(name));
    QVERIFY2(b->isEnabled(), qPrintable(name + QStringLiteral(" is disabled")));
    // Rows a page just built are shown and laid out by the event loop, as a user would see them.
    QTRY_VERIFY2(b->isVisible() && !b->size().isEmpty(), qPrintable(name + QStringLiteral(" is not shown")));
    QTest::mouseClick(b, Qt::LeftButton);
}

void typeInto(QWidget *w, const QString &text, bool commit = true)
{
    w->setFocus();
    if (auto *e = qobject_cast<QLineEdit *>(w))
        e->selectAll();
    else if (auto *b = qobject_cast<QAbstractSpinBox *>(w))
        b->selectAll();
    else if (auto *p = qobject_cast<QPlainTextEdit *>(w))
        p->selectAll();
    QTest::keyClicks(w, text);
    if (commit)
        QTest::keyClick(w, Qt::Key_Return);
}

void screenshot(QWidget &widget, const QString &name)
{
    QTest::qWait(20); // let layouts settle, as they have by the time a person looks
    const QString path = test::outputDir(QStringLiteral("specpages")) + QLatin1Char('/') + name;
    QVERIFY2(widget.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace

class TestSpecPages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void speechEstimate();
    void sceneListEditsUndoToOriginal();
    void dragReorderIsOneStep();
    void durationInSecondsAtNtscRate();
    void renameUpdatesReferences();
    void layersAndPreview();
    void findingMarksFieldAndClears();
    void addAssetFilesCopiesAndDetects();
    void bigFileImportShowsProgress();
    void removeAssetInUse();
    void narrationWordCountAndEstimate();
    void narrationAddAndRemove();
    void screenshots();

private:
    QString copyDemo();
    std::unique_ptr<SpecDocument> open(const QString &root, const QString &spec);
    void show(QWidget &page);

    std::shared_ptr<const SpecValidator> m_validator;
    QList<std::shared_ptr<QTemporaryDir>> m_dirs;
};

void TestSpecPages::initTestCase()
{
    QLocale::setDefault(QLocale::c());
    QStandardPaths::setTestModeEnabled(true);
    m_validator = std::make_shared<SpecValidator>();
}

QString TestSpecPages::copyDemo()
{
    auto dir = std::make_shared<QTemporaryDir>();
    m_dirs.append(dir);
    const QString root = dir->path() + QStringLiteral("/demo");
    if (!test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), root))
        return {};
    return QFileInfo(root).canonicalFilePath();
}

std::unique_ptr<SpecDocument> TestSpecPages::open(const QString &root, const QString &spec)
{
    auto doc = std::make_unique<SpecDocument>(m_validator, root);
    const Status loaded = doc->load(root + QLatin1Char('/') + spec);
    if (!loaded)
        qWarning("%s", qPrintable(loaded.error().toString()));
    return loaded ? std::move(doc) : nullptr;
}

void TestSpecPages::show(QWidget &page)
{
    page.resize(1240, 820);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
}

void TestSpecPages::speechEstimate()
{
    QCOMPARE(countSpokenWords(QStringLiteral("  Ship AI\tvideo\nyou can trust. ")), 6);
    QCOMPARE(countSpokenWords(QString()), 0);
    QCOMPARE(estimateSpeechSeconds(26), 10.0);
    QCOMPARE(estimateSpeechSeconds(26, 2.0), 5.0);
}

void TestSpecPages::sceneListEditsUndoToOriginal()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    const Json original = doc->document();
    ScenesPage page(doc.get());
    show(page);
    QCOMPARE(page.title(), QStringLiteral("Scenes"));
    QCOMPARE(page.sceneList()->model()->rowCount(), 5);
    QVERIFY(page.sceneList()->model()->index(0, 0).data().toString().contains(QStringLiteral("hook")));

    // Add after the selected scene: a unique id, a 3 s scene, the total follows.
    page.sceneList()->setCurrentIndex(page.sceneList()->model()->index(1, 0));
    QCOMPARE(page.currentScene(), 1);
    clickButton(&page, QStringLiteral("addScene"));
    QCOMPARE(sceneIds(*doc), (QStringList{QStringLiteral("hook"), QStringLiteral("problem"), QStringLiteral("scene-6"),
                                          QStringLiteral("product-shot"), QStringLiteral("proof"), QStringLiteral("cta")}));
    QCOMPARE(page.currentScene(), 2);
    QCOMPARE(integerAt(*doc, QStringLiteral("/scenes/2/durationFrames")), 90);
    QCOMPARE(integerAt(*doc, QStringLiteral("/durationFrames")), 480);
    QCOMPARE(page.sceneForm()->idEdit()->text(), QStringLiteral("scene-6"));

    // Duplicate the hook.
    page.sceneList()->setCurrentIndex(page.sceneList()->model()->index(0, 0));
    clickButton(&page, QStringLiteral("duplicateScene"));
    QCOMPARE(sceneIds(*doc).mid(0, 2), (QStringList{QStringLiteral("hook"), QStringLiteral("hook-2")}));
    QCOMPARE(doc->value(QStringLiteral("/scenes/1/layers")), doc->value(QStringLiteral("/scenes/0/layers")));
    QCOMPARE(integerAt(*doc, QStringLiteral("/durationFrames")), 555);

    // Delete "problem" (now row 2): its narration segment goes with it.
    page.sceneList()->setCurrentIndex(page.sceneList()->model()->index(2, 0));
    QCOMPARE(page.sceneForm()->idEdit()->text(), QStringLiteral("problem"));
    clickButton(&page, QStringLiteral("deleteScene"));
    QVERIFY(!sceneIds(*doc).contains(QStringLiteral("problem")));
    QCOMPARE(doc->value(QStringLiteral("/narration/segments")).size(), size_t(4));
    QCOMPARE(integerAt(*doc, QStringLiteral("/durationFrames")), 450);

    // Reorder with the buttons: the selection follows the scene.
    page.sceneList()->setCurrentIndex(page.sceneList()->model()->index(0, 0));
    clickButton(&page, QStringLiteral("sceneDown"));
    QCOMPARE(sceneIds(*doc).mid(0, 2), (QStringList{QStringLiteral("hook-2"), QStringLiteral("hook")}));
    QCOMPARE(page.currentScene(), 1);
    QCOMPARE(page.sceneList()->currentIndex().row(), 1);
    QCOMPARE(integerAt(*doc, QStringLiteral("/durationFrames")), 450);

    doc->validateNow();
    QVERIFY2(!hasCode(doc->viewFindings(), QStringLiteral("spec.duration.mismatch")), "the total follows the scenes");

    // Four steps; undoing them all gives the original document back, redo replays them.
    QCOMPARE(doc->undoStack()->count(), 4);
    const Json edited = doc->document();
    while (doc->undoStack()->canUndo())
        doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
    QCOMPARE(page.sceneList()->model()->rowCount(), 5);
    QCOMPARE(page.sceneForm()->idEdit()->text(), sceneIds(*doc).at(page.currentScene()));
    while (doc->undoStack()->canRedo())
        doc->undoStack()->redo();
    QCOMPARE(doc->document(), edited);
    QCOMPARE(page.sceneList()->model()->rowCount(), 6);

    // The last scene cannot be deleted.
    while (SceneEdits::sceneCount(doc.get()) > 1) {
        page.sceneList()->setCurrentIndex(page.sceneList()->model()->index(0, 0));
        clickButton(&page, QStringLiteral("deleteScene"));
    }
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("deleteScene"))->isEnabled());
}

void TestSpecPages::dragReorderIsOneStep()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    const Json original = doc->document();
    ScenesPage page(doc.get());
    show(page);
    // What QListView's InternalMove drop does: move row 0 in front of row 3.
    page.sceneList()->setCurrentIndex(page.sceneList()->model()->index(0, 0));
    QVERIFY(page.sceneList()->model()->moveRow(QModelIndex(), 0, QModelIndex(), 3));
    QCOMPARE(sceneIds(*doc), (QStringList{QStringLiteral("problem"), QStringLiteral("product-shot"), QStringLiteral("hook"),
                                          QStringLiteral("proof"), QStringLiteral("cta")}));
    QCOMPARE(page.currentScene(), 2);
    QCOMPARE(page.sceneForm()->idEdit()->text(), QStringLiteral("hook"));
    QCOMPARE(doc->undoStack()->count(), 1);
    doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
    QVERIFY(page.sceneList()->dragEnabled());
    QCOMPARE(page.sceneList()->dragDropMode(), QAbstractItemView::InternalMove);
}

void TestSpecPages::durationInSecondsAtNtscRate()
{
    const QString root = copyDemo();
    auto doc = open(root, kExplainer);
    QVERIFY(doc);
    QCOMPARE(doc->value(QStringLiteral("/canvas/fps/den")).get<int>(), 1001);
    ScenesPage page(doc.get());
    show(page);
    DurationEdit *duration = page.sceneForm()->durationEdit();
    QCOMPARE(duration->frames(), 90);
    QCOMPARE(duration->hintLabel()->text(), QStringLiteral("= 3.00 s"));

    duration->unitBox()->setCurrentIndex(1); // seconds
    QVERIFY(duration->secondsBox()->isVisible());
    QCOMPARE(duration->hintLabel()->text(), QStringLiteral("= 90 frames"));
    // While typing, the hint says what the seconds round to: 4 s × 30000/1001 = 119.88 -> 120.
    typeInto(duration->secondsBox(), QStringLiteral("4"), false);
    QCOMPARE(duration->hintLabel()->text(), QStringLiteral("= 120 frames"));
    QCOMPARE(integerAt(*doc, QStringLiteral("/scenes/0/durationFrames")), 90); // not yet committed
    QTest::keyClick(duration->secondsBox(), Qt::Key_Return);
    QCOMPARE(integerAt(*doc, QStringLiteral("/scenes/0/durationFrames")), 120);
    QCOMPARE(integerAt(*doc, QStringLiteral("/durationFrames")), 540); // followed the scenes
    QCOMPARE(doc->undoStack()->count(), 1);

    // 2.5 s = 74.925 frames -> 75.
    typeInto(duration->secondsBox(), QStringLiteral("2.5"));
    QCOMPARE(integerAt(*doc, QStringLiteral("/scenes/0/durationFrames")), 75);
    QCOMPARE(integerAt(*doc, QStringLiteral("/durationFrames")), 495);
    QVERIFY(page.sceneList()->model()->index(0, 0).data().toString().contains(QStringLiteral("75 f")));

    // Frames again.
    duration->unitBox()->setCurrentIndex(0);
    typeInto(duration->framesBox(), QStringLiteral("100"));
    QCOMPARE(integerAt(*doc, QStringLiteral("/scenes/0/durationFrames")), 100);
    QCOMPARE(duration->hintLabel()->text(), QStringLiteral("= 3.34 s"));
    doc->undoStack()->undo();
    QCOMPARE(duration->frames(), 75);
}

void TestSpecPages::renameUpdatesReferences()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    const Json original = doc->document();
    ScenesPage page(doc.get());
    show(page);
    page.setCurrentScene(4); // "cta": bound by a narration segment, the CTA and a variant
    QLineEdit *id = page.sceneForm()->idEdit();
    QVERIFY(id->toolTip().contains(QStringLiteral("narration")));
    typeInto(id, QStringLiteral("call-to-action"));
    QCOMPARE(doc->value(QStringLiteral("/scenes/4/id")), Json(s("call-to-action")));
    QCOMPARE(doc->value(QStringLiteral("/narration/segments/4/scene")), Json(s("call-to-action")));
    QCOMPARE(doc->value(QStringLiteral("/cta/scene")), Json(s("call-to-action")));
    const Json &variants = doc->document()["variants"];
    QCOMPARE(variants[0]["overrides"]["scenes"][4]["id"], Json(s("call-to-action")));
    QCOMPARE(variants[1]["overrides"]["scenes"][1]["id"], Json(s("call-to-action")));
    QCOMPARE(doc->undoStack()->count(), 1);
    doc->validateNow();
    QVERIFY(!hasCode(doc->findings(), QStringLiteral("spec.binding.scene")));
    QVERIFY(!hasCode(doc->findings(), QStringLiteral("spec.schema.required")));

    // A taken or malformed id is refused with a message, nothing changes.
    typeInto(id, QStringLiteral("hook"));
    QCOMPARE(doc->undoStack()->count(), 1);
    QCOMPARE(id->text(), QStringLiteral("call-to-action"));
    auto *message = page.findChild<QLabel *>(QStringLiteral("sceneIdMessage"));
    QVERIFY(message->isVisibleTo(&page));
    QVERIFY(message->text().contains(QStringLiteral("hook")));

    doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
    QCOMPARE(id->text(), QStringLiteral("cta"));

    // On a variant the id is read-only (variants match scenes by id).
    doc->setEditingVariant(QStringLiteral("square"));
    QVERIFY(id->isReadOnly());
}

void TestSpecPages::layersAndPreview()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    const Json original = doc->document();
    ScenesPage page(doc.get());
    show(page);
    page.setCurrentScene(2); // product-shot: an image and a text layer
    QCOMPARE(page.layerList()->model()->rowCount(), 2);
    QCOMPARE(page.currentLayer(), 0);
    LayerPreview *preview = page.preview();
    QCOMPARE(preview->selectedLayer(), 0);
    // The canvas keeps the spec's 720×1280 aspect ratio.
    const QRectF canvas = preview->canvasRect();
    QVERIFY(qAbs(canvas.width() / canvas.height() - 720.0 / 1280.0) < 0.01);

    // Clicking the caption's box selects the caption layer.
    const QRectF caption = preview->layerRect(1);
    QVERIFY(!caption.isEmpty());
    QTest::mouseClick(preview, Qt::LeftButton, {}, caption.center().toPoint());
    QCOMPARE(page.currentLayer(), 1);
    QCOMPARE(page.layerList()->currentIndex().row(), 1);
    QCOMPARE(page.layerForm()->contentEdit()->toPlainText(), QStringLiteral("Every frame checked"));

    // Typing the text is one step; the box fields write canvas pixels.
    typeInto(page.layerForm()->contentEdit(), QStringLiteral("Every frame, checked twice"), false);
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/layers/1/content")), Json(s("Every frame, checked twice")));
    typeInto(page.layerForm()->boxField(1), QStringLiteral("800"));
    QCOMPARE(integerAt(*doc, QStringLiteral("/scenes/2/layers/1/box/y")), 800);
    QVERIFY(preview->layerRect(1).top() > caption.top());

    // Add a text layer and an image layer, reorder, delete.
    clickButton(&page, QStringLiteral("addTextLayer"));
    QCOMPARE(page.currentLayer(), 2);
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/layers/2/type")), Json(s("text")));
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/layers/2/id")), Json(s("text")));
    clickButton(&page, QStringLiteral("addImageLayer"));
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/layers/3/asset")), Json(s("logo")));
    QCOMPARE(page.layerForm()->assetBox()->currentData().toString(), QStringLiteral("logo"));
    page.layerForm()->assetBox()->setCurrentIndex(page.layerForm()->assetBox()->findData(QStringLiteral("product")));
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/layers/3/asset")), Json(s("product")));
    clickButton(&page, QStringLiteral("layerUp"));
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/layers/2/type")), Json(s("image")));
    QCOMPARE(page.currentLayer(), 2);
    clickButton(&page, QStringLiteral("deleteLayer"));
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/layers")).size(), size_t(3));

    // Background: colour -> gradient keeps the colour as its start; -> an image asset.
    QComboBox *background = page.sceneForm()->backgroundTypeBox();
    background->setCurrentIndex(background->findData(QStringLiteral("gradient")));
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/background")),
             (Json{{"type", "gradient"}, {"from", "#10151C"}, {"to", "#2FBF71"}, {"direction", "vertical"}}));
    QVERIFY(page.findChild<QWidget *>(QStringLiteral("gradientTo"))->isVisibleTo(&page));
    QVERIFY(!page.findChild<QWidget *>(QStringLiteral("backgroundColor"))->isVisibleTo(&page));
    typeInto(page.findChild<QWidget *>(QStringLiteral("gradientTo"))->findChild<QLineEdit *>(), QStringLiteral("#FF0000"), false);
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/background/to")), Json(s("#FF0000")));
    background->setCurrentIndex(background->findData(QStringLiteral("asset")));
    QCOMPARE(doc->value(QStringLiteral("/scenes/2/background")), (Json{{"type", "asset"}, {"asset", "logo"}, {"fit", "cover"}}));
    screenshot(page, QStringLiteral("scenes-asset-background.png"));

    while (doc->undoStack()->canUndo())
        doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
    QCOMPARE(page.layerList()->model()->rowCount(), 2);
    QCOMPARE(background->currentData().toString(), QStringLiteral("color"));
}

void TestSpecPages::findingMarksFieldAndClears()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    ScenesPage page(doc.get());
    show(page);
    // The hook lasts 75 frames; a layer ending at frame 500 reaches outside it.
    QSpinBox *end = page.layerForm()->endFrameBox();
    QCOMPARE(end->text(), QStringLiteral("to the end"));
    typeInto(end, QStringLiteral("500"));
    QCOMPARE(integerAt(*doc, QStringLiteral("/scenes/0/layers/0/endFrame")), 500);
    doc->validateNow();
    Findings findings = findingsFor(*doc, page);
    QVERIFY(hasCode(findings, QStringLiteral("spec.timing.out-of-scene"), QStringLiteral("/scenes/0/layers/0/endFrame")));
    page.showFindings(findings);
    QVERIFY(FieldBinder::isMarked(end));
    QVERIFY(end->toolTip().contains(QStringLiteral("frame 500")));
    QVERIFY(!FieldBinder::isMarked(page.layerForm()->contentEdit()));
    QVERIFY(!page.sceneList()->model()->index(0, 0).data(Qt::DecorationRole).isNull());
    QVERIFY(page.sceneList()->model()->index(1, 0).data(Qt::DecorationRole).isNull());

    // The editor's "go to field" lands on it from another scene.
    page.setCurrentScene(3);
    QVERIFY(page.focusPointer(QStringLiteral("/scenes/0/layers/0/endFrame")));
    QCOMPARE(page.currentScene(), 0);
    QCOMPARE(page.focusWidget(), end);

    // Fixed: the mark goes.
    typeInto(end, QStringLiteral("60"));
    doc->validateNow();
    findings = findingsFor(*doc, page);
    QVERIFY(!hasCode(findings, QStringLiteral("spec.timing.out-of-scene")));
    page.showFindings(findings);
    QVERIFY(!FieldBinder::isMarked(end));

    // A scene shorter than its transition: the transition field is marked.
    page.setCurrentScene(1);
    page.sceneForm()->transitionBox()->setCurrentIndex(2); // fade
    auto *frames = page.findChild<QSpinBox *>(QStringLiteral("transitionFrames"));
    QVERIFY(frames->isEnabled());
    typeInto(frames, QStringLiteral("200"));
    doc->validateNow();
    page.showFindings(findingsFor(*doc, page));
    QVERIFY(FieldBinder::isMarked(frames));
    screenshot(page, QStringLiteral("scenes-finding.png"));
}

void TestSpecPages::addAssetFilesCopiesAndDetects()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    const Json original = doc->document();
    AssetsPage page(doc.get());
    show(page);
    QCOMPARE(page.table()->rowCount(), 2);
    QCOMPARE(page.table()->item(0, AssetsPage::StatusColumn)->text(), QStringLiteral("exists"));

    QTemporaryDir picked;
    QVERIFY(picked.isValid());
    QDir(picked.path()).mkpath(QStringLiteral("other"));
    const QString first = picked.filePath(QStringLiteral("Brand Mark.png"));
    const QString clash = picked.filePath(QStringLiteral("other/Brand Mark.png")); // same name, other pixels
    const QString notes = picked.filePath(QStringLiteral("notes.txt"));
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(QColor(0x2F, 0xBF, 0x71));
    QVERIFY(image.save(first));
    image.fill(QColor(0x1B, 0x24, 0x30));
    QVERIFY(image.save(clash));
    {
        QFile f(notes);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not media\n");
    }

    QSignalSpy finished(&page, &AssetsPage::importFinished);
    page.addFiles({first});
    QVERIFY(page.isImporting());
    QVERIFY(finished.wait(30000));
    QVERIFY(!page.isImporting());
    QCOMPARE(finished.takeFirst().at(0).toStringList(), QStringList{QStringLiteral("brand-mark")});
    QVERIFY(QFileInfo(root + QStringLiteral("/assets/Brand Mark.png")).isFile());
    QCOMPARE(doc->value(QStringLiteral("/assets/2")),
             (Json{{"id", "brand-mark"}, {"kind", "image"}, {"path", "assets/Brand Mark.png"}}));
    QCOMPARE(page.table()->rowCount(), 3);
    QCOMPARE(page.table()->item(2, AssetsPage::StatusColumn)->text(), QStringLiteral("exists"));
    QCOMPARE(doc->undoStack()->count(), 1);

    // Several files are one step: a same-named different file gets the next name, the same
    // file again is reused (not listed twice), a file that is not media is refused.
    page.addFiles({clash, first, notes});
    QVERIFY(finished.wait(30000));
    const QList<QVariant> result = finished.takeFirst();
    QCOMPARE(result.at(0).toStringList(), QStringList{QStringLiteral("brand-mark-2")});
    QCOMPARE(result.at(1).toStringList().size(), 1);
    QVERIFY(result.at(1).toStringList().first().startsWith(QStringLiteral("notes.txt")));
    QCOMPARE(doc->value(QStringLiteral("/assets/3/path")), Json(s("assets/Brand Mark-2.png")));
    QCOMPARE(QImage(root + QStringLiteral("/assets/Brand Mark.png")).pixelColor(0, 0), QColor(0x2F, 0xBF, 0x71));
    QCOMPARE(QImage(root + QStringLiteral("/assets/Brand Mark-2.png")).pixelColor(0, 0), QColor(0x1B, 0x24, 0x30));
    QVERIFY(page.statusLabel()->text().contains(QStringLiteral("already listed as \"brand-mark\"")));
    QCOMPARE(QDir(root + QStringLiteral("/assets")).entryList(QDir::Files | QDir::Hidden).size(), 4); // no leftovers
    QCOMPARE(doc->undoStack()->count(), 2);

    // A file listed but gone shows as missing.
    QVERIFY(QFile::remove(root + QStringLiteral("/assets/Brand Mark-2.png")));
    doc->validateNow();
    page.showFindings(findingsFor(*doc, page));
    QVERIFY(page.table()->item(3, AssetsPage::StatusColumn)->text().startsWith(QStringLiteral("missing")));
    screenshot(page, QStringLiteral("assets.png"));

    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
    QCOMPARE(page.table()->rowCount(), 2);
}

void TestSpecPages::bigFileImportShowsProgress()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    AssetsPage page(doc.get());
    show(page);
    // 12 MB of silence as 16-bit mono WAV at 48 kHz.
    QTemporaryDir picked;
    const QString wav = picked.filePath(QStringLiteral("Voice Over.wav"));
    {
        const quint32 dataBytes = 12u << 20;
        QByteArray header;
        QDataStream out(&header, QIODevice::WriteOnly);
        out.setByteOrder(QDataStream::LittleEndian);
        out.writeRawData("RIFF", 4);
        out << quint32(36 + dataBytes);
        out.writeRawData("WAVEfmt ", 8);
        out << quint32(16) << quint16(1) << quint16(1) << quint32(48000) << quint32(96000) << quint16(2) << quint16(16);
        out.writeRawData("data", 4);
        out << dataBytes;
        QFile f(wav);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(header);
        QVERIFY(f.resize(header.size() + dataBytes));
    }
    QSignalSpy finished(&page, &AssetsPage::importFinished);
    page.addFiles({wav});
    QVERIFY(page.progressBar()->isVisible()); // shown at once, the copy runs on a worker thread
    QVERIFY(!page.findChild<QPushButton *>(QStringLiteral("addAssetFiles"))->isEnabled());
    QVERIFY(page.findChild<QPushButton *>(QStringLiteral("cancelAssetImport"))->isVisible());
    QVERIFY(page.statusLabel()->text().startsWith(QStringLiteral("Copying Voice Over.wav")));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toStringList(), QStringList{QStringLiteral("voice-over")});
    QVERIFY(!page.progressBar()->isVisible());
    QCOMPARE(page.progressBar()->value(), page.progressBar()->maximum());
    QCOMPARE(doc->value(QStringLiteral("/assets/2/kind")), Json(s("audio")));
    QCOMPARE(QFileInfo(root + QStringLiteral("/assets/Voice Over.wav")).size(), QFileInfo(wav).size());
}

void TestSpecPages::removeAssetInUse()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    AssetsPage page(doc.get());
    show(page);
    QCOMPARE(page.usesOf(QStringLiteral("logo")), QStringList{QStringLiteral("layer \"logo\" of scene \"cta\"")});
    // Asked first; answering No keeps it.
    QTimer::singleShot(0, this, [] {
        if (QWidget *box = QApplication::activeModalWidget())
            QTest::keyClick(box, Qt::Key_Escape);
    });
    page.table()->selectRow(0);
    clickButton(&page, QStringLiteral("removeAssets"));
    QCOMPARE(page.table()->rowCount(), 2);
    QVERIFY(page.removeRows({0}, false));
    QCOMPARE(page.table()->rowCount(), 1);
    QVERIFY(QFileInfo(root + QStringLiteral("/assets/logo.png")).isFile()); // the file stays
    doc->undoStack()->undo();
    QCOMPARE(page.table()->rowCount(), 2);
}

void TestSpecPages::narrationWordCountAndEstimate()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    const Json original = doc->document();
    NarrationPage page(doc.get());
    show(page);
    QLabel *hook = page.estimateLabel(QStringLiteral("hook"));
    QVERIFY(hook);
    // "Ship AI video you can trust." : 6 words / 2.6 per second = 2.3 s, the hook lasts 2.5 s.
    QCOMPARE(hook->text(), QStringLiteral("6 words · about 2.3 s spoken of the scene's 2.5 s"));
    QVERIFY(!page.isOverrunning(QStringLiteral("hook")));
    QCOMPARE(page.findChild<QLineEdit *>(QStringLiteral("narrationVoice"))->text(), QStringLiteral("en-us"));

    // Typing updates the count as you go; too many words for the scene are flagged.
    QPlainTextEdit *text = page.segmentEdit(0);
    QVERIFY(text);
    typeInto(text, QStringLiteral("Ship AI video you can trust, every frame of it, checked and signed"), false);
    QCOMPARE(doc->value(QStringLiteral("/narration/segments/0/text")),
             Json(s("Ship AI video you can trust, every frame of it, checked and signed")));
    QVERIFY(hook->text().startsWith(QStringLiteral("13 words · about 5.0 s spoken of the scene's 2.5 s")));
    QVERIFY(hook->text().contains(QStringLiteral("too long")));
    QVERIFY(page.isOverrunning(QStringLiteral("hook")));
    QCOMPARE(page.segmentEdit(0), text); // typing does not rebuild the form
    doc->validateNow();
    page.showFindings(findingsFor(*doc, page));
    QVERIFY(FieldBinder::isMarked(text)); // spec.narration.too-long, a warning
    QCOMPARE(FieldBinder::markSeverity(text), QStringLiteral("warning"));
    screenshot(page, QStringLiteral("narration-overrun.png"));

    // Speed 2.5× shortens the estimate to 13 / (2.6 × 2.5) = 2.0 s.
    typeInto(page.findChild<QDoubleSpinBox *>(QStringLiteral("narrationSpeed")), QStringLiteral("2.5"));
    QCOMPARE(doc->value(QStringLiteral("/narration/speed")), Json(2.5));
    QVERIFY(hook->text().startsWith(QStringLiteral("13 words · about 2.0 s")));
    QVERIFY(!page.isOverrunning(QStringLiteral("hook")));

    while (doc->undoStack()->canUndo())
        doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
    QCOMPARE(text->toPlainText(), QStringLiteral("Ship AI video you can trust."));
}

void TestSpecPages::narrationAddAndRemove()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    const Json original = doc->document();
    NarrationPage page(doc.get());
    show(page);
    clickButton(&page, QStringLiteral("removeNarration"));
    QVERIFY(!doc->has(QStringLiteral("/narration")));
    auto *add = page.findChild<QPushButton *>(QStringLiteral("addNarration"));
    QVERIFY(add->isVisible());
    screenshot(page, QStringLiteral("narration-empty.png"));

    clickButton(&page, QStringLiteral("addNarration"));
    QCOMPARE(doc->value(QStringLiteral("/narration")),
             (Json{{"voice", "en-us"},
                   {"segments", Json::array({{{"id", "n-hook"}, {"scene", "hook"}, {"text", "Ship AI video you can trust"}}})}}));
    QVERIFY(!add->isVisible());
    QVERIFY(page.estimateLabel(QStringLiteral("problem"))->text().startsWith(QStringLiteral("No narration")));

    // A segment for a scene without one, placed in scene order.
    clickButton(&page, QStringLiteral("addSegment-proof"));
    clickButton(&page, QStringLiteral("addSegment-problem"));
    const Json segments = doc->value(QStringLiteral("/narration/segments"));
    QCOMPARE(segments.size(), size_t(3));
    QCOMPARE(segments[1]["scene"], Json(s("problem")));
    QCOMPARE(segments[1]["id"], Json(s("n-problem")));
    QCOMPARE(segments[1]["text"], Json(s("Generating is easy. Knowing what shipped is hard.")));
    QCOMPARE(segments[2]["scene"], Json(s("proof")));
    QVERIFY(page.estimateLabel(QStringLiteral("problem"))->text().startsWith(QStringLiteral("8 words")));
    QCOMPARE(doc->undoStack()->count(), 4);
    screenshot(page, QStringLiteral("narration-added.png"));

    clickButton(&page, QStringLiteral("removeSegment-1"));
    QCOMPARE(doc->value(QStringLiteral("/narration/segments")).size(), size_t(2));
    while (doc->undoStack()->canUndo())
        doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
    QVERIFY(page.segmentEdit(4));
}

void TestSpecPages::screenshots()
{
    const QString root = copyDemo();
    auto doc = open(root, kTeaser);
    QVERIFY(doc);
    doc->validateNow();
    ScenesPage scenes(doc.get());
    show(scenes);
    scenes.showFindings(findingsFor(*doc, scenes));
    scenes.setCurrentScene(2);
    scenes.setCurrentLayer(1);
    screenshot(scenes, QStringLiteral("scenes.png"));
    scenes.setCurrentScene(4);
    screenshot(scenes, QStringLiteral("scenes-cta.png"));

    auto explainer = open(root, kExplainer);
    QVERIFY(explainer);
    ScenesPage landscape(explainer.get());
    show(landscape);
    landscape.sceneForm()->durationEdit()->unitBox()->setCurrentIndex(1);
    screenshot(landscape, QStringLiteral("scenes-landscape-seconds.png"));

    AssetsPage assets(doc.get());
    show(assets);
    assets.showFindings(findingsFor(*doc, assets));
    screenshot(assets, QStringLiteral("assets-demo.png"));

    NarrationPage narration(doc.get());
    show(narration);
    narration.showFindings(findingsFor(*doc, narration));
    screenshot(narration, QStringLiteral("narration.png"));
}

QTEST_MAIN(TestSpecPages)
#include "tst_specpages.moc"
