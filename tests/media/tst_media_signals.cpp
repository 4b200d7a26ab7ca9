#include "mediafixtures.h"

#include "media/lumaplane.h"
#include "media/mediaprobe.h"
#include "media/signalanalyzer.h"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
}

#include <QTemporaryDir>

#include <cmath>

using namespace greenlight;
using namespace greenlight::test;

namespace {

bool near(const FrameSpan &span, qint64 start, qint64 end, qint64 tolerance = 1)
{
    return std::abs(span.start - start) <= tolerance && std::abs(span.end - end) <= tolerance;
}

QString spansText(const FrameSpans &spans)
{
    QStringList parts;
    for (const FrameSpan &s : spans)
        parts << QStringLiteral("[%1,%2)").arg(s.start).arg(s.end);
    return parts.join(QLatin1Char(' '));
}

// Spans at least `min` long: the detectors report every run, QA filters by length.
FrameSpans longSpans(const FrameSpans &spans, qint64 min)
{
    FrameSpans out;
    for (const FrameSpan &s : spans)
        if (s.length() >= min)
            out.append(s);
    return out;
}

} // namespace

class TestMediaSignals : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return m_dir.filePath(S(name)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(makeClean(path("clean.mp4")));
        QVERIFY(makeSignals(path("signals.mp4")));
        QVERIFY(makeBaselinePair(path("baseline.mp4"), path("changed.mp4")));
        QVERIFY(makeLoud(path("loud.mp4")));
        // 44.1 kHz stereo music-like noise, quieter: exercises resampling to 48 kHz in the meter.
        QVERIFY(ffmpeg(args({"-f", "lavfi", "-i",
                             "anoisesrc=color=brown:amplitude=0.2:seed=3:r=44100:d=6,pan=stereo|c0=c0|c1=0.5*c0",
                             "-c:a", "aac"})
                       << path("brown44k.m4a")));
    }

    void lumaPlaneDownscale_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("planeWidth");
        QTest::addColumn<int>("planeHeight");
        QTest::newRow("1080p: factor 4 (SIMD path)") << 1920 << 1080 << 480 << 270;
        QTest::newRow("portrait 1080x1920: factor 4") << 1080 << 1920 << 270 << 480;
        QTest::newRow("720p: factor 3") << 1280 << 720 << 426 << 240;
        QTest::newRow("odd 1001x563: factor 2") << 1001 << 563 << 500 << 281;
        QTest::newRow("small: factor 1") << 320 << 240 << 320 << 240;
    }

    void lumaPlaneDownscale()
    {
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(int, planeWidth);
        QFETCH(int, planeHeight);
        QCOMPARE(LumaPlane::analysisSize(width, height), QSize(planeWidth, planeHeight));

        AVFrame *frame = av_frame_alloc();
        frame->format = AV_PIX_FMT_YUV420P;
        frame->width = width;
        frame->height = height;
        QCOMPARE(av_frame_get_buffer(frame, 0), 0);
        quint32 x = 99;
        for (int y = 0; y < height; ++y)
            for (int i = 0; i < width; ++i) {
                x = x * 1664525u + 1013904223u;
                frame->data[0][y * frame->linesize[0] + i] = quint8((x >> 24) / 2 + (i * 64) / width);
            }
        LumaPlane plane;
        QVERIFY(plane.fill(frame, planeWidth, planeHeight));
        QCOMPARE(plane.width(), planeWidth);
        QCOMPARE(plane.height(), planeHeight);
        const int f = width / planeWidth;
        for (int oy = 0; oy < planeHeight; oy += 7)
            for (int ox = 0; ox < planeWidth; ox += 5) {
                int sum = 0;
                for (int y = 0; y < f; ++y)
                    for (int i = 0; i < f; ++i)
                        sum += frame->data[0][(oy * f + y) * frame->linesize[0] + ox * f + i];
                const int expected = (sum + f * f / 2) / (f * f);
                QCOMPARE(int(plane.data()[oy * planeWidth + ox]), expected);
            }
        // Against itself: no difference, SSIM 1; against a brighter copy: a measured difference.
        LumaPlane same;
        QVERIFY(same.fill(frame, planeWidth, planeHeight));
        QCOMPARE(plane.meanAbsDiff(same), 0.0);
        QVERIFY(std::abs(plane.ssim(same) - 1.0) < 1e-9);
        for (int y = 0; y < height; ++y)
            for (int i = 0; i < width; ++i)
                frame->data[0][y * frame->linesize[0] + i] += 10;
        LumaPlane brighter;
        QVERIFY(brighter.fill(frame, planeWidth, planeHeight));
        QVERIFY(std::abs(brighter.meanAbsDiff(plane) - 10.0 / 255.0) < 0.002);
        QVERIFY(std::abs(brighter.stats(37).meanLuma - plane.stats(37).meanLuma - 10.0) < 0.01);
        // A size that is no integer factor goes through swscale.
        LumaPlane scaled;
        QVERIFY(scaled.fill(frame, 200, 150));
        QCOMPARE(scaled.width(), 200);
        QVERIFY(std::abs(scaled.stats(0).meanLuma - brighter.stats(0).meanLuma) < 2.0);
        av_frame_free(&frame);
    }

    void cleanHasNoSpans()
    {
        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(path("clean.mp4"));
        QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().toString()));
        QVERIFY(a->hasVideo && a->hasAudio && !a->hasBaseline);
        QCOMPARE(a->series.frameCount, 120);
        QCOMPARE(a->decodedFrames, 120);
        QVERIFY2(a->blackSpans.isEmpty(), qPrintable(spansText(a->blackSpans)));
        QVERIFY2(a->frozenSpans.isEmpty(), qPrintable(spansText(a->frozenSpans)));
        QVERIFY(a->silentSpans.isEmpty());
        QVERIFY(a->loudness.has_value());
        QVERIFY2(std::abs(a->loudness->integratedLufs + 14.0) < 0.5,
                 qPrintable(QString::number(a->loudness->integratedLufs)));
        QCOMPARE(a->audioSampleRate, 48000);
        QVERIFY(std::abs(a->audioSamples - 4 * 48000) < 1024);
        // The series covers every frame and every 100 ms window.
        QCOMPARE(qint64(a->series.lumaMean.size()), 120);
        QCOMPARE(qint64(a->series.darkFraction.size()), 120);
        QCOMPARE(qint64(a->series.diff.size()), 120);
        QVERIFY(a->series.ssim.empty());
        QVERIFY(std::abs(qint64(a->series.momentaryLufs.size()) - 40) <= 1);
        QCOMPARE(a->series.planeWidth, 320); // 240 / 256 rounds to factor 1
        QCOMPARE(a->series.planeHeight, 240);
    }

    void blackFrozenSilent()
    {
        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(path("signals.mp4"));
        QVERIFY(a.ok());
        QCOMPARE(a->series.frameCount, 120);

        QCOMPARE(a->blackSpans.size(), 1);
        QVERIFY2(near(a->blackSpans.first(), 15, 45), qPrintable(spansText(a->blackSpans)));
        for (qint64 i = 16; i < 44; ++i) {
            QVERIFY(a->series.lumaMean[size_t(i)] < 20.0f);
            QVERIFY(a->series.darkFraction[size_t(i)] >= 0.98f);
        }
        QVERIFY(a->series.lumaMean[5] > 50.0f);

        // The held frames [60, 90); black frames are not reported again as frozen.
        const FrameSpans frozen = longSpans(a->frozenSpans, 3);
        QCOMPARE(frozen.size(), 1);
        QVERIFY2(near(frozen.first(), 60, 90), qPrintable(spansText(a->frozenSpans)));
        for (qint64 i = 61; i < 90; ++i)
            QVERIFY(a->series.diff[size_t(i)] < 0.001f);

        QCOMPARE(a->silentSpans.size(), 1);
        const SilenceSpan &s = a->silentSpans.first();
        QVERIFY2(near(s.frames, 60, 90), qPrintable(spansText({s.frames})));
        QVERIFY2(std::abs(s.samples.start - 96000) < 1600 && std::abs(s.samples.end - 144000) < 1600,
                 qPrintable(QStringLiteral("%1-%2").arg(s.samples.start).arg(s.samples.end)));
    }

    void loudnessMatchesFfmpeg_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("tone -14 LUFS, mono 48k") << S("clean.mp4");
        QTest::newRow("tone with a silent second") << S("signals.mp4");
        QTest::newRow("loud white noise, stereo") << S("loud.mp4");
        QTest::newRow("brown noise, stereo 44.1k") << S("brown44k.m4a");
    }

    void loudnessMatchesFfmpeg()
    {
        QFETCH(QString, file);
        const QString f = m_dir.filePath(file);
        const Ebur128Figures ref = ffmpegEbur128(f);
        QVERIFY(ref.ok);
        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(f);
        QVERIFY(a.ok());
        QVERIFY(a->loudness.has_value());
        const LoudnessSummary &l = *a->loudness;
        const QString msg = QStringLiteral("ours I %1 LRA %2 TP %3; ffmpeg I %4 LRA %5 TP %6")
                                .arg(l.integratedLufs).arg(l.loudnessRangeLu).arg(l.truePeakDbtp)
                                .arg(ref.integratedLufs).arg(ref.loudnessRangeLu).arg(ref.truePeakDbtp);
        // ffmpeg prints one decimal: 0.05 rounding + 0.1 agreement.
        QVERIFY2(std::abs(l.integratedLufs - ref.integratedLufs) <= 0.15, qPrintable(msg));
        QVERIFY2(std::abs(l.loudnessRangeLu - ref.loudnessRangeLu) <= 0.15, qPrintable(msg));
        QVERIFY2(std::abs(l.truePeakDbtp - ref.truePeakDbtp) <= 0.2, qPrintable(msg));
    }

    void loudIsLoud()
    {
        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(path("loud.mp4"));
        QVERIFY(a.ok());
        QVERIFY2(a->loudness->integratedLufs > -10.0, qPrintable(QString::number(a->loudness->integratedLufs)));
        QVERIFY2(a->loudness->truePeakDbtp > -1.0, qPrintable(QString::number(a->loudness->truePeakDbtp)));
        QVERIFY(a->loudness->truePeakDbtp >= a->loudness->samplePeakDbfs - 0.05);
    }

    void baselineChangedSpan()
    {
        AnalysisOptions o;
        o.baselinePath = path("baseline.mp4");
        const Result<SignalAnalysis> a = SignalAnalyzer(o).analyze(path("changed.mp4"));
        QVERIFY2(a.ok(), qPrintable(a.ok() ? QString() : a.error().toString()));
        QVERIFY(a->hasBaseline);
        QCOMPARE(a->comparedFrames, 120);
        QCOMPARE(qint64(a->series.ssim.size()), 120);
        QCOMPARE(a->changedSpans.size(), 1);
        QVERIFY2(near(a->changedSpans.first(), 40, 70), qPrintable(spansText(a->changedSpans)));
        QVERIFY(a->series.ssim[10] > 0.98f);
        QVERIFY(a->series.ssim[55] < 0.9f);
        QVERIFY(a->ssimMin < 0.9);

        // The baseline against itself: identical, SSIM 1.
        AnalysisOptions same;
        same.baselinePath = path("baseline.mp4");
        const Result<SignalAnalysis> b = SignalAnalyzer(same).analyze(path("baseline.mp4"));
        QVERIFY(b.ok());
        QVERIFY(b->changedSpans.isEmpty());
        QVERIFY(b->ssimMin > 0.9999);
    }

    void baselineUnreadable()
    {
        AnalysisOptions o;
        o.baselinePath = path("no-such-baseline.mp4");
        const Result<SignalAnalysis> a = SignalAnalyzer(o).analyze(path("clean.mp4"));
        QVERIFY(!a.ok());
        QCOMPARE(a.error().code, S("media.baseline-unreadable"));
    }

    void progressAndCancel()
    {
        QList<double> seen;
        const Result<SignalAnalysis> a = SignalAnalyzer().analyze(path("clean.mp4"), [&](double f) {
            seen.append(f);
            return true;
        });
        QVERIFY(a.ok());
        QVERIFY(seen.size() >= 3);
        QCOMPARE(seen.last(), 1.0);
        for (qsizetype i = 1; i < seen.size(); ++i)
            QVERIFY(seen[i] >= seen[i - 1]);

        int calls = 0;
        const Result<SignalAnalysis> c = SignalAnalyzer().analyze(path("clean.mp4"), [&](double) {
            ++calls;
            return false;
        });
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, S("cancelled"));
        QCOMPARE(calls, 1);
    }

    void seriesJson()
    {
        AnalysisOptions o;
        o.baselinePath = path("baseline.mp4");
        const Result<SignalAnalysis> a = SignalAnalyzer(o).analyze(path("changed.mp4"));
        QVERIFY(a.ok());
        const Json j = a->series.toJson();
        QCOMPARE(j["schemaVersion"].get<int>(), 1);
        QCOMPARE(j["frameCount"].get<int>(), 120);
        QCOMPARE(j["fps"]["num"].get<int>(), 30);
        QCOMPARE(j["video"]["lumaMean"].size(), size_t(120));
        QCOMPARE(j["video"]["ssim"].size(), size_t(120));
        // Compact: rounded numbers, no long fractions.
        const std::string text = j.dump();
        QVERIFY(text.find("0.0000000") == std::string::npos);
        QVERIFY(text.size() < 120 * 40);

        const Result<SignalSeries> back = SignalSeries::fromJson(j);
        QVERIFY(back.ok());
        QCOMPARE(back->frameCount, 120);
        QCOMPARE(back->fps, (Rational{30, 1}));
        QCOMPARE(back->ssim.size(), size_t(120));
        QVERIFY(std::abs(back->lumaMean[7] - a->series.lumaMean[7]) < 0.05f);
        QVERIFY(!SignalSeries::fromJson(Json{{"schemaVersion", 2}}).ok());
    }
};

QTEST_GUILESS_MAIN(TestMediaSignals)
#include "tst_media_signals.moc"
