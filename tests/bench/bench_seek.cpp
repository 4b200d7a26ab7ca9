// Frame-exact seeking in the review desk's decoder (core/media FrameServer) on a 10 s 1080p30
// H.264 clip with 2 s GOPs and B-frames, every frame stamped with its number (checked on every
// answer). 50 seeded random targets:
//   seek_cold_p50_ms / seek_cold_p95_ms   nothing cached, decoder position dropped before each
//   seek_ffmpeg_cli_p95_ms                the same frames with `ffmpeg -ss T -i clip -frames:v 1`
//   seek_cold_vs_ffmpeg_cli_p95_ratio     cold p95 / ffmpeg p95
//   seek_warm_p95_ms                      the same seeks once the clip was decoded ahead into the
//   cache step_back_ms / step_forward_ms        median of single steps within the cache, each made
//   once
//                                         the previous frame is shown and the worker is idle (as a
//                                         person steps), through request() and frameReady
// The clip is generated once with ffmpeg into <build>/bench-cache/seek; the frame index is
// built before timing (it is per file and cached on disk).
#include "media/framecache.h"
#include "media/frameindex.h"
#include "media/frameserver.h"

#include "../review/numberedvideo.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QThread>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

using namespace greenlight;

namespace {

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;
constexpr int kSeeks = 50;
constexpr int kSteps = 30;
const test::NumberStamp kStamp{60, 30};

bool generate(const QString &clip)
{
    const QStringList args{
        QStringLiteral("-hide_banner"),
        QStringLiteral("-loglevel"),
        QStringLiteral("error"),
        QStringLiteral("-y"),
        QStringLiteral("-f"),
        QStringLiteral("lavfi"),
        QStringLiteral("-i"),
        QStringLiteral("testsrc2=size=%1x%2:rate=30:duration=10").arg(kWidth).arg(kHeight),
        QStringLiteral("-vf"),
        kStamp.filter(),
        QStringLiteral("-c:v"),
        QStringLiteral("libx264"),
        QStringLiteral("-preset"),
        QStringLiteral("fast"),
        QStringLiteral("-pix_fmt"),
        QStringLiteral("yuv420p"),
        QStringLiteral("-g"),
        QStringLiteral("60"),
        QStringLiteral("-keyint_min"),
        QStringLiteral("60"),
        QStringLiteral("-sc_threshold"),
        QStringLiteral("0"),
        QStringLiteral("-bf"),
        QStringLiteral("3"),
        clip};
    QProcess p;
    p.start(QStringLiteral("ffmpeg"), args);
    if (!p.waitForFinished(30 * 60 * 1000) || p.exitCode() != 0) {
        std::fprintf(stderr, "bench_seek: ffmpeg failed: %s\n",
                     p.readAllStandardError().constData());
        return false;
    }
    return true;
}

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    const double rank = p * double(v.size() - 1);
    const size_t lo = size_t(std::floor(rank));
    const size_t hi = std::min(v.size() - 1, lo + 1);
    return v[lo] + (v[hi] - v[lo]) * (rank - double(lo));
}

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double loadAverage()
{
    double load[1] = {0.0};
    return getloadavg(load, 1) == 1 ? load[0] : -1.0;
}

bool checkStamp(const QImage &image, qint64 n, const char *what)
{
    const qint64 shown = kStamp.read(image, kWidth);
    if (shown == n)
        return true;
    std::fprintf(stderr, "bench_seek: %s: frame %lld shows %lld\n", what, static_cast<long long>(n),
                 static_cast<long long>(shown));
    return false;
}

// `ffmpeg -ss T -i clip -frames:v 1` writing the frame as raw BGRA (no image encoder in the
// way); the wall time of the whole command.
double ffmpegSeek(const QString &clip, double seconds, qint64 n, const QString &out, bool *exact)
{
    // Rounded down to the microsecond, so the frame at exactly T is the one kept.
    const QString t = QString::number(std::floor(seconds * 1e6) / 1e6, 'f', 6);
    QElapsedTimer timer;
    timer.start();
    QProcess p;
    p.start(QStringLiteral("ffmpeg"),
            {QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"), QStringLiteral("error"),
             QStringLiteral("-y"), QStringLiteral("-ss"), t, QStringLiteral("-i"), clip,
             QStringLiteral("-frames:v"), QStringLiteral("1"), QStringLiteral("-pix_fmt"),
             QStringLiteral("bgra"), QStringLiteral("-f"), QStringLiteral("rawvideo"), out});
    p.waitForFinished(60000);
    const double elapsed = ms(timer);
    QFile f(out);
    *exact = false;
    if (p.exitCode() == 0 && f.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = f.readAll();
        if (bytes.size() == qsizetype(kWidth) * kHeight * 4) {
            const QImage image(reinterpret_cast<const uchar *>(bytes.constData()), kWidth, kHeight,
                               QImage::Format_RGB32);
            *exact = checkStamp(image, n, "ffmpeg");
        }
    }
    return elapsed;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QString dir = QStringLiteral(GREENLIGHT_BINARY_DIR "/bench-cache/seek");
    QDir().mkpath(dir);
    qputenv("GREENLIGHT_FRAME_INDEX_CACHE", (dir + QStringLiteral("/index")).toUtf8());
    const QString clip = dir + QStringLiteral("/clip-1080p30-gop60-bf3-10s.mp4");

    QElapsedTimer timer;
    timer.start();
    Result<FrameIndex> index = FrameIndex::load(clip);
    if (!index || index->frameCount() != 300) {
        std::fprintf(stderr, "bench_seek: generating the 10 s 1080p30 clip (once)...\n");
        QFile::remove(clip);
        if (!generate(clip))
            return 1;
        timer.start();
        index = FrameIndex::load(clip);
        if (!index) {
            std::fprintf(stderr, "bench_seek: %s\n", qPrintable(index.error().toString()));
            return 1;
        }
    }
    std::fprintf(
        stderr, "bench_seek: index of %lld frames (%lld keyframes) %s in %.1f ms\n",
        static_cast<long long>(index->frameCount()),
        static_cast<long long>(std::count_if(index->frames().begin(), index->frames().end(),
                                             [](const IndexedFrame &f) { return f.keyframe; })),
        index->loadedFromCache() ? "loaded" : "built", ms(timer));
    const auto shared = std::make_shared<const FrameIndex>(std::move(index).value());
    const qint64 frames = shared->frameCount();

    std::mt19937 rng(1234);
    std::uniform_int_distribution<qint64> pick(0, frames - 1);
    std::vector<qint64> targets;
    for (int i = 0; i < kSeeks; ++i)
        targets.push_back(pick(rng));

    bool allExact = true;

    // Cold: decode-ahead off, cache and decoder position dropped before every seek.
    std::vector<double> cold;
    {
        FrameServer server;
        server.setDecodeAhead(false);
        if (Status s = server.open(clip, shared); !s) {
            std::fprintf(stderr, "bench_seek: %s\n", qPrintable(s.error().toString()));
            return 1;
        }
        (void)server.frameAndWait(frames / 2); // first use: codec threads, scaler
        const double cpuBefore = cpuSeconds();
        for (qint64 n : targets) {
            server.clear();
            server.waitForIdle();
            timer.start();
            const Result<DecodedFrame> r = server.frameAndWait(n);
            cold.push_back(ms(timer));
            if (!r) {
                std::fprintf(stderr, "bench_seek: frame %lld: %s\n", static_cast<long long>(n),
                             qPrintable(r.error().toString()));
                return 1;
            }
            allExact &= checkStamp(r->image, n, "cold");
        }
        double sum = 0;
        for (double c : cold)
            sum += c;
        const double cpu = cpuSeconds() - cpuBefore;
        std::fprintf(
            stderr,
            "bench_seek: cold: mean %.1f ms, max %.1f ms; CPU %.1f ms per seek (all threads), "
            "load average %.1f on %d cores\n",
            sum / double(cold.size()), *std::max_element(cold.begin(), cold.end()),
            cpu * 1000.0 / double(cold.size()), loadAverage(), QThread::idealThreadCount());
    }

    // The ffmpeg command line, same frames.
    std::vector<double> cli;
    {
        const QString out = dir + QStringLiteral("/ffmpeg-frame.bgra");
        bool exact = false;
        ffmpegSeek(clip, shared->secondsOf(targets.front()), targets.front(), out,
                   &exact); // warm the page cache
        for (qint64 n : targets) {
            cli.push_back(ffmpegSeek(clip, shared->secondsOf(n), n, out, &exact));
            if (!exact)
                std::fprintf(stderr, "bench_seek: ffmpeg -ss did not give frame %lld\n",
                             static_cast<long long>(n));
        }
        QFile::remove(out);
    }

    // Warm: the clip decoded ahead into the cache (budget set for it), then the same seeks and
    // steps.
    std::vector<double> warm, back, forward;
    {
        FrameServer server;
        server.setMemoryBudget(qint64(2560) * 1024 * 1024);
        if (Status s = server.open(clip, shared); !s) {
            std::fprintf(stderr, "bench_seek: %s\n", qPrintable(s.error().toString()));
            return 1;
        }
        timer.start();
        server.request(0);
        if (!server.waitForIdle(10 * 60 * 1000)) {
            std::fprintf(stderr, "bench_seek: decode-ahead did not finish\n");
            return 1;
        }
        std::fprintf(stderr, "bench_seek: decode-ahead of %d frames (%.0f MiB) in %.0f ms\n",
                     server.cache().count(), double(server.cache().usedBytes()) / 1048576.0,
                     ms(timer));
        if (server.cache().count() < frames)
            std::fprintf(stderr, "bench_seek: warning: only %d of %lld frames cached\n",
                         server.cache().count(), static_cast<long long>(frames));
        // For the record (not a figure): steps back to back as fast as they come, the worker
        // racing to give the frames their images; frames decoded ahead but not yet converted
        // are converted on the GUI thread.
        {
            qint64 last = -1;
            const QMetaObject::Connection c = QObject::connect(
                &server, &FrameServer::frameReady, [&](qint64 n, const QImage &) { last = n; });
            std::vector<double> burst;
            for (qint64 n = frames - 10; n > frames - 40; --n) {
                timer.start();
                server.request(n);
                while (last != n)
                    QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
                burst.push_back(ms(timer));
            }
            QObject::disconnect(c);
            server.waitForIdle();
            std::fprintf(stderr,
                         "bench_seek: back-to-back steps back: median %.2f ms, p95 %.2f ms\n",
                         percentile(burst, 0.5), percentile(burst, 0.95));
        }
        for (qint64 n : targets) {
            server.waitForIdle();
            timer.start();
            const Result<DecodedFrame> r = server.frameAndWait(n);
            warm.push_back(ms(timer));
            allExact &= r && checkStamp(r->image, n, "warm");
        }
        // Steps as the viewer makes them: request(), answered through frameReady.
        qint64 shown = -1;
        QImage shownImage;
        QObject::connect(&server, &FrameServer::frameReady, [&](qint64 n, const QImage &image) {
            shown = n;
            shownImage = image;
        });
        const auto step = [&](qint64 n, std::vector<double> &times, const char *what) {
            server.waitForIdle();
            shown = -1;
            timer.start();
            server.request(n);
            while (shown != n) // a miss would come back through the event loop
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            times.push_back(ms(timer));
            allExact &= checkStamp(shownImage, n, what);
        };
        const qint64 middle = frames / 2 + 7; // not a frame the seeks showed, mostly
        step(middle, back, "step");
        back.clear();
        for (int i = 1; i <= kSteps; ++i)
            step(middle - i, back, "step back");
        server.waitForIdle();
        step(middle + 40, forward, "step");
        forward.clear();
        for (int i = 1; i <= kSteps; ++i)
            step(middle + 40 + i, forward, "step forward");
        const FrameServer::Stats st = server.stats();
        std::fprintf(stderr,
                     "bench_seek: warm: %lld requests, %lld cache hits, %lld decoded on request\n",
                     static_cast<long long>(st.requests), static_cast<long long>(st.cacheHits),
                     static_cast<long long>(st.decoded));
    }

    const double coldP95 = percentile(cold, 0.95);
    const double cliP95 = percentile(cli, 0.95);
    std::printf("seek_cold_p50_ms %.1f ms\n", percentile(cold, 0.5));
    std::printf("seek_cold_p95_ms %.1f ms\n", coldP95);
    std::printf("seek_ffmpeg_cli_p95_ms %.1f ms\n", cliP95);
    std::printf("seek_cold_vs_ffmpeg_cli_p95_ratio %.3f x\n", cliP95 > 0 ? coldP95 / cliP95 : 0.0);
    std::printf("seek_warm_p95_ms %.2f ms\n", percentile(warm, 0.95));
    std::printf("step_back_ms %.2f ms\n", percentile(back, 0.5));
    std::printf("step_forward_ms %.2f ms\n", percentile(forward, 0.5));
    if (!allExact) {
        std::fprintf(stderr, "bench_seek: some frames were not the ones asked for\n");
        return 1;
    }
    return 0;
}
