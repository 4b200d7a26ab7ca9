// The spec document behind the editor: edits by JSON pointer as undo steps (typing merges),
// variants edited as overrides with reset to the base, validation as you type, atomic save
// that reloads to the same JSON, and crash recovery copies.
#include "testsupport.h"

#include "spec/specdocument.h"

#include "common/jsonpointer.h"
#include "spec/specvalidator.h"
#include "spec/variantresolver.h"

#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kValidation_ms = 20000;
const QString kExplainer = QStringLiteral("specs/feature-explainer.greenlight.json");

bool hasFindingAt(const Findings &findings, const QString &pointer, const QString &variant = {})
{
    return std::any_of(findings.begin(), findings.end(),
                       [&](const Finding &f) { return f.pointer == pointer && f.variant == variant; });
}

} // namespace

class TestSpecDocument : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void typingMergesIntoOneUndoStep();
    void structuralEditsUndo();
    void variantEditsBecomeOverrides();
    void diffOverridesRoundTrips_data();
    void diffOverridesRoundTrips();
    void findingAppearsAndDisappears();
    void saveReloadsIdenticalJson();
    void saveFailureKeepsEdits();
    void recoveryCopyHoldsUnsavedEdits();
    void variantIdsAreChecked();

private:
    std::shared_ptr<const SpecValidator> m_validator = std::make_shared<const SpecValidator>();
    QTemporaryDir m_tmp;
    QString m_project;
    std::unique_ptr<SpecDocument> open();
};

void TestSpecDocument::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_tmp.isValid());
}

void TestSpecDocument::init()
{
    m_project = m_tmp.filePath(QString::fromLatin1(QTest::currentTestFunction()));
    QDir(m_project).removeRecursively();
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), m_project));
}

std::unique_ptr<SpecDocument> TestSpecDocument::open()
{
    auto doc = std::make_unique<SpecDocument>(m_validator, m_project);
    const Status s = doc->load(QDir(m_project).filePath(kExplainer));
    if (!s)
        qWarning("%s", qPrintable(s.error().toString()));
    return doc;
}

void TestSpecDocument::typingMergesIntoOneUndoStep()
{
    auto doc = open();
    const Json original = doc->document();
    QSignalSpy changed(doc.get(), &SpecDocument::changed);
    // Three keystrokes in the title field: one undo step.
    QVERIFY(doc->setValue(QStringLiteral("/title"), "A", {}, QStringLiteral("/title")));
    QVERIFY(doc->setValue(QStringLiteral("/title"), "AB", {}, QStringLiteral("/title")));
    QVERIFY(doc->setValue(QStringLiteral("/title"), "ABC", {}, QStringLiteral("/title")));
    QCOMPARE(doc->undoStack()->count(), 1);
    QCOMPARE(changed.count(), 3);
    QCOMPARE(changed.last().first().toString(), QStringLiteral("/title"));
    QVERIFY(doc->isModified());
    // A different field is a new step.
    QVERIFY(doc->setValue(QStringLiteral("/canvas/width"), 1920, {}, QStringLiteral("/canvas/width")));
    QCOMPARE(doc->undoStack()->count(), 2);
    // Setting the same value again is no step at all.
    QVERIFY(!doc->setValue(QStringLiteral("/canvas/width"), 1920));
    QCOMPARE(doc->undoStack()->count(), 2);

    doc->undoStack()->undo();
    QCOMPARE(doc->value(QStringLiteral("/canvas/width")), Json(1280));
    QCOMPARE(doc->value(QStringLiteral("/title")), Json("ABC"));
    doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
    QVERIFY(!doc->isModified());
    doc->undoStack()->redo();
    QCOMPARE(doc->value(QStringLiteral("/title")), Json("ABC"));
}

void TestSpecDocument::structuralEditsUndo()
{
    auto doc = open();
    const Json original = doc->document();
    const size_t scenes = doc->value(QStringLiteral("/scenes")).size();
    Json scene = doc->value(QStringLiteral("/scenes/0"));
    scene["id"] = "intro-2";
    QVERIFY(doc->insertValue(QStringLiteral("/scenes"), 1, scene));
    QCOMPARE(doc->value(QStringLiteral("/scenes")).size(), scenes + 1);
    QCOMPARE(doc->value(QStringLiteral("/scenes/1/id")), Json("intro-2"));
    QVERIFY(doc->moveElement(QStringLiteral("/scenes"), 1, 0));
    QCOMPARE(doc->value(QStringLiteral("/scenes/0/id")), Json("intro-2"));
    QVERIFY(doc->removeValue(QStringLiteral("/scenes/0")));
    QCOMPARE(doc->value(QStringLiteral("/scenes/0/id")), Json("intro"));
    // A macro undoes as one step.
    doc->beginMacro(QStringLiteral("Two edits"));
    QVERIFY(doc->setValue(QStringLiteral("/scenes/0/durationFrames"), 100));
    QVERIFY(doc->setValue(QStringLiteral("/durationFrames"), 520));
    doc->endMacro();
    QCOMPARE(doc->undoStack()->count(), 4);
    // Missing parents and malformed pointers are refused without throwing.
    QVERIFY(!doc->setValue(QStringLiteral("/nope/deeper"), 1));
    QVERIFY(!doc->setValue(QStringLiteral("scenes"), 1));
    QVERIFY(!doc->removeValue(QStringLiteral("/scenes/99")));
    QVERIFY(!doc->moveElement(QStringLiteral("/scenes"), 0, 99));
    while (doc->undoStack()->canUndo())
        doc->undoStack()->undo();
    QCOMPARE(doc->document(), original);
}

void TestSpecDocument::variantEditsBecomeOverrides()
{
    auto doc = open();
    const Json baseBefore = [&] { Json b = doc->document(); b.erase("variants"); return b; }();
    QCOMPARE(doc->variantIds(), QStringList{QStringLiteral("light")});
    QSignalSpy variantChanged(doc.get(), &SpecDocument::editingVariantChanged);
    doc->setEditingVariant(QStringLiteral("light"));
    QCOMPARE(variantChanged.count(), 1);
    // The view is the resolved variant: its overridden background shows.
    const QString bg = QStringLiteral("/scenes/1/background/color");
    QCOMPARE(doc->value(bg), Json("#2E4A6B"));
    QVERIFY(doc->isOverridden(QStringLiteral("/scenes/1/background")));
    QVERIFY(!doc->isOverridden(QStringLiteral("/scenes/0/durationFrames")));

    // An edit on the variant is stored as an override; the base stays as it was.
    QVERIFY(doc->setValue(QStringLiteral("/title"), "Light title"));
    Json base = doc->document();
    base.erase("variants");
    QCOMPARE(base, baseBefore);
    const Json overrides = doc->variantOverrides(QStringLiteral("light"));
    QCOMPARE(overrides["title"], Json("Light title"));
    QVERIFY(doc->isOverridden(QStringLiteral("/title")));
    QVERIFY(doc->overriddenPointers().contains(QStringLiteral("/title")));
    // Editing the spec's id on a variant is refused (the schema keeps identity out of variants).
    QVERIFY(!doc->setValue(QStringLiteral("/id"), "other"));

    // Reset to base drops the override again.
    QVERIFY(doc->resetToBase(QStringLiteral("/title")));
    QVERIFY(!doc->variantOverrides(QStringLiteral("light")).contains("title"));
    QCOMPARE(doc->value(QStringLiteral("/title")), baseBefore["title"]);
    QVERIFY(doc->resetToBase(QStringLiteral("/scenes/1/background")));
    QCOMPARE(doc->value(bg), baseBefore["scenes"][1]["background"].value("color", Json()));

    // Undo shows the variant the edit was made on, even from the base.
    doc->setEditingVariant(QString());
    doc->undoStack()->undo();
    QCOMPARE(doc->editingVariant(), QStringLiteral("light"));
    QCOMPARE(doc->value(bg), Json("#2E4A6B"));

    // Variants are created, renamed and removed as undo steps.
    QVERIFY(doc->addVariant(QStringLiteral("square"), QStringLiteral("Square cut")));
    doc->setEditingVariant(QStringLiteral("square"));
    QVERIFY(doc->overriddenPointers().isEmpty());
    QVERIFY(doc->setValue(QStringLiteral("/canvas/width"), 720));
    QCOMPARE(doc->variantOverrides(QStringLiteral("square")), Json({{"canvas", {{"width", 720}}}}));
    QVERIFY(doc->renameVariant(QStringLiteral("square"), QStringLiteral("narrow")));
    QCOMPARE(doc->editingVariant(), QStringLiteral("narrow"));
    QVERIFY(doc->removeVariant(QStringLiteral("narrow")));
    QCOMPARE(doc->editingVariant(), QString());
    doc->undoStack()->undo();
    QCOMPARE(doc->variantIds(), (QStringList{QStringLiteral("light"), QStringLiteral("narrow")}));
}

void TestSpecDocument::diffOverridesRoundTrips_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("target");
    const QString scenes = QStringLiteral(R"({"t":"x","scenes":[{"id":"a","d":1},{"id":"b","d":2},{"id":"c","d":3}]})");
    QTest::newRow("same") << scenes << scenes;
    QTest::newRow("scalar") << scenes << QStringLiteral(R"({"t":"y","scenes":[{"id":"a","d":1},{"id":"b","d":2},{"id":"c","d":3}]})");
    QTest::newRow("removed key") << scenes << QStringLiteral(R"({"scenes":[{"id":"a","d":1},{"id":"b","d":2},{"id":"c","d":3}]})");
    QTest::newRow("element field") << scenes << QStringLiteral(R"({"t":"x","scenes":[{"id":"a","d":1},{"id":"b","d":9},{"id":"c","d":3}]})");
    QTest::newRow("element removed") << scenes << QStringLiteral(R"({"t":"x","scenes":[{"id":"a","d":1},{"id":"c","d":3}]})");
    QTest::newRow("element added") << scenes << QStringLiteral(R"({"t":"x","scenes":[{"id":"a","d":1},{"id":"b","d":2},{"id":"c","d":3},{"id":"d","d":4}]})");
    QTest::newRow("reordered") << scenes << QStringLiteral(R"({"t":"x","scenes":[{"id":"c","d":3},{"id":"a","d":1},{"id":"b","d":2}]})");
    QTest::newRow("emptied") << scenes << QStringLiteral(R"({"t":"x","scenes":[]})");
    QTest::newRow("nested") << QStringLiteral(R"({"canvas":{"w":1,"fps":{"num":30,"den":1}}})")
                            << QStringLiteral(R"({"canvas":{"w":1,"fps":{"num":25,"den":1}},"extra":[1,2]})");
}

void TestSpecDocument::diffOverridesRoundTrips()
{
    QFETCH(QString, base);
    QFETCH(QString, target);
    const Json b = Json::parse(base.toStdString());
    const Json t = Json::parse(target.toStdString());
    const Json overrides = diffOverrides(b, t);
    const Json merged = mergeOverrides(b, overrides);
    QVERIFY2(merged.dump() == t.dump(), qPrintable(QStringLiteral("overrides %1 gave %2")
                                                       .arg(toQString(overrides.dump()), toQString(merged.dump()))));
    if (b == t)
        QVERIFY(overrides.empty());
}

void TestSpecDocument::findingAppearsAndDisappears()
{
    auto doc = open();
    doc->validateNow();
    QCOMPARE(doc->blockerCount(), 0);
    QSignalSpy findings(doc.get(), &SpecDocument::findingsChanged);
    // An odd width breaks the schema; the finding names the field.
    QVERIFY(doc->setValue(QStringLiteral("/canvas/width"), 1281));
    QTRY_VERIFY_WITH_TIMEOUT(findings.count() >= 1 && !doc->isValidating(), kValidation_ms);
    QVERIFY(hasFindingAt(doc->findings(), QStringLiteral("/canvas/width")));
    QVERIFY(doc->blockerCount() > 0);
    QVERIFY(doc->setValue(QStringLiteral("/canvas/width"), 1280));
    QTRY_VERIFY_WITH_TIMEOUT(!doc->isValidating() && doc->blockerCount() == 0, kValidation_ms);

    // A finding of a variant points into the variant's view.
    doc->setEditingVariant(QStringLiteral("light"));
    QVERIFY(doc->setValue(QStringLiteral("/scenes/1/background/color"), "red"));
    QTRY_VERIFY_WITH_TIMEOUT(!doc->isValidating() && doc->blockerCount() > 0, kValidation_ms);
    QVERIFY(hasFindingAt(doc->findings(), QStringLiteral("/scenes/1/background/color"), QStringLiteral("light")));
    QVERIFY(hasFindingAt(doc->viewFindings(), QStringLiteral("/scenes/1/background/color"), QStringLiteral("light")));
    doc->setEditingVariant(QString());
    QVERIFY(doc->viewFindings().isEmpty());
}

void TestSpecDocument::saveReloadsIdenticalJson()
{
    auto doc = open();
    QVERIFY(doc->setValue(QStringLiteral("/title"), "Saved title"));
    doc->setEditingVariant(QStringLiteral("light"));
    QVERIFY(doc->setValue(QStringLiteral("/scenes/0/durationFrames"), 91));
    QVERIFY(doc->isModified());
    QSignalSpy saved(doc.get(), &SpecDocument::saved);
    QVERIFY(doc->save());
    QCOMPARE(saved.count(), 1);
    QVERIFY(!doc->isModified());
    const QString path = QDir(m_project).filePath(kExplainer);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QCOMPARE(bytes, SpecDocument::serialize(doc->document()));
    SpecDocument reloaded(m_validator, m_project);
    QVERIFY(reloaded.load(path));
    QCOMPARE(reloaded.document(), doc->document());
    // No temporary files are left beside the spec.
    QCOMPARE(QDir(m_project + QStringLiteral("/specs")).entryList(QDir::Files).size(), 2);
}

void TestSpecDocument::saveFailureKeepsEdits()
{
    auto doc = open();
    QVERIFY(doc->setValue(QStringLiteral("/title"), "Kept"));
    const QString blocked = m_project + QStringLiteral("/not-a-folder");
    QFile blocker(blocked);
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const Status s = doc->save(blocked + QStringLiteral("/spec.json"));
    QVERIFY(!s);
    QVERIFY(doc->isModified());
    QCOMPARE(doc->value(QStringLiteral("/title")), Json("Kept"));
    QCOMPARE(doc->path(), QDir(m_project).filePath(kExplainer)); // still the original file
}

void TestSpecDocument::recoveryCopyHoldsUnsavedEdits()
{
    const QString path = QDir(m_project).filePath(kExplainer);
    {
        auto doc = open();
        QVERIFY(doc->setValue(QStringLiteral("/title"), "Unsaved"));
        QVERIFY(doc->writeRecovery());
        QVERIFY(QFileInfo::exists(doc->recoveryPath()));
        // The document is destroyed without saving: a crash, as far as the file knows.
    }
    const std::optional<Json> copy = SpecDocument::readRecovery(path);
    QVERIFY(copy.has_value());
    QCOMPARE((*copy)["title"], Json("Unsaved"));
    // The spec on disk is untouched.
    Result<Json> onDisk = readJsonFile(path);
    QVERIFY(onDisk);
    QVERIFY((*onDisk)["title"] != Json("Unsaved"));
    // Saving drops the recovery copy.
    auto doc = open();
    doc->replaceDocument(*copy);
    QVERIFY(doc->save());
    QVERIFY(!SpecDocument::readRecovery(path).has_value());
    // The recovery timer writes a copy by itself once something changed.
    QVERIFY(doc->setValue(QStringLiteral("/title"), "Timer"));
    QTRY_VERIFY_WITH_TIMEOUT(SpecDocument::readRecovery(path).has_value(), 10000);
}

void TestSpecDocument::variantIdsAreChecked()
{
    auto doc = open();
    QVERIFY(!doc->addVariant(QStringLiteral("base"), {}));
    QVERIFY(!doc->addVariant(QStringLiteral("light"), {}));
    QVERIFY(!doc->addVariant(QStringLiteral("Has Spaces"), {}));
    QVERIFY(!doc->variantIdProblem(QStringLiteral("-x")).isEmpty());
    QVERIFY(doc->variantIdProblem(QStringLiteral("teaser_b")).isEmpty());
    QCOMPARE(doc->variantIds().size(), 1);
}

QTEST_MAIN(TestSpecDocument)
#include "tst_specdocument.moc"
