// The three speech protocols against loopback servers speaking them byte for byte: requests
// checked server-side (path, method, content type, key header present only when configured),
// responses read into audio and word timings, ElevenLabs' two kinds of 429.
#include "remotetestbase.h"

#include "tts/elevenlabsengine.h"
#include "tts/kokoroengine.h"
#include "tts/openaispeechengine.h"
#include "tts/remoteenginefactory.h"
#include "tts/secrets.h"

#include <QtConcurrent>

using namespace greenlight;
using namespace greenlight::test;
using Mode = ScriptedResponse::Mode;

class TestRemoteProtocols : public RemoteEngineTestBase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { makeFixtures(); }
    void openAiSelfHostedHappyPath();
    void openAiApiSendsBearerKey();
    void openAiWrongKeyIsAuthErrorNotRetried();
    void openAiBaseUrlWithV1();
    void kokoroCaptionedSpeechWithTimestamps();
    void kokoroWithoutTimestamps_data();
    void kokoroWithoutTimestamps();
    void elevenLabsHappyPath();
    void elevenLabsSendsOnlyWhatIsSet();
    void elevenLabsMp3();
    void elevenLabs429Kinds_data();
    void elevenLabs429Kinds();
    void runsOnWorkerThread();
    void missingKeyIsAuthError();
};

namespace {

ScriptedResponse elevenLabs429(const char *kind, const RawHeaders &headers)
{
    return ScriptedResponse::json(
        429, Json{{"detail", {{"status", kind}, {"message", "Too many requests, try again shortly"}}}}, headers);
}

} // namespace

void TestRemoteProtocols::openAiSelfHostedHappyPath()
{
    const FakeServerConfig config = serverConfig();
    LoopbackServer server([config](const RecordedRequest &r, int) { return openAiSpeech(r, config); });
    auto e = engine<OpenAiSpeechEngine>(settings(QStringLiteral("openai-speech"), server));
    QList<AttemptRecord> attempts;
    const auto r = e->synthesizeWithAttempts(request(QStringLiteral("Hello there.")), CancelToken(), &attempts);
    QVERIFY2(r.ok(), qPrintable(why(r)));
    checkAudio(*r, 24000, 1.5);
    QVERIFY(!r->hasTimings);
    QVERIFY(r->words.isEmpty());
    QCOMPARE(r->engineName, QStringLiteral("openai-speech"));
    QCOMPARE(e->runtimeClass(), QStringLiteral("remote-self-hosted"));
    QCOMPARE(r->details.value("requestId", std::string()), "req_fake_openai_1");
    QCOMPARE(attempts.size(), 1);
    QCOMPARE(attempts[0].outcome, QStringLiteral("succeeded"));
    QCOMPARE(attempts[0].httpStatus, 200);

    QCOMPARE(server.requestCount(), 1);
    const RecordedRequest req = server.requests().first();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/v1/audio/speech"));
    QCOMPARE(req.header("Content-Type"), QByteArray("application/json"));
    QVERIFY(!req.hasHeader("Authorization"));
    const Json body = req.json();
    QCOMPARE(body.size(), 5u);
    QCOMPARE(body["model"], "gpt-4o-mini-tts");
    QCOMPARE(body["input"], "Hello there.");
    QCOMPARE(body["voice"], "alloy");
    QCOMPARE(body["response_format"], "wav");
    QCOMPARE(body["speed"].get<double>(), 1.0);
}

void TestRemoteProtocols::openAiApiSendsBearerKey()
{
    const FakeServerConfig config = serverConfig(kKeyBytes);
    LoopbackServer server([config](const RecordedRequest &r, int) { return openAiSpeech(r, config); });
    RemoteEngineSettings s = settings(QStringLiteral("openai-speech"), server);
    s.runtimeClass = QStringLiteral("remote-api");
    s.requireKey = true;
    auto e = engine<OpenAiSpeechEngine>(s, kKey);
    SynthesisRequest req = request(QStringLiteral("Raw samples, please."));
    req.outputFormat = QStringLiteral("pcm");
    req.voice = QStringLiteral("nova");
    req.speed = 1.25;
    req.settings = Json{{"instructions", "calm"}};
    const auto r = e->synthesize(req, CancelToken());
    QVERIFY2(r.ok(), qPrintable(why(r)));
    checkAudio(*r, 24000, 1.5);
    QCOMPARE(e->runtimeClass(), QStringLiteral("remote-api"));
    const RecordedRequest sent = server.requests().first();
    QCOMPARE(sent.header("Authorization"), QByteArray("Bearer ") + kKeyBytes);
    QCOMPARE(sent.json()["voice"], "nova");
    QCOMPARE(sent.json()["speed"].get<double>(), 1.25);
    QCOMPARE(sent.json()["instructions"], "calm");
}

void TestRemoteProtocols::openAiWrongKeyIsAuthErrorNotRetried()
{
    const FakeServerConfig config = serverConfig(kKeyBytes);
    LoopbackServer server([config](const RecordedRequest &r, int) { return openAiSpeech(r, config); });
    auto e = engine<OpenAiSpeechEngine>(settings(QStringLiteral("openai-speech"), server),
                                        QStringLiteral("sk-wrong-key-000000000"));
    const auto r = e->synthesize(request(QStringLiteral("Hello.")), CancelToken());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.auth"));
    QVERIFY2(r.error().message.contains(QStringLiteral("HTTP 401")), qPrintable(r.error().message));
    QVERIFY(!r.error().message.contains(QStringLiteral("sk-wrong-key-000000000")));
    QCOMPARE(server.requestCount(), 1);
    QVERIFY(m_slept.isEmpty());
}

void TestRemoteProtocols::openAiBaseUrlWithV1()
{
    const FakeServerConfig config = serverConfig();
    LoopbackServer server([config](const RecordedRequest &r, int) { return openAiSpeech(r, config); });
    RemoteEngineSettings s = settings(QStringLiteral("openai-speech"), server);
    s.baseUrl = QUrl(server.url().toString() + QStringLiteral("/v1/"));
    auto e = engine<OpenAiSpeechEngine>(s);
    const auto r = e->synthesize(request(QStringLiteral("Hello.")), CancelToken());
    QVERIFY2(r.ok(), qPrintable(why(r)));
    QCOMPARE(server.requests().first().path, QByteArray("/v1/audio/speech"));
}

void TestRemoteProtocols::kokoroCaptionedSpeechWithTimestamps()
{
    const FakeServerConfig config = serverConfig();
    LoopbackServer server([config](const RecordedRequest &r, int) { return kokoroCaptionedSpeech(r, config); });
    auto e = engine<KokoroEngine>(settings(QStringLiteral("kokoro"), server));
    const QString text = QStringLiteral("Hello, world! This is Greenlight.");
    const auto r = e->synthesize(request(text), CancelToken());
    QVERIFY2(r.ok(), qPrintable(why(r)));
    checkAudio(*r, 24000, 1.5);
    QVERIFY(r->hasTimings);
    QCOMPARE(r->words.size(), 5);
    const QStringList expected = {QStringLiteral("Hello"), QStringLiteral("world"), QStringLiteral("This"),
                                  QStringLiteral("is"), QStringLiteral("Greenlight")};
    const double step = 1.5 / 8.0; // 8 tokens: Hello , world ! This is Greenlight .
    const QList<int> tokenIndex = {0, 2, 4, 5, 6};
    for (int i = 0; i < 5; ++i) {
        const SynthesizedWord &w = r->words[i];
        QCOMPARE(w.text, expected[i]);
        QCOMPARE(toString(w.source), toString(TimingSource::Engine));
        QCOMPARE(w.startSample, qint64(std::llround(step * tokenIndex[i] * 24000)));
        QCOMPARE(w.endSample, qint64(std::llround((step * (tokenIndex[i] + 1) - 0.01) * 24000)));
    }
    QCOMPARE(r->words[1].charStart, 7);
    QCOMPARE(r->words[1].charEnd, 12);

    const RecordedRequest req = server.requests().first();
    QCOMPARE(req.path, QByteArray("/dev/captioned_speech"));
    QVERIFY(!req.hasHeader("Authorization"));
    const Json body = req.json();
    QCOMPARE(body["return_timestamps"], true);
    QCOMPARE(body["stream"], false);
    QCOMPARE(body["input"], toStd(text));
    QCOMPARE(body["voice"], "af_heart");
    QCOMPARE(body["model"], "kokoro");
    QCOMPARE(body["response_format"], "wav");
}

void TestRemoteProtocols::kokoroWithoutTimestamps_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("null") << int(FakeServerConfig::Timestamps::Null);
    QTest::newRow("empty") << int(FakeServerConfig::Timestamps::Empty);
}

void TestRemoteProtocols::kokoroWithoutTimestamps()
{
    QFETCH(int, mode);
    FakeServerConfig config = serverConfig();
    config.timestamps = FakeServerConfig::Timestamps(mode);
    LoopbackServer server([config](const RecordedRequest &r, int) { return kokoroCaptionedSpeech(r, config); });
    auto e = engine<KokoroEngine>(settings(QStringLiteral("kokoro"), server));
    const auto r = e->synthesize(request(QStringLiteral("No timings today.")), CancelToken());
    QVERIFY2(r.ok(), qPrintable(why(r)));
    checkAudio(*r, 24000, 1.5);
    QVERIFY(!r->hasTimings);
    QVERIFY(r->words.isEmpty());
}

void TestRemoteProtocols::elevenLabsHappyPath()
{
    const FakeServerConfig config = serverConfig(kKeyBytes);
    LoopbackServer server([config](const RecordedRequest &r, int) { return elevenLabsWithTimestamps(r, config); });
    auto e = engine<ElevenLabsEngine>(settings(QStringLiteral("elevenlabs"), server), kKey);
    const QString text = QStringLiteral("Ship it, today.");
    const auto r = e->synthesize(request(text), CancelToken());
    QVERIFY2(r.ok(), qPrintable(why(r)));
    checkAudio(*r, 22050, 1.5);
    QVERIFY(r->hasTimings);
    QCOMPARE(r->details.value("timingsFrom", std::string()), "alignment");
    QCOMPARE(r->details.value("requestId", std::string()), "el_req_42");
    QCOMPARE(r->words.size(), 3);
    // Characters are spread evenly: 15 characters over 1.5 s, 0.1 s each.
    const SynthesizedWord &it = r->words[1];
    QCOMPARE(it.text, QStringLiteral("it"));
    QCOMPARE(it.charStart, 5);
    QCOMPARE(it.charEnd, 7);
    QCOMPARE(it.startSample, qint64(std::llround(0.5 * 22050)));
    QCOMPARE(it.endSample, qint64(std::llround(0.7 * 22050)));
    QCOMPARE(toString(it.source), toString(TimingSource::Engine));

    const RecordedRequest req = server.requests().first();
    QCOMPARE(req.method, QByteArray("POST"));
    QCOMPARE(req.path, QByteArray("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/with-timestamps"));
    QCOMPARE(req.queryItem("output_format"), QByteArray("pcm_22050"));
    QCOMPARE(req.header("xi-api-key"), kKeyBytes);
    QVERIFY(!req.hasHeader("Authorization"));
    const Json body = req.json();
    QCOMPARE(body.size(), 2u); // text and model_id: nothing else was set
    QCOMPARE(body["text"], toStd(text));
    QCOMPARE(body["model_id"], "eleven_multilingual_v2");
}

void TestRemoteProtocols::elevenLabsSendsOnlyWhatIsSet()
{
    const FakeServerConfig config = serverConfig(kKeyBytes);
    LoopbackServer server([config](const RecordedRequest &r, int) { return elevenLabsWithTimestamps(r, config); });
    auto e = engine<ElevenLabsEngine>(settings(QStringLiteral("elevenlabs"), server), kKey);
    SynthesisRequest req = request(QStringLiteral("Second sentence."));
    req.voice = QStringLiteral("voice/with space");
    req.language = QStringLiteral("en");
    req.speed = 1.1;
    req.settings = Json::parse(R"({"voice_settings": {"stability": 0.4, "style": null, "use_speaker_boost": true},
                                   "seed": 7, "previous_text": "First sentence."})");
    const auto r = e->synthesize(req, CancelToken());
    QVERIFY2(r.ok(), qPrintable(why(r)));
    const RecordedRequest sent = server.requests().first();
    QCOMPARE(sent.path, QByteArray("/v1/text-to-speech/voice%2Fwith%20space/with-timestamps"));
    const Json body = sent.json();
    QCOMPARE(body["language_code"], "en");
    QCOMPARE(body["seed"], 7);
    QCOMPARE(body["previous_text"], "First sentence.");
    QVERIFY(!body.contains("next_text"));
    const Json vs = body["voice_settings"];
    QCOMPARE(vs.size(), 3u);
    QCOMPARE(vs["stability"].get<double>(), 0.4);
    QCOMPARE(vs["use_speaker_boost"], true);
    QCOMPARE(vs["speed"].get<double>(), 1.1);

    // A misspelt setting never reaches the server.
    req.settings = Json{{"stabilty", 0.5}};
    const auto bad = e->synthesize(req, CancelToken());
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, QStringLiteral("tts.bad-request"));
    QCOMPARE(server.requestCount(), 1);
}

void TestRemoteProtocols::elevenLabsMp3()
{
    const FakeServerConfig config = serverConfig(kKeyBytes);
    LoopbackServer server([config](const RecordedRequest &r, int) { return elevenLabsWithTimestamps(r, config); });
    auto e = engine<ElevenLabsEngine>(settings(QStringLiteral("elevenlabs"), server), kKey);
    SynthesisRequest req = request(QStringLiteral("In MP3 this time."));
    req.outputFormat = QStringLiteral("mp3_44100_128");
    const auto r = e->synthesize(req, CancelToken());
    QVERIFY2(r.ok(), qPrintable(why(r)));
    checkAudio(*r, 44100, 1.5);
    QCOMPARE(r->words.size(), 4);
    QCOMPARE(server.requests().first().queryItem("output_format"), QByteArray("mp3_44100_128"));
}

void TestRemoteProtocols::elevenLabs429Kinds_data()
{
    QTest::addColumn<QByteArray>("kind");
    QTest::addColumn<QByteArray>("headerName");
    QTest::addColumn<QByteArray>("headerValue");
    QTest::addColumn<qint64>("expectedDelay");
    QTest::newRow("concurrent, retry-after-ms") << QByteArray("too_many_concurrent_requests")
                                                << QByteArray("retry-after-ms") << QByteArray("150") << qint64(150);
    QTest::newRow("busy, retry-after") << QByteArray("system_busy") << QByteArray("retry-after") << QByteArray("2")
                                       << qint64(2000);
    QTest::newRow("concurrent, no header") << QByteArray("too_many_concurrent_requests") << QByteArray() << QByteArray()
                                           << qint64(500);
    QTest::newRow("busy, no header") << QByteArray("system_busy") << QByteArray() << QByteArray() << qint64(2000);
}

void TestRemoteProtocols::elevenLabs429Kinds()
{
    QFETCH(QByteArray, kind);
    QFETCH(QByteArray, headerName);
    QFETCH(QByteArray, headerValue);
    QFETCH(qint64, expectedDelay);
    const FakeServerConfig config = serverConfig(kKeyBytes);
    LoopbackServer server([=](const RecordedRequest &r, int index) {
        if (index == 0)
            return elevenLabs429(kind.constData(), headerName.isEmpty() ? RawHeaders() : RawHeaders{{headerName, headerValue}});
        return elevenLabsWithTimestamps(r, config);
    });
    auto e = engine<ElevenLabsEngine>(settings(QStringLiteral("elevenlabs"), server), kKey);
    QList<AttemptRecord> attempts;
    const auto r = e->synthesizeWithAttempts(request(QStringLiteral("Busy day.")), CancelToken(), &attempts);
    QVERIFY2(r.ok(), qPrintable(why(r)));
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(m_slept, QList<qint64>{expectedDelay});
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts[0].errorCode, QStringLiteral("tts.rate-limited"));
    QCOMPARE(attempts[0].httpStatus, 429);
    QVERIFY2(attempts[1].retryReason.contains(QString::fromLatin1(kind)), qPrintable(attempts[1].retryReason));
    QCOMPARE(attempts[1].delay_ms, expectedDelay);
}

void TestRemoteProtocols::runsOnWorkerThread()
{
    const FakeServerConfig config = serverConfig(kKeyBytes);
    LoopbackServer server([config](const RecordedRequest &r, int) { return elevenLabsWithTimestamps(r, config); });
    auto e = engine<ElevenLabsEngine>(settings(QStringLiteral("elevenlabs"), server), kKey);
    QList<QFuture<Result<SynthesisResult>>> futures;
    for (int i = 0; i < 3; ++i)
        futures.append(QtConcurrent::run([&e, i] {
            return e->synthesize(request(QStringLiteral("Worker %1 speaking.").arg(i)), CancelToken());
        }));
    for (auto &f : futures) {
        const auto r = f.result();
        QVERIFY2(r.ok(), qPrintable(why(r)));
        QCOMPARE(r->words.size(), 3);
    }
    QCOMPARE(server.requestCount(), 3);
}

void TestRemoteProtocols::missingKeyIsAuthError()
{
    LoopbackServer server([](const RecordedRequest &, int) { return ScriptedResponse::json(200, Json::object()); });
    auto e = engine<ElevenLabsEngine>(settings(QStringLiteral("elevenlabs"), server), QString());
    const auto r = e->synthesize(request(QStringLiteral("Hello.")), CancelToken());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.auth.missing-key"));
    QVERIFY(r.error().message.contains(QStringLiteral("GREENLIGHT_ELEVENLABS_API_KEY")));
    QCOMPARE(server.requestCount(), 0);

    Secrets secrets;
    secrets.setEnvironment(QProcessEnvironment());
    secrets.setSecretToolProgram(QString());
    const auto made = RemoteEngineFactory::create(settings(QStringLiteral("elevenlabs"), server), secrets);
    QVERIFY(!made.ok());
    QCOMPARE(made.error().code, QStringLiteral("tts.auth.missing-key"));
    // A self-hosted server needs none.
    const auto kokoro = RemoteEngineFactory::create(settings(QStringLiteral("kokoro"), server), secrets);
    QVERIFY(kokoro.ok());
    QCOMPARE((*kokoro)->name(), QStringLiteral("kokoro"));
    QVERIFY(!(*kokoro)->hasApiKey());
}

QTEST_GUILESS_MAIN(TestRemoteProtocols)
#include "tst_remoteprotocols.moc"
