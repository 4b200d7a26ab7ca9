// The local engine against the real libespeak-ng: our words, monotonic timings inside the
// audio, pronunciations reported against the source text, serialized concurrent use.
#include "cues/cuesegmentbuilder.h"
#include "tts/espeakengine.h"
#include "tts/spokentext.h"
#include "tts/wordspans.h"

#include <QtConcurrent>
#include <QtTest>

using namespace greenlight;

namespace {

Result<SynthesisResult> speak(const QString &text, const QString &voice = QStringLiteral("en-us"), double speed = 1.0,
                              bool ssml = false)
{
    SynthesisRequest r;
    r.text = text;
    r.voice = voice;
    r.speed = speed;
    r.ssml = ssml;
    EspeakEngine engine;
    return engine.synthesize(r, CancelToken());
}

// Words match splitWords(text) one to one; times are in order and inside the audio.
void verifyWords(const QString &text, const SynthesisResult &r, bool ssml = false)
{
    const QList<WordSpan> spans = splitWords(text, ssml);
    QCOMPARE(r.words.size(), spans.size());
    const qint64 total = qint64(r.samples.size());
    for (qsizetype i = 0; i < spans.size(); ++i) {
        const SynthesizedWord &w = r.words[i];
        QCOMPARE(w.charStart, spans[i].charStart);
        QCOMPARE(w.charEnd, spans[i].charEnd);
        QCOMPARE(w.text, codePointMid(text, spans[i].charStart, spans[i].length()));
        QVERIFY2(w.startSample >= 0 && w.startSample < w.endSample && w.endSample <= total,
                 qPrintable(QStringLiteral("%1: [%2, %3) of %4").arg(w.text).arg(w.startSample).arg(w.endSample).arg(total)));
        if (i > 0)
            QVERIFY2(w.startSample >= r.words[i - 1].endSample, qPrintable(w.text));
    }
}

} // namespace

class TstEspeakEngine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void identifiesItself()
    {
        EspeakEngine e;
        QCOMPARE(e.name(), QStringLiteral("espeak-ng"));
        QCOMPARE(e.runtimeClass(), QStringLiteral("local"));
        QVERIFY(e.version().startsWith(QStringLiteral("1.")));
        QCOMPARE(*EspeakEngine::sampleRate(), 22050);
        QVERIFY(EspeakEngine::voices().contains(QStringLiteral("en-us")));
        QCOMPARE(EspeakEngine::wordsPerMinute(1.0), 175);
        QCOMPARE(EspeakEngine::wordsPerMinute(10.0), 450);
    }

    void wordsFollowOurTokenization_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("numerals") << QStringLiteral("3 apples cost 12 dollars.");
        QTest::newRow("big numbers") << QStringLiteral("Hello, the caf\u00e9 is 1,234 metres away; it's 2024.");
        QTest::newRow("hyphens") << QStringLiteral("A well-known state-of-the-art tool, isn't it?");
        QTest::newRow("contractions") << QStringLiteral("I'd've gone, but we're late and they'll wait.");
        QTest::newRow("reduced words") << QStringLiteral("Out of the box and into the fire, sort of.");
        QTest::newRow("symbols") << QStringLiteral("Save $12 or 50% today & tomorrow.");
    }
    void wordsFollowOurTokenization()
    {
        QFETCH(QString, text);
        const Result<SynthesisResult> r = speak(text);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().toString()));
        QCOMPARE(r->sampleRate, 22050);
        QVERIFY(r->hasTimings);
        QVERIFY(r->samples.size() > 22050 / 2);
        verifyWords(text, *r);
        int engineTimed = 0;
        for (const SynthesizedWord &w : r->words)
            engineTimed += w.source == TimingSource::Engine;
        QVERIFY(engineTimed * 2 > r->words.size());
    }

    void numeralSentenceTimes()
    {
        const QString text = QStringLiteral("3 apples cost 12 dollars.");
        const Result<SynthesisResult> r = speak(text);
        QVERIFY(r.ok());
        QCOMPARE(r->words.size(), 5);
        for (const SynthesizedWord &w : r->words)
            QCOMPARE(toString(w.source), toString(TimingSource::Engine));
        // "dollars" starts well after "12" does and the words cover most of the audio.
        QVERIFY(r->words[4].startSample - r->words[3].startSample > 22050 / 10);
        QVERIFY(r->words.last().endSample > qint64(r->samples.size()) * 8 / 10);
    }

    void ssmlInput()
    {
        const QString text = QStringLiteral("<speak>Say <emphasis>hello</emphasis> to the <mark name=\"m\"/>world.</speak>");
        const Result<SynthesisResult> r = speak(text, QStringLiteral("en-us"), 1.0, true);
        QVERIFY(r.ok());
        verifyWords(text, *r, true);
        QCOMPARE(r->words[1].text, QStringLiteral("hello"));
    }

    void pronunciationsKeepSourceSpans()
    {
        const QString source = QStringLiteral("Greenlight ships GL builds. Try a tomato.");
        Pronunciation gl;
        gl.word = QStringLiteral("GL");
        gl.spoken = QStringLiteral("green light");
        Pronunciation tomato;
        tomato.word = QStringLiteral("tomato");
        tomato.phonemes = QStringLiteral("t@m'A:toU");
        const SpokenText spoken = SpokenText::build(source, {gl, tomato}, SpokenText::Phonemes::Espeak);
        QVERIFY(spoken.text() != source);
        QVERIFY(spoken.text().contains(QStringLiteral("green light")));
        QVERIFY(spoken.text().contains(QStringLiteral("[[t@m'A:toU]]")));

        const Result<SynthesisResult> plain = speak(source);
        const Result<SynthesisResult> r = speak(spoken.text());
        QVERIFY(r.ok() && plain.ok());
        QVERIFY(r->samples.size() != plain->samples.size()); // it really says something else
        verifyWords(spoken.text(), *r);

        const QList<SynthesizedWord> words = spoken.toSourceWords(r->words);
        QStringList texts;
        for (const SynthesizedWord &w : words) {
            texts.append(w.text);
            QCOMPARE(codePointMid(source, w.charStart, w.charEnd - w.charStart), w.text);
        }
        QCOMPARE(texts, (QStringList{QStringLiteral("Greenlight"), QStringLiteral("ships"), QStringLiteral("GL"),
                                     QStringLiteral("builds"), QStringLiteral("Try"), QStringLiteral("a"),
                                     QStringLiteral("tomato")}));
        for (qsizetype i = 1; i < words.size(); ++i)
            QVERIFY(words[i].startSample >= words[i - 1].endSample);

        // And into a cue segment on a 48 kHz track, one second in.
        const TimeBase tb{48000, {30, 1}};
        const CueSegment seg = CueSegmentBuilder::fromSynthesis(spoken, *r, {QStringLiteral("espeak-ng"), QStringLiteral("1.51"), QStringLiteral("local")},
                                                                48000, tb);
        QCOMPARE(seg.sourceText, source);
        QCOMPARE(seg.spokenText, spoken.text());
        QCOMPARE(seg.words.size(), 7);
        QCOMPARE(seg.startFrame, 30);
        QVERIFY(seg.words.first().startSample >= 48000);
        QVERIFY(seg.words.last().endSample <= seg.endSample);
    }

    void concurrentCallsAreSerialized()
    {
        const QStringList texts{QStringLiteral("The first thread speaks about 3 apples."),
                                QStringLiteral("The second thread says something well-known, twice."),
                                QStringLiteral("A third one isn't far behind, it's 2024."),
                                QStringLiteral("And a fourth keeps going until the end.")};
        // espeak-ng is not bit-exact from call to call, so compare lengths with a sequential run.
        QList<qint64> expectedSamples;
        for (const QString &t : texts) {
            const Result<SynthesisResult> r = speak(t);
            QVERIFY(r.ok());
            expectedSamples.append(qint64(r->samples.size()));
        }
        QList<int> jobs;
        for (int i = 0; i < 16; ++i)
            jobs.append(i % int(texts.size()));
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        const QList<QString> problems = QtConcurrent::blockingMapped(&pool, jobs, [&](int k) -> QString {
            const QString &t = texts[k];
            const Result<SynthesisResult> r = speak(t);
            if (!r.ok())
                return r.error().toString();
            if (r->words.size() != splitWords(t).size())
                return QStringLiteral("word count differs for ") + t;
            const qint64 n = qint64(r->samples.size());
            if (std::abs(n - expectedSamples[k]) > expectedSamples[k] / 50)
                return QStringLiteral("audio length %1 instead of about %2 for %3").arg(n).arg(expectedSamples[k]).arg(t);
            for (qsizetype i = 1; i < r->words.size(); ++i)
                if (r->words[i].startSample < r->words[i - 1].endSample || r->words[i].endSample > n)
                    return QStringLiteral("timings out of order for ") + t;
            return {};
        });
        for (const QString &p : problems)
            QVERIFY2(p.isEmpty(), qPrintable(p));
    }

    void errors()
    {
        const Result<SynthesisResult> empty = speak(QStringLiteral("   "));
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, QStringLiteral("tts.bad-request"));
        const Result<SynthesisResult> voice = speak(QStringLiteral("hello"), QStringLiteral("no-such-voice-xx"));
        QVERIFY(!voice.ok());
        QCOMPARE(voice.error().code, QStringLiteral("tts.bad-request"));

        CancelToken cancel;
        cancel.cancel();
        SynthesisRequest req;
        req.text = QStringLiteral("never said");
        EspeakEngine e;
        const Result<SynthesisResult> cancelled = e.synthesize(req, cancel);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, QStringLiteral("tts.cancelled"));
        // The engine still works afterwards.
        QVERIFY(speak(QStringLiteral("still here")).ok());
    }

    void speedChangesDuration()
    {
        const QString text = QStringLiteral("The quick brown fox jumps over the lazy dog.");
        const Result<SynthesisResult> slow = speak(text, QStringLiteral("en-us"), 0.6);
        const Result<SynthesisResult> fast = speak(text, QStringLiteral("en-us"), 1.6);
        QVERIFY(slow.ok() && fast.ok());
        QVERIFY(slow->samples.size() > fast->samples.size() * 3 / 2);
    }
};

QTEST_GUILESS_MAIN(TstEspeakEngine)
#include "tst_espeakengine.moc"
