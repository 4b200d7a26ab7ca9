// How the remote engines fail: which errors are retried and how, timeouts (stall and total),
// malformed answers, truncated audio (never accepted, the whole request again), resets,
// redirects, the retry budget and cancellation.
#include "remotetestbase.h"

#include "tts/elevenlabsengine.h"
#include "tts/kokoroengine.h"
#include "tts/openaispeechengine.h"

#include <QElapsedTimer>

#include <chrono>
#include <thread>

using namespace greenlight;
using namespace greenlight::test;
using Mode = ScriptedResponse::Mode;

class TestRemoteFailures : public RemoteEngineTestBase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { makeFixtures(); }
    void retryableStatusThenSuccess_data();
    void retryableStatusThenSuccess();
    void badRequestNotRetried();
    void hangingResponseTimesOut_data();
    void hangingResponseTimesOut();
    void tricklingResponseHitsTotalTimeout();
    void malformedJson_data();
    void malformedJson();
    void mismatchedAlignmentArrays();
    void truncatedAudioIsNeverAccepted();
    void truncatedThenWholeRequestAgain();
    void closeDelimitedCutWav();
    void connectionReset();
    void redirectNotFollowed();
    void retryAfterBeyondBudget();
    void cancelAbortsHangingRequest();
};

void TestRemoteFailures::retryableStatusThenSuccess_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::newRow("500") << 500 << "tts.server-error";
    QTest::newRow("503") << 503 << "tts.server-error";
    QTest::newRow("408") << 408 << "tts.timeout";
    QTest::newRow("409") << 409 << "tts.server-error";
    QTest::newRow("429") << 429 << "tts.rate-limited";
}

void TestRemoteFailures::retryableStatusThenSuccess()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    const FakeServerConfig config = serverConfig();
    LoopbackServer server([=](const RecordedRequest &r, int index) {
        if (index == 0)
            return ScriptedResponse::json(status, Json{{"error", {{"message", "try later"}, {"type", "server_error"}}}});
        return openAiSpeech(r, config);
    });
    auto e = engine<OpenAiSpeechEngine>(settings(QStringLiteral("openai-speech"), server));
    QList<AttemptRecord> attempts;
    const auto r = e->synthesizeWithAttempts(request(QStringLiteral("Again.")), CancelToken(), &attempts);
    QVERIFY2(r.ok(), qPrintable(why(r)));
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(m_slept, QList<qint64>{500});
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts[0].errorCode, code);
    QCOMPARE(attempts[0].httpStatus, status);
    QVERIFY(attempts[0].errorMessage.contains(QStringLiteral("try later")));
    QCOMPARE(attempts[1].outcome, QStringLiteral("succeeded"));
}

void TestRemoteFailures::badRequestNotRetried()
{
    LoopbackServer server([](const RecordedRequest &, int) {
        return ScriptedResponse::json(400, Json{{"error", {{"message", "voice 'x' does not exist"}, {"type", "invalid_request_error"}}}});
    });
    auto e = engine<OpenAiSpeechEngine>(settings(QStringLiteral("openai-speech"), server));
    const auto r = e->synthesize(request(QStringLiteral("Hello.")), CancelToken());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.bad-request"));
    QVERIFY2(r.error().message.contains(QStringLiteral("voice 'x' does not exist")), qPrintable(r.error().message));
    QCOMPARE(server.requestCount(), 1);
    QVERIFY(m_slept.isEmpty());
}

void TestRemoteFailures::hangingResponseTimesOut_data()
{
    QTest::addColumn<int>("mode");
    QTest::newRow("no answer") << int(Mode::Hang);
    QTest::newRow("stalls mid-body") << int(Mode::Stall);
}

void TestRemoteFailures::hangingResponseTimesOut()
{
    QFETCH(int, mode);
    const QByteArray wav = m_wav.bytes;
    LoopbackServer server([=](const RecordedRequest &, int) {
        ScriptedResponse r = ScriptedResponse::bytes(200, wav, "audio/wav");
        r.mode = Mode(mode);
        r.sendBytes = 1000;
        return r;
    });
    RemoteEngineSettings s = settings(QStringLiteral("openai-speech"), server);
    s.timeouts.stall_ms = 300;
    s.retry.maxAttempts = 2;
    auto e = engine<OpenAiSpeechEngine>(s);
    QElapsedTimer t;
    t.start();
    QList<AttemptRecord> attempts;
    const auto r = e->synthesizeWithAttempts(request(QStringLiteral("Anyone there?")), CancelToken(), &attempts);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.timeout"));
    QVERIFY2(r.error().message.contains(QStringLiteral("stall timeout")), qPrintable(r.error().message));
    QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(attempts.size(), 2);
    QCOMPARE(attempts[1].retryReason.left(13), QStringLiteral("stall timeout"));
}

void TestRemoteFailures::tricklingResponseHitsTotalTimeout()
{
    // Bytes keep coming (no stall), but the whole exchange takes too long.
    const QByteArray wav = m_wav.bytes;
    LoopbackServer server([=](const RecordedRequest &, int) {
        ScriptedResponse r = ScriptedResponse::bytes(200, wav, "audio/wav");
        r.mode = Mode::Trickle;
        r.sendBytes = 200;
        return r;
    });
    RemoteEngineSettings s = settings(QStringLiteral("openai-speech"), server);
    s.timeouts = {2000, 400, 700};
    s.retry.maxAttempts = 1;
    auto e = engine<OpenAiSpeechEngine>(s);
    QElapsedTimer t;
    t.start();
    const auto r = e->synthesize(request(QStringLiteral("Slowly.")), CancelToken());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.timeout"));
    QVERIFY2(r.error().message.contains(QStringLiteral("total timeout")), qPrintable(r.error().message));
    QVERIFY2(t.elapsed() >= 650 && t.elapsed() < 2000, qPrintable(QString::number(t.elapsed())));
}

void TestRemoteFailures::malformedJson_data()
{
    QTest::addColumn<QString>("engineName");
    QTest::newRow("kokoro") << "kokoro";
    QTest::newRow("elevenlabs") << "elevenlabs";
}

void TestRemoteFailures::malformedJson()
{
    QFETCH(QString, engineName);
    LoopbackServer server([](const RecordedRequest &, int) {
        return ScriptedResponse::bytes(200, "{\"audio\": \"AAAA\", \"timestamps\": [", "application/json");
    });
    std::unique_ptr<RemoteTtsEngine> e;
    if (engineName == QLatin1String("kokoro"))
        e = engine<KokoroEngine>(settings(engineName, server));
    else
        e = engine<ElevenLabsEngine>(settings(engineName, server), kKey);
    const auto r = e->synthesize(request(QStringLiteral("Hello.")), CancelToken());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.bad-response"));
    QCOMPARE(server.requestCount(), 1);
}

void TestRemoteFailures::mismatchedAlignmentArrays()
{
    const QByteArray pcm = m_pcm22.bytes;
    LoopbackServer server([=](const RecordedRequest &, int) {
        Json alignment = elevenLabsAlignment(QStringLiteral("Hello."), 1.5);
        alignment["character_end_times_seconds"].erase(alignment["character_end_times_seconds"].size() - 1);
        return ScriptedResponse::json(200, Json{{"audio_base64", pcm.toBase64().toStdString()},
                                                {"alignment", alignment},
                                                {"normalized_alignment", nullptr}});
    });
    auto e = engine<ElevenLabsEngine>(settings(QStringLiteral("elevenlabs"), server), kKey);
    const auto r = e->synthesize(request(QStringLiteral("Hello.")), CancelToken());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.bad-response"));
    QVERIFY2(r.error().message.contains(QStringLiteral("differ in length")), qPrintable(r.error().message));
    QCOMPARE(server.requestCount(), 1);
}

void TestRemoteFailures::truncatedAudioIsNeverAccepted()
{
    const QByteArray wav = m_wav.bytes;
    LoopbackServer server([=](const RecordedRequest &, int) {
        ScriptedResponse r = ScriptedResponse::bytes(200, wav, "audio/wav");
        r.mode = Mode::Truncate;
        r.sendBytes = wav.size() / 2;
        return r;
    });
    auto e = engine<OpenAiSpeechEngine>(settings(QStringLiteral("openai-speech"), server));
    QList<AttemptRecord> attempts;
    const auto r = e->synthesizeWithAttempts(request(QStringLiteral("Cut me off.")), CancelToken(), &attempts);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.bad-response"));
    QVERIFY2(r.error().message.contains(QStringLiteral("truncated")), qPrintable(r.error().message));
    QCOMPARE(attempts.size(), 3);
    // Each retry was the whole request again, never a resumed range.
    const auto requests = server.requests();
    QVERIFY(requests.size() >= 3);
    for (const RecordedRequest &req : requests) {
        QVERIFY(!req.hasHeader("Range"));
        QCOMPARE(req.body, requests.first().body);
    }
    QVERIFY(attempts[1].retryReason.contains(QStringLiteral("whole request")));
}

void TestRemoteFailures::truncatedThenWholeRequestAgain()
{
    const FakeServerConfig config = serverConfig();
    LoopbackServer server([=](const RecordedRequest &r, int index) {
        if (index == 0) {
            ScriptedResponse cut = ScriptedResponse::bytes(200, config.audioByFormat.value(QStringLiteral("wav")).bytes, "audio/wav");
            cut.mode = Mode::Truncate;
            cut.sendBytes = 5000;
            return cut;
        }
        return openAiSpeech(r, config);
    });
    auto e = engine<OpenAiSpeechEngine>(settings(QStringLiteral("openai-speech"), server));
    const auto r = e->synthesize(request(QStringLiteral("Second time lucky.")), CancelToken());
    QVERIFY2(r.ok(), qPrintable(why(r)));
    checkAudio(*r, 24000, 1.5);
    QCOMPARE(server.requestCount(), 2);
}

void TestRemoteFailures::closeDelimitedCutWav()
{
    // No Content-Length to check: the WAV header's own length gives the cut away.
    const QByteArray wav = m_wav.bytes;
    LoopbackServer server([=](const RecordedRequest &, int) {
        ScriptedResponse r = ScriptedResponse::bytes(200, wav.left(wav.size() / 2), "audio/wav");
        r.contentLength = false;
        return r;
    });
    auto e = engine<OpenAiSpeechEngine>(settings(QStringLiteral("openai-speech"), server));
    const auto r = e->synthesize(request(QStringLiteral("Cut.")), CancelToken());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.bad-response"));
    QVERIFY2(r.error().message.contains(QStringLiteral("cut short")), qPrintable(r.error().message));
}

void TestRemoteFailures::connectionReset()
{
    LoopbackServer server([](const RecordedRequest &, int) { return ScriptedResponse::withMode(Mode::Reset); });
    auto e = engine<KokoroEngine>(settings(QStringLiteral("kokoro"), server));
    QList<AttemptRecord> attempts;
    const auto r = e->synthesizeWithAttempts(request(QStringLiteral("Reset.")), CancelToken(), &attempts);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.network"));
    QCOMPARE(attempts.size(), 3);
    QCOMPARE(attempts[1].retryReason.left(16), QStringLiteral("connection reset"));
    QVERIFY(server.requestCount() >= 3);
}

void TestRemoteFailures::redirectNotFollowed()
{
    LoopbackServer elsewhere([](const RecordedRequest &, int) { return ScriptedResponse::json(200, Json::object()); });
    const QByteArray target = elsewhere.url().toString().toUtf8() + "/v1/audio/speech";
    LoopbackServer server([=](const RecordedRequest &, int) {
        ScriptedResponse r = ScriptedResponse::bytes(302, QByteArray(), "text/plain", {{"Location", target}});
        return r;
    });
    auto e = engine<OpenAiSpeechEngine>(settings(QStringLiteral("openai-speech"), server), kKey);
    const auto r = e->synthesize(request(QStringLiteral("Go elsewhere.")), CancelToken());
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.bad-response"));
    QVERIFY(r.error().message.contains(QStringLiteral("redirect")));
    QCOMPARE(elsewhere.requestCount(), 0);
}

void TestRemoteFailures::retryAfterBeyondBudget()
{
    LoopbackServer server([](const RecordedRequest &, int) {
        return ScriptedResponse::json(503, Json{{"detail", "overloaded"}}, {{"retry-after", "600"}});
    });
    RemoteEngineSettings s = settings(QStringLiteral("kokoro"), server);
    s.retry.budget_ms = 5000;
    auto e = engine<KokoroEngine>(s);
    QList<AttemptRecord> attempts;
    const auto r = e->synthesizeWithAttempts(request(QStringLiteral("Later.")), CancelToken(), &attempts);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.server-error"));
    QVERIFY2(r.error().message.contains(QStringLiteral("retry budget")), qPrintable(r.error().message));
    QCOMPARE(attempts.size(), 1);
    QVERIFY(m_slept.isEmpty());
}

void TestRemoteFailures::cancelAbortsHangingRequest()
{
    LoopbackServer server([](const RecordedRequest &, int) { return ScriptedResponse::withMode(Mode::Hang); });
    RemoteEngineSettings s = settings(QStringLiteral("kokoro"), server);
    s.timeouts.stall_ms = 30000;
    auto e = engine<KokoroEngine>(s);
    CancelToken cancel;
    std::thread canceller([cancel] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel.cancel();
    });
    QElapsedTimer t;
    t.start();
    const auto r = e->synthesize(request(QStringLiteral("Never mind.")), cancel);
    canceller.join();
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("tts.cancelled"));
    QVERIFY2(t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(server.requestCount(), 1);
}

QTEST_GUILESS_MAIN(TestRemoteFailures)
#include "tst_remotefailures.moc"
