// AudioDecoder: every format a speech server returns decodes in memory to mono float at the
// stream's rate; a cut stream is an error, never a shorter clip.
#include "fakespeechservers.h"
#include "testsupport.h"

#include "tts/audiodecoder.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace greenlight;
using namespace greenlight::test;

class TestAudioDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void decodesEveryFormat_data();
    void decodesEveryFormat();
    void rawPcmSamplesAreExact();
    void formatNames_data();
    void formatNames();
    void truncatedStreamsFail_data();
    void truncatedStreamsFail();
    void garbageFails();
    void streamingWavPlaceholderIsAccepted();

private:
    QTemporaryDir m_dir;
};

void TestAudioDecoder::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestAudioDecoder::decodesEveryFormat_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("container");
    QTest::newRow("wav") << "wav" << "wav";
    QTest::newRow("mp3") << "mp3" << "mp3";
    QTest::newRow("mp3_44100_128") << "mp3_44100_128" << "mp3_44100_128";
    QTest::newRow("flac") << "flac" << "flac";
    QTest::newRow("opus") << "opus" << "opus";
    QTest::newRow("aac") << "aac" << "aac";
    QTest::newRow("pcm") << "pcm" << "pcm";
    QTest::newRow("pcm_22050") << "pcm_22050" << "pcm_22050";
    QTest::newRow("probed wav") << "wav" << "";
    QTest::newRow("mislabelled mp3") << "mp3" << "wav";
}

void TestAudioDecoder::decodesEveryFormat()
{
    QFETCH(QString, format);
    QFETCH(QString, container);
    const FakeAudio audio = makeAudio(m_dir.path(), format, 1.5);
    QVERIFY(!audio.bytes.isEmpty());
    const auto decoded = AudioDecoder::decode(audio.bytes, AudioDecoder::formatFromName(container, 24000));
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QCOMPARE(decoded->sampleRate, audio.sampleRate);
    const double seconds = double(decoded->samples.size()) / decoded->sampleRate;
    QVERIFY2(std::abs(seconds - 1.5) < 0.08, qPrintable(QString::number(seconds)));
    float peak = 0;
    for (const float s : decoded->samples)
        peak = std::max(peak, std::abs(s));
    QVERIFY2(peak > 0.1f && peak <= 1.01f, qPrintable(QString::number(peak)));
}

void TestAudioDecoder::rawPcmSamplesAreExact()
{
    QByteArray bytes;
    for (const qint16 v : {qint16(0), qint16(16384), qint16(-32768), qint16(32767)}) {
        bytes.append(char(v & 0xff));
        bytes.append(char((v >> 8) & 0xff));
    }
    const auto decoded = AudioDecoder::decode(bytes, AudioDecoder::formatFromName(QStringLiteral("pcm_16000")));
    QVERIFY(decoded.ok());
    QCOMPARE(decoded->sampleRate, 16000);
    QCOMPARE(decoded->samples, (std::vector<float>{0.0f, 0.5f, -1.0f, 32767.0f / 32768.0f}));
}

void TestAudioDecoder::formatNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("container");
    QTest::addColumn<int>("rate");
    QTest::newRow("pcm_22050") << "pcm_22050" << "pcm_s16le" << 22050;
    QTest::newRow("pcm") << "pcm" << "pcm_s16le" << 24000;
    QTest::newRow("audio/pcm") << "audio/pcm" << "pcm_s16le" << 24000;
    QTest::newRow("mp3_44100_128") << "mp3_44100_128" << "mp3" << 0;
    QTest::newRow("audio/mpeg") << "audio/mpeg" << "mp3" << 0;
    QTest::newRow("audio/wav") << "audio/wav" << "wav" << 0;
    QTest::newRow("opus_48000_64") << "opus_48000_64" << "ogg" << 0;
    QTest::newRow("ulaw_8000") << "ulaw_8000" << "ulaw" << 8000;
    QTest::newRow("unknown") << "audio/x-something" << "" << 0;
}

void TestAudioDecoder::formatNames()
{
    QFETCH(QString, name);
    QFETCH(QString, container);
    QFETCH(int, rate);
    const auto f = AudioDecoder::formatFromName(name, 24000);
    QCOMPARE(f.container, container);
    QCOMPARE(f.sampleRate, rate);
}

void TestAudioDecoder::truncatedStreamsFail_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<double>("keep");
    QTest::newRow("wav half") << "wav" << 0.5;
    QTest::newRow("wav header only") << "wav" << 0.01;
    QTest::newRow("flac half") << "flac" << 0.5;
    QTest::newRow("mp3 half") << "mp3" << 0.5;
    QTest::newRow("opus half") << "opus" << 0.5;
    QTest::newRow("pcm odd byte") << "pcm" << -1.0;
}

void TestAudioDecoder::truncatedStreamsFail()
{
    QFETCH(QString, format);
    QFETCH(double, keep);
    const FakeAudio audio = makeAudio(m_dir.path(), format, 1.5);
    QVERIFY(!audio.bytes.isEmpty());
    const QByteArray cut = keep < 0 ? audio.bytes.left(audio.bytes.size() - 1)
                                    : audio.bytes.left(qsizetype(double(audio.bytes.size()) * keep));
    const auto decoded = AudioDecoder::decode(cut, AudioDecoder::formatFromName(format, 24000));
    QVERIFY2(!decoded.ok(), qPrintable(QStringLiteral("%1 samples from a cut stream")
                                           .arg(decoded.ok() ? decoded->samples.size() : 0)));
    QCOMPARE(decoded.error().code, QStringLiteral("tts.bad-response"));
}

void TestAudioDecoder::garbageFails()
{
    const auto decoded = AudioDecoder::decode(QByteArray(4000, 'x'), AudioDecoder::formatFromName(QStringLiteral("mp3")));
    QVERIFY(!decoded.ok());
    QCOMPARE(decoded.error().code, QStringLiteral("tts.bad-response"));
    const auto empty = AudioDecoder::decode(QByteArray(), AudioDecoder::formatFromName(QStringLiteral("wav")));
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, QStringLiteral("tts.bad-response"));
}

void TestAudioDecoder::streamingWavPlaceholderIsAccepted()
{
    // Streaming writers cannot know the length: 0xFFFFFFFF in the data chunk is not a cut.
    FakeAudio audio = makeAudio(m_dir.path(), QStringLiteral("wav"), 1.0);
    QVERIFY(!audio.bytes.isEmpty());
    const qsizetype data = audio.bytes.indexOf("data");
    QVERIFY(data > 0);
    audio.bytes.replace(data + 4, 4, QByteArray(4, char(0xff)));
    const auto decoded = AudioDecoder::decode(audio.bytes, AudioDecoder::formatFromName(QStringLiteral("wav")));
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QVERIFY(std::abs(double(decoded->samples.size()) / 24000.0 - 1.0) < 0.01);
}

QTEST_GUILESS_MAIN(TestAudioDecoder)
#include "tst_audiodecoder.moc"
