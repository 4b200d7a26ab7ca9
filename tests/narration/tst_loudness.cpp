// Narration loudness: the track leaves the narration run at the runbook's target loudness with
// its true peak under the ceiling, whatever level and peaks the voice came with.
#include "narration/loudnessnormalizer.h"

#include <QtTest>

#include <cmath>
#include <numbers>

using namespace greenlight;

namespace {

constexpr int kRate = 48000;

// Speech-like test signal: a 220 Hz tone in syllable bursts with sharp clicks on top, so its
// peaks sit far above its loudness (as espeak-ng's do).
std::vector<float> peakyVoice(double seconds, float level)
{
    std::vector<float> x(size_t(seconds * kRate));
    for (size_t i = 0; i < x.size(); ++i) {
        const double t = double(i) / kRate;
        const double syllable = std::sin(std::numbers::pi * std::fmod(t, 0.25) / 0.25);
        x[i] = float(level * syllable * std::sin(2 * std::numbers::pi * 220 * t));
        if (i % 12000 == 100)
            x[i] = level * 4.0f; // a click far above the voice
    }
    return x;
}

} // namespace

class TstLoudness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quietVoiceReachesTargetUnderCeiling()
    {
        std::vector<float> x = peakyVoice(8.0, 0.05f);
        auto before = measureTrackLoudness(x, kRate);
        QVERIFY(before);
        QVERIFY(before->integratedLufs < -25.0);
        auto r = normalizeLoudness(x, kRate, -14.0, -1.0);
        QVERIFY(r);
        QVERIFY(!r->silent);
        QVERIFY(r->gainDb > 10.0);
        QVERIFY(r->limitedDb < 0.0); // the clicks needed the limiter
        auto after = measureTrackLoudness(x, kRate);
        QVERIFY(after);
        QVERIFY2(std::fabs(after->integratedLufs - -14.0) <= 0.6, qPrintable(QString::number(after->integratedLufs)));
        QVERIFY2(after->truePeakDbtp <= -1.0, qPrintable(QString::number(after->truePeakDbtp)));
        QCOMPARE(after->integratedLufs, r->resultLufs);
    }

    void loudVoiceIsTurnedDown()
    {
        std::vector<float> x = peakyVoice(6.0, 0.2f);
        auto r = normalizeLoudness(x, kRate, -23.0, -1.0);
        QVERIFY(r);
        QVERIFY(r->gainDb < 0.0);
        QCOMPARE(r->limitedDb, 0.0); // turning down never needs limiting
        QVERIFY(std::fabs(measureTrackLoudness(x, kRate)->integratedLufs - -23.0) <= 0.3);
    }

    void silenceIsLeftAlone()
    {
        std::vector<float> x(size_t(kRate * 3), 0.0f);
        auto r = normalizeLoudness(x, kRate, -14.0, -1.0);
        QVERIFY(r);
        QVERIFY(r->silent);
        for (float s : x)
            QCOMPARE(s, 0.0f);
    }

    void deterministic()
    {
        std::vector<float> a = peakyVoice(4.0, 0.03f);
        std::vector<float> b = a;
        QVERIFY(normalizeLoudness(a, kRate, -16.0, -1.5));
        QVERIFY(normalizeLoudness(b, kRate, -16.0, -1.5));
        QVERIFY(a == b);
    }
};

QTEST_GUILESS_MAIN(TstLoudness)
#include "tst_loudness.moc"
