// tts_cache_hit_ms: time from a synthesis request to its result when the TTS cache holds it
// (key computed from the engine and request, entry read and checked, no request made), for
// a 10 s clip at 24 kHz with word timings; median of 41 rounds. Target: <= 5 ms.
#include "tts/kokoroengine.h"
#include "tts/ttscache.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <vector>

using namespace greenlight;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir project;
    if (!project.isValid()) {
        std::fprintf(stderr, "bench_tts_cache: no temporary folder\n");
        return 1;
    }
    // An engine whose server does not exist: a miss would fail, so every timed call is a hit.
    RemoteEngineSettings settings = *EngineConfig::defaults(QStringLiteral("kokoro"));
    settings.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
    settings.retry.maxAttempts = 1;
    KokoroEngine engine(settings);

    SynthesisRequest request;
    request.text = QStringLiteral("Greenlight turns a typed video spec into a finished cut, voices its narration on "
                                  "whichever engine the runbook allows, and keeps every artifact beside the video so "
                                  "a reviewer can trace each frame back to the decision that shipped it.");
    const TtsCacheKey key = engine.cacheKey(request, QStringLiteral("pronunciations-v1"));

    SynthesisResult clip;
    clip.sampleRate = 24000;
    clip.samples.resize(size_t(clip.sampleRate) * 10);
    for (size_t i = 0; i < clip.samples.size(); ++i)
        clip.samples[i] = float(0.5 * std::sin(double(i) * 2.0 * std::numbers::pi * 220.0 / clip.sampleRate));
    const QStringList words = request.text.split(QLatin1Char(' '));
    int at = 0;
    for (int i = 0; i < words.size(); ++i) {
        const qint64 start = qint64(clip.samples.size()) * i / words.size();
        const qint64 end = qint64(clip.samples.size()) * (i + 1) / words.size();
        clip.words.append({words[i], at, at + int(words[i].size()), start, end, TimingSource::Engine});
        at += int(words[i].size()) + 1;
    }
    clip.hasTimings = true;
    clip.engineName = engine.name();
    clip.engineVersion = engine.version();
    clip.details = Json{{"voice", "af_heart"}, {"model", "kokoro"}};

    const TtsCache cache(project.path());
    if (!cache.store(key, clip).ok()) {
        std::fprintf(stderr, "bench_tts_cache: cannot store the clip\n");
        return 1;
    }
    constexpr int kRounds = 41;
    std::vector<double> times_ms;
    for (int r = 0; r < kRounds; ++r) {
        QElapsedTimer timer;
        timer.start();
        bool hit = false;
        const auto result = cache.synthesize(engine, request, engine.cacheKey(request, QStringLiteral("pronunciations-v1")),
                                             CancelToken(), &hit);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        if (!result.ok() || !hit || result->samples.size() != clip.samples.size()) {
            std::fprintf(stderr, "bench_tts_cache: not a cache hit\n");
            return 1;
        }
        times_ms.push_back(ms);
    }
    std::sort(times_ms.begin(), times_ms.end());
    std::printf("tts_cache_hit_ms %.2f ms\n", times_ms[times_ms.size() / 2]);
    return 0;
}
