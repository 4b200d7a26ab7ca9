#include "review/reviewsession.h"

#include "cues/subtitleimporter.h"
#include "cues/timebase.h"
#include "media/avhandles.h"
#include "media/loudnessmeter.h"
#include "media/streamreader.h"
#include "qa/qathresholds.h"
#include "run/runfolder.h"
#include "runbook/runbook.h"
#include "semantic/observationstore.h"

extern "C" {
#include <libavutil/samplefmt.h>
}

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <limits>

namespace greenlight {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

FrameSpans spansFrom(const Json &array)
{
    FrameSpans spans;
    if (!array.is_array())
        return spans;
    for (const Json &s : array)
        if (s.is_object() && s.contains("start") && s.contains("end") && s["start"].is_number_integer()
            && s["end"].is_number_integer())
            spans.append(FrameSpan{s["start"].get<qint64>(), s["end"].get<qint64>()});
    return spans;
}

// The sample at frame boundary `frame`: ceil(frame * sampleRate * den / num).
qint64 frameStartSample(qint64 frame, int sampleRate, const Rational &fps)
{
    return ceilDiv(frame * qint64(sampleRate) * fps.den, fps.num);
}

// Mono mix of one decoded audio frame into `out` (resized to the frame's samples).
void mixMono(const AVFrame *frame, std::vector<float> &out)
{
    const auto format = AVSampleFormat(frame->format);
    const int channels = std::max(1, frame->ch_layout.nb_channels);
    const int n = frame->nb_samples;
    const bool planar = av_sample_fmt_is_planar(format);
    const AVSampleFormat packed = av_get_packed_sample_fmt(format);
    const auto sampleAt = [&](int i, int c) -> float {
        const uint8_t *base = planar ? frame->extended_data[c] : frame->extended_data[0];
        const int index = planar ? i : i * channels + c;
        switch (packed) {
        case AV_SAMPLE_FMT_U8: return (float(base[index]) - 128.0f) / 128.0f;
        case AV_SAMPLE_FMT_S16: return float(reinterpret_cast<const int16_t *>(base)[index]) / 32768.0f;
        case AV_SAMPLE_FMT_S32: return float(double(reinterpret_cast<const int32_t *>(base)[index]) / 2147483648.0);
        case AV_SAMPLE_FMT_S64:
            return float(double(reinterpret_cast<const int64_t *>(base)[index]) / 9223372036854775808.0);
        case AV_SAMPLE_FMT_FLT: return reinterpret_cast<const float *>(base)[index];
        case AV_SAMPLE_FMT_DBL: return float(reinterpret_cast<const double *>(base)[index]);
        default: return 0.0f;
        }
    };
    out.resize(size_t(std::max(0, n)));
    for (int i = 0; i < n; ++i) {
        float sum = 0.0f;
        for (int c = 0; c < channels; ++c)
            sum += sampleAt(i, c);
        out[size_t(i)] = sum / float(channels);
    }
}

// Per-frame lowest and highest sample of a mono stream, fed in pieces, so a long programme's
// audio never has to be held whole.
class PeakAccumulator
{
public:
    PeakAccumulator(int sampleRate, const Rational &fps, qint64 frameCount)
        : m_rate(sampleRate), m_fps(fps), m_fixed(frameCount > 0)
    {
        if (m_fixed) {
            m_peaks.minimum.assign(size_t(frameCount), 0.0f);
            m_peaks.maximum.assign(size_t(frameCount), 0.0f);
        }
        m_peaks.sampleRate = sampleRate;
        m_frameEnd = frameStartSample(1, m_rate, m_fps);
    }

    void add(const float *samples, size_t n)
    {
        for (size_t i = 0; i < n; ++i, ++m_sample) {
            while (m_sample >= m_frameEnd) {
                ++m_frame;
                m_frameEnd = frameStartSample(m_frame + 1, m_rate, m_fps);
            }
            if (!m_fixed && m_frame >= qint64(m_peaks.maximum.size())) {
                m_peaks.minimum.resize(size_t(m_frame + 1), 0.0f);
                m_peaks.maximum.resize(size_t(m_frame + 1), 0.0f);
            }
            if (m_frame >= qint64(m_peaks.maximum.size()))
                return; // audio past the last frame
            float &lo = m_peaks.minimum[size_t(m_frame)];
            float &hi = m_peaks.maximum[size_t(m_frame)];
            lo = std::min(lo, samples[i]);
            hi = std::max(hi, samples[i]);
        }
    }

    WaveformPeaks take() { return std::move(m_peaks); }

private:
    int m_rate;
    Rational m_fps;
    bool m_fixed;
    WaveformPeaks m_peaks;
    qint64 m_sample = 0;
    qint64 m_frame = 0;
    qint64 m_frameEnd = 0;
};

// Loudness windows (100 ms each) onto the frame grid: frame f takes the window its start lies in.
std::vector<float> windowsToFrames(const std::vector<float> &windows, int windowMs, const Rational &fps,
                                   qint64 frameCount)
{
    std::vector<float> perFrame;
    if (windows.empty() || fps.num <= 0 || fps.den <= 0 || frameCount <= 0 || windowMs <= 0)
        return perFrame;
    perFrame.resize(size_t(frameCount), kNaN);
    for (qint64 f = 0; f < frameCount; ++f) {
        const qint64 w = (f * fps.den * 1000) / (fps.num * windowMs);
        if (w < qint64(windows.size())) {
            const float v = windows[size_t(w)];
            perFrame[size_t(f)] = (std::isfinite(v) && v > -120.0f) ? v : kNaN;
        }
    }
    return perFrame;
}

} // namespace

Result<ReviewSession> ReviewSession::open(const QString &runDir, const ReviewSessionOptions &options)
{
    ReviewSession s;
    s.m_runDir = QFileInfo(runDir).absoluteFilePath();
    s.m_projectRoot = projectRootOfRun(s.m_runDir);
    const QDir dir(s.m_runDir);
    const QString runJson = dir.filePath(QStringLiteral("run.json"));
    if (!QFileInfo::exists(runJson))
        return makeError(QStringLiteral("review.run.missing"),
                         QStringLiteral("this folder is not a run: it has no run.json"), s.m_runDir);
    auto record = loadRunRecord(runJson);
    if (!record)
        return record.error();
    s.m_run = *record;

    if (s.m_run.media) {
        s.m_fps = s.m_run.media->fps;
        s.m_frameCount = s.m_run.media->durationFrames;
    }
    for (const RunArtifact &a : s.m_run.artifacts)
        if (a.role == QLatin1String("video") && s.m_videoPath.isEmpty())
            s.m_videoPath = dir.filePath(a.path);
    for (const RunInput &in : s.m_run.inputs)
        if (in.role == QLatin1String("narration-audio"))
            s.m_narrationAudioPath = s.resolvePath(in.path);
    if (s.m_narrationAudioPath.isEmpty() && s.m_run.kind == RunKind::Tts) {
        for (const RunArtifact &a : s.m_run.artifacts)
            if (a.role == QLatin1String("audio") || a.path.endsWith(QLatin1String(".wav")))
                s.m_narrationAudioPath = dir.filePath(a.path);
        if (s.m_narrationAudioPath.isEmpty() && QFileInfo::exists(dir.filePath(QStringLiteral("narration.wav"))))
            s.m_narrationAudioPath = dir.filePath(QStringLiteral("narration.wav"));
    }

    std::optional<Json> props;
    if (const QString propsPath = dir.filePath(QStringLiteral("props.json")); QFileInfo::exists(propsPath)) {
        auto json = readJsonFile(propsPath);
        if (json && json->is_object()) {
            props = *json;
            s.loadProps(*props);
        } else {
            s.m_warnings << (json ? QStringLiteral("props.json is not an object; scenes are not shown")
                                  : QStringLiteral("scenes are not shown: %1").arg(json.error().toString()));
        }
    }

    s.loadCues();
    if (s.m_fps.num <= 0 && s.m_cues)
        s.m_fps = s.m_cues->fps;
    if (s.m_frameCount <= 0 && s.m_cues) {
        qint64 end = 0;
        for (const CueSegment &seg : s.m_cues->segments)
            end = std::max(end, seg.endFrame);
        if (s.m_cues->durationSamples)
            end = std::max(end, s.m_cues->timeBase().samplesToFramesCeil(*s.m_cues->durationSamples));
        s.m_frameCount = end;
    }
    if (s.m_scenes.isEmpty() && s.m_cues) {
        // No resolved props (a TTS run): the scenes the cue segments are bound to.
        for (const CueSegment &seg : s.m_cues->segments) {
            if (!seg.scene)
                continue;
            if (!s.m_scenes.isEmpty() && s.m_scenes.last().id == *seg.scene) {
                s.m_scenes.last().endFrame = std::max(s.m_scenes.last().endFrame, seg.endFrame);
                continue;
            }
            s.m_scenes.append(ReviewScene{*seg.scene, {}, seg.startFrame, seg.endFrame});
        }
    }

    s.loadCaptions(props ? &*props : nullptr);
    s.loadFindings(options);
    s.loadSignals();
    if (s.m_fps.num <= 0 || s.m_fps.den <= 0) {
        s.m_warnings << QStringLiteral("the run names no frame rate; 30 fps is assumed");
        s.m_fps = Rational{30, 1};
    }
    if (options.decodeAudio)
        s.loadAudio();
    return s;
}

QString ReviewSession::resolvePath(const QString &path) const
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir(m_projectRoot).filePath(path);
}

void ReviewSession::loadProps(const Json &props)
{
    if (m_fps.num <= 0 && props.contains("canvas") && props["canvas"].contains("fps")) {
        const Json &fps = props["canvas"]["fps"];
        m_fps = Rational{fps.value("num", qint64(0)), fps.value("den", qint64(1))};
    }
    if (m_frameCount <= 0)
        m_frameCount = props.value("durationFrames", qint64(0));
    const auto scenes = props.find("scenes");
    if (scenes == props.end() || !scenes->is_array())
        return;
    for (const Json &sj : *scenes) {
        if (!sj.is_object())
            continue;
        ReviewScene scene;
        scene.id = toQString(sj.value("id", std::string()));
        scene.role = toQString(sj.value("role", std::string()));
        scene.startFrame = sj.value("startFrame", qint64(0));
        scene.endFrame = sj.contains("endFrame") ? sj.value("endFrame", qint64(0))
                                                  : scene.startFrame + sj.value("durationFrames", qint64(0));
        m_scenes.append(scene);
    }
}

void ReviewSession::loadCues()
{
    QString path;
    for (const RunInput &in : m_run.inputs)
        if (in.role == QLatin1String("narration-cues"))
            path = resolvePath(in.path);
    if (path.isEmpty() && !m_narrationAudioPath.isEmpty()) {
        const QString beside = QFileInfo(m_narrationAudioPath).absoluteDir().filePath(QStringLiteral("cues.json"));
        if (QFileInfo::exists(beside))
            path = beside;
    }
    if (path.isEmpty()) {
        const QString own = QDir(m_runDir).filePath(QStringLiteral("cues.json"));
        if (QFileInfo::exists(own))
            path = own;
    }
    if (path.isEmpty())
        return;
    auto cues = loadCueTimeline(path);
    if (!cues) {
        m_warnings << QStringLiteral("narration cues are not shown: %1").arg(cues.error().toString());
        return;
    }
    m_cues = std::move(*cues);
    m_cuesPath = path;
}

void ReviewSession::loadCaptions(const Json *props)
{
    if (props && props->contains("burnedCaptions")) {
        const Json &cues = (*props)["burnedCaptions"].value("cues", Json::array());
        for (const Json &c : cues) {
            ReviewCaption caption;
            caption.startFrame = c.value("startFrame", qint64(0));
            caption.endFrame = c.value("endFrame", qint64(0));
            QStringList lines;
            for (const Json &line : c.value("lines", Json::array()))
                lines << toQString(line.value("text", std::string()));
            caption.text = lines.join(QLatin1Char('\n'));
            m_captions.append(caption);
        }
        m_captionsSource = QStringLiteral("props.json (burned in)");
        return;
    }

    QStringList candidates;
    for (const QString &name : {QStringLiteral("captions.vtt"), QStringLiteral("captions.srt")})
        candidates << QDir(m_runDir).filePath(name);
    if (!m_cuesPath.isEmpty()) {
        const QDir narrationDir = QFileInfo(m_cuesPath).absoluteDir();
        if (narrationDir.absolutePath() != m_runDir)
            for (const QString &name : {QStringLiteral("captions.vtt"), QStringLiteral("captions.srt")})
                candidates << narrationDir.filePath(name);
    }
    for (const QString &file : std::as_const(candidates)) {
        if (!QFileInfo::exists(file))
            continue;
        SubtitleImportOptions options;
        options.fps = m_fps.num > 0 ? m_fps : Rational{30, 1};
        QStringList importWarnings;
        auto imported = SubtitleImporter::importFile(file, options, &importWarnings);
        if (!imported) {
            m_warnings << QStringLiteral("captions are not shown: %1").arg(imported.error().toString());
            continue;
        }
        for (const CueSegment &seg : imported->segments)
            m_captions.append(ReviewCaption{seg.startFrame, seg.endFrame, seg.sourceText});
        m_captionsSource = QDir(m_projectRoot).relativeFilePath(file);
        return;
    }
}

void ReviewSession::loadFindings(const ReviewSessionOptions &options)
{
    auto runbook = Runbook::forProject(m_projectRoot);
    if (runbook) {
        if (auto thresholds = QaThresholds::fromJson(runbook->qaThresholds())) {
            m_signals.loudnessTargetLufs = thresholds->loudnessTargetLufs;
            m_signals.loudnessToleranceLu = thresholds->loudnessToleranceLu;
            m_signals.ssimThreshold = thresholds->ssimThreshold;
        }
        auto evaluation = evaluateGate(m_runDir, *runbook, options.workload);
        if (evaluation) {
            m_findings = evaluation->findings;
            m_gate = std::move(*evaluation);
            return;
        }
        m_warnings << QStringLiteral("the gate cannot be evaluated: %1").arg(evaluation.error().toString());
    } else {
        m_warnings << QStringLiteral("the project's runbook cannot be read: %1").arg(runbook.error().toString());
    }
    // Without the gate: the run's own findings as they are.
    const QString findingsPath = QDir(m_runDir).filePath(QStringLiteral("findings.json"));
    if (QFileInfo::exists(findingsPath)) {
        auto json = readJsonFile(findingsPath);
        auto findings = json ? findingsFromJson(*json) : Result<Findings>(json.error());
        if (findings)
            m_findings += *findings;
        else
            m_warnings << QStringLiteral("findings.json cannot be read: %1").arg(findings.error().toString());
    }
    auto observations = ObservationStore::open(m_runDir);
    if (observations)
        m_findings += observations->observations();
    else
        m_warnings << QStringLiteral("observations cannot be read: %1").arg(observations.error().toString());
}

void ReviewSession::loadSignals()
{
    const QString path = QDir(m_runDir).filePath(QStringLiteral("signals.json"));
    if (!QFileInfo::exists(path))
        return;
    auto json = readJsonFile(path);
    if (!json || !json->is_object()) {
        m_warnings << QStringLiteral("QA signals are not shown: %1")
                          .arg(json ? QStringLiteral("signals.json is not an object") : json.error().toString());
        return;
    }
    const Json &j = *json;
    // The per-frame series: the whole document, or nested under "series".
    const Json *seriesJson = nullptr;
    if (j.contains("series") && j["series"].is_object())
        seriesJson = &j["series"];
    else if (j.contains("video") && j["video"].is_object() && j["video"].contains("lumaMean"))
        seriesJson = &j;
    if (seriesJson) {
        auto series = SignalSeries::fromJson(*seriesJson);
        if (series) {
            m_signals.series = *series;
            const qint64 frames = m_frameCount > 0 ? m_frameCount : series->frameCount;
            const Rational fps = m_fps.num > 0 ? m_fps : series->fps;
            m_signals.loudnessLufs =
                windowsToFrames(series->momentaryLufs, SignalSeries::kLoudnessWindowMs, fps, frames);
            if (!m_signals.loudnessLufs.empty())
                m_signals.loudnessSource = QStringLiteral("signals.json");
            m_signals.ssim = series->ssim;
        } else {
            m_warnings << QStringLiteral("the per-frame QA signals cannot be read: %1").arg(series.error().toString());
        }
    }
    m_signals.blackSpans = spansFrom(j.value("blackSpans", Json::array()));
    m_signals.frozenSpans = spansFrom(j.value("frozenSpans", Json::array()));
    if (j.contains("baseline") && j["baseline"].is_object())
        m_signals.changedSpans = spansFrom(j["baseline"].value("changedSpans", Json::array()));
    if (j.contains("audio") && j["audio"].is_object())
        for (const Json &s : j["audio"].value("silentSpans", Json::array()))
            if (s.is_object() && s.contains("frames")) {
                const FrameSpans one = spansFrom(Json::array({s["frames"]}));
                if (!one.isEmpty() && !one.first().isEmpty())
                    m_signals.silentSpans.append(one.first());
            }
    if (m_fps.num <= 0 && j.contains("fps") && j["fps"].is_object())
        m_fps = Rational{j["fps"].value("num", qint64(0)), j["fps"].value("den", qint64(1))};
    if (m_frameCount <= 0)
        m_frameCount = j.value("frameCount", qint64(0));
}

void ReviewSession::loadAudio()
{
    QStringList sources;
    if (!m_videoPath.isEmpty())
        sources << m_videoPath;
    if (!m_narrationAudioPath.isEmpty())
        sources << m_narrationAudioPath;
    if (sources.isEmpty())
        return;
    QStringList problems;
    for (const QString &source : std::as_const(sources)) {
        std::vector<float> loudness;
        const bool wantLoudness = m_signals.loudnessLufs.empty();
        auto peaks = decodePeaks(source, m_fps, m_frameCount, wantLoudness ? &loudness : nullptr);
        if (!peaks) {
            if (peaks.error().code != QLatin1String("review.audio.none"))
                problems << peaks.error().toString();
            continue;
        }
        m_waveform = std::move(*peaks);
        if (wantLoudness && !loudness.empty()) {
            m_signals.loudnessLufs = std::move(loudness);
            m_signals.loudnessSource = QStringLiteral("measured");
        }
        return;
    }
    m_warnings << (problems.isEmpty() ? QStringLiteral("the run has no audio to draw a waveform of")
                                      : QStringLiteral("no waveform: %1").arg(problems.join(QStringLiteral("; "))));
}

const ReviewScene *ReviewSession::sceneAt(qint64 frame) const
{
    for (const ReviewScene &s : m_scenes)
        if (frame >= s.startFrame && frame < s.endFrame)
            return &s;
    return nullptr;
}

int ReviewSession::timecodeBase(const Rational &fps)
{
    if (fps.num <= 0 || fps.den <= 0)
        return 30;
    return int(std::max<qint64>(1, roundedDiv(fps.num, fps.den)));
}

QString ReviewSession::timecode(qint64 frame, const Rational &fps)
{
    const qint64 base = timecodeBase(fps);
    const bool negative = frame < 0;
    qint64 f = negative ? -frame : frame;
    const qint64 ff = f % base;
    f /= base;
    const qint64 ss = f % 60;
    f /= 60;
    const qint64 mm = f % 60;
    const qint64 hh = f / 60;
    const auto two = [](qint64 v) { return QStringLiteral("%1").arg(v, 2, 10, QLatin1Char('0')); };
    QString text = two(hh) + QLatin1Char(':') + two(mm) + QLatin1Char(':') + two(ss) + QLatin1Char(':') + two(ff);
    return negative ? QString(QLatin1Char('-') + text) : text;
}

WaveformPeaks ReviewSession::peaksFromSamples(const std::vector<float> &samples, int sampleRate, const Rational &fps,
                                              qint64 frameCount)
{
    if (sampleRate <= 0 || fps.num <= 0 || fps.den <= 0) {
        WaveformPeaks none;
        none.sampleRate = sampleRate;
        return none;
    }
    PeakAccumulator peaks(sampleRate, fps, frameCount);
    peaks.add(samples.data(), samples.size());
    return peaks.take();
}

Result<WaveformPeaks> ReviewSession::decodePeaks(const QString &mediaPath, const Rational &fps, qint64 frameCount,
                                                 std::vector<float> *momentaryLufs)
{
    av::initLogging();
    StreamReader reader;
    if (Status s = reader.open(mediaPath, false, true, 1); !s)
        return s.error();
    if (!reader.audioStream())
        return makeError(QStringLiteral("review.audio.none"), QStringLiteral("the file has no audio stream"),
                         mediaPath);
    if (fps.num <= 0 || fps.den <= 0)
        return makeError(QStringLiteral("review.audio.none"), QStringLiteral("no frame rate to place the audio on"),
                         mediaPath);
    std::vector<float> mono;
    std::optional<PeakAccumulator> accumulator;
    LoudnessMeter meter;
    Status meterStatus;
    for (StreamReader::Event e = reader.next(); e != StreamReader::Event::End; e = reader.next()) {
        if (e != StreamReader::Event::Audio)
            continue;
        AVFrame *frame = reader.audioFrame();
        if (!accumulator && frame->sample_rate > 0)
            accumulator.emplace(frame->sample_rate, fps, frameCount);
        if (!accumulator)
            continue;
        mixMono(frame, mono);
        accumulator->add(mono.data(), mono.size());
        if (momentaryLufs && meterStatus.ok())
            meterStatus = meter.push(frame);
    }
    if (!accumulator)
        return makeError(QStringLiteral("review.audio.none"), QStringLiteral("the audio stream holds no samples"),
                         mediaPath);
    WaveformPeaks peaks = accumulator->take();
    peaks.sourcePath = mediaPath;
    if (momentaryLufs) {
        if (meterStatus.ok())
            meterStatus = meter.finish();
        if (meterStatus.ok() && meter.measured())
            *momentaryLufs = windowsToFrames(meter.momentaryLufs(), SignalSeries::kLoudnessWindowMs, fps,
                                             peaks.frameCount());
    }
    return peaks;
}

} // namespace greenlight
