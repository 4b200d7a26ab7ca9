#include "narration/narrationrunner.h"

#include "common/hashing.h"
#include "cues/captionbuilder.h"
#include "cues/cuesegmentbuilder.h"
#include "cues/cuetimeline.h"
#include "cues/subtitlewriter.h"
#include "narration/loudnessnormalizer.h"
#include "narration/narrationcodes.h"
#include "narration/wavwriter.h"
#include "qa/qathresholds.h"
#include "run/provenance.h"
#include "run/runfolder.h"
#include "run/runid.h"
#include "run/runsealer.h"
#include "spec/project.h"
#include "spec/specvalidator.h"
#include "spec/variantresolver.h"
#include "spec/videospec.h"
#include "tts/engineconfig.h"
#include "tts/espeakengine.h"
#include "tts/forcedaligner.h"
#include "tts/remoteenginefactory.h"
#include "tts/remotettsengine.h"
#include "tts/resampler.h"
#include "tts/spokentext.h"
#include "tts/ttscache.h"
#include "tts/wordspans.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>

namespace greenlight {

namespace {

const QString kLocal = QStringLiteral("local");

struct EngineSlot
{
    std::unique_ptr<TtsEngine> engine;
    RemoteTtsEngine *remote = nullptr; // same object, when remote
    QString endpoint;                  // base URL without credentials
};

// Text that goes into files: every registered key removed.
QString clean(const QString &text) { return Secrets::redact(text); }

Error cleanError(Error e)
{
    e.message = clean(e.message);
    e.location = clean(e.location);
    return e;
}

QString isoOf(const QDateTime &t)
{
    return (t.isValid() ? t : QDateTime::currentDateTimeUtc()).toUTC().toString(Qt::ISODate);
}

// The end of speech in a segment's samples: trailing samples below -50 dBFS dropped.
qint64 speechEnd(const std::vector<float> &samples)
{
    constexpr float threshold = 0.00316f;
    qint64 i = qint64(samples.size());
    while (i > 0 && std::fabs(samples[size_t(i - 1)]) < threshold)
        --i;
    return i;
}

class Log
{
public:
    void line(const QString &text)
    {
        m_text += QStringLiteral("%1 %2\n").arg(utcNowIso(), clean(text));
    }
    const QString &text() const { return m_text; }

private:
    QString m_text;
};

} // namespace

NarrationRunner::NarrationRunner(NarrationRequest request) : m_request(std::move(request)) {}

QString NarrationRunner::defaultEngineFor(const QString &runtimeClass)
{
    if (runtimeClass == kLocal)
        return QStringLiteral("espeak-ng");
    if (runtimeClass == QLatin1String("remote-self-hosted"))
        return QStringLiteral("kokoro");
    if (runtimeClass == QLatin1String("remote-api"))
        return QStringLiteral("elevenlabs");
    return {};
}

NarrationOutcome NarrationRunner::run(const CancelToken &cancel, const Callbacks &callbacks)
{
    NarrationOutcome outcome;
    auto refuse = [&](const QString &code, const QString &message) {
        outcome.refused = true;
        outcome.refusal = makeError(code, clean(message));
        return outcome;
    };
    const NarrationRequest &rq = m_request;

    // ---- 1. Input: spec, structural gate, variant, runbook workload. ----
    const QFileInfo specInfo(rq.specPath);
    if (!specInfo.isFile())
        return refuse(QStringLiteral("narration.input"), QStringLiteral("no such spec file: ") + rq.specPath);
    QString projectRoot = rq.projectRoot;
    if (projectRoot.isEmpty()) {
        Result<Project> p = Project::open(specInfo.absoluteFilePath());
        if (!p)
            return refuse(p.error().code, p.error().toString());
        projectRoot = p->root();
    }
    const QString outProject = rq.outputProject.isEmpty() ? projectRoot : rq.outputProject;

    Result<VideoSpec> base = loadVideoSpec(specInfo.absoluteFilePath());
    if (!base)
        return refuse(base.error().code, base.error().toString());
    if (!rq.variant.isEmpty() && !base->findVariant(rq.variant))
        return refuse(QStringLiteral("spec.variant.unknown"),
                      QStringLiteral("the spec has no variant \"%1\" (it has: %2)")
                          .arg(rq.variant, base->variantIds().join(QStringLiteral(", "))));
    {
        const SpecValidator validator;
        for (const Finding &f : validator.validateFile(specInfo.absoluteFilePath(), projectRoot))
            if (f.severity == Severity::Blocker && f.status == FindingStatus::Open
                && (f.variant.isEmpty() || f.variant == rq.variant))
                outcome.blockers.append(f);
        if (!outcome.blockers.isEmpty())
            return refuse(QStringLiteral("spec.blocked"),
                          QStringLiteral("the spec has %1 structural blocker(s); fix them, then voice it")
                              .arg(outcome.blockers.size()));
    }
    Result<VideoSpec> resolved = resolveVariant(*base, rq.variant);
    if (!resolved)
        return refuse(resolved.error().code, resolved.error().toString());
    const VideoSpec &spec = *resolved;
    if (!spec.narration || spec.narration->segments.isEmpty())
        return refuse(QStringLiteral("narration.none"), QStringLiteral("the spec has no narration segments to voice"));

    std::optional<Runbook> runbook = rq.runbook;
    if (!runbook) {
        Result<Runbook> rb = Runbook::forProject(projectRoot);
        if (!rb)
            return refuse(rb.error().code, rb.error().toString());
        runbook = *rb;
    }
    const Workload *workloadPtr = runbook->workload(rq.workload);
    if (!workloadPtr || workloadPtr->kind != QLatin1String("tts"))
        return refuse(QStringLiteral("narration.workload"),
                      QStringLiteral("the runbook has no tts workload \"%1\" (it has: %2)")
                          .arg(rq.workload, runbook->workloadIds(QStringLiteral("tts")).join(QStringLiteral(", "))));
    const Workload workload = *workloadPtr;
    QStringList classes = workload.runtimeClasses;
    int classIndex = 0;
    bool mayReroute = true;
    if (!rq.forcedClass.isEmpty()) {
        if (!runtimeClassFromString(rq.forcedClass))
            return refuse(QStringLiteral("narration.class"),
                          QStringLiteral("unknown runtime class \"%1\" (local, remote-self-hosted, remote-api)")
                              .arg(rq.forcedClass));
        classIndex = int(classes.indexOf(rq.forcedClass));
        if (classIndex < 0) { // outside the workload: that class alone, no reroute
            classes = {rq.forcedClass};
            classIndex = 0;
            mayReroute = false;
        }
    }
    if (classes.isEmpty())
        return refuse(QStringLiteral("narration.workload"), QStringLiteral("the workload names no runtime class"));

    EngineConfig engineConfig;
    if (rq.engineSettings.is_object() && !rq.engineSettings.empty()) {
        Result<EngineConfig> c = EngineConfig::fromJson(rq.engineSettings);
        if (!c)
            return refuse(c.error().code, c.error().toString());
        engineConfig = *c;
    }
    {
        RetryConfig retry;
        retry.maxAttempts = std::max(1, workload.retry.maxAttempts);
        retry.initialBackoff_ms = workload.retry.initialBackoff_ms;
        retry.maxBackoff_ms = workload.retry.maxBackoff_ms;
        retry.budget_ms = workload.retry.budget_ms;
        retry.timeout_ms = workload.retry.timeout_ms.value_or(0);
        engineConfig.setRetry(retry);
    }

    // ---- 2. The run folder. ----
    RunRecord record;
    record.id = makeRunId(RunKind::Tts);
    record.kind = RunKind::Tts;
    record.status = RunStatus::Running;
    record.project = QFileInfo(outProject).fileName();
    record.createdAt = record.startedAt = utcNowIso();
    record.provenance = localProvenance();
    record.spec.path = QDir(projectRoot).relativeFilePath(specInfo.absoluteFilePath());
    record.spec.specId = spec.id;
    record.spec.variant = rq.variant;
    if (Result<QString> h = sha256File(specInfo.absoluteFilePath()))
        record.spec.sha256 = *h;
    RunMedia media;
    media.width = spec.canvas.width;
    media.height = spec.canvas.height;
    media.fps = spec.canvas.fps;
    media.durationFrames = spec.durationFrames;
    media.audioSampleRate = kNarrationTrackRate;
    record.media = media;
    const QString host = QHostInfo::localHostName();

    Result<RunFolder> folderResult = RunFolder::createStaging(QDir(outProject).filePath(QStringLiteral("runs")), record.id);
    if (!folderResult)
        return refuse(folderResult.error().code, folderResult.error().toString());
    RunFolder folder = *folderResult;
    folder.makeDir(QStringLiteral("logs"));
    if (callbacks.started)
        callbacks.started(record.id, folder.path());

    Log log;
    log.line(QStringLiteral("narration run %1: spec %2%3, workload %4, classes %5")
                 .arg(record.id, record.spec.path,
                      rq.variant.isEmpty() ? QString() : QStringLiteral(" variant ") + rq.variant, workload.id,
                      classes.join(QStringLiteral(" > "))));

    auto addAttempt = [&](const QDateTime &start, const QDateTime &end, RunStatus result, std::optional<Error> error,
                          const QString &reason, const QString &attemptHost) {
        RunAttempt a;
        a.number = int(record.attempts.size()) + 1;
        a.startedAt = isoOf(start);
        a.endedAt = isoOf(end);
        a.outcome = result;
        if (error)
            a.error = cleanError(*error);
        a.retryReason = clean(reason);
        a.host = attemptHost;
        record.attempts.append(a);
        log.line(QStringLiteral("attempt %1: %2 %3%4")
                     .arg(a.number)
                     .arg(toString(result), a.retryReason,
                          a.error ? QStringLiteral(" — ") + a.error->code + QStringLiteral(": ") + a.error->message
                                  : QString()));
    };

    auto finish = [&](RunStatus status, std::optional<Error> error, const RunOutputs &outputs) {
        record.status = status;
        if (error && (record.attempts.isEmpty() || record.attempts.last().outcome == RunStatus::Succeeded))
            addAttempt(QDateTime::currentDateTimeUtc(), QDateTime::currentDateTimeUtc(), status, error,
                       QStringLiteral("narration run"), host);
        else if (error)
            record.attempts.last().error = cleanError(*error); // the run's own words, same code
        log.line(QStringLiteral("run %1").arg(toString(status)));
        writeFileAtomically(folder.filePath(QStringLiteral("logs/narration.log")), log.text().toUtf8());
        if (Status s = sealRun(folder, record, outputs); !s)
            log.line(QStringLiteral("sealing failed: ") + s.error().toString());
        outcome.record = record;
        outcome.runDir = folder.path();
        return outcome;
    };

    // ---- 3. Synthesis, segment by segment. ----
    const TimeBase timeBase{kNarrationTrackRate, spec.canvas.fps};
    const QList<Pronunciation> pronunciations = spec.pronunciations.value_or(QList<Pronunciation>{});
    const Json specJson = spec.toJson();
    const QString pronunciationHash =
        sha256Hex(QByteArray::fromStdString(specJson.value("pronunciations", Json::array()).dump()));
    const TtsCache cache(projectRoot);
    const ForcedAligner aligner;
    std::map<QString, EngineSlot> engines;
    const Narration &narration = *spec.narration;
    const int total = int(narration.segments.size());
    const QList<qint64> sceneStarts = spec.sceneStartFrames();

    struct Placed
    {
        CueSegment segment;
        std::vector<float> track; // at kNarrationTrackRate
        std::vector<float> original;
        int originalRate = 0;
        QString runtimeClass;
    };
    QList<Placed> placed;
    QMap<QString, int> servedBy;
    QStringList segmentIds;

    for (int i = 0; i < total; ++i) {
        const NarrationSegment &ns = narration.segments.at(i);
        const QString segId = ns.id.value_or(QStringLiteral("narration-%1").arg(i));
        segmentIds.append(segId);
        const std::optional<qint64> frame = CueSegmentBuilder::placementFrame(spec, i);
        if (!frame)
            return finish(RunStatus::Failed,
                          makeError(QStringLiteral("narration.placement"),
                                    QStringLiteral("narration segment %1 names an unknown scene \"%2\"").arg(segId, ns.scene)),
                          {});
        std::optional<SynthesisResult> result;
        SpokenText spoken = SpokenText::identity(ns.text);
        CueEngine cueEngine;
        while (!result) {
            if (cancel.isCancelled())
                return finish(RunStatus::Cancelled, makeError(QStringLiteral("tts.cancelled"), QStringLiteral("cancelled")), {});
            const QString cls = classes.at(classIndex);
            QString engineName = workload.engineFor(cls);
            if (engineName.isEmpty())
                engineName = defaultEngineFor(cls);
            const bool local = cls == kLocal;
            record.runtimeClass = runtimeClassFromString(cls).value_or(RuntimeClass::Local);
            record.engineName = engineName;
            const QString label = QStringLiteral("segment %1 [%2/%3]").arg(segId, cls, engineName);
            if (callbacks.progress)
                callbacks.progress(i, total, label);

            std::optional<Error> failure;
            auto slotIt = engines.find(cls);
            if (slotIt == engines.end()) {
                EngineSlot slot;
                if (local) {
                    if (engineName != QLatin1String("espeak-ng"))
                        failure = makeError(QStringLiteral("tts.config"),
                                            QStringLiteral("the local runtime class only offers espeak-ng, not \"%1\"").arg(engineName));
                    else
                        slot.engine = std::make_unique<EspeakEngine>();
                } else {
                    Result<std::unique_ptr<RemoteTtsEngine>> made = RemoteEngineFactory::create(engineConfig, engineName, rq.secrets);
                    if (!made) {
                        failure = made.error();
                    } else if ((*made)->runtimeClass() != cls) {
                        failure = makeError(QStringLiteral("tts.config"),
                                            QStringLiteral("engine %1 is configured as %2, but the workload uses it as %3")
                                                .arg(engineName, (*made)->runtimeClass(), cls));
                    } else {
                        slot.remote = made->get();
                        if (rq.sleep)
                            slot.remote->setSleepFunction(rq.sleep);
                        slot.endpoint = slot.remote->endpoint();
                        slot.engine = std::move(*made);
                    }
                }
                if (!failure)
                    slotIt = engines.emplace(cls, std::move(slot)).first;
            }
            if (failure) {
                const QDateTime now = QDateTime::currentDateTimeUtc();
                addAttempt(now, now, RunStatus::Failed, failure, label + QStringLiteral(": engine setup"), host);
            } else {
                EngineSlot &slot = slotIt->second;
                TtsEngine &engine = *slot.engine;
                spoken = SpokenText::build(ns.text, pronunciations,
                                           local ? SpokenText::Phonemes::Espeak : SpokenText::Phonemes::Unsupported);
                for (const QString &w : spoken.warnings())
                    log.line(label + QStringLiteral(": ") + w);
                SynthesisRequest req;
                req.text = spoken.text();
                req.language = narration.language.value_or(QString());
                req.speed = narration.speed.value_or(1.0);
                // The spec's voice and model are for its own engine (or the local voice when it
                // names none); other engines speak with their configured defaults.
                const bool specEngine = narration.engine ? *narration.engine == engineName : local;
                if (specEngine) {
                    req.voice = narration.voice;
                    req.model = narration.model.value_or(QString());
                }
                if (slot.remote)
                    req = slot.remote->withDefaults(req);
                const TtsCacheKey key = slot.remote ? slot.remote->cacheKey(req, pronunciationHash)
                                                    : TtsCacheKey::from(engine, req, {}, pronunciationHash);
                const QString attemptHost = slot.remote ? QUrl(slot.endpoint).host() : host;
                const QDateTime started = QDateTime::currentDateTimeUtc();
                if (workload.cache) {
                    if (std::optional<SynthesisResult> hit = cache.find(key)) {
                        addAttempt(started, QDateTime::currentDateTimeUtc(), RunStatus::Succeeded, std::nullopt,
                                   label + QStringLiteral(": cache hit %1, no synthesis").arg(key.hash().left(16)),
                                   attemptHost);
                        result = std::move(*hit);
                    }
                }
                if (!result) {
                    Result<SynthesisResult> r = makeError(QStringLiteral("tts.engine"), QStringLiteral("not run"));
                    if (slot.remote) {
                        QList<AttemptRecord> tries;
                        r = slot.remote->synthesizeWithAttempts(req, cancel, &tries);
                        for (const AttemptRecord &t : tries) {
                            std::optional<Error> e;
                            if (!t.errorCode.isEmpty() || t.outcome != QLatin1String("succeeded"))
                                e = makeError(t.errorCode, t.errorMessage.isEmpty() ? t.errorCode : t.errorMessage);
                            QString reason = label + QStringLiteral(": synthesis attempt %1").arg(t.number);
                            if (!t.retryReason.isEmpty())
                                reason += QStringLiteral(", retry after %1 (waited %2 ms)").arg(t.retryReason).arg(t.delay_ms);
                            if (t.httpStatus)
                                reason += QStringLiteral(", HTTP %1").arg(t.httpStatus);
                            const RunStatus st = t.outcome == QLatin1String("succeeded") ? RunStatus::Succeeded
                                                 : t.outcome == QLatin1String("cancelled") ? RunStatus::Cancelled
                                                                                           : RunStatus::Failed;
                            addAttempt(t.startedAt, t.endedAt, st, e, reason, attemptHost);
                        }
                        if (tries.isEmpty())
                            addAttempt(started, QDateTime::currentDateTimeUtc(), r ? RunStatus::Succeeded : RunStatus::Failed,
                                       r ? std::nullopt : std::optional<Error>(r.error()), label + QStringLiteral(": synthesis"),
                                       attemptHost);
                    } else {
                        r = engine.synthesize(req, cancel);
                        addAttempt(started, QDateTime::currentDateTimeUtc(), r ? RunStatus::Succeeded : RunStatus::Failed,
                                   r ? std::nullopt : std::optional<Error>(r.error()), label + QStringLiteral(": synthesis"),
                                   attemptHost);
                    }
                    if (!r) {
                        failure = r.error();
                    } else {
                        SynthesisResult s = std::move(*r);
                        if (s.engineName.isEmpty())
                            s.engineName = engine.name();
                        if (s.engineVersion.isEmpty())
                            s.engineVersion = engine.version();
                        if (!s.hasTimings || s.words.isEmpty()) {
                            AlignmentOptions opts;
                            opts.referenceSpeed = req.speed;
                            if (Status a = aligner.alignResult(s, req, opts, cancel); a && !s.words.isEmpty()) {
                                log.line(label + QStringLiteral(": words timed by forced alignment"));
                            } else {
                                if (cancel.isCancelled())
                                    return finish(RunStatus::Cancelled,
                                                  makeError(QStringLiteral("tts.cancelled"), QStringLiteral("cancelled")), {});
                                log.line(label + QStringLiteral(": forced alignment failed (%1); words estimated")
                                                     .arg(a ? QStringLiteral("no words") : a.error().toString()));
                                s.words = estimateWordTimings(req.text, splitWords(req.text, req.ssml), 0,
                                                              qint64(s.samples.size()));
                                s.hasTimings = true;
                            }
                        }
                        if (workload.cache)
                            if (Status st = cache.store(key, s); !st)
                                log.line(label + QStringLiteral(": cache store failed: ") + st.error().toString());
                        result = std::move(s);
                    }
                }
                if (result) {
                    cueEngine.name = result->engineName.isEmpty() ? engine.name() : result->engineName;
                    cueEngine.version = result->engineVersion.isEmpty() ? engine.version() : result->engineVersion;
                    cueEngine.runtimeClass = cls;
                    if (!req.voice.isEmpty())
                        cueEngine.voice = req.voice;
                    if (!req.model.isEmpty())
                        cueEngine.model = req.model;
                }
            }
            if (failure) {
                if (failure->code == QLatin1String("tts.cancelled") || cancel.isCancelled())
                    return finish(RunStatus::Cancelled, cleanError(*failure), {});
                const std::optional<QString> next = mayReroute ? workload.rerouteAfter(cls, failure->code) : std::nullopt;
                if (!next) {
                    Error e = cleanError(*failure);
                    e.message = QStringLiteral("narration segment %1 failed on %2 (%3) and no other runtime class may take it: %4")
                                    .arg(segId, cls, engineName, e.message);
                    return finish(RunStatus::Failed, e, {});
                }
                const QDateTime now = QDateTime::currentDateTimeUtc();
                addAttempt(now, now, RunStatus::Failed, cleanError(*failure),
                           QStringLiteral("segment %1: reroute from %2 to %3 after %4").arg(segId, cls, *next, failure->code),
                           host);
                classIndex = int(classes.indexOf(*next));
            }
        }

        // Place it on the track.
        if (narration.gainDb && *narration.gainDb != 0.0) {
            const float g = float(std::pow(10.0, *narration.gainDb / 20.0));
            for (float &v : result->samples)
                v *= g;
        }
        Placed p;
        p.original = result->samples;
        p.originalRate = result->sampleRate;
        if (result->sampleRate == kNarrationTrackRate) {
            p.track = result->samples;
        } else {
            Result<std::vector<float>> rs = Resampler::resampleMono(result->samples, result->sampleRate, kNarrationTrackRate);
            if (!rs)
                return finish(RunStatus::Failed, rs.error(), {});
            p.track = std::move(*rs);
        }
        p.segment = CueSegmentBuilder::fromSynthesis(spoken, *result, cueEngine, timeBase.framesToSamples(*frame), timeBase);
        p.segment.id = segId;
        p.segment.scene = ns.scene;
        if (ns.id)
            p.segment.narrationSegment = *ns.id;
        p.segment.narrationIndex = i;
        p.segment.charStart = 0;
        p.segment.charEnd = codePointLength(ns.text);
        p.runtimeClass = cueEngine.runtimeClass;
        servedBy[cueEngine.runtimeClass] += 1;
        placed.append(std::move(p));
    }
    if (callbacks.progress)
        callbacks.progress(total, total, QStringLiteral("assembling the narration track"));

    // ---- 4. Timing checks, the track, cues, captions. ----
    Findings findings;
    const qint64 tolerance = timeBase.msToSamples(rq.driftTolerance_ms);
    for (Placed &p : placed) {
        CueSegment &seg = p.segment;
        const QString ptr = QStringLiteral("/segments/%1").arg(seg.id);
        // Words in order, not overlapping.
        bool ordered = true;
        for (qsizetype w = 0; w < seg.words.size(); ++w) {
            const CueWord &cw = seg.words.at(w);
            if (cw.endSample < cw.startSample || cw.charEnd < cw.charStart)
                ordered = false;
            if (w > 0) {
                const CueWord &prev = seg.words.at(w - 1);
                if (cw.startSample < prev.endSample || cw.charStart < prev.charEnd)
                    ordered = false;
            }
        }
        if (!ordered) {
            Finding f = makeNarrationFinding("tts.words.order",
                                             QStringLiteral("segment %1: word timings out of order or overlapping; replaced by estimates").arg(seg.id),
                                             ptr);
            f.path = QStringLiteral("cues.json");
            findings.append(f);
            const QList<SynthesizedWord> est = estimateWordTimings(seg.sourceText, splitWords(seg.sourceText),
                                                                   seg.startSample, seg.endSample);
            seg.words = est;
        }
        // Within the scene.
        const int sceneIdx = spec.sceneIndex(seg.scene.value_or(QString()));
        if (sceneIdx >= 0) {
            const qint64 sceneEnd = sceneStarts.at(sceneIdx) + spec.scenes.at(sceneIdx).durationFrames;
            if (seg.endFrame > sceneEnd) {
                Finding f = makeNarrationFinding(
                    "tts.segment.too-long",
                    QStringLiteral("segment %1 ends at frame %2, %3 frame(s) after its scene %4 ends (frame %5)")
                        .arg(seg.id)
                        .arg(seg.endFrame)
                        .arg(seg.endFrame - sceneEnd)
                        .arg(*seg.scene)
                        .arg(sceneEnd),
                    ptr);
                f.frames = FrameRange{sceneEnd, seg.endFrame};
                f.evidence = {{"segmentEndFrame", seg.endFrame}, {"sceneEndFrame", sceneEnd}};
                f.path = QStringLiteral("cues.json");
                findings.append(f);
            }
        }
        // Coverage: the segment spans its audio, words stay inside it.
        const qint64 audioEnd = seg.startSample + qint64(p.track.size());
        const qint64 slack = std::max<qint64>(2, kNarrationTrackRate / 1000);
        bool covered = std::llabs(seg.endSample - audioEnd) <= slack;
        if (!seg.words.isEmpty())
            covered = covered && seg.words.first().startSample >= seg.startSample
                      && seg.words.last().endSample <= seg.endSample;
        else if (!p.track.empty())
            covered = false;
        if (!covered) {
            Finding f = makeNarrationFinding("tts.cues.coverage",
                                             QStringLiteral("segment %1: cues cover samples %2..%3 but its audio spans %2..%4")
                                                 .arg(seg.id)
                                                 .arg(seg.startSample)
                                                 .arg(seg.endSample)
                                                 .arg(audioEnd),
                                             ptr);
            f.evidence = {{"segmentEndSample", seg.endSample}, {"audioEndSample", audioEnd}};
            f.path = QStringLiteral("cues.json");
            findings.append(f);
        }
        // Drift: last word end vs the end of speech.
        if (!seg.words.isEmpty()) {
            const qint64 speech = seg.startSample + speechEnd(p.track);
            const qint64 drift = seg.words.last().endSample - speech;
            if (std::llabs(drift) > tolerance) {
                Finding f = makeNarrationFinding(
                    "tts.cues.drift",
                    QStringLiteral("segment %1: the last word ends %2 ms %3 the speech (tolerance %4 ms; timing source %5)")
                        .arg(seg.id)
                        .arg(timeBase.samplesToMs(std::llabs(drift)))
                        .arg(drift > 0 ? QStringLiteral("after") : QStringLiteral("before"))
                        .arg(rq.driftTolerance_ms)
                        .arg(toString(seg.words.last().source)),
                    ptr);
                f.evidence = {{"driftSamples", drift}, {"toleranceSamples", tolerance}, {"sampleRate", kNarrationTrackRate}};
                f.frames = FrameRange{timeBase.samplesToFramesFloor(std::min(speech, seg.words.last().endSample)),
                                      timeBase.samplesToFramesCeil(std::max(speech, seg.words.last().endSample))};
                f.path = QStringLiteral("cues.json");
                findings.append(f);
            }
        }
    }
    for (Finding &f : findings)
        f.variant = rq.variant;

    qint64 trackLength = timeBase.framesToSamples(spec.durationFrames);
    for (const Placed &p : placed)
        trackLength = std::max(trackLength, p.segment.startSample + qint64(p.track.size()));
    std::vector<float> track(size_t(trackLength), 0.0f);
    for (const Placed &p : placed)
        for (size_t s = 0; s < p.track.size(); ++s)
            track[size_t(p.segment.startSample) + s] += p.track[s];
    if (rq.normalizeLoudness) {
        // The track ships at the runbook's loudness, so the render's QA measures what it expects.
        const auto thresholds = QaThresholds::fromJson(runbook->qaThresholds());
        const QaThresholds qa = thresholds ? *thresholds : QaThresholds{};
        auto norm = normalizeLoudness(track, kNarrationTrackRate, qa.loudnessTargetLufs, qa.truePeakMaxDbtp);
        if (!norm)
            return finish(RunStatus::Failed, norm.error(), {});
        log.line(norm->silent ? QStringLiteral("loudness: the track is silent; left as it is")
                              : QStringLiteral("loudness: %1 LUFS, true peak %2 dBTP -> %3 LUFS, %4 dBTP "
                                               "(gain %5 dB, limiter %6 dB)")
                                    .arg(norm->measuredLufs, 0, 'f', 1).arg(norm->measuredTruePeakDbtp, 0, 'f', 1)
                                    .arg(norm->resultLufs, 0, 'f', 1).arg(norm->resultTruePeakDbtp, 0, 'f', 1)
                                    .arg(norm->gainDb, 0, 'f', 1).arg(norm->limitedDb, 0, 'f', 1));
    }

    CueTimeline timeline;
    timeline.specId = spec.id;
    if (!rq.variant.isEmpty())
        timeline.variant = rq.variant;
    timeline.runId = record.id;
    timeline.sampleRate = kNarrationTrackRate;
    timeline.fps = spec.canvas.fps;
    timeline.durationSamples = trackLength;
    for (const Placed &p : placed)
        timeline.segments.append(p.segment);
    std::stable_sort(timeline.segments.begin(), timeline.segments.end(),
                     [](const CueSegment &a, const CueSegment &b) { return a.startSample < b.startSample; });
    timeline.placeFrames();
    if (Status s = timeline.check(); !s)
        return finish(RunStatus::Failed, s.error(), {});

    const QStringList outputs = {QStringLiteral("narration.wav"), QStringLiteral("cues.json"),
                                 QStringLiteral("captions.vtt"), QStringLiteral("captions.srt")};
    const RunOutputs runOutputs{outputs, {}};
    if (Status s = writeWavS16(folder.filePath(QStringLiteral("narration.wav")), track, kNarrationTrackRate); !s)
        return finish(RunStatus::Failed, s.error(), runOutputs);
    bindCaptionLines(spec, timeline);
    if (Status s = saveCueTimeline(folder.filePath(QStringLiteral("cues.json")), timeline); !s)
        return finish(RunStatus::Failed, s.error(), runOutputs);
    const QList<CaptionCue> captions = captionsForSpec(spec, timeline);
    if (Status s = writeFileAtomically(folder.filePath(QStringLiteral("captions.vtt")),
                                       SubtitleWriter::toWebVtt(captions, spec.canvas.fps));
        !s)
        return finish(RunStatus::Failed, s.error(), runOutputs);
    if (Status s = writeFileAtomically(folder.filePath(QStringLiteral("captions.srt")),
                                       SubtitleWriter::toSrt(captions, spec.canvas.fps));
        !s)
        return finish(RunStatus::Failed, s.error(), runOutputs);
    if (Status s = writeJsonFile(folder.filePath(QStringLiteral("findings.json")), findingsToJson(findings)); !s)
        return finish(RunStatus::Failed, s.error(), runOutputs);

    // The class and engine that served the most segments name the run.
    QString mainClass = placed.first().runtimeClass;
    for (auto it = servedBy.cbegin(); it != servedBy.cend(); ++it)
        if (it.value() > servedBy.value(mainClass))
            mainClass = it.key();
    record.runtimeClass = runtimeClassFromString(mainClass).value_or(RuntimeClass::Local);
    for (const Placed &p : placed)
        if (p.runtimeClass == mainClass && p.segment.engine) {
            record.engineName = p.segment.engine->name;
            record.engineVersion = p.segment.engine->version;
            break;
        }
    record.media->durationSamples = trackLength;
    record.qa.findingsPath = QStringLiteral("findings.json");
    record.qa.blockers = countBySeverity(findings, Severity::Blocker);
    record.qa.warnings = countBySeverity(findings, Severity::Warning);
    record.qa.info = countBySeverity(findings, Severity::Info);
    record.qa.state = findings.isEmpty() ? QStringLiteral("not-run") : QStringLiteral("findings");
    log.line(QStringLiteral("served by: %1").arg([&] {
        QStringList parts;
        for (auto it = servedBy.cbegin(); it != servedBy.cend(); ++it)
            parts << QStringLiteral("%1 x%2").arg(it.key()).arg(it.value());
        return parts.join(QStringLiteral(", "));
    }()));
    outcome.findings = findings;
    if (cancel.isCancelled())
        return finish(RunStatus::Cancelled, makeError(QStringLiteral("tts.cancelled"), QStringLiteral("cancelled")), runOutputs);
    return finish(RunStatus::Succeeded, std::nullopt, runOutputs);
}

} // namespace greenlight
