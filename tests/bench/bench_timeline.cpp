// timeline_paint_ms: a full repaint of the review timeline (ruler, headers and every track, no
// cached layer) of a 1600x400 widget showing a long programme with 10k narration cues (40k
// words), 10k captions, 2k findings over the three QA stages, per-frame loudness and waveform
// and 1.5k QA spans. Median of many paints at whole-video zoom and at a mid zoom (the
// geometric middle between whole-video and single-frame zoom); the worse median is reported.
// Runs offscreen.
#include "review/timelinewidget.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

using namespace greenlight;

namespace {

constexpr int kCues = 10000;
constexpr int kFindings = 2000;
constexpr int kPaints = 60;

TimelineContent syntheticContent()
{
    TimelineContent c;
    c.fps = Rational{30, 1};
    c.frameSize = QSize(1920, 1080);
    const qint64 framesPerCue = 21;
    c.frameCount = kCues * framesPerCue + 30;
    std::mt19937 rng(7);
    CueTimeline timeline;
    timeline.fps = c.fps;
    timeline.sampleRate = 48000;
    const qint64 samplesPerFrame = 1600;
    for (int i = 0; i < kCues; ++i) {
        CueSegment seg;
        seg.id = QStringLiteral("n-%1").arg(i);
        seg.scene = QStringLiteral("scene-%1").arg(i / 50);
        seg.sourceText = QStringLiteral("Cue %1 says four words").arg(i);
        seg.spokenText = seg.sourceText;
        seg.startFrame = i * framesPerCue;
        seg.endFrame = seg.startFrame + 18;
        seg.startSample = seg.startFrame * samplesPerFrame;
        seg.endSample = seg.endFrame * samplesPerFrame;
        const QStringList words = seg.sourceText.split(QLatin1Char(' '));
        qint64 at = seg.startSample;
        const qint64 step = (seg.endSample - seg.startSample) / words.size();
        for (const QString &w : words) {
            CueWord word;
            word.text = w;
            word.startSample = at;
            word.endSample = at + step;
            at += step;
            seg.words.append(word);
        }
        timeline.segments.append(seg);
        c.captions.append(ReviewCaption{seg.startFrame, seg.endFrame, seg.sourceText});
    }
    c.cues = timeline;
    const QStringList roles{QStringLiteral("hook"), QStringLiteral("body"), QStringLiteral("proof"),
                            QStringLiteral("cta")};
    for (int s = 0; s * 50 < kCues; ++s)
        c.scenes.append(ReviewScene{QStringLiteral("scene-%1").arg(s), roles[s % roles.size()], s * 50 * framesPerCue,
                                    std::min<qint64>(c.frameCount, (s + 1) * 50 * framesPerCue)});
    std::uniform_int_distribution<qint64> frame(0, c.frameCount - 200);
    std::uniform_int_distribution<int> length(0, 150);
    for (int i = 0; i < kFindings; ++i) {
        Finding f;
        f.stage = Stage(i % 3);
        f.severity = Severity((i / 3) % 3);
        f.code = QStringLiteral("qa.synthetic.%1").arg(i % 17);
        f.message = QStringLiteral("Synthetic finding %1").arg(i);
        const qint64 start = frame(rng);
        const int len = length(rng);
        if (i % 97 != 0)
            f.frames = FrameRange{start, start + (len < 10 ? 0 : len)};
        if (i % 11 == 0)
            f.status = FindingStatus::Waived;
        c.findings.append(f);
    }
    std::uniform_real_distribution<float> noise(-1.0f, 1.0f);
    c.qaSignals.loudnessLufs.resize(size_t(c.frameCount));
    c.waveform.minimum.resize(size_t(c.frameCount));
    c.waveform.maximum.resize(size_t(c.frameCount));
    for (qint64 f = 0; f < c.frameCount; ++f) {
        const float env = 0.35f + 0.3f * std::sin(float(f) / 40.0f);
        c.qaSignals.loudnessLufs[size_t(f)] = -22.0f + 8.0f * std::sin(float(f) / 90.0f) + noise(rng);
        c.waveform.maximum[size_t(f)] = std::abs(env + 0.1f * noise(rng));
        c.waveform.minimum[size_t(f)] = -std::abs(env + 0.1f * noise(rng));
    }
    for (int i = 0; i < 500; ++i) {
        const qint64 s = frame(rng);
        c.qaSignals.frozenSpans.append(FrameSpan{s, s + 40});
        c.qaSignals.silentSpans.append(FrameSpan{s + 60, s + 80});
        c.qaSignals.blackSpans.append(FrameSpan{s + 100, s + 103});
    }
    return c;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}

// Full repaints (cache dropped each time) into an image, in milliseconds.
std::vector<double> paints(TimelineWidget &w, QImage &image)
{
    std::vector<double> ms;
    for (int i = 0; i < kPaints; ++i) {
        w.invalidateCache();
        QElapsedTimer t;
        t.start();
        w.render(&image);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    TimelineWidget w;
    w.resize(1600, 400);
    w.setContent(syntheticContent());
    w.show();
    QApplication::processEvents();
    QImage image(w.size(), QImage::Format_ARGB32_Premultiplied);

    w.zoomToFit();
    paints(w, image); // warm-up: fonts, glyph caches
    const double whole = median(paints(w, image));

    const double mid = std::sqrt(w.minimumPixelsPerFrame() * w.maximumPixelsPerFrame());
    w.setPixelsPerFrame(mid, w.headerWidth());
    w.setScrollOffset(int(double(w.frameCount()) * w.pixelsPerFrame() / 2.0));
    const double midMs = median(paints(w, image));

    std::fprintf(stderr, "bench_timeline: whole video %.3f ms (%.4f px/frame), mid zoom %.3f ms (%.3f px/frame)\n",
                 whole, w.minimumPixelsPerFrame(), midMs, mid);
    std::printf("timeline_paint_ms %.2f ms\n", std::max(whole, midMs));
    return 0;
}
