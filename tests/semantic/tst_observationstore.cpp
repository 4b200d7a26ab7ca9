// The observation store of a run: add, edit, resolve and waive survive a round trip on disk;
// a reviewer's file is imported only when all of it is valid, and the error names the pointer.
#include "testsupport.h"

#include "common/jsonio.h"
#include "common/jsonschema.h"
#include "semantic/observationstore.h"
#include "semantic/semanticcodes.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestObservationStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripOnDisk();
    void refusesBadChanges();
    void importsValidModelOutput();
    void invalidImportNamesPointerAndImportsNothing_data();
    void invalidImportNamesPointerAndImportsNothing();
    void refusesForeignFindingsFile();
    void codesCoverEveryCategory();

private:
    static ObservationInput human(qint64 start, qint64 end, const char *category, Severity severity, const char *text)
    {
        return {FrameRange{start, end}, QLatin1String(category), severity, QString::fromUtf8(text), {12, 14},
                {QStringLiteral("cue-1")}, Reviewer{QStringLiteral("human"), QStringLiteral("ana"), {}, {}}};
    }
    static QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
    {
        QFile f(dir.filePath(name));
        f.open(QIODevice::WriteOnly);
        f.write(text);
        return f.fileName();
    }
};

void TestObservationStore::roundTripOnDisk()
{
    QTemporaryDir run;
    auto store = ObservationStore::open(run.path());
    QVERIFY(store.ok());
    QVERIFY(store->observations().isEmpty());
    const QDateTime t0 = QDateTime(QDate(2024, 6, 1), QTime(10, 0), QTimeZone::utc());
    store->setClock([t0] { return t0; });

    auto a = store->add(human(10, 20, "contradiction", Severity::Blocker, "The price on screen says 9, the voice says 19."));
    auto b = store->add(human(40, 41, "brand", Severity::Warning, "Logo is stretched."));
    QVERIFY(a.ok() && b.ok());
    QVERIFY(a->id.startsWith(QLatin1String("obs-")));
    QCOMPARE(a->id.size(), 16);
    QCOMPARE(a->code, QStringLiteral("semantic.contradiction"));
    QCOMPARE(toString(a->stage), toString(Stage::Semantic));

    // Everything on disk, valid against the findings schema.
    auto onDisk = readJsonFile(run.filePath(QStringLiteral("observations.json")));
    QVERIFY(onDisk.ok());
    auto schema = JsonSchema::load(QStringLiteral(":/schemas/findings.schema.json"));
    QVERIFY(schema.ok());
    QVERIFY2((*schema)->validate(*onDisk).isEmpty(), qPrintable(describeViolations((*schema)->validate(*onDisk))));

    auto reopened = ObservationStore::open(run.path());
    QVERIFY(reopened.ok());
    reopened->setClock([t0] { return t0; });
    QCOMPARE(reopened->observations().size(), 2);
    QCOMPARE(reopened->observations()[0].toJson(), a->toJson());
    QCOMPARE(*reopened->observations()[0].frames, (FrameRange{10, 20}));
    QCOMPARE(observation::evidenceFrames(reopened->observations()[0]), (QList<qint64>{12, 14}));
    QCOMPARE(observation::evidenceCueIds(reopened->observations()[0]), QStringList{QStringLiteral("cue-1")});

    // Edit keeps the id; the prefix finds it.
    ObservationEdit e;
    e.severity = Severity::Warning;
    e.category = QStringLiteral("caption-visual-mismatch");
    e.frames = FrameRange{10, 30};
    auto edited = reopened->edit(a->id.left(8), e, QStringLiteral("ben"));
    QVERIFY2(edited.ok(), qPrintable(edited.ok() ? QString() : edited.error().toString()));
    QCOMPARE(edited->id, a->id);
    QCOMPARE(edited->code, QStringLiteral("semantic.caption-visual-mismatch"));
    QCOMPARE(edited->message, a->message);

    QVERIFY(reopened->resolve(a->id, QStringLiteral("ben"), QStringLiteral("fixed in spec v3")).ok());
    auto waived = reopened->waive(b->id, QStringLiteral("Brand team approved this crop."), QStringLiteral("qa-lead"));
    QVERIFY(waived.ok());

    auto third = ObservationStore::open(run.path());
    QVERIFY(third.ok());
    const Finding &ra = third->observations()[0];
    const Finding &rb = third->observations()[1];
    QCOMPARE(toString(ra.status), toString(FindingStatus::Resolved));
    QCOMPARE(toString(ra.severity), toString(Severity::Warning));
    QCOMPARE(*ra.frames, (FrameRange{10, 30}));
    QCOMPARE(toString(rb.status), toString(FindingStatus::Waived));
    QCOMPARE(rb.waiverReason, QStringLiteral("Brand team approved this crop."));
    const Json &history = rb.evidence["history"];
    QCOMPARE(history.size(), size_t(2));
    QCOMPARE(history[1]["action"].get<std::string>(), std::string("waive"));
    QCOMPARE(history[1]["by"].get<std::string>(), std::string("qa-lead"));
    QCOMPARE(history[1]["at"].get<std::string>(), std::string("2024-06-01T10:00:00.000Z"));
    QCOMPARE(ra.evidence["history"][1]["action"].get<std::string>(), std::string("edit"));
    QCOMPARE(ra.evidence["history"][2]["reason"].get<std::string>(), std::string("fixed in spec v3"));
    QVERIFY(!hasOpenBlocker(third->observations()));

    QVERIFY(third->reopen(b->id, QStringLiteral("qa-lead")).ok());
    QCOMPARE(toString(third->find(b->id)->status), toString(FindingStatus::Open));
    QVERIFY(third->find(b->id)->waiverReason.isEmpty());
}

void TestObservationStore::refusesBadChanges()
{
    QTemporaryDir run;
    auto store = ObservationStore::open(run.path());
    auto a = store->add(human(10, 20, "other", Severity::Info, "Music ducks late."));
    QVERIFY(a.ok());

    auto dup = store->add(human(10, 20, "other", Severity::Info, "Music ducks late."));
    QCOMPARE(dup.error().code, QStringLiteral("observations.duplicate"));

    auto empty = store->add(human(20, 20, "other", Severity::Info, "x"));
    QCOMPARE(empty.error().code, QStringLiteral("observations.invalid"));
    QCOMPARE(empty.error().location, QStringLiteral("/frames/end"));

    auto category = store->add(human(1, 2, "typo", Severity::Info, "x"));
    QCOMPARE(category.error().location, QStringLiteral("/category"));

    QCOMPARE(store->waive(a->id, QStringLiteral("  "), QStringLiteral("x")).error().code, QStringLiteral("observations.invalid"));
    QCOMPARE(store->resolve(QStringLiteral("obs-ffffffffffff"), QStringLiteral("x")).error().code,
             QStringLiteral("observations.unknown-id"));
    QVERIFY(store->resolve(a->id, QStringLiteral("x")).ok());
    QCOMPARE(store->resolve(a->id, QStringLiteral("x")).error().code, QStringLiteral("observations.state"));
    QCOMPARE(ObservationStore::open(run.filePath(QStringLiteral("missing"))).error().code, QStringLiteral("io.read"));
    QCOMPARE(store->observations().size(), 1);
}

void TestObservationStore::importsValidModelOutput()
{
    QTemporaryDir run;
    const QString file = write(run, QStringLiteral("model.json"), R"({
      "schemaVersion": 1,
      "reviewer": {"kind": "model", "name": "vision-reviewer", "model": "llava-1.6", "version": "llava-1.6-34b"},
      "observations": [
        {"frames": {"start": 0, "end": 48}, "category": "promise-delivery-mismatch", "severity": "blocker",
         "text": "The hook promises a demo that never appears.", "evidence": {"frames": [12, 40], "cueIds": ["hook-1"]}},
        {"frames": {"start": 90, "end": 120}, "category": "pronunciation", "severity": "warning",
         "text": "'Kubernetes' sounds like 'Cuban eighties'."}
      ]})");
    auto store = ObservationStore::open(run.path());
    auto summary = store->importFile(file);
    QVERIFY2(summary.ok(), qPrintable(summary.ok() ? QString() : summary.error().toString()));
    QCOMPARE(summary->addedIds.size(), 2);
    const Finding &f = store->observations()[0];
    QCOMPARE(f.reviewer->kind, QStringLiteral("model"));
    QCOMPARE(f.reviewer->model, QStringLiteral("llava-1.6"));
    QCOMPARE(f.reviewer->version, QStringLiteral("llava-1.6-34b"));
    QCOMPARE(toString(f.severity), toString(Severity::Blocker));
    QCOMPARE(f.code, QStringLiteral("semantic.promise-delivery-mismatch"));
    QCOMPARE(observation::evidenceCueIds(f), QStringList{QStringLiteral("hook-1")});
    QVERIFY(hasOpenBlocker(store->observations()));

    // Importing the same file again adds nothing.
    auto again = store->importFile(file);
    QVERIFY(again.ok());
    QCOMPARE(again->addedIds.size(), 0);
    QCOMPARE(again->duplicateIds.size(), 2);
    QCOMPARE(ObservationStore::open(run.path())->observations().size(), 2);
}

void TestObservationStore::invalidImportNamesPointerAndImportsNothing_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("location");
    const QByteArray ok = R"({"frames": {"start": 0, "end": 10}, "category": "brand", "severity": "info", "text": "fine"})";
    const QByteArray rev = R"("reviewer": {"kind": "model", "name": "m"})";
    QTest::newRow("bad category") << QByteArray("{" + rev + R"(, "observations": [)" + ok
                                                 + R"(, {"frames": {"start": 0, "end": 10}, "category": "vibes", "severity": "info", "text": "x"}]})")
                                  << QStringLiteral("observations.invalid") << QStringLiteral("/observations/1/category");
    QTest::newRow("unknown field") << QByteArray("{" + rev + R"(, "observations": [{"frames": {"start": 0, "end": 10}, "category": "brand", "severity": "info", "text": "x", "confidence": 0.4}]})")
                                   << QStringLiteral("observations.invalid") << QStringLiteral("/observations/0/confidence");
    QTest::newRow("missing text") << QByteArray("{" + rev + R"(, "observations": [{"frames": {"start": 0, "end": 10}, "category": "brand", "severity": "info"}]})")
                                  << QStringLiteral("observations.invalid") << QStringLiteral("/observations/0/text");
    QTest::newRow("empty range") << QByteArray("{" + rev + R"(, "observations": [)" + ok + R"(, {"frames": {"start": 30, "end": 30}, "category": "brand", "severity": "info", "text": "x"}]})")
                                 << QStringLiteral("observations.invalid") << QStringLiteral("/observations/1/frames/end");
    QTest::newRow("no reviewer") << QByteArray(R"({"observations": [)" + ok + "]}")
                                 << QStringLiteral("observations.invalid") << QStringLiteral("/reviewer");
    QTest::newRow("not an object") << QByteArray("[" + ok + "]") << QStringLiteral("observations.invalid") << QStringLiteral("/");
    QTest::newRow("malformed") << QByteArray("{\n  \"observations\": [\n    {,}\n]}") << QStringLiteral("json.parse")
                               << QStringLiteral("import.json:3:6");
}

void TestObservationStore::invalidImportNamesPointerAndImportsNothing()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, code);
    QFETCH(QString, location);
    QTemporaryDir run;
    const QString file = write(run, QStringLiteral("import.json"), document);
    auto store = ObservationStore::open(run.path());
    auto summary = store->importFile(file);
    QVERIFY(!summary.ok());
    QCOMPARE(summary.error().code, code);
    QVERIFY2(summary.error().location.endsWith(location), qPrintable(summary.error().toString()));
    QVERIFY(store->observations().isEmpty());
    QVERIFY(!QFile::exists(run.filePath(QStringLiteral("observations.json"))));
}

void TestObservationStore::refusesForeignFindingsFile()
{
    QTemporaryDir run;
    write(run, QStringLiteral("observations.json"), R"({"schemaVersion": 1, "findings": [
        {"code": "qa.black.span", "stage": "deterministic", "severity": "blocker", "message": "black",
         "pointer": "", "status": "open", "frames": {"start": 0, "end": 5}}]})");
    auto store = ObservationStore::open(run.path());
    QVERIFY(!store.ok());
    QCOMPARE(store.error().code, QStringLiteral("observations.store"));
    QVERIFY(store.error().location.endsWith(QLatin1String("#/findings/0")));
}

void TestObservationStore::codesCoverEveryCategory()
{
    const QList<FindingCode> codes = semanticFindingCodes();
    QCOMPARE(codes.size(), observationCategories().size());
    for (const QString &category : observationCategories()) {
        const bool found = std::any_of(codes.begin(), codes.end(), [&](const FindingCode &c) {
            return QLatin1String(c.code) == semanticCodeForCategory(category) && c.stage == Stage::Semantic;
        });
        QVERIFY2(found, qPrintable(category));
    }
}

QTEST_GUILESS_MAIN(TestObservationStore)
#include "tst_observationstore.moc"
