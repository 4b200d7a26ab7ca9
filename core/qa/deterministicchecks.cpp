#include "qa/deterministicchecks.h"

#include "common/hashing.h"
#include "media/mediaprobe.h"
#include "qa/findingcodes.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cmath>
#include <functional>

namespace greenlight {

namespace {

double round1(double v) { return std::round(v * 10.0) / 10.0; }
double round4(double v) { return std::round(v * 1e4) / 1e4; }

QString clock(qint64 frame, const Rational &fps)
{
    if (fps.num <= 0 || fps.den <= 0)
        return QStringLiteral("?");
    const double seconds = double(frame) * double(fps.den) / double(fps.num);
    const int minutes = int(seconds / 60.0);
    return QStringLiteral("%1:%2").arg(minutes).arg(seconds - minutes * 60.0, 6, 'f', 3, QLatin1Char('0'));
}

// "frames 30-59 (0:01.000-0:02.000, 1.00 s)" for the half-open span [30, 60).
QString describe(const FrameSpan &span, const Rational &fps)
{
    const double seconds = fps.num > 0 ? double(span.length()) * double(fps.den) / double(fps.num) : 0.0;
    return QStringLiteral("frames %1-%2 (%3-%4, %5 s)")
        .arg(span.start)
        .arg(span.end - 1)
        .arg(clock(span.start, fps), clock(span.end, fps))
        .arg(seconds, 0, 'f', 2);
}

FrameSpans toFrameSpans(const QList<FrameRange> &ranges)
{
    FrameSpans spans;
    for (const FrameRange &r : ranges)
        spans.append(FrameSpan{r.start, r.end});
    return spans;
}

Json spanEvidence(const FrameSpan &piece, const FrameSpan &detected, qint64 minFrames, const Rational &fps)
{
    Json e;
    e["spanFrames"] = piece.length();
    e["seconds"] = fps.num > 0 ? std::round(double(piece.length()) * fps.den / fps.num * 1000.0) / 1000.0 : 0.0;
    e["minFrames"] = minFrames;
    if (!(piece == detected))
        e["detected"] = spanToJson(detected); // the part outside allowed spans is reported
    return e;
}

// Each part of each detected span that lies outside the allowed spans and is long enough.
void checkSpans(Findings &out, const FrameSpans &detected, const QList<FrameRange> &allowed, qint64 minFrames,
                const std::function<Finding(const FrameSpan &piece, const FrameSpan &detected)> &make)
{
    const FrameSpans allowedSpans = toFrameSpans(allowed);
    for (const FrameSpan &span : detected)
        for (const FrameSpan &piece : subtractSpans(span, allowedSpans))
            if (piece.length() >= minFrames)
                out.append(make(piece, span));
}

template<typename T>
double meanOver(const std::vector<T> &values, const FrameSpan &span)
{
    double sum = 0.0;
    qint64 n = 0;
    for (qint64 i = span.start; i < span.end && i < qint64(values.size()); ++i)
        if (std::isfinite(values[size_t(i)])) {
            sum += values[size_t(i)];
            ++n;
        }
    return n ? sum / double(n) : 0.0;
}

template<typename T>
double minOver(const std::vector<T> &values, const FrameSpan &span)
{
    double m = 1.0;
    for (qint64 i = span.start; i < span.end && i < qint64(values.size()); ++i)
        if (std::isfinite(values[size_t(i)]))
            m = std::min(m, double(values[size_t(i)]));
    return m;
}

// Changed spans a couple of frames apart are one change to review.
FrameSpans mergeClose(const FrameSpans &spans, qint64 maxGap)
{
    FrameSpans merged;
    for (const FrameSpan &s : spans) {
        if (!merged.isEmpty() && s.start - merged.last().end <= maxGap)
            merged.last().end = s.end;
        else
            merged.append(s);
    }
    return merged;
}

} // namespace

Json DeterministicQaReport::toJson() const
{
    Json j = findingsToJson(findings);
    j["measurements"] = measurements;
    return j;
}

DeterministicChecks::DeterministicChecks(QaExpectations expectations, QaThresholds thresholds)
    : m_expectations(std::move(expectations)), m_thresholds(std::move(thresholds))
{
}

AnalysisOptions DeterministicChecks::analysisOptions(const QString &baselinePath) const
{
    AnalysisOptions o;
    o.baselinePath = baselinePath;
    o.blackPixelThreshold = m_thresholds.blackPixelThreshold;
    o.blackPictureRatio = m_thresholds.blackPictureRatio;
    o.freezeNoise = m_thresholds.freezeNoiseRatio();
    o.silenceThresholdDbfs = m_thresholds.silenceThresholdDbfs;
    o.ssimThreshold = m_thresholds.ssimThreshold;
    return o;
}

Finding DeterministicChecks::unreadableFinding(const Error &error)
{
    Finding f = makeFinding("qa.media.unreadable",
                            QStringLiteral("The output cannot be read: %1. Render it again and check the render log.")
                                .arg(error.message));
    f.evidence = Json{{"error", toStd(error.message)}, {"errorCode", toStd(error.code)}};
    return f;
}

Findings DeterministicChecks::checkMedia(const MediaInfo &info, const SignalAnalysis *analysis) const
{
    const QaExpectations &x = m_expectations;
    const QaThresholds &t = m_thresholds;
    Findings out;
    const VideoStreamInfo *video = info.primaryVideo();
    const AudioStreamInfo *audio = info.primaryAudio();

    if (x.requireVideo && !video) {
        Finding f = makeFinding("qa.stream.missing",
                                QStringLiteral("The output has no picture stream. Check the render plan's "
                                               "video mapping and render again."));
        f.evidence = Json{{"stream", "video"}};
        out.append(f);
    }
    if ((x.requireAudio || t.requireAudio) && !audio) {
        Finding f = makeFinding("qa.stream.missing",
                                QStringLiteral("The output has no sound, but the spec has narration or music. "
                                               "Check the narration step and the audio mapping, then render again."));
        f.evidence = Json{{"stream", "audio"}};
        out.append(f);
    }

    const Rational fps = video ? video->fps : x.fps.value_or(Rational{0, 1});
    if (video) {
        if ((x.width && *x.width != video->width) || (x.height && *x.height != video->height)) {
            const int ew = x.width.value_or(video->width);
            const int eh = x.height.value_or(video->height);
            Finding f = makeFinding("qa.dimensions.mismatch",
                                    QStringLiteral("The picture is %1x%2 but the spec's canvas is %3x%4. Check the "
                                                   "render's output size and scaling, then render again.")
                                        .arg(video->width).arg(video->height).arg(ew).arg(eh));
            f.evidence = Json{{"measured", {{"width", video->width}, {"height", video->height}}},
                              {"expected", {{"width", ew}, {"height", eh}}}};
            out.append(f);
        }
        if (x.fps && qint64(x.fps->num) * video->fps.den != qint64(video->fps.num) * x.fps->den) {
            Finding f = makeFinding("qa.fps.mismatch",
                                    QStringLiteral("The frame rate is %1 (%2 fps) but the spec asks for %3 (%4 fps). "
                                                   "Set the render's output rate to %3 and render again.")
                                        .arg(video->fps.toString())
                                        .arg(video->fps.toDouble(), 0, 'f', 3)
                                        .arg(x.fps->toString())
                                        .arg(x.fps->toDouble(), 0, 'f', 3));
            f.evidence = Json{{"measured", rationalToJson(video->fps)}, {"expected", rationalToJson(*x.fps)}};
            out.append(f);
        }
        const bool vfr = video->variableFrameRate || (analysis && analysis->series.variableFrameRate);
        if (vfr) {
            Finding f = makeFinding("qa.vfr",
                                    QStringLiteral("The output has a variable frame rate (average %1 fps); frames are "
                                                   "numbered in order. Render at a constant rate.")
                                        .arg(video->avgFrameRate.toDouble(), 0, 'f', 3));
            f.evidence = Json{{"avgFrameRate", rationalToJson(video->avgFrameRate)},
                              {"realFrameRate", rationalToJson(video->realFrameRate)}};
            if (analysis) {
                f.evidence["gridGaps"] = analysis->frameGaps;
                f.evidence["gridCollisions"] = analysis->droppedFrames;
            }
            out.append(f);
        }
        const qint64 frames = analysis && analysis->hasVideo ? analysis->series.frameCount : video->frameCount;
        if (x.frameCount && std::abs(frames - *x.frameCount) > t.durationToleranceFrames) {
            const qint64 diff = frames - *x.frameCount;
            Finding f = makeFinding(
                "qa.duration.mismatch",
                QStringLiteral("The output has %1 frames (%2) but the spec asks for %3 (%4): %5 %6 frames. %7")
                    .arg(frames)
                    .arg(clock(frames, fps))
                    .arg(*x.frameCount)
                    .arg(clock(*x.frameCount, fps))
                    .arg(std::abs(diff))
                    .arg(diff > 0 ? QStringLiteral("extra") : QStringLiteral("missing"),
                         diff > 0 ? QStringLiteral("Check the last scene's duration and the render's end point.")
                                  : QStringLiteral("Look for a truncated render (disk, crash) and render again.")));
            f.frames = FrameRange{std::min(frames, *x.frameCount), std::max(frames, *x.frameCount)};
            f.evidence = Json{{"measuredFrames", frames},
                              {"expectedFrames", *x.frameCount},
                              {"toleranceFrames", t.durationToleranceFrames}};
            out.append(f);
        }
    }

    if (!analysis)
        return out;

    if (audio && analysis->hasAudio && analysis->audioSamples == 0) {
        Finding f = makeFinding("qa.stream.missing",
                                QStringLiteral("The output has a sound stream, but none of it can be decoded. "
                                               "Check the audio encoding step and render again."));
        f.evidence = Json{{"stream", "audio"}, {"decodedSamples", 0}};
        out.append(f);
    }

    if (analysis->hasAudio && analysis->loudness) {
        const LoudnessSummary &l = *analysis->loudness;
        const double delta = l.integratedLufs - t.loudnessTargetLufs;
        if (std::abs(delta) > t.loudnessToleranceLu) {
            Finding f = makeFinding(
                "qa.loudness.out-of-range",
                QStringLiteral("Integrated loudness is %1 LUFS; the target is %2 LUFS +/- %3 LU. %4 the mix by about "
                               "%5 dB (normalize to %2 LUFS) and render again.")
                    .arg(l.integratedLufs, 0, 'f', 1)
                    .arg(t.loudnessTargetLufs, 0, 'f', 1)
                    .arg(t.loudnessToleranceLu, 0, 'f', 1)
                    .arg(delta > 0 ? QStringLiteral("Lower") : QStringLiteral("Raise"))
                    .arg(std::abs(delta), 0, 'f', 1));
            f.evidence = Json{{"integratedLufs", round1(l.integratedLufs)},
                              {"loudnessRangeLu", round1(l.loudnessRangeLu)},
                              {"targetLufs", t.loudnessTargetLufs},
                              {"toleranceLu", t.loudnessToleranceLu}};
            out.append(f);
        }
        if (l.truePeakDbtp > t.truePeakMaxDbtp) {
            Finding f = makeFinding("qa.true-peak.too-high",
                                    QStringLiteral("The true peak reaches %1 dBTP, above the %2 dBTP ceiling. Apply a "
                                                   "true-peak limiter (ceiling %2 dBTP) and render again.")
                                        .arg(l.truePeakDbtp, 0, 'f', 1)
                                        .arg(t.truePeakMaxDbtp, 0, 'f', 1));
            f.evidence = Json{{"truePeakDbtp", round1(l.truePeakDbtp)},
                              {"samplePeakDbfs", round1(l.samplePeakDbfs)},
                              {"maxDbtp", t.truePeakMaxDbtp}};
            out.append(f);
        }
    }

    const SignalSeries &s = analysis->series;
    const Rational gridFps = s.fps.num > 0 ? s.fps : fps;
    if (analysis->hasVideo) {
        const qint64 minBlack = QaThresholds::framesFor(t.blackMinSpan_ms, gridFps);
        checkSpans(out, analysis->blackSpans, t.allowedBlack, minBlack, [&](const FrameSpan &p, const FrameSpan &d) {
            Finding f = makeFinding("qa.black.span",
                                    QStringLiteral("The picture is black over %1. Check the scene rendered there "
                                                   "(a missing asset or layer?), or allow the span if the black is "
                                                   "intended (a fade).")
                                        .arg(describe(p, gridFps)));
            f.frames = FrameRange{p.start, p.end};
            f.evidence = spanEvidence(p, d, minBlack, gridFps);
            f.evidence["meanLuma"] = round1(meanOver(s.lumaMean, p));
            f.evidence["pixelThreshold"] = t.blackPixelThreshold;
            f.evidence["pictureRatio"] = t.blackPictureRatio;
            return f;
        });
        const qint64 minFrozen = QaThresholds::framesFor(t.frozenMinSpan_ms, gridFps);
        // A still picture inside one of the spec's intended holds is the design.
        FrameSpans frozen;
        for (const FrameSpan &span : analysis->frozenSpans)
            if (std::none_of(x.intendedHolds.cbegin(), x.intendedHolds.cend(), [&](const FrameRange &h) {
                    return span.start >= h.start && span.end <= h.end;
                }))
                frozen.append(span);
        checkSpans(out, frozen, t.allowedFrozen, minFrozen, [&](const FrameSpan &p, const FrameSpan &d) {
            Finding f = makeFinding("qa.frozen.span",
                                    QStringLiteral("The picture does not change over %1. Check for a stalled render "
                                                   "or a missing animation, or allow the span if the hold is intended.")
                                        .arg(describe(p, gridFps)));
            f.frames = FrameRange{p.start, p.end};
            f.evidence = spanEvidence(p, d, minFrozen, gridFps);
            f.evidence["noiseDb"] = t.freezeNoiseDb;
            return f;
        });
    }

    if (analysis->hasAudio) {
        const qint64 minSamples = (t.silenceMinSpan_ms * analysis->audioSampleRate + 999) / 1000;
        const qint64 minSilentFrames = QaThresholds::framesFor(t.silenceMinSpan_ms, gridFps);
        const FrameSpans allowed = toFrameSpans(t.allowedSilence);
        for (const SilenceSpan &span : analysis->silentSpans) {
            if (span.samples.length() < minSamples)
                continue;
            const double rate = analysis->audioSampleRate;
            const auto make = [&](const std::optional<FrameSpan> &piece) {
                const QString where = piece ? describe(*piece, gridFps)
                                            : QStringLiteral("%1 s from %2 s")
                                                  .arg(span.samples.length() / rate, 0, 'f', 2)
                                                  .arg(span.samples.start / rate, 0, 'f', 3);
                Finding f = makeFinding("qa.silence.span",
                                        QStringLiteral("The sound is digitally silent (below %1 dBFS) over %2. Check "
                                                       "the narration and music there, or allow the span if the pause "
                                                       "is intended.")
                                            .arg(t.silenceThresholdDbfs, 0, 'f', 0)
                                            .arg(where));
                if (piece)
                    f.frames = FrameRange{piece->start, piece->end};
                f.evidence = Json{{"startSample", span.samples.start},
                                  {"endSample", span.samples.end},
                                  {"sampleRate", analysis->audioSampleRate},
                                  {"seconds", std::round(span.samples.length() / rate * 1000.0) / 1000.0},
                                  {"thresholdDbfs", t.silenceThresholdDbfs},
                                  {"minSpan_ms", t.silenceMinSpan_ms}};
                return f;
            };
            if (!analysis->hasVideo || span.frames.isEmpty()) {
                out.append(make(std::nullopt));
                continue;
            }
            for (const FrameSpan &piece : subtractSpans(span.frames, allowed))
                if (piece.length() >= minSilentFrames)
                    out.append(make(piece));
        }
    }

    if (analysis->hasBaseline) {
        const FrameSpans changed = mergeClose(analysis->changedSpans, 2);
        checkSpans(out, changed, t.allowedChanged, t.changedMinSpanFrames, [&](const FrameSpan &p, const FrameSpan &d) {
            const double ssimMin = minOver(s.ssim, p);
            Finding f = makeFinding("qa.baseline.changed",
                                    QStringLiteral("The picture differs from the approved baseline over %1 (SSIM down "
                                                   "to %2, threshold %3). Review those frames; allow the span if the "
                                                   "change is intended, or waive it with a reason.")
                                        .arg(describe(p, gridFps))
                                        .arg(ssimMin, 0, 'f', 3)
                                        .arg(t.ssimThreshold, 0, 'f', 3));
            f.frames = FrameRange{p.start, p.end};
            f.evidence = spanEvidence(p, d, t.changedMinSpanFrames, gridFps);
            f.evidence["ssimMin"] = round4(ssimMin);
            f.evidence["ssimMean"] = round4(meanOver(s.ssim, p));
            f.evidence["ssimThreshold"] = t.ssimThreshold;
            return f;
        });
    }
    return out;
}

Findings DeterministicChecks::checkArtifacts() const
{
    Findings out;
    const QDir root(m_expectations.artifactRoot.isEmpty() ? QDir::currentPath() : m_expectations.artifactRoot);
    for (const ExpectedArtifact &a : m_expectations.artifacts) {
        const QString file = root.filePath(a.path);
        if (!QFileInfo(file).isFile()) {
            Finding f = makeFinding("qa.artifact.missing",
                                    QStringLiteral("The artifact %1 is missing. Render again or restore the file.")
                                        .arg(a.path));
            f.path = a.path;
            out.append(f);
            continue;
        }
        if (a.sha256.isEmpty())
            continue;
        const Result<QString> hash = sha256File(file);
        if (!hash || hash->compare(a.sha256, Qt::CaseInsensitive) != 0) {
            Finding f = makeFinding("qa.artifact.hash-mismatch",
                                    QStringLiteral("The artifact %1 does not match its recorded sha256: the file "
                                                   "changed after the run. Restore it or render again.")
                                        .arg(a.path));
            f.path = a.path;
            f.evidence = Json{{"expectedSha256", toStd(a.sha256.toLower())},
                              {"measuredSha256", hash ? toStd(*hash) : std::string()}};
            if (!hash)
                f.evidence["error"] = toStd(hash.error().message);
            out.append(f);
        }
    }
    return out;
}

void DeterministicChecks::applySeverities(Findings &findings) const
{
    for (Finding &f : findings) {
        const auto it = m_thresholds.severities.constFind(f.code);
        if (it != m_thresholds.severities.constEnd())
            f.severity = *it;
    }
}

Result<DeterministicQaReport> DeterministicChecks::run(const QString &mediaPath, const QString &baselinePath,
                                                       const ProgressFn &progress, const QString &displayPath) const
{
    DeterministicQaReport report;
    const QString shown = displayPath.isEmpty() ? QFileInfo(mediaPath).fileName() : displayPath;
    report.measurements["file"] = toStd(shown);
    const auto finish = [&](Findings media) {
        for (Finding &f : media)
            if (f.path.isEmpty())
                f.path = shown;
        report.findings = media + checkArtifacts();
        applySeverities(report.findings);
        report.measurements["thresholds"] = m_thresholds.toJson();
        return report;
    };

    const Result<MediaInfo> info = probeMedia(mediaPath);
    if (!info)
        return finish({unreadableFinding(info.error())});
    report.media = *info;
    report.measurements["media"] = info->toJson();

    const Result<SignalAnalysis> analysis = SignalAnalyzer(analysisOptions(baselinePath)).analyze(mediaPath, *info, progress);
    if (!analysis) {
        if (analysis.error().code == QLatin1String("media.unreadable"))
            return finish({unreadableFinding(analysis.error())});
        return analysis.error(); // cancelled, or the baseline cannot be read
    }
    report.usable = true;
    report.analysis = *analysis;
    report.measurements["signals"] = analysis->toJson();
    return finish(checkMedia(*info, &*analysis));
}

} // namespace greenlight
