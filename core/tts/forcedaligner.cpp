#include "tts/forcedaligner.h"

#include "tts/dtw.h"
#include "tts/espeakengine.h"
#include "tts/mfcc.h"
#include "tts/resampler.h"

#include <algorithm>
#include <cmath>

namespace greenlight {

namespace {

constexpr int kFeatureRate = 16000;
constexpr int kMarginFrames = 15;      // 150 ms of context kept around the speech
constexpr float kSpeechBelowPeak_db = 35.0f;

struct Cropped
{
    std::vector<float> samples; // at kFeatureRate
    qint64 offset = 0;          // first sample of the crop in the 16 kHz signal
};

// Keeps the speech of a 16 kHz signal plus a margin: frames within 35 dB of the loudest.
Cropped cropToSpeech(const std::vector<float> &s, const MfccOptions &o)
{
    const std::vector<float> energy = frameEnergyDb(s, o);
    Cropped c;
    if (energy.empty()) {
        c.samples = s;
        return c;
    }
    const float peak = *std::max_element(energy.begin(), energy.end());
    const float threshold = std::max(peak - kSpeechBelowPeak_db, -80.0f);
    int first = 0, last = int(energy.size()) - 1;
    while (first < last && energy[size_t(first)] < threshold)
        ++first;
    while (last > first && energy[size_t(last)] < threshold)
        --last;
    const qint64 a = qint64(std::max(0, first - kMarginFrames)) * o.hop;
    const qint64 b = std::min<qint64>(qint64(s.size()), qint64(last + kMarginFrames) * o.hop + o.window);
    c.offset = a;
    c.samples.assign(s.begin() + a, s.begin() + std::max(a, b));
    return c;
}

} // namespace

Result<QList<SynthesizedWord>> ForcedAligner::align(const std::vector<float> &samples, int sampleRate,
                                                    const QString &text, const AlignmentOptions &options,
                                                    const CancelToken &cancel) const
{
    if (samples.empty() || sampleRate <= 0)
        return makeError(QStringLiteral("tts.alignment"), QStringLiteral("no audio to align"));
    SynthesisRequest ref;
    ref.text = text;
    ref.ssml = options.ssml;
    ref.voice = options.referenceVoice.isEmpty() ? QStringLiteral("en-us") : options.referenceVoice;
    ref.speed = options.referenceSpeed;
    EspeakEngine espeak;
    Result<SynthesisResult> reference = espeak.synthesize(ref, cancel);
    if (!reference)
        return reference.error();
    return alignToReference(samples, sampleRate, *reference, options, cancel);
}

Result<QList<SynthesizedWord>> ForcedAligner::alignToReference(const std::vector<float> &samples, int sampleRate,
                                                               const SynthesisResult &reference,
                                                               const AlignmentOptions &options,
                                                               const CancelToken &cancel) const
{
    if (samples.empty() || sampleRate <= 0)
        return makeError(QStringLiteral("tts.alignment"), QStringLiteral("no audio to align"));
    if (reference.words.isEmpty() || reference.samples.empty())
        return makeError(QStringLiteral("tts.alignment"), QStringLiteral("the reference has no words"));

    Result<std::vector<float>> target16 = Resampler::resampleMono(samples, sampleRate, kFeatureRate);
    if (!target16)
        return target16.error();
    Result<std::vector<float>> ref16 = Resampler::resampleMono(reference.samples, reference.sampleRate, kFeatureRate);
    if (!ref16)
        return ref16.error();

    // Mean normalization only and cosine distances: across voices (another speaker, pitch
    // or formant shift) these carried boundaries best in our measurements.
    MfccOptions mfcc;
    mfcc.varianceNormalize = false;
    const Cropped tgt = cropToSpeech(*target16, mfcc);
    const Cropped refc = cropToSpeech(*ref16, mfcc);
    const FeatureMatrix tf = computeMfcc(tgt.samples, mfcc);
    const FeatureMatrix rf = computeMfcc(refc.samples, mfcc);
    if (cancel.isCancelled())
        return makeError(QStringLiteral("tts.cancelled"), QStringLiteral("alignment cancelled"));

    DtwOptions dtw;
    dtw.cosine = true;
    // The band follows the straight line between the cropped ends; 15 % of the length
    // leaves room for different pausing and pacing. Memory is frames x band x 5 bytes.
    dtw.bandFrames = std::clamp(int(0.15 * std::max(tf.frames, rf.frames)) + 100, 100,
                                std::max(100, options.bandSeconds_max * 100));
    Result<DtwPath> path = dtwAlign(rf, tf, dtw, cancel);
    if (!path)
        return path.error();

    const qint64 total = qint64(samples.size());
    // Reference sample -> target sample through the warping path (frame centres).
    auto carry = [&](qint64 refSample) -> qint64 {
        const double s16 = double(refSample) * kFeatureRate / reference.sampleRate - double(refc.offset);
        const double refFrame = (s16 - mfcc.window / 2.0) / mfcc.hop;
        const double tgtFrame = path->mapRefFrame(refFrame);
        const double t16 = tgtFrame * mfcc.hop + mfcc.window / 2.0 + double(tgt.offset);
        return std::clamp<qint64>(qint64(std::llround(t16 * sampleRate / kFeatureRate)), 0, total);
    };

    QList<SynthesizedWord> words = reference.words;
    std::vector<qint64> starts, ends;
    for (const SynthesizedWord &w : words) {
        starts.push_back(carry(w.startSample));
        ends.push_back(carry(w.endSample));
    }
    qint64 floor = 0;
    for (qsizetype k = 0; k < words.size(); ++k) {
        SynthesizedWord &w = words[k];
        w.startSample = std::max(floor, starts[size_t(k)]);
        const qint64 next = k + 1 < words.size() ? std::max(w.startSample, starts[size_t(k + 1)]) : total;
        w.endSample = std::clamp(ends[size_t(k)], w.startSample, next);
        floor = w.startSample;
        w.source = w.source == TimingSource::Estimate ? TimingSource::Estimate : TimingSource::ForcedAlignment;
    }
    return words;
}

Status ForcedAligner::alignResult(SynthesisResult &result, const SynthesisRequest &request, AlignmentOptions options,
                                  const CancelToken &cancel) const
{
    if (result.hasTimings && !result.words.isEmpty())
        return Status::success();
    options.ssml = request.ssml;
    if (options.referenceVoice.isEmpty()) {
        const QString language = request.language.toLower();
        options.referenceVoice = language.isEmpty() || !EspeakEngine::voices().contains(language)
                                     ? QStringLiteral("en-us")
                                     : language;
    }
    Result<QList<SynthesizedWord>> words = align(result.samples, result.sampleRate, request.text, options, cancel);
    if (!words)
        return words.error();
    result.words = *words;
    result.hasTimings = true;
    if (!result.details.is_object())
        result.details = Json::object();
    result.details["alignment"] = Json{{"method", "mfcc-dtw"},
                                       {"referenceEngine", "espeak-ng"},
                                       {"referenceVoice", toStd(options.referenceVoice)}};
    return Status::success();
}

} // namespace greenlight
