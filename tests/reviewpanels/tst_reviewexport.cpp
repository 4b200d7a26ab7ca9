// Review exports: notes CSV with timecodes and one still per note, the PDF review report and
// the OpenTimelineIO file with findings as markers; each written atomically, also from the CLI.
#include "reviewfixture.h"

#include "common/jsonio.h"
#include "review/reviewexport.h"
#include "semantic/observationstore.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace greenlight;
using namespace greenlight::test;

namespace {

// RFC 4180 records (CRLF or LF line ends, quoted fields with doubled quotes and line breaks).
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            row << field;
            rows << row;
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    if (!field.isEmpty() || !row.isEmpty()) {
        row << field;
        rows << row;
    }
    return rows;
}

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

int column(const QStringList &header, const char *name)
{
    return int(header.indexOf(QLatin1String(name)));
}

// The keys each OTIO schema writes (OpenTimelineIO src/opentimelineio/*.cpp write_to(), Clip.2,
// Marker.2 with comment, Item with the optional color left out).
const std::map<std::string, std::set<std::string>> &otioFields()
{
    static const std::set<std::string> item{"OTIO_SCHEMA", "name", "metadata", "source_range", "effects", "markers",
                                            "enabled"};
    static const std::map<std::string, std::set<std::string>> fields{
        {"Timeline.1", {"OTIO_SCHEMA", "name", "metadata", "global_start_time", "tracks"}},
        {"Stack.1", [] { auto s = item; s.insert("children"); return s; }()},
        {"Track.1", [] { auto s = item; s.insert({"children", "kind"}); return s; }()},
        {"Clip.2", [] { auto s = item; s.insert({"media_references", "active_media_reference_key"}); return s; }()},
        {"ExternalReference.1",
         {"OTIO_SCHEMA", "name", "metadata", "available_range", "available_image_bounds", "target_url"}},
        {"Marker.2", {"OTIO_SCHEMA", "name", "metadata", "color", "marked_range", "comment"}},
        {"TimeRange.1", {"OTIO_SCHEMA", "start_time", "duration"}},
        {"RationalTime.1", {"OTIO_SCHEMA", "rate", "value"}},
    };
    return fields;
}

// Every object with an OTIO_SCHEMA has a known schema and only its fields (metadata is free).
void checkOtioFields(const Json &j, QStringList &problems, const std::string &where = "$")
{
    if (j.is_array()) {
        for (size_t i = 0; i < j.size(); ++i)
            checkOtioFields(j[i], problems, where + "[" + std::to_string(i) + "]");
        return;
    }
    if (!j.is_object())
        return;
    if (j.contains("OTIO_SCHEMA")) {
        const std::string schema = j["OTIO_SCHEMA"].get<std::string>();
        const auto it = otioFields().find(schema);
        if (it == otioFields().end()) {
            problems << QString::fromStdString(where + ": unknown schema " + schema);
            return;
        }
        for (auto f = j.begin(); f != j.end(); ++f) {
            if (!it->second.count(f.key()))
                problems << QString::fromStdString(where + ": " + schema + " has no field " + f.key());
            if (f.key() != "metadata")
                checkOtioFields(f.value(), problems, where + "." + f.key());
        }
        for (const std::string &required : it->second)
            if (!j.contains(required))
                problems << QString::fromStdString(where + ": " + schema + " lacks " + required);
        return;
    }
    for (auto f = j.begin(); f != j.end(); ++f)
        checkOtioFields(f.value(), problems, where + "." + f.key());
}

int pdfPages(const QByteArray &pdf)
{
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![a-zA-Z])"));
    int n = 0;
    auto it = page.globalMatch(QString::fromLatin1(pdf));
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

} // namespace

class TestReviewExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void csvAt30fps();
    void csvTimecodesAt2997();
    void csvStillsAt2997();
    void csvFailureLeavesNothing();
    void pdfReport();
    void otioMarkers();
    void cliExports();

private:
    QTemporaryDir m_tmp;
    QString m_run30;
    QString m_run2997;
};

void TestReviewExport::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_run30 = m_tmp.filePath(QStringLiteral("runs/r30"));
    m_run2997 = m_tmp.filePath(QStringLiteral("runs/r2997"));
    QVERIFY(QDir().mkpath(m_run30));
    QVERIFY(QDir().mkpath(m_run2997));
    QVERIFY(makeBrightnessVideo(m_run30 + QStringLiteral("/output.mp4"), QStringLiteral("30"), 90));
    QVERIFY(makeBrightnessVideo(m_run2997 + QStringLiteral("/output.mp4"), QStringLiteral("30000/1001"), 120));
}

void TestReviewExport::csvAt30fps()
{
    Finding semantic = finding(QStringLiteral("semantic.brand"), Stage::Semantic, Severity::Info, FrameRange{89, 90},
                               QStringLiteral("Logo, \"too small\"\nsecond line"));
    semantic.id = QStringLiteral("obs-0123456789ab");
    semantic.reviewer = Reviewer{QStringLiteral("human"), QStringLiteral("Ana"), {}, {}};
    const Findings findings{
        finding(QStringLiteral("qa.black.span"), Stage::Deterministic, Severity::Blocker, FrameRange{0, 15},
                QStringLiteral("black frames at the start")),
        finding(QStringLiteral("qa.frozen.span"), Stage::Deterministic, Severity::Warning, FrameRange{45, 61},
                QStringLiteral("frozen picture")),
        semantic,
        finding(QStringLiteral("spec.text.overflow"), Stage::Structural, Severity::Warning, std::nullopt,
                QStringLiteral("caption does not fit")),
    };
    const GateEvaluation ev = syntheticEvaluation(m_run30, Rational{30, 1}, 90, findings);
    const QString out = m_tmp.filePath(QStringLiteral("csv30"));
    auto csv = reviewexport::exportNotesCsv(ev, out);
    QVERIFY2(csv.ok(), qPrintable(csv.ok() ? QString() : csv.error().toString()));
    QCOMPARE(*csv, QDir(out).absoluteFilePath(QStringLiteral("notes.csv")));

    const QString text = readText(*csv);
    QVERIFY(text.contains(QStringLiteral("\r\n")));
    const QList<QStringList> rows = parseCsv(text);
    QCOMPARE(rows.size(), findings.size() + 1);
    const QStringList header = rows.first();
    for (const QStringList &row : rows)
        QCOMPARE(row.size(), header.size());
    const int code = column(header, "code"), in = column(header, "timecode_in"), outTc = column(header, "timecode_out"),
              start = column(header, "frame_start"), end = column(header, "frame_end"),
              message = column(header, "message"), still = column(header, "still"),
              reviewer = column(header, "reviewer"), id = column(header, "id"), stage = column(header, "stage"),
              severity = column(header, "severity"), status = column(header, "status");
    for (int c : {code, in, outTc, start, end, message, still, reviewer, id, stage, severity, status})
        QVERIFY(c >= 0);

    QCOMPARE(rows[1][code], QStringLiteral("qa.black.span"));
    QCOMPARE(rows[1][stage], QStringLiteral("deterministic"));
    QCOMPARE(rows[1][severity], QStringLiteral("blocker"));
    QCOMPARE(rows[1][status], QStringLiteral("open"));
    QCOMPARE(rows[1][in], QStringLiteral("00:00:00:00"));
    QCOMPARE(rows[1][outTc], QStringLiteral("00:00:00:15"));
    QCOMPARE(rows[2][in], QStringLiteral("00:00:01:15"));
    QCOMPARE(rows[2][outTc], QStringLiteral("00:00:02:01"));
    QCOMPARE(rows[2][start], QStringLiteral("45"));
    QCOMPARE(rows[2][end], QStringLiteral("61"));
    QCOMPARE(rows[3][message], semantic.message); // commas, quotes and line breaks survive
    QCOMPARE(rows[3][reviewer], QStringLiteral("human:Ana"));
    QCOMPARE(rows[3][id], semantic.id);
    QCOMPARE(rows[3][in], QStringLiteral("00:00:02:29"));
    QCOMPARE(rows[4][in], QString());
    QCOMPARE(rows[4][still], QString()); // no frames, no still

    const QString video = m_run30 + QStringLiteral("/output.mp4");
    for (int r = 1; r <= 3; ++r) {
        const QString path = QDir(out).filePath(rows[r][still]);
        QVERIFY2(QFileInfo(path).isFile(), qPrintable(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        const QImage image(path);
        QCOMPARE(image.width(), 320); // never enlarged past the video
        const qint64 frame = rows[r][start].toLongLong();
        const double expected = meanLuma(ffmpegFrame(video, frame, m_tmp.path()));
        QVERIFY(expected >= 0);
        QVERIFY2(qAbs(meanLuma(image) - expected) < 3.0,
                 qPrintable(QStringLiteral("frame %1: still %2, ffmpeg %3").arg(frame).arg(meanLuma(image)).arg(expected)));
    }
    QCOMPARE(QDir(out + QStringLiteral("/stills")).entryList(QDir::Files).size(), 3);
    QCOMPARE(QDir(out).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size(), 2); // no staging left
}

void TestReviewExport::csvTimecodesAt2997()
{
    const Rational fps{30000, 1001};
    Findings findings;
    const QList<qint64> frames{0, 29, 30, 1799, 1800, 17982, 107892};
    for (qint64 f : frames)
        findings << finding(QStringLiteral("qa.test"), Stage::Deterministic, Severity::Warning, FrameRange{f, f + 30},
                            QStringLiteral("frame %1").arg(f));
    const GateEvaluation ev = syntheticEvaluation(m_run2997, fps, 120000, findings);
    reviewexport::ExportOptions options;
    QList<qint64> asked;
    options.stills = [&asked](const QString &, qint64 frame, int width) -> Result<QImage> {
        asked << frame;
        QImage image(width, width / 2, QImage::Format_RGB32);
        image.fill(Qt::darkGray);
        return image;
    };
    const QString out = m_tmp.filePath(QStringLiteral("csv2997-timecodes"));
    auto csv = reviewexport::exportNotesCsv(ev, out, options);
    QVERIFY2(csv.ok(), qPrintable(csv.ok() ? QString() : csv.error().toString()));
    QCOMPARE(asked, frames);
    const QList<QStringList> rows = parseCsv(readText(*csv));
    QCOMPARE(rows.size(), frames.size() + 1);
    const int in = column(rows.first(), "timecode_in"), outTc = column(rows.first(), "timecode_out");
    for (int i = 0; i < frames.size(); ++i) {
        QCOMPARE(rows[i + 1][in], expectedTimecode(frames[i], 30));
        QCOMPARE(rows[i + 1][outTc], expectedTimecode(frames[i] + 30, 30));
    }
    QCOMPARE(rows[5][in], QStringLiteral("00:01:00:00"));
    QCOMPARE(rows[7][in], QStringLiteral("00:59:56:12"));
}

void TestReviewExport::csvStillsAt2997()
{
    const Findings findings{
        finding(QStringLiteral("qa.a"), Stage::Deterministic, Severity::Blocker, FrameRange{7, 9}, QStringLiteral("a")),
        finding(QStringLiteral("qa.b"), Stage::Deterministic, Severity::Warning, FrameRange{61, 70}, QStringLiteral("b")),
        finding(QStringLiteral("qa.c"), Stage::Deterministic, Severity::Info, FrameRange{118, 120}, QStringLiteral("c")),
    };
    const GateEvaluation ev = syntheticEvaluation(m_run2997, Rational{30000, 1001}, 120, findings);
    const QString out = m_tmp.filePath(QStringLiteral("csv2997"));
    auto csv = reviewexport::exportNotesCsv(ev, out);
    QVERIFY2(csv.ok(), qPrintable(csv.ok() ? QString() : csv.error().toString()));
    const QList<QStringList> rows = parseCsv(readText(*csv));
    QCOMPARE(rows.size(), 4);
    const int still = column(rows.first(), "still"), start = column(rows.first(), "frame_start"),
              in = column(rows.first(), "timecode_in");
    QCOMPARE(rows[2][in], QStringLiteral("00:00:02:01")); // 61 = 2 s + 1 frame at 30 nominal
    const QString video = m_run2997 + QStringLiteral("/output.mp4");
    for (int r = 1; r < rows.size(); ++r) {
        const qint64 frame = rows[r][start].toLongLong();
        const QImage image(QDir(out).filePath(rows[r][still]));
        QVERIFY(!image.isNull());
        const double got = meanLuma(image);
        const double expected = meanLuma(ffmpegFrame(video, frame, m_tmp.path()));
        const double before = meanLuma(ffmpegFrame(video, frame - 1, m_tmp.path()));
        QVERIFY2(qAbs(got - expected) < 3.0,
                 qPrintable(QStringLiteral("frame %1: still %2, ffmpeg %3").arg(frame).arg(got).arg(expected)));
        QVERIFY(qAbs(got - before) > 10.0); // and not its neighbour
    }
}

void TestReviewExport::csvFailureLeavesNothing()
{
    const Findings findings{
        finding(QStringLiteral("qa.a"), Stage::Deterministic, Severity::Blocker, FrameRange{1, 2}, QStringLiteral("a")),
        finding(QStringLiteral("qa.b"), Stage::Deterministic, Severity::Warning, FrameRange{5, 6}, QStringLiteral("b")),
    };
    const GateEvaluation ev = syntheticEvaluation(m_run30, Rational{30, 1}, 90, findings);
    const QString out = m_tmp.filePath(QStringLiteral("csv-failing"));
    reviewexport::ExportOptions failing;
    int calls = 0;
    failing.stills = [&calls](const QString &, qint64 frame, int) -> Result<QImage> {
        if (++calls == 2)
            return makeError(QStringLiteral("media.decode"), QStringLiteral("cannot decode frame %1").arg(frame));
        QImage image(64, 36, QImage::Format_RGB32);
        image.fill(Qt::red);
        return image;
    };
    auto csv = reviewexport::exportNotesCsv(ev, out, failing);
    QVERIFY(!csv.ok());
    QCOMPARE(csv.error().code, QStringLiteral("media.decode"));
    QVERIFY(QDir(out).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty());

    // A good export, then a failing one: the good one stays as it was.
    QVERIFY(reviewexport::exportNotesCsv(ev, out).ok());
    const QByteArray before = readText(out + QStringLiteral("/notes.csv")).toUtf8();
    calls = 0;
    QVERIFY(!reviewexport::exportNotesCsv(ev, out, failing).ok());
    QCOMPARE(readText(out + QStringLiteral("/notes.csv")).toUtf8(), before);
    QCOMPARE(QDir(out + QStringLiteral("/stills")).entryList(QDir::Files).size(), 2);
    QCOMPARE(QDir(out).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size(), 2);
}

void TestReviewExport::pdfReport()
{
    Findings findings;
    for (int i = 0; i < 36; ++i) {
        const Severity s = i % 3 == 0 ? Severity::Blocker : i % 3 == 1 ? Severity::Warning : Severity::Info;
        const Stage stage = i % 4 == 0 ? Stage::Semantic : Stage::Deterministic;
        Finding f = finding(i % 2 ? QStringLiteral("qa.frozen.span") : QStringLiteral("semantic.caption-visual-mismatch"),
                            stage, s, FrameRange{i * 2, i * 2 + 12},
                            QStringLiteral("Finding %1: the caption says one thing while the picture shows another; "
                                           "check the scene and its text.")
                                .arg(i + 1));
        if (stage == Stage::Semantic)
            f.reviewer = Reviewer{QStringLiteral("human"), QStringLiteral("Ana"), {}, {}};
        findings << f;
    }
    findings << finding(QStringLiteral("spec.text.overflow"), Stage::Structural, Severity::Warning, std::nullopt,
                        QStringLiteral("The headline does not fit its box."));
    GateEvaluation ev = syntheticEvaluation(m_run30, Rational{30, 1}, 90, findings);
    Decision d;
    d.seq = 3;
    d.runId = ev.run.id;
    d.manifestSha256 = ev.manifestSha256;
    d.outcome = Outcome::Pass;
    d.reasons = {QStringLiteral("Client approved the cut"), QStringLiteral("Loudness agreed with the mix")};
    d.waivers = {{QStringLiteral("qa.frozen.span"), QStringLiteral("intended hold on the product shot")}};
    d.reviewer = QStringLiteral("Dana");
    d.role = QStringLiteral("qa-lead");
    d.decidedAt = QStringLiteral("2024-05-01T09:00:00.000Z");
    d.rowHash = QString(64, QLatin1Char('b'));
    ev.latest = d;

    const QString pdf = outputDir(QStringLiteral("review-panels")) + QStringLiteral("/review-report.pdf");
    QFile::remove(pdf);
    reviewexport::ExportOptions options;
    options.generatedAt = QStringLiteral("2024-05-01 09:30 UTC");
    const Status s = reviewexport::exportReportPdf(ev, pdf, options);
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(bytes.startsWith("%PDF"));
    QVERIFY2(pdfPages(bytes) >= 2, qPrintable(QString::number(pdfPages(bytes))));

    // Few findings, no decision: one page is enough, and it still is a PDF.
    GateEvaluation small = syntheticEvaluation(m_run30, Rational{30, 1}, 90, {findings.first()});
    const QString smallPdf = m_tmp.filePath(QStringLiteral("small.pdf"));
    QVERIFY(reviewexport::exportReportPdf(small, smallPdf).ok());
    QFile sf(smallPdf);
    QVERIFY(sf.open(QIODevice::ReadOnly));
    const QByteArray smallBytes = sf.readAll();
    QVERIFY(smallBytes.startsWith("%PDF"));
    QCOMPARE(pdfPages(smallBytes), 1);

    // A failing still leaves no file.
    const QString failedPdf = m_tmp.filePath(QStringLiteral("failed.pdf"));
    reviewexport::ExportOptions failing;
    failing.stills = [](const QString &, qint64, int) -> Result<QImage> {
        return makeError(QStringLiteral("media.decode"), QStringLiteral("no"));
    };
    QVERIFY(!reviewexport::exportReportPdf(ev, failedPdf, failing).ok());
    QVERIFY(!QFile::exists(failedPdf));
}

void TestReviewExport::otioMarkers()
{
    Finding semantic = finding(QStringLiteral("semantic.pronunciation"), Stage::Semantic, Severity::Info,
                               FrameRange{100, 110}, QStringLiteral("\"Greenlight\" is mispronounced"));
    semantic.id = QStringLiteral("obs-aaaabbbbcccc");
    const Findings findings{
        finding(QStringLiteral("qa.black.span"), Stage::Deterministic, Severity::Blocker, FrameRange{0, 15},
                QStringLiteral("black")),
        finding(QStringLiteral("qa.frozen.span"), Stage::Deterministic, Severity::Warning, FrameRange{45, 61},
                QStringLiteral("frozen")),
        semantic,
        finding(QStringLiteral("spec.text.overflow"), Stage::Structural, Severity::Warning, std::nullopt,
                QStringLiteral("does not fit")),
    };
    const GateEvaluation ev = syntheticEvaluation(m_run2997, Rational{30000, 1001}, 120, findings);
    const QString path = m_tmp.filePath(QStringLiteral("markers.otio"));
    const Status s = reviewexport::exportOtio(ev, path);
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
    QFile::copy(path, outputDir(QStringLiteral("review-panels")) + QStringLiteral("/markers.otio"));

    auto json = readJsonFile(path);
    QVERIFY(json.ok());
    const Json &tl = *json;
    QStringList problems;
    checkOtioFields(tl, problems);
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));

    QVERIFY(tl["OTIO_SCHEMA"] == "Timeline.1");
    QVERIFY(tl["tracks"]["OTIO_SCHEMA"] == "Stack.1");
    const Json &track = tl["tracks"]["children"][0];
    QVERIFY(track["OTIO_SCHEMA"] == "Track.1");
    QVERIFY(track["kind"] == "Video");
    QCOMPARE(track["children"].size(), size_t(1));
    const Json &clip = track["children"][0];
    QVERIFY(clip["OTIO_SCHEMA"] == "Clip.2");
    QVERIFY(clip["active_media_reference_key"] == "DEFAULT_MEDIA");
    const Json &ref = clip["media_references"]["DEFAULT_MEDIA"];
    QVERIFY(ref["OTIO_SCHEMA"] == "ExternalReference.1");
    const QString url = toQString(ref["target_url"]);
    QVERIFY2(url.startsWith(QStringLiteral("file:///")) && url.endsWith(QStringLiteral("/r2997/output.mp4")),
             qPrintable(url));
    const double rate = 30000.0 / 1001.0;
    QCOMPARE(ref["available_range"]["duration"]["value"].get<double>(), 120.0);
    QVERIFY(qAbs(ref["available_range"]["duration"]["rate"].get<double>() - rate) < 1e-9);

    const Json &markers = clip["markers"];
    QCOMPARE(markers.size(), size_t(findings.size()));
    const char *colors[] = {"RED", "ORANGE", "CYAN", "ORANGE"};
    for (size_t i = 0; i < markers.size(); ++i) {
        const Json &m = markers[i];
        const Finding &f = findings.at(qsizetype(i));
        QVERIFY(m["OTIO_SCHEMA"] == "Marker.2");
        QCOMPARE(toQString(m["name"]), f.code);
        QCOMPARE(toQString(m["comment"]), f.message);
        QCOMPARE(m["color"].get<std::string>(), std::string(colors[i]));
        const Json &range = m["marked_range"];
        QVERIFY(range["OTIO_SCHEMA"] == "TimeRange.1");
        QVERIFY(range["start_time"]["OTIO_SCHEMA"] == "RationalTime.1");
        QVERIFY(qAbs(range["start_time"]["rate"].get<double>() - rate) < 1e-9);
        if (f.frames) {
            QCOMPARE(range["start_time"]["value"].get<double>(), double(f.frames->start));
            QCOMPARE(range["duration"]["value"].get<double>(), double(f.frames->end - f.frames->start));
        } else {
            QCOMPARE(range["start_time"]["value"].get<double>(), 0.0);
            QCOMPARE(range["duration"]["value"].get<double>(), 120.0); // the whole clip
        }
    }
    QVERIFY(markers[2]["metadata"]["greenlight"]["id"] == "obs-aaaabbbbcccc");
}

void TestReviewExport::cliExports()
{
    const QString project = m_tmp.filePath(QStringLiteral("demo"));
    const QString run = makeDemoProject(project);
    QVERIFY(!run.isEmpty());
    {
        // Two observations on real frames of the render, so notes have stills.
        auto store = ObservationStore::open(run);
        QVERIFY(store.ok());
        for (const auto &[start, text] : {std::pair<qint64, const char *>{60, "The title card cuts in early."},
                                          std::pair<qint64, const char *>{300, "The last caption overlaps the logo."}}) {
            ObservationInput in;
            in.frames = FrameRange{start, start + 24};
            in.category = QStringLiteral("caption-visual-mismatch");
            in.severity = Severity::Warning;
            in.text = QString::fromUtf8(text);
            in.reviewer = Reviewer{QStringLiteral("human"), QStringLiteral("Ana"), {}, {}};
            QVERIFY(store->add(in).ok());
        }
    }
    auto ev = evaluateRun(run);
    QVERIFY2(ev.ok(), qPrintable(ev.ok() ? QString() : ev.error().toString()));

    const QString csvDir = m_tmp.filePath(QStringLiteral("cli-notes"));
    const QString otio = m_tmp.filePath(QStringLiteral("cli.otio"));
    const auto r = runCli({QStringLiteral("review-export"), run, QStringLiteral("--csv"), csvDir,
                           QStringLiteral("--otio"), otio});
    QVERIFY2(r.exitCode == 0, QByteArray(r.out + r.err).constData());
    const QList<QStringList> rows = parseCsv(readText(csvDir + QStringLiteral("/notes.csv")));
    QCOMPARE(rows.size(), ev->findings.size() + 1);
    auto json = readJsonFile(otio);
    QVERIFY(json.ok());
    QCOMPARE((*json)["tracks"]["children"][0]["children"][0]["markers"].size(), size_t(ev->findings.size()));
    const QStringList stills = QDir(csvDir + QStringLiteral("/stills")).entryList(QDir::Files);
    int withFrames = 0;
    for (const Finding &f : ev->findings)
        withFrames += f.frames ? 1 : 0;
    QCOMPARE(stills.size(), withFrames);
    QVERIFY(withFrames >= 2);
    const QImage still(csvDir + QStringLiteral("/stills/") + stills.first());
    QCOMPARE(still.width(), 640); // the 1280-wide render, scaled down

    // The demo's report in-process (portrait stills from the real render), kept for a look.
    const QString demoPdf = outputDir(QStringLiteral("review-panels")) + QStringLiteral("/demo-report.pdf");
    const Status demoReport = reviewexport::exportReportPdf(*ev, demoPdf);
    QVERIFY2(demoReport.ok(), qPrintable(demoReport.ok() ? QString() : demoReport.error().toString()));
    QVERIFY(readText(demoPdf).startsWith(QStringLiteral("%PDF")));

    // The PDF needs Qt's font machinery: either the CLI writes it, or it says why and writes nothing.
    const QString pdf = m_tmp.filePath(QStringLiteral("cli.pdf"));
    const auto p = runCli({QStringLiteral("review-export"), run, QStringLiteral("--pdf"), pdf});
    if (p.exitCode == 0) {
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.read(4) == "%PDF");
    } else {
        QCOMPARE(p.exitCode, 3);
        QVERIFY2(p.err.contains("review.export.gui"), p.err.constData());
        QVERIFY(!QFile::exists(pdf));
    }

    const auto usage = runCli({QStringLiteral("review-export"), run});
    QCOMPARE(usage.exitCode, 2);
}

QTEST_MAIN(TestReviewExport)
#include "tst_reviewexport.moc"
