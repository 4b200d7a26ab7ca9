#include "narration/loudnessnormalizer.h"

#include "media/avhandles.h"
#include "media/loudnessmeter.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/frame.h>
#include <libavutil/samplefmt.h>
}

#include <QString>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>

namespace greenlight {

namespace {

constexpr int kChunk = 4800;

double dbToLinear(double db)
{
    return std::pow(10.0, db / 20.0);
}

// Look-ahead peak limiter: per-sample gain that keeps |x * gain * g| <= ceiling, reaching the
// needed reduction `lookahead` samples before each peak (a sliding minimum over the look-ahead
// window, then a moving average of the same length, which never exceeds the needed gain at the
// peak itself) and recovering with an exponential release. Returns the deepest reduction (dB).
double applyGainAndLimit(std::vector<float> &x, double gain, double ceiling, int sampleRate)
{
    const size_t n = x.size();
    const size_t look = size_t(std::max(1, sampleRate / 200)); // 5 ms
    const double release = 1.0 - std::exp(-1.0 / (0.080 * sampleRate));
    std::vector<double> need(n);
    bool anyOver = false;
    for (size_t i = 0; i < n; ++i) {
        const double a = std::fabs(double(x[i]) * gain);
        need[i] = a > ceiling ? ceiling / a : 1.0;
        anyOver = anyOver || a > ceiling;
    }
    if (!anyOver) {
        for (float &s : x)
            s = float(double(s) * gain);
        return 0.0;
    }
    // Sliding minimum of need[i .. i+look] (monotonic deque).
    std::vector<double> ahead(n);
    std::deque<size_t> q;
    for (size_t i = n; i-- > 0;) {
        while (!q.empty() && need[q.back()] >= need[i])
            q.pop_back();
        q.push_back(i);
        while (q.front() > i + look)
            q.pop_front();
        ahead[i] = need[q.front()];
    }
    // Moving average over [i-look+1, i], then release.
    double sum = 0.0;
    double env = 1.0;
    double deepest = 1.0;
    std::vector<double> window(look, 1.0);
    sum = double(look);
    for (size_t i = 0; i < n; ++i) {
        sum += ahead[i] - window[i % look];
        window[i % look] = ahead[i];
        const double smooth = std::min(1.0, sum / double(look));
        env = std::min(smooth, env + (1.0 - env) * release);
        // Guard against rounding: never above what this sample needs.
        const double g = std::min(env, need[i]);
        deepest = std::min(deepest, g);
        x[i] = float(double(x[i]) * gain * g);
    }
    return 20.0 * std::log10(deepest);
}

} // namespace

Result<TrackLoudness> measureTrackLoudness(const std::vector<float> &samples, int sampleRate)
{
    av::initLogging(); // the meter's filter graph logs a summary otherwise
    LoudnessMeter meter;
    av::FramePtr frame(av_frame_alloc());
    if (!frame)
        return makeError(QStringLiteral("media.memory"), QStringLiteral("out of memory"));
    for (size_t at = 0; at < samples.size(); at += kChunk) {
        const int count = int(std::min<size_t>(kChunk, samples.size() - at));
        av_frame_unref(frame.get());
        frame->format = AV_SAMPLE_FMT_FLT;
        frame->sample_rate = sampleRate;
        frame->nb_samples = count;
        av_channel_layout_default(&frame->ch_layout, 1);
        if (av_frame_get_buffer(frame.get(), 0) < 0)
            return makeError(QStringLiteral("media.memory"), QStringLiteral("out of memory"));
        std::memcpy(frame->data[0], samples.data() + at, size_t(count) * sizeof(float));
        if (Status s = meter.push(frame.get()); !s)
            return s.error();
    }
    if (Status s = meter.finish(); !s)
        return s.error();
    const LoudnessSummary summary = meter.summary();
    return TrackLoudness{summary.integratedLufs, summary.truePeakDbtp};
}

Result<LoudnessNormalization> normalizeLoudness(std::vector<float> &samples, int sampleRate, double targetLufs,
                                                double ceilingDbtp)
{
    LoudnessNormalization r;
    auto before = measureTrackLoudness(samples, sampleRate);
    if (!before)
        return before.error();
    r.measuredLufs = r.resultLufs = before->integratedLufs;
    r.measuredTruePeakDbtp = r.resultTruePeakDbtp = before->truePeakDbtp;
    if (before->integratedLufs <= -69.9) {
        r.silent = true;
        return r;
    }
    const std::vector<float> original = samples;
    double gainDb = targetLufs - before->integratedLufs;
    // Aim the limiter a little under the ceiling: the true peak between samples runs higher.
    double sampleCeilingDb = ceilingDbtp - 0.5;
    for (int pass = 0; pass < 4; ++pass) {
        samples = original;
        r.gainDb = gainDb;
        r.limitedDb = applyGainAndLimit(samples, dbToLinear(gainDb), dbToLinear(sampleCeilingDb), sampleRate);
        auto after = measureTrackLoudness(samples, sampleRate);
        if (!after)
            return after.error();
        r.resultLufs = after->integratedLufs;
        r.resultTruePeakDbtp = after->truePeakDbtp;
        const double loudnessError = targetLufs - after->integratedLufs;
        const double peakExcess = after->truePeakDbtp - ceilingDbtp;
        if (std::fabs(loudnessError) <= 0.1 && peakExcess <= 0.0)
            break;
        gainDb += loudnessError;
        if (peakExcess > 0.0)
            sampleCeilingDb -= peakExcess + 0.1;
    }
    return r;
}

} // namespace greenlight
