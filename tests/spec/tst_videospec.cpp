// The VideoSpec model: exact round trip, variant resolution, JSON error locations.
#include "testsupport.h"

#include "common/jsonio.h"
#include "spec/project.h"
#include "spec/variantresolver.h"
#include "spec/videospec.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestVideoSpec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void saveIsAtomicAndReloadsIdentical();
    void variantMergesById();
    void variantRemovesAndNulls();
    void variantUnknown();
    void overriddenFieldsNameElementsById();
    void parseErrorHasLineAndColumn();
    void shapeErrorNamesPointer();
    void projectOpensFromSpecFile();
};

// Compares JSON values ignoring object key order.
static bool sameJson(const Json &a, const Json &b)
{
    return nlohmann::json::parse(a.dump()) == nlohmann::json::parse(b.dump());
}

void TestVideoSpec::roundTrip_data()
{
    QTest::addColumn<QString>("path");
    const QString demo = test::sourceDir() + QStringLiteral("/resources/demo/specs");
    for (const QString &f : QDir(demo).entryList({QStringLiteral("*.json")}))
        QTest::newRow(qPrintable(f)) << demo + QLatin1Char('/') + f;
    const QString golden = test::sourceDir() + QStringLiteral("/tests/fixtures/spec-golden");
    for (const QString &c : QDir(golden).entryList({QStringLiteral("good-*")}, QDir::Dirs))
        QTest::newRow(qPrintable(c)) << golden + QLatin1Char('/') + c + QStringLiteral("/spec.json");
}

void TestVideoSpec::roundTrip()
{
    QFETCH(QString, path);
    auto original = readJsonFile(path);
    QVERIFY(original.ok());
    auto spec = VideoSpec::fromJson(*original);
    QVERIFY2(spec.ok(), qPrintable(spec.ok() ? QString() : spec.error().toString()));
    const Json saved = spec->toJson();
    QVERIFY2(sameJson(saved, *original), saved.dump(2).c_str());
    // Key order is kept as the model declares it, so a second save is byte-identical.
    auto again = VideoSpec::fromJson(saved);
    QVERIFY(again.ok());
    QCOMPARE(toJsonText(again->toJson()), toJsonText(saved));
}

void TestVideoSpec::saveIsAtomicAndReloadsIdentical()
{
    QTemporaryDir tmp;
    const QString src = test::sourceDir() + QStringLiteral("/resources/demo/specs/launch-teaser.greenlight.json");
    auto spec = loadVideoSpec(src);
    QVERIFY(spec.ok());
    const QString out = tmp.filePath(QStringLiteral("copy.json"));
    QVERIFY(saveVideoSpec(out, *spec).ok());
    auto reloaded = loadVideoSpec(out);
    QVERIFY(reloaded.ok());
    QCOMPARE(toJsonText(reloaded->toJson()), toJsonText(spec->toJson()));
    // A save into a folder that does not exist fails cleanly and writes nothing.
    const Status bad = saveVideoSpec(tmp.filePath(QStringLiteral("missing/dir/x.json")), *spec);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, QStringLiteral("io.write"));
}

void TestVideoSpec::variantMergesById()
{
    auto spec = loadVideoSpec(test::sourceDir() + QStringLiteral("/resources/demo/specs/launch-teaser.greenlight.json"));
    QVERIFY(spec.ok());
    auto square = resolveVariant(*spec, QStringLiteral("square"));
    QVERIFY(square.ok());
    QCOMPARE(square->canvas.width, 720);
    QCOMPARE(square->canvas.height, 720);
    QCOMPARE(square->canvas.fps, spec->canvas.fps); // untouched siblings survive the merge
    QCOMPARE(square->format, QStringLiteral("square-feed"));
    QCOMPARE(square->scenes.size(), spec->scenes.size());
    const Layer &headline = square->scenes[0].layers->at(0);
    QCOMPARE(headline.box.y, 200);
    QCOMPARE(headline.content, spec->scenes[0].layers->at(0).content); // merged, not replaced
    QVERIFY(!square->variants.has_value());
}

void TestVideoSpec::variantRemovesAndNulls()
{
    auto spec = loadVideoSpec(test::sourceDir() + QStringLiteral("/resources/demo/specs/launch-teaser.greenlight.json"));
    QVERIFY(spec.ok());
    auto shortCta = resolveVariant(*spec, QStringLiteral("short-cta"));
    QVERIFY(shortCta.ok());
    QCOMPARE(shortCta->scenes.size(), spec->scenes.size() - 1);
    QCOMPARE(shortCta->sceneIndex(QStringLiteral("problem")), -1);
    QCOMPARE(shortCta->sumOfSceneDurations(), shortCta->durationFrames);
    QCOMPARE(shortCta->narration->segments.size(), spec->narration->segments.size() - 1);
    QCOMPARE(shortCta->cta->text, QStringLiteral("Start your free trial"));
    QCOMPARE(shortCta->cta->target, spec->cta->target);

    const Json base = Json::parse(R"({"a": 1, "b": {"c": 2, "d": 3}, "list": [1, 2]})");
    const Json merged = mergeOverrides(base, Json::parse(R"({"a": null, "b": {"c": 5}, "list": [9]})"));
    QVERIFY(!merged.contains("a"));
    QCOMPARE(merged["b"]["c"].get<int>(), 5);
    QCOMPARE(merged["b"]["d"].get<int>(), 3);
    QCOMPARE(merged["list"].dump(), std::string("[9]")); // plain arrays replace
}

void TestVideoSpec::variantUnknown()
{
    auto spec = loadVideoSpec(test::sourceDir() + QStringLiteral("/resources/demo/specs/launch-teaser.greenlight.json"));
    QVERIFY(spec.ok());
    auto none = resolveVariant(*spec, QStringLiteral("nope"));
    QVERIFY(!none.ok());
    QCOMPARE(none.error().code, QStringLiteral("spec.variant.unknown"));
}

void TestVideoSpec::overriddenFieldsNameElementsById()
{
    const Json overrides = Json::parse(
        R"({"canvas": {"width": 720}, "scenes": [{"id": "hook", "durationFrames": 60}, {"id": "x", "$remove": true}]})");
    const QStringList fields = overriddenFields(overrides);
    QCOMPARE(fields, (QStringList{QStringLiteral("/canvas/width"), QStringLiteral("/scenes/hook/durationFrames"),
                                  QStringLiteral("/scenes/x")}));
}

void TestVideoSpec::parseErrorHasLineAndColumn()
{
    const QByteArray text = "{\n  \"a\": 1,\n  \"b\": tru\n}\n";
    auto r = parseJson(text, QStringLiteral("x.json"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("json.parse"));
    QVERIFY2(r.error().location.startsWith(QLatin1String("x.json:3:")), qPrintable(r.error().location));
    auto empty = parseJson(QByteArray(), QStringLiteral("empty.json"));
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().location, QStringLiteral("empty.json:1:1"));
}

void TestVideoSpec::shapeErrorNamesPointer()
{
    auto r = VideoSpec::fromJson(Json::parse(
        R"({"schemaVersion":1,"id":"x","title":"t","format":"square-feed","canvas":{"width":2,"height":2,"fps":{"num":1,"den":"one"}},"durationFrames":1,"scenes":[]})"));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().location, QStringLiteral("/canvas/fps/den"));
}

void TestVideoSpec::projectOpensFromSpecFile()
{
    auto p = Project::open(test::sourceDir() + QStringLiteral("/resources/demo/specs/launch-teaser.greenlight.json"));
    QVERIFY(p.ok());
    QCOMPARE(QDir(p->root()).dirName(), QStringLiteral("demo"));
    QCOMPARE(p->focusedSpec(), QStringLiteral("specs/launch-teaser.greenlight.json"));
    QCOMPARE(p->specFiles().size(), 2);
    auto notProject = Project::open(test::sourceDir() + QStringLiteral("/schemas"));
    QVERIFY(!notProject.ok());
    QCOMPARE(notProject.error().code, QStringLiteral("project.not-found"));
}

QTEST_GUILESS_MAIN(TestVideoSpec)
#include "tst_videospec.moc"
