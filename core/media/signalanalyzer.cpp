#include "media/signalanalyzer.h"

#include "media/lumaplane.h"
#include "media/mediaprobe.h"
#include "media/silencedetector.h"
#include "media/streamreader.h"

extern "C" {
#include <libavutil/mathematics.h>
}

#include <cmath>
#include <limits>

namespace greenlight {

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

Error cancelled()
{
    return makeError(QStringLiteral("cancelled"), QStringLiteral("the analysis was cancelled"));
}

// Places frames on the video's frame grid.
class FrameClock
{
public:
    FrameClock(const AVStream *stream, const Rational &fps, bool sequential)
        : m_timeBase(stream->time_base), m_fps(fps), m_sequential(sequential || fps.num <= 0),
          m_start(stream->start_time)
    {
    }

    qint64 indexOf(const AVFrame *frame)
    {
        const qint64 pts = frame->best_effort_timestamp;
        if (m_start == AV_NOPTS_VALUE)
            m_start = pts;
        if (m_sequential || pts == AV_NOPTS_VALUE || m_start == AV_NOPTS_VALUE)
            return m_counter++;
        ++m_counter;
        // (pts - start) * tb * fps, rounded to the nearest frame.
        return av_rescale_rnd(pts - m_start, qint64(m_timeBase.num) * m_fps.num,
                              qint64(m_timeBase.den) * m_fps.den, AV_ROUND_NEAR_INF);
    }

    double startSeconds() const
    {
        return m_start == AV_NOPTS_VALUE ? 0.0 : double(m_start) * av::toDouble(m_timeBase);
    }

private:
    AVRational m_timeBase;
    Rational m_fps;
    bool m_sequential;
    qint64 m_start;
    qint64 m_counter = 0;
};

// The baseline, decoded in the same loop and advanced to the output's frame index.
struct BaselineTrack
{
    StreamReader reader;
    std::optional<FrameClock> clock;
    LumaPlane plane;
    qint64 index = -1;
    bool ended = false;

    // Makes `plane` hold the baseline frame of `target` if there is one.
    bool seek(qint64 target, int width, int height)
    {
        while (!ended && index < target) {
            if (reader.next() != StreamReader::Event::Video) {
                ended = true;
                break;
            }
            const qint64 i = clock->indexOf(reader.videoFrame());
            if (i <= index)
                continue; // a second frame on the same slot
            index = i;
            if (index >= target)
                plane.fill(reader.videoFrame(), width, height);
        }
        return index == target && !plane.isEmpty();
    }
};

qint64 toFrame(qint64 sample, int sampleRate, double offsetSeconds, const Rational &fps)
{
    const double seconds = double(sample) / sampleRate + offsetSeconds;
    return std::max<qint64>(0, std::llround(seconds * fps.toDouble()));
}

} // namespace

SignalAnalyzer::SignalAnalyzer(AnalysisOptions options) : m_options(std::move(options)) {}

Result<SignalAnalysis> SignalAnalyzer::analyze(const QString &path, const ProgressFn &progress) const
{
    const Result<MediaInfo> info = probeMedia(path);
    if (!info)
        return info.error();
    return analyze(path, *info, progress);
}

Result<SignalAnalysis> SignalAnalyzer::analyze(const QString &path, const MediaInfo &info,
                                               const ProgressFn &progress) const
{
    const AnalysisOptions &o = m_options;
    StreamReader reader;
    if (Status s = reader.open(path, o.analyzeVideo, o.analyzeAudio, o.decoderThreads); !s.ok())
        return s.error();

    SignalAnalysis result;
    SignalSeries &series = result.series;
    const VideoStreamInfo *video = info.primaryVideo();
    result.hasVideo = video && reader.videoStream();
    result.hasAudio = reader.audioStream() != nullptr;

    std::optional<FrameClock> clock;
    QSize planeSize;
    if (result.hasVideo) {
        series.fps = video->fps;
        series.variableFrameRate = video->variableFrameRate;
        clock.emplace(reader.videoStream(), video->fps, video->variableFrameRate);
        planeSize = LumaPlane::analysisSize(video->width, video->height);
        series.planeWidth = planeSize.width();
        series.planeHeight = planeSize.height();
        const size_t expected = size_t(std::max<qint64>(0, video->frameCount)) + 16;
        series.lumaMean.reserve(expected);
        series.darkFraction.reserve(expected);
        series.diff.reserve(expected);
    }

    std::unique_ptr<BaselineTrack> baseline;
    if (result.hasVideo && !o.baselinePath.isEmpty()) {
        const Result<MediaInfo> baseInfo = probeMedia(o.baselinePath);
        if (!baseInfo)
            return makeError(QStringLiteral("media.baseline-unreadable"),
                             QStringLiteral("the baseline cannot be read: %1").arg(baseInfo.error().message),
                             o.baselinePath);
        const VideoStreamInfo *baseVideo = baseInfo->primaryVideo();
        if (!baseVideo)
            return makeError(QStringLiteral("media.baseline-unreadable"),
                             QStringLiteral("the baseline has no picture stream"), o.baselinePath);
        baseline = std::make_unique<BaselineTrack>();
        if (Status s = baseline->reader.open(o.baselinePath, true, false, o.decoderThreads); !s.ok())
            return makeError(QStringLiteral("media.baseline-unreadable"), s.error().message, o.baselinePath);
        baseline->clock.emplace(baseline->reader.videoStream(), baseVideo->fps, baseVideo->variableFrameRate);
        result.hasBaseline = true;
        result.baselineFrames = baseVideo->frameCount;
        series.ssim.reserve(series.lumaMean.capacity());
    }

    LumaPlane planes[2];
    LumaPlane reference;
    int current = 0;
    qint64 referenceIndex = -1;
    qint64 previousIndex = -1;
    qint64 nextIndex = 0;
    std::vector<quint8> black, frozen;
    black.reserve(series.lumaMean.capacity());
    frozen.reserve(series.lumaMean.capacity());
    int blackThreshold = -1;
    double ssimSum = 0.0;

    int sampleRate = 0; // of the decoded audio (may differ from the container's, e.g. HE-AAC)
    std::optional<SilenceDetector> silence;
    LoudnessMeter meter;
    std::optional<double> audioStartSeconds;
    Status audioStatus;

    const double duration = info.durationSeconds > 0 ? info.durationSeconds : 0.0;
    qint64 events = 0;
    const auto reportProgress = [&]() {
        if (!progress || (++events & 31) != 0)
            return true;
        return progress(duration > 0 ? std::clamp(reader.positionSeconds() / duration, 0.0, 0.999) : 0.0);
    };

    while (true) {
        const StreamReader::Event event = reader.next();
        if (event == StreamReader::Event::End)
            break;
        if (event == StreamReader::Event::Audio) {
            AVFrame *frame = reader.audioFrame();
            if (!audioStartSeconds) {
                const qint64 pts = frame->best_effort_timestamp;
                audioStartSeconds = pts == AV_NOPTS_VALUE
                                        ? 0.0
                                        : double(pts) * av::toDouble(reader.audioStream()->time_base);
                sampleRate = frame->sample_rate;
                silence.emplace(o.silenceThresholdDbfs, qint64(sampleRate) * o.minSilenceMs / 1000);
            }
            silence->push(frame);
            if (audioStatus.ok())
                audioStatus = meter.push(frame);
            if (!reportProgress())
                return cancelled();
            continue;
        }

        AVFrame *frame = reader.videoFrame();
        const qint64 index = clock->indexOf(frame);
        ++result.decodedFrames;
        if (index < nextIndex) {
            ++result.droppedFrames;
            continue;
        }
        LumaPlane &cur = planes[current];
        LumaPlane &prev = planes[current ^ 1];
        if (!cur.fill(frame, planeSize.width(), planeSize.height()))
            return makeError(QStringLiteral("media.unreadable"),
                             QStringLiteral("frames of this pixel format cannot be analyzed"), path);
        if (blackThreshold < 0)
            blackThreshold = cur.blackThreshold(o.blackPixelThreshold);

        // Grid slots without a frame hold the previous picture.
        while (nextIndex < index && !series.lumaMean.empty()) {
            series.lumaMean.push_back(series.lumaMean.back());
            series.darkFraction.push_back(series.darkFraction.back());
            series.diff.push_back(0.0f);
            if (baseline)
                series.ssim.push_back(kNaN);
            black.push_back(black.back());
            frozen.push_back(0);
            ++result.frameGaps;
            ++nextIndex;
        }
        nextIndex = std::max(nextIndex, index); // a first frame past slot 0 starts the grid there
        while (qint64(series.lumaMean.size()) < nextIndex) {
            series.lumaMean.push_back(kNaN);
            series.darkFraction.push_back(kNaN);
            series.diff.push_back(kNaN);
            if (baseline)
                series.ssim.push_back(kNaN);
            black.push_back(0);
            frozen.push_back(0);
            ++result.frameGaps;
        }

        const LumaPlane::Stats stats = cur.stats(blackThreshold);
        series.lumaMean.push_back(float(stats.meanLuma));
        series.darkFraction.push_back(float(stats.darkFraction));
        const double diff = prev.isEmpty() ? 0.0 : cur.meanAbsDiff(prev);
        series.diff.push_back(float(diff));
        black.push_back(stats.darkFraction >= o.blackPictureRatio ? 1 : 0);
        frozen.push_back(0);
        // Outside a still run the reference is the previous frame: reuse its difference.
        const bool referenceIsPrevious = referenceIndex >= 0 && referenceIndex == previousIndex;
        if (referenceIndex >= 0
            && (referenceIsPrevious ? diff : cur.meanAbsDiff(reference)) <= o.freezeNoise) {
            frozen[size_t(referenceIndex)] = 1;
            frozen.back() = 1;
        } else {
            reference.assignPixels(cur);
            referenceIndex = index;
        }

        if (baseline) {
            float ssim = kNaN;
            if (baseline->seek(index, planeSize.width(), planeSize.height())) {
                ssim = float(cur.ssim(baseline->plane));
                if (std::isfinite(ssim)) {
                    ++result.comparedFrames;
                    ssimSum += ssim;
                    result.ssimMin = std::min(result.ssimMin, double(ssim));
                }
            }
            series.ssim.push_back(ssim);
        }
        current ^= 1;
        previousIndex = index;
        nextIndex = index + 1;
        if (!reportProgress())
            return cancelled();
    }

    result.decodeErrors = reader.decodeErrors();
    if (result.hasVideo && series.lumaMean.empty())
        return makeError(QStringLiteral("media.unreadable"),
                         QStringLiteral("no picture of this file can be decoded (truncated or damaged)"), path);

    series.frameCount = qint64(series.lumaMean.size());
    const qint64 irregular = result.frameGaps + result.droppedFrames;
    if (result.hasVideo && irregular > std::max<qint64>(2, series.frameCount / 100))
        series.variableFrameRate = true;
    if (result.comparedFrames > 0)
        result.ssimMean = ssimSum / double(result.comparedFrames);

    for (size_t i = 0; i < frozen.size(); ++i)
        frozen[i] = frozen[i] && !black[i];
    result.blackSpans = spansFromMask(black);
    result.frozenSpans = spansFromMask(frozen);
    if (baseline) {
        std::vector<quint8> changed(series.ssim.size(), 0);
        for (size_t i = 0; i < changed.size(); ++i)
            changed[i] = std::isfinite(series.ssim[i]) && series.ssim[i] < o.ssimThreshold ? 1 : 0;
        result.changedSpans = spansFromMask(changed);
    }

    if (result.hasAudio && !silence)
        silence.emplace(o.silenceThresholdDbfs, 0); // the stream decoded to nothing: 0 samples
    if (result.hasAudio) {
        silence->finish();
        if (audioStatus.ok())
            audioStatus = meter.finish();
        result.audioSampleRate = sampleRate;
        result.audioSamples = silence->samples();
        series.sampleRate = sampleRate;
        result.audioOffsetSeconds = audioStartSeconds.value_or(0.0) - (clock ? clock->startSeconds() : 0.0);
        if (audioStatus.ok() && meter.measured()) {
            result.loudness = meter.summary();
            series.momentaryLufs = meter.momentaryLufs();
        }
        for (const FrameSpan &s : silence->spans()) {
            SilenceSpan span;
            span.samples = s;
            if (result.hasVideo) {
                span.frames.start = std::min(series.frameCount,
                                             toFrame(s.start, sampleRate, result.audioOffsetSeconds, series.fps));
                span.frames.end = std::min(series.frameCount,
                                           toFrame(s.end, sampleRate, result.audioOffsetSeconds, series.fps));
            }
            result.silentSpans.append(span);
        }
    }
    if (progress && !progress(1.0))
        return cancelled();
    return result;
}

} // namespace greenlight
