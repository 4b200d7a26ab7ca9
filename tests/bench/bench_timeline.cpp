// timeline_paint_ms: a full repaint of the review timeline (ruler, headers and every track, no
// cached layer) of a 1600x400 widget showing a long programme with 10k narration cues (40k
// words), 10k captions, 2k findings over the three QA stages, per-frame loudness and waveform
// and 1.5k QA spans. Median of many paints at whole-video zoom and at a mid zoom (the
// geometric middle between whole-video and single-frame zoom); the worse median is reported.
// Runs offscreen.
#include "review/timelinewidget.h"
#include "timelinefixture.h"

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
    w.setContent(test::syntheticTimelineContent(kCues, kFindings));
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
