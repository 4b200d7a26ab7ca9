// TtsCache: canonical keys, identical results on a hit, no request on a hit, atomic writes,
// corrupt entries ignored and replaced.
#include "fakespeechservers.h"
#include "loopbackserver.h"
#include "testsupport.h"

#include "tts/audiodecoder.h"
#include "tts/kokoroengine.h"
#include "tts/ttscache.h"

#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace greenlight;
using namespace greenlight::test;

class TestTtsCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void keyIsCanonical();
    void everyFieldChangesTheKey();
    void storeAndFindAreIdentical();
    void cachedWavIsAPlainFloatWav();
    void hitMakesNoRequest();
    void corruptEntriesAreIgnoredAndReplaced_data();
    void corruptEntriesAreIgnoredAndReplaced();
    void writesLeaveNoTemporaryFiles();

private:
    QTemporaryDir m_dir;
    FakeAudio m_wav;
};

namespace {

TtsCacheKey sampleKey()
{
    TtsCacheKey k;
    k.text = QStringLiteral("Launch day is here.");
    k.voice = QStringLiteral("af_heart");
    k.engine = QStringLiteral("kokoro");
    k.model = QStringLiteral("kokoro");
    k.language = QStringLiteral("en");
    k.settings = Json::parse(R"({"lang_code": "a", "normalization_options": {"normalize": true, "url_normalization": false}})");
    k.runtimeClass = QStringLiteral("remote-self-hosted");
    k.endpoint = QStringLiteral("http://127.0.0.1:8880");
    k.outputFormat = QStringLiteral("wav");
    k.engineVersion = QStringLiteral("kokoro-fastapi/v1");
    k.pronunciationSetHash = QStringLiteral("abc123");
    return k;
}

SynthesisResult sampleResult()
{
    SynthesisResult r;
    r.sampleRate = 24000;
    r.samples.resize(24000);
    for (size_t i = 0; i < r.samples.size(); ++i)
        r.samples[i] = float(std::sin(double(i) * 0.0137) * 0.8 + 1e-7 * double(i % 7));
    r.words = {{QStringLiteral("Launch"), 0, 6, 0, 6000, TimingSource::Engine},
               {QStringLiteral("day"), 7, 10, 6000, 9000, TimingSource::Estimate}};
    r.hasTimings = true;
    r.engineName = QStringLiteral("kokoro");
    r.engineVersion = QStringLiteral("kokoro-fastapi/v1");
    r.details = Json{{"voice", "af_heart"}, {"speedFactor", 1.0 / 3.0}, {"requestId", "r-1"}};
    return r;
}

void compareResults(const SynthesisResult &a, const SynthesisResult &b)
{
    QCOMPARE(a.sampleRate, b.sampleRate);
    QCOMPARE(a.samples.size(), b.samples.size());
    QVERIFY(std::memcmp(a.samples.data(), b.samples.data(), a.samples.size() * sizeof(float)) == 0);
    QCOMPARE(a.words.size(), b.words.size());
    for (qsizetype i = 0; i < a.words.size(); ++i) {
        QCOMPARE(a.words[i].text, b.words[i].text);
        QCOMPARE(a.words[i].charStart, b.words[i].charStart);
        QCOMPARE(a.words[i].charEnd, b.words[i].charEnd);
        QCOMPARE(a.words[i].startSample, b.words[i].startSample);
        QCOMPARE(a.words[i].endSample, b.words[i].endSample);
        QCOMPARE(toString(a.words[i].source), toString(b.words[i].source));
    }
    QCOMPARE(a.hasTimings, b.hasTimings);
    QCOMPARE(a.engineName, b.engineName);
    QCOMPARE(a.engineVersion, b.engineVersion);
    QCOMPARE(a.details.dump(), b.details.dump());
}

} // namespace

void TestTtsCache::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_wav = makeAudio(m_dir.path(), QStringLiteral("wav"), 2.0);
    QVERIFY(!m_wav.bytes.isEmpty());
}

void TestTtsCache::keyIsCanonical()
{
    TtsCacheKey a = sampleKey();
    TtsCacheKey b = sampleKey();
    b.settings = Json::parse(R"({"normalization_options": {"url_normalization": false, "normalize": true}, "lang_code": "a"})");
    QCOMPARE(a.hash(), b.hash());
    QCOMPARE(a.canonicalJson(), b.canonicalJson());
    QCOMPARE(a.hash().size(), 64);
    QVERIFY(!a.canonicalJson().contains('\n'));
    QVERIFY(a.canonicalJson().indexOf("\"endpoint\"") < a.canonicalJson().indexOf("\"engine\""));
}

void TestTtsCache::everyFieldChangesTheKey()
{
    const QString base = sampleKey().hash();
    const QList<std::function<void(TtsCacheKey &)>> changes = {
        [](TtsCacheKey &k) { k.text += QLatin1Char('!'); },
        [](TtsCacheKey &k) { k.ssml = true; },
        [](TtsCacheKey &k) { k.voice = QStringLiteral("am_adam"); },
        [](TtsCacheKey &k) { k.engine = QStringLiteral("openai-speech"); },
        [](TtsCacheKey &k) { k.model = QStringLiteral("tts-1"); },
        [](TtsCacheKey &k) { k.language = QStringLiteral("de"); },
        [](TtsCacheKey &k) { k.speed = 1.1; },
        [](TtsCacheKey &k) { k.settings["lang_code"] = "b"; },
        [](TtsCacheKey &k) { k.runtimeClass = QStringLiteral("remote-api"); },
        [](TtsCacheKey &k) { k.endpoint = QStringLiteral("http://gpu:8880"); },
        [](TtsCacheKey &k) { k.outputFormat = QStringLiteral("mp3"); },
        [](TtsCacheKey &k) { k.engineVersion = QStringLiteral("v2"); },
        [](TtsCacheKey &k) { k.pronunciationSetHash = QStringLiteral("def456"); },
    };
    QSet<QString> seen{base};
    for (const auto &change : changes) {
        TtsCacheKey k = sampleKey();
        change(k);
        QVERIFY(!seen.contains(k.hash()));
        seen.insert(k.hash());
    }
}

void TestTtsCache::storeAndFindAreIdentical()
{
    QTemporaryDir project;
    const TtsCache cache(project.path());
    QCOMPARE(cache.directory(), project.path() + QStringLiteral("/cache/tts"));
    const TtsCacheKey key = sampleKey();
    QVERIFY(!cache.find(key));
    const SynthesisResult original = sampleResult();
    const Status s = cache.store(key, original);
    QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
    QVERIFY(QFile::exists(cache.audioPath(key.hash())));
    QVERIFY(cache.audioPath(key.hash()).startsWith(cache.directory() + QLatin1Char('/') + key.hash().left(2) + QLatin1Char('/')));
    const auto found = cache.find(key);
    QVERIFY(found);
    compareResults(*found, original);
    TtsCacheKey other = key;
    other.voice = QStringLiteral("bf_emma");
    QVERIFY(!cache.find(other));
}

void TestTtsCache::cachedWavIsAPlainFloatWav()
{
    QTemporaryDir project;
    const TtsCache cache(project.path());
    const SynthesisResult original = sampleResult();
    QVERIFY(cache.store(sampleKey(), original).ok());
    QFile f(cache.audioPath(sampleKey().hash()));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const auto decoded = AudioDecoder::decode(f.readAll(), AudioDecoder::formatFromName(QStringLiteral("wav")));
    QVERIFY2(decoded.ok(), qPrintable(decoded.ok() ? QString() : decoded.error().message));
    QCOMPARE(decoded->sampleRate, 24000);
    QCOMPARE(decoded->samples, original.samples);
}

void TestTtsCache::hitMakesNoRequest()
{
    FakeServerConfig config;
    config.audioByFormat = {{QStringLiteral("wav"), m_wav}};
    LoopbackServer server([config](const RecordedRequest &r, int) { return kokoroCaptionedSpeech(r, config); });
    RemoteEngineSettings s = *EngineConfig::defaults(QStringLiteral("kokoro"));
    s.baseUrl = server.url();
    KokoroEngine engine(s);
    QTemporaryDir project;
    const TtsCache cache(project.path());
    SynthesisRequest req;
    req.text = QStringLiteral("Cached words come back the same.");
    const TtsCacheKey key = engine.cacheKey(req, QStringLiteral("pron-1"));
    QCOMPARE(key.voice, QStringLiteral("af_heart")); // engine defaults are part of the key
    QCOMPARE(key.endpoint, server.url().toString());

    bool hit = true;
    const auto first = cache.synthesize(engine, req, key, CancelToken(), &hit);
    QVERIFY(first.ok());
    QVERIFY(!hit);
    QCOMPARE(server.requestCount(), 1);
    QVERIFY(first->hasTimings);

    const auto second = cache.synthesize(engine, req, key, CancelToken(), &hit);
    QVERIFY(second.ok());
    QVERIFY(hit);
    QCOMPARE(server.requestCount(), 1); // no request at all
    compareResults(*second, *first);

    // Another pronunciation set is another key.
    const auto third = cache.synthesize(engine, req, engine.cacheKey(req, QStringLiteral("pron-2")), CancelToken(), &hit);
    QVERIFY(third.ok());
    QVERIFY(!hit);
    QCOMPARE(server.requestCount(), 2);
}

void TestTtsCache::corruptEntriesAreIgnoredAndReplaced_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("garbage json") << "json-garbage";
    QTest::newRow("json for another key") << "json-other-key";
    QTest::newRow("truncated wav") << "wav-truncated";
    QTest::newRow("flipped sample") << "wav-flipped";
    QTest::newRow("missing wav") << "wav-missing";
    QTest::newRow("bad word timing") << "json-bad-word";
}

void TestTtsCache::corruptEntriesAreIgnoredAndReplaced()
{
    QFETCH(QString, damage);
    QTemporaryDir project;
    const TtsCache cache(project.path());
    const TtsCacheKey key = sampleKey();
    QVERIFY(cache.store(key, sampleResult()).ok());
    const QString wav = cache.audioPath(key.hash());
    const QString meta = cache.metaPath(key.hash());
    auto rewrite = [](const QString &path, const std::function<void(QByteArray &)> &edit) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray bytes = f.readAll();
        f.close();
        edit(bytes);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    };
    if (damage == QLatin1String("json-garbage"))
        rewrite(meta, [](QByteArray &b) { b = b.left(b.size() / 2); });
    else if (damage == QLatin1String("json-other-key"))
        rewrite(meta, [](QByteArray &b) { b.replace("Launch day is here.", "Launch day is near."); });
    else if (damage == QLatin1String("wav-truncated"))
        rewrite(wav, [](QByteArray &b) { b.chop(100); });
    else if (damage == QLatin1String("wav-flipped"))
        rewrite(wav, [](QByteArray &b) { b[b.size() / 2] = char(b[b.size() / 2] ^ 0x10); });
    else if (damage == QLatin1String("wav-missing"))
        QVERIFY(QFile::remove(wav));
    else if (damage == QLatin1String("json-bad-word"))
        rewrite(meta, [](QByteArray &b) { b.replace("\"endSample\": 9000", "\"endSample\": -5"); });
    QVERIFY(!cache.find(key));

    // The next synthesis replaces the entry.
    FakeServerConfig config;
    config.audioByFormat = {{QStringLiteral("wav"), m_wav}};
    LoopbackServer server([config](const RecordedRequest &r, int) { return kokoroCaptionedSpeech(r, config); });
    RemoteEngineSettings s = *EngineConfig::defaults(QStringLiteral("kokoro"));
    s.baseUrl = server.url();
    KokoroEngine engine(s);
    SynthesisRequest req;
    req.text = key.text;
    bool hit = true;
    const auto fresh = cache.synthesize(engine, req, key, CancelToken(), &hit);
    QVERIFY(fresh.ok());
    QVERIFY(!hit);
    QCOMPARE(server.requestCount(), 1);
    const auto again = cache.find(key);
    QVERIFY(again);
    compareResults(*again, *fresh);
}

void TestTtsCache::writesLeaveNoTemporaryFiles()
{
    QTemporaryDir project;
    const TtsCache cache(project.path());
    for (int i = 0; i < 5; ++i) {
        TtsCacheKey key = sampleKey();
        key.text += QString::number(i);
        QVERIFY(cache.store(key, sampleResult()).ok());
        QVERIFY(cache.store(key, sampleResult()).ok()); // overwrite too
    }
    int files = 0;
    for (QDirIterator it(cache.directory(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
        const QString path = it.next();
        QVERIFY2(path.endsWith(QLatin1String(".wav")) || path.endsWith(QLatin1String(".json")), qPrintable(path));
        ++files;
    }
    QCOMPARE(files, 10);
}

QTEST_GUILESS_MAIN(TestTtsCache)
#include "tst_ttscache.moc"
