#pragma once

// Speech with known word times for forced-alignment accuracy, shared by tst_forcedaligner
// and bench_tts_local. "True" speech is espeak-ng at one voice and speed (its own WORD
// events are the ground truth), padded with silence and faint noise, optionally resampled;
// the aligner then times it against a reference of a different voice and/or speed.
#include "tts/espeakengine.h"
#include "tts/forcedaligner.h"
#include "tts/resampler.h"

#include <QElapsedTimer>
#include <QStringList>

#include <cmath>
#include <random>

namespace greenlight::test {

inline QStringList alignmentTexts()
{
    return {
        QStringLiteral("Greenlight is a desktop review desk for spec-driven video. Producers shape a typed video spec "
                       "in forms, and the desk renders it and voices its narration."),
        QStringLiteral("Editors review the output frame by frame, with narration cues and quality findings on a "
                       "timeline. A quality lead records the publish decision in a local ledger."),
        QStringLiteral("Three apples cost 12 dollars, but the well-known shop down the road isn't open until nine "
                       "o'clock on Sundays."),
        QStringLiteral("Everything the desk does leaves inspectable artifacts beside the video, so any shipped video "
                       "traces back to its spec, its runs and the decision that let it out."),
    };
}

struct AlignmentScore
{
    double sumAbsError_ms = 0;
    int boundaries = 0;
    double compute_s = 0; // alignment only (reference synthesis included)
    double audio_s = 0;
    double mean_ms() const { return boundaries ? sumAbsError_ms / boundaries : 0; }
    void add(const AlignmentScore &o)
    {
        sumAbsError_ms += o.sumAbsError_ms;
        boundaries += o.boundaries;
        compute_s += o.compute_s;
        audio_s += o.audio_s;
    }
};

struct AlignmentSetup
{
    QString truthVoice = QStringLiteral("en-us");
    double truthSpeed = 150.0 / 175.0; // 150 words per minute
    QString referenceVoice = QStringLiteral("en");
    double referenceSpeed = 1.0;       // 175 words per minute
    int leadingSilence_ms = 700;
    int trailingSilence_ms = 400;
    int targetRate = 22050;            // the "engine" rate of the true speech
    float noiseLevel = 0.0005f;        // about -66 dBFS white noise
};

// Aligns one text; errors are measured on word starts and ends of words the truth times
// from engine events.
inline Result<AlignmentScore> scoreAlignment(const QString &text, const AlignmentSetup &setup)
{
    EspeakEngine espeak;
    SynthesisRequest truthRequest;
    truthRequest.text = text;
    truthRequest.voice = setup.truthVoice;
    truthRequest.speed = setup.truthSpeed;
    Result<SynthesisResult> truth = espeak.synthesize(truthRequest, {});
    if (!truth)
        return truth.error();

    const int rate = truth->sampleRate;
    const qint64 lead = qint64(rate) * setup.leadingSilence_ms / 1000;
    std::vector<float> audio(size_t(lead), 0.0f);
    audio.insert(audio.end(), truth->samples.begin(), truth->samples.end());
    audio.resize(audio.size() + size_t(qint64(rate) * setup.trailingSilence_ms / 1000), 0.0f);
    std::mt19937 rng(42);
    std::uniform_real_distribution<float> noise(-setup.noiseLevel, setup.noiseLevel);
    for (float &s : audio)
        s += noise(rng);
    Result<std::vector<float>> target = Resampler::resampleMono(audio, rate, setup.targetRate);
    if (!target)
        return target.error();

    AlignmentOptions options;
    options.referenceVoice = setup.referenceVoice;
    options.referenceSpeed = setup.referenceSpeed;
    QElapsedTimer timer;
    timer.start();
    Result<QList<SynthesizedWord>> aligned = ForcedAligner().align(*target, setup.targetRate, text, options);
    if (!aligned)
        return aligned.error();
    AlignmentScore score;
    score.compute_s = double(timer.nsecsElapsed()) / 1e9;
    score.audio_s = double(target->size()) / setup.targetRate;
    if (aligned->size() != truth->words.size())
        return makeError(QStringLiteral("test.mismatch"), QStringLiteral("word counts differ"));
    for (qsizetype i = 0; i < aligned->size(); ++i) {
        const SynthesizedWord &t = truth->words[i];
        const SynthesizedWord &a = (*aligned)[i];
        if (t.source != TimingSource::Engine)
            continue;
        const double trueStart_ms = double(t.startSample + lead) * 1000.0 / rate;
        const double trueEnd_ms = double(t.endSample + lead) * 1000.0 / rate;
        score.sumAbsError_ms += std::abs(double(a.startSample) * 1000.0 / setup.targetRate - trueStart_ms);
        score.sumAbsError_ms += std::abs(double(a.endSample) * 1000.0 / setup.targetRate - trueEnd_ms);
        score.boundaries += 2;
    }
    return score;
}

} // namespace greenlight::test
