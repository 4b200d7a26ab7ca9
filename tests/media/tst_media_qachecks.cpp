#include "mediafixtures.h"

#include "common/hashing.h"
#include "common/jsonio.h"
#include "media/mediaprobe.h"
#include "qa/deterministicchecks.h"
#include "qa/intendedholds.h"
#include "qa/findingcodes.h"

#include <QTemporaryDir>

using namespace greenlight;
using namespace greenlight::test;

namespace {

Findings withCode(const Findings &findings, const char *code)
{
    Findings out;
    for (const Finding &f : findings)
        if (f.code == QLatin1String(code))
            out.append(f);
    return out;
}

QString codes(const Findings &findings)
{
    QStringList parts;
    for (const Finding &f : findings)
        parts << f.code + (f.frames ? QStringLiteral("[%1,%2)").arg(f.frames->start).arg(f.frames->end) : QString());
    return parts.join(QLatin1Char(' '));
}

bool near(const std::optional<FrameRange> &r, qint64 start, qint64 end)
{
    return r && std::abs(r->start - start) <= 1 && std::abs(r->end - end) <= 1;
}

QaExpectations canvas320()
{
    QaExpectations x;
    x.width = 320;
    x.height = 240;
    x.fps = Rational{30, 1};
    x.frameCount = 120;
    x.requireAudio = true;
    return x;
}

} // namespace

class TestMediaQaChecks : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(S(name)); }

    DeterministicQaReport runQa(const char *file, const QaExpectations &x, const QaThresholds &t = {},
                                const QString &baseline = {})
    {
        const Result<DeterministicQaReport> r = DeterministicChecks(x, t).run(path(file), baseline);
        if (!r.ok())
            qWarning("qa failed: %s", qPrintable(r.error().toString()));
        return r.ok() ? *r : DeterministicQaReport{};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(makeClean(path("clean.mp4")));
        QVERIFY(makeSignals(path("signals.mp4")));
        QVERIFY(makeBaselinePair(path("baseline.mp4"), path("changed.mp4")));
        QVERIFY(makeLoud(path("loud.mp4")));
        QVERIFY(writeBytes(path("garbage.mp4"), QByteArray(4096, 'x')));
    }

    void codesAreInTheTable()
    {
        const QList<FindingCode> rows = deterministicFindingCodes();
        QVERIFY(rows.size() >= 14);
        for (const FindingCode &c : rows) {
            QCOMPARE(toString(c.stage), toString(Stage::Deterministic));
            QVERIFY(QLatin1String(c.code).startsWith(QLatin1String("qa.")));
            QVERIFY(findFindingCode(QLatin1String(c.code)));
        }
    }

    void thresholdsJson()
    {
        const Result<QaThresholds> defaults = QaThresholds::fromJson(Json::object());
        QVERIFY(defaults.ok());
        QCOMPARE(defaults->loudnessTargetLufs, -14.0);
        QCOMPARE(defaults->truePeakMaxDbtp, -1.0);
        QCOMPARE(defaults->ssimThreshold, 0.98);
        QCOMPARE(defaults->blackMinSpan_ms, 500);
        QCOMPARE(QaThresholds::framesFor(defaults->blackMinSpan_ms, Rational{30, 1}), 15);
        QCOMPARE(QaThresholds::framesFor(500, Rational{30000, 1001}), 15);
        QCOMPARE(QaThresholds::framesFor(2000, Rational{25, 1}), 50);
        QCOMPARE(QaThresholds::framesFor(1, Rational{30, 1}), 1);

        // A runbook's "qa" object loads as it is.
        const Result<Json> runbook = readJsonFile(sourceDir() + S("/runbooks/default.runbook.json"));
        if (runbook.ok() && runbook->contains("qa")) {
            const Result<QaThresholds> policy = QaThresholds::fromJson((*runbook)["qa"]);
            QVERIFY2(policy.ok(), qPrintable(policy.ok() ? QString() : policy.error().toString()));
            QCOMPARE(policy->loudnessTargetLufs, (*runbook)["qa"].value("loudnessTargetLufs", -14.0));
        }

        const Json custom = Json::parse(R"({"loudnessTargetLufs": -16, "loudnessToleranceLu": 2,
            "frozenMinSpan_ms": 2000, "requireAudio": true,
            "allowedSpans": {"black": [{"start": 0, "end": 10}]}, "severities": {"qa.frozen.span": "blocker"},
            "ssimThreshold": 0.95})");
        const Result<QaThresholds> t = QaThresholds::fromJson(custom);
        QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().toString()));
        QCOMPARE(t->loudnessTargetLufs, -16.0);
        QCOMPARE(t->loudnessToleranceLu, 2.0);
        QCOMPARE(t->frozenMinSpan_ms, 2000);
        QVERIFY(t->requireAudio);
        QCOMPARE(t->ssimThreshold, 0.95);
        QCOMPARE(t->allowedBlack.size(), 1);
        QCOMPARE(t->allowedBlack.first(), (FrameRange{0, 10}));
        QCOMPARE(toString(t->severities.value(S("qa.frozen.span"))), toString(Severity::Blocker));

        const Result<QaThresholds> again = QaThresholds::fromJson(t->toJson());
        QVERIFY(again.ok());
        QCOMPARE(again->toJson(), t->toJson());

        const auto errorAt = [](const char *text) {
            const Result<QaThresholds> r = QaThresholds::fromJson(Json::parse(text));
            return r.ok() ? QStringLiteral("(accepted)") : r.error().location;
        };
        QCOMPARE(errorAt(R"({"loudnessTargetLUFS": -14})"), S("/loudnessTargetLUFS"));
        QCOMPARE(errorAt(R"({"loudnessTargetLufs": "loud"})"), S("/loudnessTargetLufs"));
        QCOMPARE(errorAt(R"({"ssimThreshold": 1.5})"), S("/ssimThreshold"));
        QCOMPARE(errorAt(R"({"blackMinSpan_ms": 0.5})"), S("/blackMinSpan_ms"));
        QCOMPARE(errorAt(R"({"requireAudio": 1})"), S("/requireAudio"));
        QCOMPARE(errorAt(R"({"allowedSpans": {"black": [{"start": 10, "end": 5}]}})"), S("/allowedSpans/black/0"));
        QCOMPARE(errorAt(R"({"severities": {"qa.nope": "warning"}})"), S("/severities/qa.nope"));
        QCOMPARE(errorAt(R"({"severities": {"qa.vfr": "fatal"}})"), S("/severities/qa.vfr"));
    }

    void cleanRenderPasses()
    {
        const DeterministicQaReport r = runQa("clean.mp4", canvas320());
        QVERIFY(r.usable);
        QVERIFY2(r.findings.isEmpty(), qPrintable(codes(r.findings)));
        QVERIFY(r.measurements.contains("signals"));
        QVERIFY(r.measurements.contains("media"));
        QVERIFY(std::abs(r.measurements["signals"]["audio"]["integratedLufs"].get<double>() + 14.0) < 0.5);
    }

    void spansBecomeFindings()
    {
        const DeterministicQaReport r = runQa("signals.mp4", canvas320());
        QVERIFY(r.usable);
        const Findings black = withCode(r.findings, "qa.black.span");
        QCOMPARE(black.size(), 1);
        QVERIFY2(near(black.first().frames, 15, 45), qPrintable(codes(r.findings)));
        QCOMPARE(toString(black.first().severity), toString(Severity::Blocker));
        QCOMPARE(toString(black.first().stage), toString(Stage::Deterministic));
        QVERIFY(black.first().message.contains(S("black")));
        QCOMPARE(black.first().path, S("signals.mp4"));
        QCOMPARE(black.first().evidence["minFrames"].get<int>(), 15);
        QVERIFY(black.first().evidence["meanLuma"].get<double>() < 20.0);

        const Findings frozen = withCode(r.findings, "qa.frozen.span");
        QCOMPARE(frozen.size(), 1);
        QVERIFY2(near(frozen.first().frames, 60, 90), qPrintable(codes(r.findings)));
        QCOMPARE(toString(frozen.first().severity), toString(Severity::Warning));

        const Findings silent = withCode(r.findings, "qa.silence.span");
        QCOMPARE(silent.size(), 1);
        QVERIFY2(near(silent.first().frames, 60, 90), qPrintable(codes(r.findings)));
        QCOMPARE(silent.first().evidence["sampleRate"].get<int>(), 48000);
        QVERIFY(hasOpenBlocker(r.findings));
    }

    void allowedSpansAndOverrides()
    {
        QaThresholds t;
        t.allowedBlack = {FrameRange{10, 50}};
        t.allowedSilence = {FrameRange{55, 95}};
        t.severities.insert(S("qa.frozen.span"), Severity::Info);
        const DeterministicQaReport r = runQa("signals.mp4", canvas320(), t);
        QVERIFY2(withCode(r.findings, "qa.black.span").isEmpty(), qPrintable(codes(r.findings)));
        QVERIFY2(withCode(r.findings, "qa.silence.span").isEmpty(), qPrintable(codes(r.findings)));
        QCOMPARE(toString(withCode(r.findings, "qa.frozen.span").first().severity), toString(Severity::Info));

        // Allowing only the start of the black span leaves the rest reported.
        QaThresholds partial;
        partial.allowedBlack = {FrameRange{0, 25}};
        const Findings black = withCode(runQa("signals.mp4", canvas320(), partial).findings, "qa.black.span");
        QCOMPARE(black.size(), 1);
        QVERIFY2(near(black.first().frames, 25, 45), qPrintable(codes(black)));
        QVERIFY(black.first().evidence.contains("detected"));

        // Longer minimum spans than the defects: nothing to report.
        QaThresholds longer;
        longer.blackMinSpan_ms = longer.frozenMinSpan_ms = longer.silenceMinSpan_ms = 1500;
        const Findings none = runQa("signals.mp4", canvas320(), longer).findings;
        QVERIFY2(withCode(none, "qa.black.span").isEmpty() && withCode(none, "qa.frozen.span").isEmpty()
                     && withCode(none, "qa.silence.span").isEmpty(),
                 qPrintable(codes(none)));
    }

    // Scenes the spec holds still on purpose do not count as a frozen picture; a still span
    // running across two of them (where the picture should have changed) still does.
    void intendedHolds()
    {
        QaExpectations held = canvas320();
        held.intendedHolds = {FrameRange{50, 100}};
        QVERIFY2(withCode(runQa("signals.mp4", held).findings, "qa.frozen.span").isEmpty(),
                 qPrintable(codes(runQa("signals.mp4", held).findings)));
        QaExpectations split = canvas320();
        split.intendedHolds = {FrameRange{50, 75}, FrameRange{75, 100}};
        QCOMPARE(withCode(runQa("signals.mp4", split).findings, "qa.frozen.span").size(), 1);

        const Json props = Json::parse(R"({"scenes": [
            {"startFrame": 0, "endFrame": 90, "transitionIn": {"type": "cut", "durationFrames": 0},
             "background": {"type": "color"}, "layers": [{"type": "text"}]},
            {"startFrame": 90, "endFrame": 200, "transitionIn": {"type": "fade", "durationFrames": 8},
             "background": {"type": "color"}, "layers": [{"type": "image", "asset": {"kind": "image"}}]},
            {"startFrame": 200, "endFrame": 260, "background": {"type": "color"},
             "layers": [{"type": "video", "asset": {"kind": "video"}}]},
            {"startFrame": 260, "endFrame": 300, "background": {"type": "asset", "asset": {"kind": "video"}}}
        ]})");
        QCOMPARE(intendedHoldsFromProps(props), (QList<FrameRange>{FrameRange{0, 90}, FrameRange{98, 200}}));
        QVERIFY(intendedHoldsFromProps(Json::object()).isEmpty());
    }

    void loudness()
    {
        const DeterministicQaReport r = runQa("loud.mp4", canvas320());
        const Findings loud = withCode(r.findings, "qa.loudness.out-of-range");
        QCOMPARE(loud.size(), 1);
        QVERIFY(loud.first().evidence["integratedLufs"].get<double>() > -10.0);
        QCOMPARE(loud.first().evidence["targetLufs"].get<double>(), -14.0);
        QVERIFY(loud.first().message.contains(S("Lower")));
        const Findings peak = withCode(r.findings, "qa.true-peak.too-high");
        QCOMPARE(peak.size(), 1);
        QVERIFY(peak.first().evidence["truePeakDbtp"].get<double>() > -1.0);

        // A wider window and higher ceiling accept it.
        QaThresholds t;
        t.loudnessTargetLufs = r.analysis->loudness->integratedLufs;
        t.truePeakMaxDbtp = r.analysis->loudness->truePeakDbtp + 0.5;
        const Findings ok = runQa("loud.mp4", canvas320(), t).findings;
        QVERIFY(withCode(ok, "qa.loudness.out-of-range").isEmpty());
        QVERIFY(withCode(ok, "qa.true-peak.too-high").isEmpty());
    }

    void expectations()
    {
        QaExpectations x = canvas320();
        x.width = 640;
        x.height = 360;
        x.fps = Rational{30000, 1001};
        x.frameCount = 150;
        const Findings f = runQa("clean.mp4", x).findings;
        QCOMPARE(withCode(f, "qa.dimensions.mismatch").size(), 1);
        QCOMPARE(withCode(f, "qa.dimensions.mismatch").first().evidence["measured"]["width"].get<int>(), 320);
        QCOMPARE(withCode(f, "qa.fps.mismatch").size(), 1);
        const Findings duration = withCode(f, "qa.duration.mismatch");
        QCOMPARE(duration.size(), 1);
        QCOMPARE(duration.first().frames, (std::optional<FrameRange>(FrameRange{120, 150})));
        QCOMPARE(duration.first().evidence["measuredFrames"].get<int>(), 120);

        // One frame off is within tolerance; two are not.
        x = canvas320();
        x.frameCount = 121;
        QVERIFY(withCode(runQa("clean.mp4", x).findings, "qa.duration.mismatch").isEmpty());
        x.frameCount = 118;
        QCOMPARE(withCode(runQa("clean.mp4", x).findings, "qa.duration.mismatch").size(), 1);

        // A picture-only render where sound is required.
        const Findings missing = withCode(runQa("baseline.mp4", canvas320()).findings, "qa.stream.missing");
        QCOMPARE(missing.size(), 1);
        QCOMPARE(missing.first().evidence["stream"].get<std::string>(), std::string("audio"));
        // ... or where the runbook's policy requires it.
        QaExpectations pictureOnly = canvas320();
        pictureOnly.requireAudio = false;
        QVERIFY(withCode(runQa("baseline.mp4", pictureOnly).findings, "qa.stream.missing").isEmpty());
        QaThresholds policy;
        policy.requireAudio = true;
        QCOMPARE(withCode(runQa("baseline.mp4", pictureOnly, policy).findings, "qa.stream.missing").size(), 1);
    }

    void baselineChanges()
    {
        QaExpectations x = canvas320();
        x.requireAudio = false;
        const DeterministicQaReport r = runQa("changed.mp4", x, {}, path("baseline.mp4"));
        const Findings changed = withCode(r.findings, "qa.baseline.changed");
        QCOMPARE(changed.size(), 1);
        QVERIFY2(near(changed.first().frames, 40, 70), qPrintable(codes(r.findings)));
        QVERIFY(changed.first().evidence["ssimMin"].get<double>() < 0.98);
        QCOMPARE(changed.first().evidence["ssimThreshold"].get<double>(), 0.98);

        QaThresholds t;
        t.allowedChanged = {FrameRange{35, 75}};
        QVERIFY(withCode(runQa("changed.mp4", x, t, path("baseline.mp4")).findings, "qa.baseline.changed").isEmpty());
    }

    void unreadableMedia()
    {
        const DeterministicQaReport r = runQa("garbage.mp4", canvas320());
        QVERIFY(!r.usable);
        QCOMPARE(r.findings.size(), 1);
        QCOMPARE(r.findings.first().code, S("qa.media.unreadable"));
        QCOMPARE(toString(r.findings.first().severity), toString(Severity::Blocker));
        const Json j = r.toJson();
        QCOMPARE(j["schemaVersion"].get<int>(), 1);
        QCOMPARE(j["findings"].size(), size_t(1));
    }

    void artifacts()
    {
        const Result<QString> hash = sha256File(path("clean.mp4"));
        QVERIFY(hash.ok());
        QaExpectations x = canvas320();
        x.artifactRoot = m_dir.path();
        x.artifacts = {ExpectedArtifact{S("clean.mp4"), *hash}, ExpectedArtifact{S("signals.mp4"), QString(64, QLatin1Char('0'))},
                       ExpectedArtifact{S("cues.json"), QString()}};
        const Findings f = DeterministicChecks(x, {}).checkArtifacts();
        QCOMPARE(f.size(), 2);
        QCOMPARE(withCode(f, "qa.artifact.hash-mismatch").size(), 1);
        QCOMPARE(withCode(f, "qa.artifact.hash-mismatch").first().path, S("signals.mp4"));
        QCOMPARE(withCode(f, "qa.artifact.missing").size(), 1);
        QCOMPARE(withCode(f, "qa.artifact.missing").first().path, S("cues.json"));
    }

    void probeOnlyChecks()
    {
        const Result<MediaInfo> info = probeMedia(path("clean.mp4"));
        QVERIFY(info.ok());
        QaExpectations x = canvas320();
        x.width = 100;
        const Findings f = DeterministicChecks(x, {}).checkMedia(*info, nullptr);
        QCOMPARE(codes(f), S("qa.dimensions.mismatch"));
    }
};

QTEST_GUILESS_MAIN(TestMediaQaChecks)
#include "tst_media_qachecks.moc"
