// tts_local_realtime_x: seconds of audio per second of wall time for local synthesis with
// word timings (espeak-ng, ~30 s paragraph), median of several runs.
// align_error_ms: forced-alignment mean absolute word-boundary error on speech with known
// word times (espeak-ng en-us at 150 wpm, padded, against an en reference at 175 wpm).
// align_s_per_audio_min: alignment compute (reference synthesis, features, DTW) per minute
// of aligned audio.
#include "../tts_local/alignmentfixture.h"

#include "tts/espeakengine.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace greenlight;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString paragraph = QStringLiteral(
        "Greenlight is a desktop review desk for spec-driven video. Producers shape a typed video spec in forms; the "
        "desk renders it and voices its narration, locally, on a self-hosted box or farm, or through a commercial "
        "API. Editors review the output frame by frame with narration cues and quality findings on a timeline. A "
        "quality lead records the publish decision in a tamper-evident local ledger. Everything the desk does "
        "leaves inspectable artifacts beside the video, so any shipped video traces back to its spec, its runs and "
        "the decision that let it out.");

    EspeakEngine engine;
    SynthesisRequest request;
    request.text = paragraph;
    request.voice = QStringLiteral("en-us");
    if (!engine.synthesize(request, {}).ok()) { // warm-up: library and voice data load
        std::fprintf(stderr, "bench_tts_local: espeak-ng cannot synthesize\n");
        return 1;
    }
    constexpr int kRuns = 7;
    std::vector<double> factors;
    double audio_s = 0;
    for (int i = 0; i < kRuns; ++i) {
        QElapsedTimer timer;
        timer.start();
        const Result<SynthesisResult> r = engine.synthesize(request, {});
        const double wall_s = double(timer.nsecsElapsed()) / 1e9;
        if (!r || r->words.isEmpty()) {
            std::fprintf(stderr, "bench_tts_local: synthesis failed\n");
            return 1;
        }
        audio_s = double(r->samples.size()) / r->sampleRate;
        factors.push_back(audio_s / wall_s);
    }
    std::sort(factors.begin(), factors.end());
    std::fprintf(stderr, "bench_tts_local: %.1f s paragraph\n", audio_s);
    std::printf("tts_local_realtime_x %.0f x\n", factors[factors.size() / 2]);

    test::AlignmentScore total;
    for (const QString &text : test::alignmentTexts()) {
        const Result<test::AlignmentScore> s = test::scoreAlignment(text, {});
        if (!s) {
            std::fprintf(stderr, "bench_tts_local: alignment failed: %s\n", qPrintable(s.error().toString()));
            return 1;
        }
        total.add(*s);
    }
    std::printf("align_error_ms %.1f ms\n", total.mean_ms());
    std::printf("align_s_per_audio_min %.2f s\n", total.compute_s / total.audio_s * 60.0);
    return 0;
}
