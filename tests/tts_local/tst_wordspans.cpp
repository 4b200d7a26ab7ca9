// Our own word tokenization, the spoken-text map of pronunciations, and the mapping of
// engine word events onto our words (without running an engine).
#include "tts/spokentext.h"
#include "tts/wordeventmapper.h"
#include "tts/wordspans.h"

#include <QtTest>

using namespace greenlight;

namespace {

QStringList wordTexts(const QString &text, bool ssml = false)
{
    QStringList out;
    for (const WordSpan &w : splitWords(text, ssml))
        out.append(codePointMid(text, w.charStart, w.length()));
    return out;
}

Pronunciation spoken(const QString &word, const QString &as)
{
    Pronunciation p;
    p.word = word;
    p.spoken = as;
    return p;
}

Pronunciation phonemes(const QString &word, const QString &ph, const QString &alphabet = QStringLiteral("espeak"))
{
    Pronunciation p;
    p.word = word;
    p.phonemes = ph;
    p.alphabet = alphabet;
    return p;
}

} // namespace

class TstWordSpans : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitsWords_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ssml");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("numerals") << QStringLiteral("3 apples cost 12 dollars.") << false
                                  << QStringList{QStringLiteral("3"), QStringLiteral("apples"), QStringLiteral("cost"),
                                                 QStringLiteral("12"), QStringLiteral("dollars")};
        QTest::newRow("hyphens and contractions")
            << QStringLiteral("A well-known state-of-the-art tool, isn't it? I'd've gone.") << false
            << QStringList{QStringLiteral("A"),    QStringLiteral("well-known"), QStringLiteral("state-of-the-art"),
                           QStringLiteral("tool"), QStringLiteral("isn't"),      QStringLiteral("it"),
                           QStringLiteral("I'd've"), QStringLiteral("gone")};
        QTest::newRow("quotes, dashes, ellipsis")
            << QString::fromUtf8("\xE2\x80\x9CHello,\xE2\x80\x9D she said \xE2\x80\x94 twice\xE2\x80\xA6ok? ...")
            << false
            << QStringList{QStringLiteral("Hello"), QStringLiteral("she"), QStringLiteral("said"), QStringLiteral("twice"),
                           QStringLiteral("ok")};
        QTest::newRow("symbols kept") << QStringLiteral("$12, 1,234 and 50% off (today)!") << false
                                      << QStringList{QStringLiteral("$12"), QStringLiteral("1,234"), QStringLiteral("and"),
                                                     QStringLiteral("50%"), QStringLiteral("off"), QStringLiteral("today")};
        QTest::newRow("phoneme block") << QStringLiteral("Say [[t@m'A:toU]] now.") << false
                                       << QStringList{QStringLiteral("Say"), QStringLiteral("[[t@m'A:toU]]"),
                                                      QStringLiteral("now")};
        QTest::newRow("ssml") << QStringLiteral("<speak>Say <emphasis>hi</emphasis> &amp; bye.</speak>") << true
                              << QStringList{QStringLiteral("Say"), QStringLiteral("hi"), QStringLiteral("&amp;"),
                                             QStringLiteral("bye")};
    }
    void splitsWords()
    {
        QFETCH(QString, text);
        QFETCH(bool, ssml);
        QFETCH(QStringList, expected);
        QCOMPARE(wordTexts(text, ssml), expected);
    }

    void countsCodePoints()
    {
        const QString text = QString::fromUtf8("na\xC3\xAFve \xF0\x9F\x98\x80 caf\xC3\xA9 ok");
        const QList<WordSpan> w = splitWords(text);
        QCOMPARE(w.size(), 4);
        QCOMPARE(w[1], (WordSpan{6, 7})); // the emoji is one code point, two UTF-16 units
        QCOMPARE(w[2], (WordSpan{8, 12}));
        QCOMPARE(codePointMid(text, 8, 4), QString::fromUtf8("caf\xC3\xA9"));
        QCOMPARE(codePointLength(text), 15);
    }

    void estimatesCoverTheRange()
    {
        const QString text = QStringLiteral("one 2024 three");
        const QList<SynthesizedWord> w = estimateWordTimings(text, splitWords(text), 1000, 5000);
        QCOMPARE(w.size(), 3);
        QCOMPARE(w.first().startSample, 1000);
        QCOMPARE(w.last().endSample, 5000);
        QVERIFY(w[1].endSample - w[1].startSample > w[0].endSample - w[0].startSample); // digits weigh more
        for (qsizetype i = 1; i < w.size(); ++i)
            QCOMPARE(w[i].startSample, w[i - 1].endSample);
        for (const SynthesizedWord &x : w)
            QCOMPARE(toString(x.source), toString(TimingSource::Estimate));
    }

    void spokenTextMapsBack()
    {
        const QString source = QStringLiteral("Greenlight ships GL today. Call it gl, in New York.");
        const SpokenText t = SpokenText::build(source, {spoken(QStringLiteral("GL"), QStringLiteral("gee ell")),
                                                        spoken(QStringLiteral("new york"), QStringLiteral("Noo Yawk"))});
        QCOMPARE(t.text(), QStringLiteral("Greenlight ships gee ell today. Call it gee ell, in Noo Yawk."));
        QVERIFY(t.hasSubstitutions());

        // Engine words over the spoken text, each 100 samples.
        QList<SynthesizedWord> engineWords;
        qint64 s = 0;
        for (const WordSpan &w : splitWords(t.text())) {
            engineWords.append({codePointMid(t.text(), w.charStart, w.length()), w.charStart, w.charEnd, s, s + 100,
                                TimingSource::Engine});
            s += 100;
        }
        engineWords[3].source = TimingSource::Estimate; // "ell" of the first GL
        const QList<SynthesizedWord> src = t.toSourceWords(engineWords);
        QStringList texts;
        for (const SynthesizedWord &w : src) {
            texts.append(w.text);
            QCOMPARE(codePointMid(source, w.charStart, w.charEnd - w.charStart), w.text);
        }
        QCOMPARE(texts, (QStringList{QStringLiteral("Greenlight"), QStringLiteral("ships"), QStringLiteral("GL"),
                                     QStringLiteral("today"), QStringLiteral("Call"), QStringLiteral("it"),
                                     QStringLiteral("gl"), QStringLiteral("in"), QStringLiteral("New York")}));
        QCOMPARE(src[2].startSample, 200); // "gee" + "ell" merged
        QCOMPARE(src[2].endSample, 400);
        QCOMPARE(toString(src[2].source), toString(TimingSource::Estimate));
        QCOMPARE(src[3].charStart, 20);
    }

    void possessivesKeepTheirSuffix()
    {
        const QString source = QStringLiteral("GL's cues and GL\u2019s ledger.");
        const SpokenText t = SpokenText::build(source, {spoken(QStringLiteral("GL"), QStringLiteral("gee ell"))});
        QCOMPARE(t.text(), QStringLiteral("gee ell's cues and gee ell\u2019s ledger."));
        QList<SynthesizedWord> engineWords;
        qint64 s = 0;
        for (const WordSpan &w : splitWords(t.text())) {
            engineWords.append({codePointMid(t.text(), w.charStart, w.length()), w.charStart, w.charEnd, s, s + 10,
                                TimingSource::Engine});
            s += 10;
        }
        const QList<SynthesizedWord> src = t.toSourceWords(engineWords);
        QCOMPARE(src.size(), 5);
        QCOMPARE(src[0].text, QStringLiteral("GL's"));
        QCOMPARE(src[0].endSample, 20);
        QCOMPARE(src[3].text, QStringLiteral("GL\u2019s"));
    }

    void phonemesNeedEspeak()
    {
        const QString source = QStringLiteral("A tomato, please.");
        const QList<Pronunciation> p{phonemes(QStringLiteral("tomato"), QStringLiteral("t@m'A:toU"))};
        const SpokenText local = SpokenText::build(source, p, SpokenText::Phonemes::Espeak);
        QCOMPARE(local.text(), QStringLiteral("A [[t@m'A:toU]], please."));
        QCOMPARE(local.toSourceSpan({2, 15}), (WordSpan{2, 8}));
        QVERIFY(local.warnings().isEmpty());

        const SpokenText remote = SpokenText::build(source, p, SpokenText::Phonemes::Unsupported);
        QCOMPARE(remote.text(), source);
        QCOMPARE(remote.warnings().size(), 1);

        const SpokenText ipa = SpokenText::build(source, {phonemes(QStringLiteral("tomato"), QString::fromUtf8("t\xC9\x99"), QStringLiteral("ipa"))},
                                                 SpokenText::Phonemes::Espeak);
        QCOMPARE(ipa.text(), source);
        QCOMPARE(ipa.warnings().size(), 1);
    }

    void mapsEventsOntoOurWords()
    {
        WordEventMapper::Input in;
        in.text = QStringLiteral("one two 1,234 four-five six.");
        //                        1   5   9     15        25
        in.totalSamples = 10000;
        in.words = {{1, 0}, {9, 3000}, {10, 3500}, {11, 4000}, {15, 6000}, {5, 5000} /* backwards: ignored */,
                    {25, 8000}};
        in.clauseEndSamples = {9500};
        const QList<SynthesizedWord> w = WordEventMapper::map(in);
        QCOMPARE(w.size(), 5);
        QCOMPARE(w[0].text, QStringLiteral("one"));
        QCOMPARE(toString(w[0].source), toString(TimingSource::Engine));
        QCOMPARE(w[1].text, QStringLiteral("two")); // no event: shares one's interval
        QCOMPARE(toString(w[1].source), toString(TimingSource::Estimate));
        QCOMPARE(w[0].startSample, 0);
        QCOMPARE(w[1].endSample, 3000);
        QVERIFY(w[1].startSample > 0 && w[1].startSample < 3000);
        QCOMPARE(w[2].text, QStringLiteral("1,234")); // three events, one word
        QCOMPARE(w[2].startSample, 3000);
        QCOMPARE(w[2].endSample, 6000);
        QCOMPARE(w[3].text, QStringLiteral("four-five"));
        QCOMPARE(w[4].startSample, 8000);
        QCOMPARE(w[4].endSample, 9500); // the clause end
    }

    void leadingWordsWithoutEvents()
    {
        WordEventMapper::Input in;
        in.text = QStringLiteral("a b c");
        in.totalSamples = 3000;
        in.words = {{5, 0}};
        const QList<SynthesizedWord> w = WordEventMapper::map(in);
        QCOMPARE(w.size(), 3);
        QCOMPARE(w[0].startSample, 0);
        QCOMPARE(w[2].endSample, 3000);
        for (qsizetype i = 1; i < w.size(); ++i)
            QVERIFY(w[i].startSample >= w[i - 1].endSample);
        QCOMPARE(toString(w[2].source), toString(TimingSource::Estimate));

        in.words.clear();
        const QList<SynthesizedWord> none = WordEventMapper::map(in);
        QCOMPARE(none.size(), 3);
        QCOMPARE(none.last().endSample, 3000);
    }
};

QTEST_GUILESS_MAIN(TstWordSpans)
#include "tst_wordspans.moc"
