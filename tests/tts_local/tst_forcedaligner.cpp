// Forced alignment accuracy on speech whose word times are known: espeak-ng en-us at
// 150 wpm with silence padding, aligned against an espeak-ng "en" reference at 175 wpm.
#include "alignmentfixture.h"

#include "tts/dtw.h"
#include "tts/mfcc.h"
#include "tts/wordspans.h"

#include <QtTest>

using namespace greenlight;

class TstForcedAligner : public QObject
{
    Q_OBJECT
private:
    void runSetup(const test::AlignmentSetup &setup, double limit_ms, const char *label)
    {
        test::AlignmentScore total;
        for (const QString &text : test::alignmentTexts()) {
            const Result<test::AlignmentScore> s = test::scoreAlignment(text, setup);
            QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
            total.add(*s);
        }
        qInfo("%s: mean absolute word-boundary error %.1f ms over %d boundaries (%.2f s compute for %.1f s audio)",
              label, total.mean_ms(), total.boundaries, total.compute_s, total.audio_s);
        QVERIFY(total.boundaries > 100);
        QVERIFY2(total.mean_ms() <= limit_ms, qPrintable(QStringLiteral("%1 ms").arg(total.mean_ms())));
    }

private Q_SLOTS:
    void differentVoiceAndSpeed()
    {
        runSetup({}, 40.0, "en-us@150wpm vs en@175wpm");
    }

    void otherEngineRate()
    {
        test::AlignmentSetup setup;
        setup.targetRate = 24000; // e.g. Kokoro's output rate
        setup.truthSpeed = 1.25;
        setup.referenceVoice = QStringLiteral("en-us");
        setup.leadingSilence_ms = 1200;
        runSetup(setup, 40.0, "en-us@219wpm 24kHz vs en-us@175wpm");
    }

    void anotherVoiceCharacter()
    {
        test::AlignmentSetup setup;
        setup.truthVoice = QStringLiteral("en-us+f3"); // a female variant: other pitch and formants
        runSetup(setup, 40.0, "en-us+f3@150wpm vs en@175wpm");
    }

    void fillsResultsWithoutTimings()
    {
        const QString text = QStringLiteral("Words from an engine that gives no timings at all.");
        SynthesisRequest request;
        request.text = text;
        request.voice = QStringLiteral("en-gb");
        Result<SynthesisResult> r = EspeakEngine().synthesize(request, {});
        QVERIFY(r.ok());
        r->words.clear();
        r->hasTimings = false;
        request.voice = QStringLiteral("alloy"); // a remote engine's voice name
        request.language = QStringLiteral("en");
        QVERIFY(ForcedAligner().alignResult(*r, request).ok());
        QVERIFY(r->hasTimings);
        QCOMPARE(r->words.size(), splitWords(text).size());
        for (qsizetype i = 0; i < r->words.size(); ++i) {
            QCOMPARE(toString(r->words[i].source), toString(TimingSource::ForcedAlignment));
            QVERIFY(r->words[i].endSample <= qint64(r->samples.size()));
            if (i > 0)
                QVERIFY(r->words[i].startSample >= r->words[i - 1].startSample);
        }
        QCOMPARE(toString(r->words.first().source), QStringLiteral("forced-alignment"));
    }

    void dtwFindsAShift()
    {
        // A feature sequence against itself delayed by 20 frames.
        FeatureMatrix a, b;
        a.dims = b.dims = 1;
        for (int i = 0; i < 100; ++i)
            a.data.push_back(float(std::sin(i * 0.3)));
        a.frames = 100;
        b.data.assign(20, float(std::sin(0.0)));
        b.data.insert(b.data.end(), a.data.begin(), a.data.end());
        b.frames = 120;
        const Result<DtwPath> p = dtwAlign(a, b, {40});
        QVERIFY(p.ok());
        QVERIFY(std::abs(p->mapRefFrame(50) - 70) <= 1.0);
    }

    void rejectsEmptyAudio()
    {
        const auto r = ForcedAligner().align({}, 22050, QStringLiteral("hello"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("tts.alignment"));
    }
};

QTEST_GUILESS_MAIN(TstForcedAligner)
#include "tst_forcedaligner.moc"
