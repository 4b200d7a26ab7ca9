// NarrationRunner end to end: the demo spec voiced locally and against loopback speech
// servers (tests/tts_remote), cache hits, class swaps, reroutes, failures and key hygiene.
#include "fakespeechservers.h"
#include "loopbackserver.h"
#include "testsupport.h"

#include "cues/cuetimeline.h"
#include "cues/subtitleimporter.h"
#include "common/jsonio.h"
#include "narration/narrationcodes.h"
#include "narration/narrationrunner.h"
#include "run/manifest.h"
#include "run/runrecord.h"
#include "runbook/runbook.h"
#include "spec/videospec.h"

#include <QDirIterator>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;

namespace {

const QString kSecretKey = QStringLiteral("sk-narration-secret-7f3a9c1e55d2");

ScriptedResponse serverError(const RecordedRequest &, int)
{
    return ScriptedResponse::json(500, Json{{"error", {{"message", "model crashed"}, {"type", "server_error"}}}});
}

} // namespace

class TstNarrationRun : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_project;
    QString m_spec;
    FakeAudio m_wav;
    Json m_defaultRunbook;
    CueTimeline m_localCues;

    Secrets noKeys() const
    {
        Secrets s;
        s.setEnvironment(QProcessEnvironment());
        s.setSecretToolProgram(QString());
        return s;
    }

    // The default runbook with one extra tts workload.
    Runbook runbookWith(const QString &id, const QStringList &classes, const Json &engines, bool reroute,
                        bool cache = true) const
    {
        Json j = m_defaultRunbook;
        Json classList = Json::array();
        for (const QString &c : classes)
            classList.push_back(toStd(c));
        j["workloads"].push_back({{"id", toStd(id)},
                                  {"kind", "tts"},
                                  {"description", "test workload"},
                                  {"runtimeClasses", classList},
                                  {"engines", engines},
                                  {"cache", cache},
                                  {"retry", {{"maxAttempts", 2}, {"initialBackoff_ms", 1}, {"maxBackoff_ms", 2}, {"budget_ms", 60000}}},
                                  {"reroute", reroute ? Json{{"enabled", true}, {"onErrors", {"tts.server-error", "tts.network"}}}
                                                      : Json{{"enabled", false}}},
                                  {"requiredStages", {"structural"}}});
        Result<Runbook> rb = Runbook::fromJson(j, QStringLiteral("test"));
        if (!rb)
            qFatal("runbook: %s", qPrintable(rb.error().toString()));
        return *rb;
    }

    NarrationRequest request(const QString &workload = QStringLiteral("draft-narration")) const
    {
        NarrationRequest r;
        r.specPath = m_spec;
        r.projectRoot = m_project;
        r.workload = workload;
        r.secrets = noKeys();
        r.sleep = [](qint64, const CancelToken &) { return true; };
        return r;
    }

    FakeServerConfig serverConfig(const QByteArray &key = {}) const
    {
        FakeServerConfig c;
        c.expectedKey = key;
        c.audioByFormat = {{QStringLiteral("wav"), m_wav}};
        return c;
    }

    static Json engineSettings(const QString &engine, const QUrl &url, const QString &runtimeClass = {})
    {
        Json e = {{"baseUrl", toStd(url.toString())}, {"connectTimeout_ms", 2000}, {"stallTimeout_ms", 5000}, {"timeout_ms", 20000}};
        if (!runtimeClass.isEmpty()) {
            e["runtimeClass"] = toStd(runtimeClass);
            e["requireKey"] = false;
        }
        return Json{{"engines", {{toStd(engine), e}}}};
    }

    static Json mergeEngines(const Json &a, const Json &b)
    {
        Json r = a;
        for (auto it = b["engines"].begin(); it != b["engines"].end(); ++it)
            r["engines"][it.key()] = it.value();
        return r;
    }

    static CueTimeline cuesOf(const NarrationOutcome &o)
    {
        Result<CueTimeline> t = loadCueTimeline(o.runDir + QStringLiteral("/cues.json"));
        if (!t)
            qWarning("cues: %s", qPrintable(t.error().toString()));
        return t ? *t : CueTimeline{};
    }

    static QString why(const NarrationOutcome &o)
    {
        if (o.refused)
            return QStringLiteral("refused: ") + o.refusal.toString();
        const auto e = o.record.lastError();
        return toString(o.record.status) + (e ? QStringLiteral(" ") + e->code + QStringLiteral(": ") + e->message : QString());
    }

    void checkSceneBindings(const CueTimeline &cues)
    {
        Result<VideoSpec> spec = loadVideoSpec(m_spec);
        QVERIFY(spec.ok());
        const QList<NarrationSegment> &segs = spec->narration->segments;
        QCOMPARE(cues.segments.size(), segs.size());
        for (qsizetype i = 0; i < segs.size(); ++i) {
            const CueSegment &c = cues.segments.at(i);
            QCOMPARE(c.scene.value_or(QString()), segs.at(i).scene);
            QCOMPARE(c.narrationSegment.value_or(QString()), segs.at(i).id.value_or(QString()));
            QCOMPARE(c.narrationIndex.value_or(-1), int(i));
            QCOMPARE(c.sourceText, segs.at(i).text);
            const qint64 sceneStart = spec->sceneStartFrames().at(spec->sceneIndex(segs.at(i).scene));
            QCOMPARE(c.startFrame, sceneStart + segs.at(i).offsetFrames.value_or(0));
            QVERIFY(!c.words.isEmpty());
            qint64 last = c.startSample;
            for (const CueWord &w : c.words) {
                QVERIFY2(w.startSample >= last && w.endSample >= w.startSample, qPrintable(c.id));
                last = w.endSample;
            }
            QVERIFY(last <= c.endSample);
        }
    }

    // A Kokoro-style server whose word timestamps are shaped by `shape` (text, audio seconds).
    static ScriptedResponse shapedKokoro(const RecordedRequest &r, const FakeAudio &audio,
                                         const std::function<Json(const QString &, double)> &shape)
    {
        const Json body = r.json();
        return ScriptedResponse::json(200, Json{{"audio", audio.bytes.toBase64().toStdString()},
                                                {"audio_format", "audio/wav"},
                                                {"timestamps", shape(toQString(body.at("input")), audio.duration_s)}});
    }

    NarrationOutcome runShaped(const FakeAudio &audio, const std::function<Json(const QString &, double)> &shape)
    {
        LoopbackServer kokoro([&](const RecordedRequest &r, int) { return shapedKokoro(r, audio, shape); });
        NarrationRequest rq = request(QStringLiteral("shaped"));
        rq.runbook = runbookWith(QStringLiteral("shaped"), {QStringLiteral("remote-self-hosted")},
                                 {{"remote-self-hosted", "kokoro"}}, false, false);
        rq.engineSettings = engineSettings(QStringLiteral("kokoro"), kokoro.url());
        return NarrationRunner(rq).run(CancelToken());
    }

    static QStringList codesIn(const NarrationOutcome &o)
    {
        QStringList codes;
        for (const Finding &f : o.findings)
            codes << f.code;
        return codes;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_project = m_tmp.filePath(QStringLiteral("demo"));
        QVERIFY(copyTree(sourceDir() + QStringLiteral("/resources/demo"), m_project));
        m_spec = m_project + QStringLiteral("/specs/launch-teaser.greenlight.json");
        m_wav = makeAudio(m_tmp.path(), QStringLiteral("wav"), 1.5);
        QVERIFY(!m_wav.bytes.isEmpty());
        Result<Json> rb = readJsonFile(sourceDir() + QStringLiteral("/runbooks/default.runbook.json"));
        QVERIFY(rb.ok());
        m_defaultRunbook = *rb;
    }

    void localRun()
    {
        NarrationRunner runner(request());
        int progressCalls = 0;
        QString startedId;
        NarrationRunner::Callbacks cb;
        cb.started = [&](const QString &id, const QString &) { startedId = id; };
        cb.progress = [&](int, int, const QString &) { ++progressCalls; };
        const NarrationOutcome o = runner.run(CancelToken(), cb);
        QVERIFY2(!o.refused && o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QCOMPARE(startedId, o.record.id);
        QVERIFY(progressCalls >= 5);
        QVERIFY(o.runDir.endsWith(QStringLiteral("/runs/") + o.record.id));
        for (const char *f : {"run.json", "narration.wav", "cues.json", "captions.vtt", "captions.srt", "findings.json",
                              "manifest.json", "logs/narration.log"})
            QVERIFY2(QFileInfo::exists(o.runDir + QLatin1Char('/') + QLatin1String(f)), f);
        QVERIFY(verifyManifest(o.runDir).isEmpty());

        Result<RunRecord> rec = loadRunRecord(o.runDir + QStringLiteral("/run.json"));
        QVERIFY(rec.ok());
        QVERIFY(rec->kind == RunKind::Tts);
        QVERIFY(rec->runtimeClass == RuntimeClass::Local);
        QCOMPARE(rec->engineName, QStringLiteral("espeak-ng"));
        QVERIFY(rec->status == RunStatus::Succeeded);
        QVERIFY(rec->attempts.size() >= 5);

        const CueTimeline cues = cuesOf(o);
        QCOMPARE(cues.sampleRate, kNarrationTrackRate);
        QCOMPARE(cues.runId.value_or(QString()), o.record.id);
        checkSceneBindings(cues);
        for (const CueSegment &s : cues.segments) {
            QVERIFY(s.engine.has_value());
            QCOMPARE(s.engine->runtimeClass, QStringLiteral("local"));
            QCOMPARE(s.engine->name, QStringLiteral("espeak-ng"));
        }
        // The wav: 48 kHz mono s16, the spec's length at least.
        QFile wav(o.runDir + QStringLiteral("/narration.wav"));
        QVERIFY(wav.open(QIODevice::ReadOnly));
        const QByteArray head = wav.read(44);
        QCOMPARE(qFromLittleEndian<quint16>(head.constData() + 22), quint16(1));
        QCOMPARE(qFromLittleEndian<quint32>(head.constData() + 24), quint32(48000));
        QCOMPARE(qFromLittleEndian<quint16>(head.constData() + 34), quint16(16));
        QVERIFY(cues.durationSamples.value_or(0) >= 390 * 48000 / 30);
        QCOMPARE(qint64(qFromLittleEndian<quint32>(head.constData() + 40)), cues.durationSamples.value_or(0) * 2);

        // Captions parse back.
        SubtitleImportOptions opts;
        opts.fps = cues.fps;
        Result<CueTimeline> vtt = SubtitleImporter::importFile(o.runDir + QStringLiteral("/captions.vtt"), opts);
        QVERIFY2(vtt.ok(), vtt.ok() ? "" : qPrintable(vtt.error().toString()));
        QVERIFY(!vtt->segments.isEmpty());
        QVERIFY(vtt->segments.first().sourceText.contains(QStringLiteral("Ship")));
        Result<CueTimeline> srt = SubtitleImporter::importFile(o.runDir + QStringLiteral("/captions.srt"), opts);
        QVERIFY(srt.ok());
        QCOMPARE(srt->segments.size(), vtt->segments.size());

        // Findings document readable; the demo has no blocker.
        Result<Json> fj = readJsonFile(o.runDir + QStringLiteral("/findings.json"));
        QVERIFY(fj.ok());
        Result<Findings> findings = findingsFromJson(*fj);
        QVERIFY(findings.ok());
        QVERIFY(!hasOpenBlocker(*findings));
        m_localCues = cues;
    }

    void secondRunIsCacheHit()
    {
        NarrationRunner runner(request());
        const NarrationOutcome o = runner.run(CancelToken());
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QCOMPARE(o.record.attempts.size(), 5);
        for (const RunAttempt &a : o.record.attempts) {
            QVERIFY2(a.retryReason.contains(QStringLiteral("cache hit")), qPrintable(a.retryReason));
            QVERIFY(!a.error);
        }
        const CueTimeline cues = cuesOf(o);
        QCOMPARE(cues.segments.size(), m_localCues.segments.size());
        CueTimeline a = cues, b = m_localCues;
        a.runId.reset();
        b.runId.reset();
        QCOMPARE(a.toJson().dump(), b.toJson().dump());
    }

    void swappingClassKeepsBindings()
    {
        LoopbackServer kokoro([c = serverConfig()](const RecordedRequest &r, int) { return kokoroCaptionedSpeech(r, c); });
        NarrationRequest rq = request(QStringLiteral("swap"));
        rq.runbook = runbookWith(QStringLiteral("swap"), {QStringLiteral("local"), QStringLiteral("remote-self-hosted")},
                                 {{"local", "espeak-ng"}, {"remote-self-hosted", "kokoro"}}, false);
        rq.engineSettings = engineSettings(QStringLiteral("kokoro"), kokoro.url());
        rq.forcedClass = QStringLiteral("remote-self-hosted");
        const NarrationOutcome o = NarrationRunner(rq).run(CancelToken());
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QVERIFY(o.record.runtimeClass == RuntimeClass::RemoteSelfHosted);
        QCOMPARE(o.record.engineName, QStringLiteral("kokoro"));
        QCOMPARE(kokoro.requestCount(), 5);
        const CueTimeline cues = cuesOf(o);
        checkSceneBindings(cues);
        QCOMPARE(cues.segments.size(), m_localCues.segments.size());
        for (qsizetype i = 0; i < cues.segments.size(); ++i) {
            QCOMPARE(cues.segments.at(i).id, m_localCues.segments.at(i).id);
            QCOMPARE(cues.segments.at(i).scene, m_localCues.segments.at(i).scene);
            QCOMPARE(cues.segments.at(i).startSample, m_localCues.segments.at(i).startSample);
            QCOMPARE(cues.segments.at(i).engine->runtimeClass, QStringLiteral("remote-self-hosted"));
            // Kokoro reports timings itself.
            QVERIFY(cues.segments.at(i).words.first().source == TimingSource::Engine);
        }
        QVERIFY(verifyManifest(o.runDir).isEmpty());
    }

    void engineWithoutTimingsIsAligned()
    {
        LoopbackServer openai([c = serverConfig()](const RecordedRequest &r, int) { return openAiSpeech(r, c); });
        NarrationRequest rq = request(QStringLiteral("no-timings"));
        rq.runbook = runbookWith(QStringLiteral("no-timings"), {QStringLiteral("remote-self-hosted")},
                                 {{"remote-self-hosted", "openai-speech"}}, false, false);
        rq.engineSettings = engineSettings(QStringLiteral("openai-speech"), openai.url(), QStringLiteral("remote-self-hosted"));
        const NarrationOutcome o = NarrationRunner(rq).run(CancelToken());
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        const CueTimeline cues = cuesOf(o);
        checkSceneBindings(cues);
        for (const CueSegment &s : cues.segments)
            for (const CueWord &w : s.words)
                QVERIFY(w.source == TimingSource::ForcedAlignment || w.source == TimingSource::Estimate);
    }

    void rerouteToNextClass()
    {
        LoopbackServer broken(serverError);
        LoopbackServer kokoro([c = serverConfig()](const RecordedRequest &r, int) { return kokoroCaptionedSpeech(r, c); });
        NarrationRequest rq = request(QStringLiteral("final-like"));
        rq.runbook = runbookWith(QStringLiteral("final-like"), {QStringLiteral("remote-api"), QStringLiteral("remote-self-hosted")},
                                 {{"remote-api", "openai-speech"}, {"remote-self-hosted", "kokoro"}}, true);
        rq.engineSettings = mergeEngines(engineSettings(QStringLiteral("openai-speech"), broken.url(), QStringLiteral("remote-api")),
                                         engineSettings(QStringLiteral("kokoro"), kokoro.url()));
        const NarrationOutcome o = NarrationRunner(rq).run(CancelToken());
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QVERIFY(o.record.runtimeClass == RuntimeClass::RemoteSelfHosted);
        // The failing class was tried (with its retries) once, then the run stayed rerouted.
        QCOMPARE(broken.requestCount(), 2);
        QCOMPARE(kokoro.requestCount(), 5);
        Result<RunRecord> rec = loadRunRecord(o.runDir + QStringLiteral("/run.json"));
        QVERIFY(rec.ok());
        int failed = 0;
        bool rerouteRecorded = false;
        for (const RunAttempt &a : rec->attempts) {
            if (a.outcome == RunStatus::Failed) {
                ++failed;
                QVERIFY(a.error.has_value());
                QCOMPARE(a.error->code, QStringLiteral("tts.server-error"));
            }
            if (a.retryReason.contains(QStringLiteral("reroute from remote-api to remote-self-hosted after tts.server-error")))
                rerouteRecorded = true;
        }
        QCOMPARE(failed, 3); // two HTTP attempts and the reroute
        QVERIFY(rerouteRecorded);
        bool retryRecorded = false;
        for (const RunAttempt &a : rec->attempts)
            retryRecorded = retryRecorded || (a.retryReason.contains(QStringLiteral("retry")) && a.retryReason.contains(QStringLiteral("HTTP 500")));
        QVERIFY(retryRecorded);
        checkSceneBindings(cuesOf(o));
    }

    void allClassesFail()
    {
        LoopbackServer brokenA(serverError);
        LoopbackServer brokenB(serverError);
        NarrationRequest rq = request(QStringLiteral("doomed"));
        rq.runbook = runbookWith(QStringLiteral("doomed"), {QStringLiteral("remote-api"), QStringLiteral("remote-self-hosted")},
                                 {{"remote-api", "openai-speech"}, {"remote-self-hosted", "kokoro"}}, true);
        rq.engineSettings = mergeEngines(engineSettings(QStringLiteral("openai-speech"), brokenA.url(), QStringLiteral("remote-api")),
                                         engineSettings(QStringLiteral("kokoro"), brokenB.url()));
        const NarrationOutcome o = NarrationRunner(rq).run(CancelToken());
        QVERIFY(!o.refused);
        QVERIFY(o.record.status == RunStatus::Failed);
        const std::optional<Error> e = o.record.lastError();
        QVERIFY(e.has_value());
        QCOMPARE(e->code, QStringLiteral("tts.server-error"));
        QVERIFY2(e->message.contains(QStringLiteral("n-hook")) && e->message.contains(QStringLiteral("remote-self-hosted")),
                 qPrintable(e->message));
        QVERIFY(QFileInfo::exists(o.runDir + QStringLiteral("/run.json")));
        QVERIFY(QFileInfo::exists(o.runDir + QStringLiteral("/logs/narration.log")));
        QVERIFY(!QFileInfo::exists(o.runDir + QStringLiteral("/narration.wav")));
        QVERIFY(!QFileInfo::exists(o.runDir + QStringLiteral("/cues.json")));
        QVERIFY(!o.runDir.contains(QStringLiteral(".staging")));
        Result<RunRecord> rec = loadRunRecord(o.runDir + QStringLiteral("/run.json"));
        QVERIFY(rec.ok());
        QVERIFY(rec->status == RunStatus::Failed);
        QVERIFY(verifyManifest(o.runDir).isEmpty());
    }

    void apiKeysNeverWritten()
    {
        qputenv("GREENLIGHT_KOKORO_API_KEY", kSecretKey.toUtf8());
        LoopbackServer kokoro([c = serverConfig(kSecretKey.toUtf8())](const RecordedRequest &r, int) {
            return kokoroCaptionedSpeech(r, c);
        });
        LoopbackServer broken(serverError);
        NarrationRequest rq = request(QStringLiteral("keyed"));
        rq.secrets = Secrets(); // the real environment
        rq.secrets.setSecretToolProgram(QString());
        rq.runbook = runbookWith(QStringLiteral("keyed"), {QStringLiteral("remote-api"), QStringLiteral("remote-self-hosted")},
                                 {{"remote-api", "openai-speech"}, {"remote-self-hosted", "kokoro"}}, true, false);
        Json api = engineSettings(QStringLiteral("openai-speech"), broken.url(), QStringLiteral("remote-api"));
        api["engines"]["openai-speech"]["keyName"] = "kokoro"; // the same key sent to the failing server too
        rq.engineSettings = mergeEngines(api, engineSettings(QStringLiteral("kokoro"), kokoro.url()));
        const NarrationOutcome o = NarrationRunner(rq).run(CancelToken());
        qunsetenv("GREENLIGHT_KOKORO_API_KEY");
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QVERIFY(kokoro.requestCount() >= 5);
        QCOMPARE(kokoro.requests().first().header("Authorization"), QByteArray("Bearer ") + kSecretKey.toUtf8());
        int files = 0;
        for (const QString &dir : QStringList{o.runDir, m_project + QStringLiteral("/cache")}) {
            QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
            while (it.hasNext()) {
                QFile f(it.next());
                QVERIFY(f.open(QIODevice::ReadOnly));
                QVERIFY2(!f.readAll().contains(kSecretKey.toUtf8()), qPrintable(f.fileName()));
                ++files;
            }
        }
        QVERIFY(files > 5);
    }

    void cliRunAndRefusals()
    {
        const ProcessResult ok = runCli({QStringLiteral("tts"), m_spec, QStringLiteral("--json")}, 120000);
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QVERIFY(ok.out.contains("\"event\":\"finished\""));
        QVERIFY(ok.out.contains("\"status\":\"succeeded\""));
        const ProcessResult badClass = runCli({QStringLiteral("tts"), m_spec, QStringLiteral("--class"), QStringLiteral("cloud")});
        QCOMPARE(badClass.exitCode, 2);
        const ProcessResult badWorkload = runCli({QStringLiteral("tts"), m_spec, QStringLiteral("--workload"), QStringLiteral("final-render")});
        QCOMPARE(badWorkload.exitCode, 2);
    }

    // Timing checks become findings in the run (findings.json, run.json counts), and the run
    // still succeeds: the audio is usable, the timings need a look.
    void timingChecksBecomeFindings()
    {
        // Word timings squeezed into the first third of the audio: captions would run ahead.
        NarrationOutcome o = runShaped(m_wav, [](const QString &text, double d) { return kokoroTimestamps(text, d / 3); });
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QVERIFY2(codesIn(o).contains(QStringLiteral("tts.cues.drift")), qPrintable(codesIn(o).join(u' ')));
        QVERIFY(!codesIn(o).contains(QStringLiteral("tts.words.order")));
        auto doc = readJsonFile(o.runDir + QStringLiteral("/findings.json"));
        QVERIFY(doc);
        auto stored = findingsFromJson(*doc);
        QVERIFY(stored);
        QCOMPARE(stored->size(), o.findings.size());
        QCOMPARE(o.record.qa.warnings, countBySeverity(o.findings, Severity::Warning));
        for (const Finding &f : o.findings)
            if (f.code == QLatin1String("tts.cues.drift")) {
                QVERIFY(f.frames.has_value());
                QVERIFY(f.evidence["driftSamples"].get<qint64>() < 0); // the words end before the speech
            }

        // Timings reaching past the end of the audio are pulled into it: no cue outlives its audio.
        o = runShaped(m_wav, [](const QString &text, double d) { return kokoroTimestamps(text, d * 2); });
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QVERIFY(!codesIn(o).contains(QStringLiteral("tts.cues.coverage")));
        for (const CueSegment &seg : cuesOf(o).segments) {
            QVERIFY(!seg.words.isEmpty());
            QVERIFY(seg.words.last().endSample <= seg.endSample);
            QCOMPARE(seg.endSample - seg.startSample, qint64(m_wav.duration_s * 48000));
        }

        // Words out of order: reported, and replaced by estimates so captions stay monotonic.
        o = runShaped(m_wav, [](const QString &text, double d) {
            Json words = kokoroTimestamps(text, d);
            Json reversed = Json::array();
            for (auto it = words.rbegin(); it != words.rend(); ++it)
                reversed.push_back(*it);
            for (size_t i = 0; i < reversed.size(); ++i)
                reversed[i]["word"] = words[i]["word"];
            return reversed;
        });
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QVERIFY2(codesIn(o).contains(QStringLiteral("tts.words.order")), qPrintable(codesIn(o).join(u' ')));
        for (const CueSegment &seg : cuesOf(o).segments)
            for (qsizetype w = 1; w < seg.words.size(); ++w)
                QVERIFY(seg.words[w].startSample >= seg.words[w - 1].endSample);

        // Speech longer than its scenes (6 s of audio for scenes of 2-3.5 s).
        const FakeAudio longAudio = makeAudio(m_tmp.path(), QStringLiteral("wav"), 6.0);
        o = runShaped(longAudio, [](const QString &text, double d) { return kokoroTimestamps(text, d); });
        QVERIFY2(o.record.status == RunStatus::Succeeded, qPrintable(why(o)));
        QVERIFY2(codesIn(o).contains(QStringLiteral("tts.segment.too-long")), qPrintable(codesIn(o).join(u' ')));
        for (const Finding &f : o.findings)
            if (f.code == QLatin1String("tts.segment.too-long"))
                QVERIFY(f.frames && f.frames->end > f.frames->start);
    }

    void findingCodesRegistered()
    {
        QStringList codes;
        for (const FindingCode &c : narrationFindingCodes())
            codes << QString::fromLatin1(c.code);
        QCOMPARE(codes, (QStringList{QStringLiteral("tts.segment.too-long"), QStringLiteral("tts.words.order"),
                                     QStringLiteral("tts.cues.coverage"), QStringLiteral("tts.cues.drift")}));
    }
};

QTEST_GUILESS_MAIN(TstNarrationRun)
#include "tst_narrationrun.moc"
