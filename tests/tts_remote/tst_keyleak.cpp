// API keys never leave the request header: not in error messages, details, attempt records,
// cache files, settings or log output, even when a hostile server echoes the key back in
// every place it can.
#include "fakespeechservers.h"
#include "loopbackserver.h"
#include "testsupport.h"

#include "tts/elevenlabsengine.h"
#include "tts/kokoroengine.h"
#include "tts/openaispeechengine.h"
#include "tts/remoteenginefactory.h"
#include "tts/secrets.h"
#include "tts/ttscache.h"

#include <QDirIterator>
#include <QFile>
#include <QMutex>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;
using namespace greenlight::test;
using Mode = ScriptedResponse::Mode;

namespace {

QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(message);
    }
    if (g_previous)
        g_previous(type, context, message);
}

} // namespace

class TestKeyLeak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void keyNeverLeaks_data();
    void keyNeverLeaks();
    void settingsAndFactoryHoldNoKey();
    void finalSweep();

private:
    void record(const QString &name, const QByteArray &text);

    QTemporaryDir m_dir;   // fixtures
    QTemporaryDir m_out;   // everything the engines produced, as a run folder would hold it
    QString m_key;
    FakeAudio m_wav, m_pcm22;
};

void TestKeyLeak::initTestCase()
{
    g_previous = qInstallMessageHandler(captureLog);
    QVERIFY(m_dir.isValid() && m_out.isValid());
    m_key = QStringLiteral("sk-LEAKCHECK-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
    m_wav = makeAudio(m_dir.path(), QStringLiteral("wav"));
    m_pcm22 = makeAudio(m_dir.path(), QStringLiteral("pcm_22050"));
    QVERIFY(!m_wav.bytes.isEmpty() && !m_pcm22.bytes.isEmpty());
}

void TestKeyLeak::cleanupTestCase()
{
    qInstallMessageHandler(g_previous);
}

void TestKeyLeak::record(const QString &name, const QByteArray &text)
{
    QFile f(m_out.filePath(name));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

void TestKeyLeak::keyNeverLeaks_data()
{
    QTest::addColumn<QString>("engineName");
    QTest::addColumn<QString>("scenario");
    for (const char *engine : {"openai-speech", "kokoro", "elevenlabs"})
        for (const char *scenario : {"ok-echo-headers", "401-echo", "500-echo", "429-echo", "400-echo", "redirect-echo",
                                     "garbage-echo", "truncated", "hang", "reset"})
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(engine), QLatin1String(scenario))))
                << QString::fromLatin1(engine) << QString::fromLatin1(scenario);
}

void TestKeyLeak::keyNeverLeaks()
{
    QFETCH(QString, engineName);
    QFETCH(QString, scenario);
    const QByteArray key = m_key.toUtf8();
    FakeServerConfig config;
    config.expectedKey = key;
    config.audioByFormat = {{QStringLiteral("wav"), m_wav}, {QStringLiteral("pcm_22050"), m_pcm22}};

    // The server echoes whatever key it got into every answer it can.
    LoopbackServer server([=](const RecordedRequest &r, int) {
        QByteArray got = r.header("xi-api-key");
        if (got.isEmpty())
            got = r.header("Authorization").mid(7);
        const std::string echo = "key " + got.toStdString() + " is not welcome";
        const RawHeaders echoHeaders = {{"x-request-id", got}, {"request-id", got}, {"x-echo", got}};
        if (scenario == QLatin1String("ok-echo-headers")) {
            ScriptedResponse ok = engineName == QLatin1String("openai-speech") ? openAiSpeech(r, config)
                                  : engineName == QLatin1String("kokoro")      ? kokoroCaptionedSpeech(r, config)
                                                                               : elevenLabsWithTimestamps(r, config);
            ok.headers = echoHeaders + ok.headers;
            return ok;
        }
        if (scenario == QLatin1String("401-echo"))
            return ScriptedResponse::json(401, Json{{"detail", {{"status", "invalid_api_key"}, {"message", echo}}}}, echoHeaders);
        if (scenario == QLatin1String("500-echo"))
            return ScriptedResponse::json(500, Json{{"error", {{"message", echo}}}}, echoHeaders);
        if (scenario == QLatin1String("429-echo"))
            return ScriptedResponse::json(429, Json{{"detail", {{"status", "system_busy"}, {"message", echo}}}}, echoHeaders);
        if (scenario == QLatin1String("400-echo"))
            return ScriptedResponse::bytes(400, QByteArray::fromStdString(echo), "text/plain", echoHeaders);
        if (scenario == QLatin1String("redirect-echo"))
            return ScriptedResponse::bytes(302, QByteArray(), "text/plain", {{"Location", "http://127.0.0.1:1/?key=" + got}});
        if (scenario == QLatin1String("garbage-echo"))
            return ScriptedResponse::bytes(200, "{\"audio\": \"" + got + "\", ", "application/json", echoHeaders);
        if (scenario == QLatin1String("truncated")) {
            ScriptedResponse cut = ScriptedResponse::bytes(200, QByteArray(5000, 'a') + got, "audio/wav", echoHeaders);
            cut.mode = Mode::Truncate;
            cut.sendBytes = 100;
            return cut;
        }
        if (scenario == QLatin1String("hang"))
            return ScriptedResponse::withMode(Mode::Hang);
        return ScriptedResponse::withMode(Mode::Reset);
    });

    RemoteEngineSettings s = *EngineConfig::defaults(engineName);
    s.baseUrl = server.url();
    s.timeouts = {2000, 300, 5000};
    s.retry.maxAttempts = 2;
    s.runtimeClass = engineName == QLatin1String("kokoro") ? QStringLiteral("remote-self-hosted") : QStringLiteral("remote-api");
    s.requireKey = true;
    Secrets secrets;
    QProcessEnvironment env;
    env.insert(Secrets::environmentVariableFor(s.keyName), m_key);
    secrets.setEnvironment(env);
    secrets.setSecretToolProgram(QString());
    auto made = RemoteEngineFactory::create(s, secrets);
    QVERIFY2(made.ok(), qPrintable(made.ok() ? QString() : made.error().message));
    std::unique_ptr<RemoteTtsEngine> engine = std::move(*made);
    QVERIFY(engine->hasApiKey());
    engine->setSleepFunction([](qint64, const CancelToken &) { return true; });

    QTemporaryDir project(m_out.filePath(QStringLiteral("project-XXXXXX")));
    project.setAutoRemove(false); // swept at the end
    const TtsCache cache(project.path());
    SynthesisRequest req;
    req.text = QStringLiteral("Keys stay secret.");
    const TtsCacheKey cacheKey = engine->cacheKey(req, QStringLiteral("pron"));
    QList<AttemptRecord> attempts;
    const auto result = engine->synthesizeWithAttempts(req, CancelToken(), &attempts);
    QVERIFY(server.requestCount() >= 1);
    // The server really had the key (so it could echo it).
    const RecordedRequest first = server.requests().first();
    QVERIFY(first.header("xi-api-key") == key || first.header("Authorization") == "Bearer " + key);

    QByteArray everything;
    if (result.ok()) {
        QCOMPARE(scenario, QStringLiteral("ok-echo-headers"));
        QVERIFY(cache.store(cacheKey, *result).ok());
        everything += QByteArray::fromStdString(result->details.dump()) + result->engineName.toUtf8();
        QVERIFY(result->details.dump().find("[redacted]") != std::string::npos);
    } else {
        everything += result.error().message.toUtf8() + result.error().location.toUtf8() + result.error().code.toUtf8();
        if (scenario.endsWith(QLatin1String("-echo")) && scenario != QLatin1String("redirect-echo")
            && scenario != QLatin1String("garbage-echo"))
            QVERIFY2(result.error().message.contains(QStringLiteral("[redacted]")), qPrintable(result.error().message));
    }
    Json attemptsJson = Json::array();
    for (const AttemptRecord &a : attempts)
        attemptsJson.push_back(a.toJson());
    everything += QByteArray::fromStdString(attemptsJson.dump());
    everything += QByteArray::fromStdString(cacheKey.toJson().dump());
    const QString tag = QStringLiteral("%1-%2").arg(engineName, scenario);
    record(tag + QStringLiteral(".txt"), everything);
    QVERIFY2(!everything.contains(key), everything.constData());
}

void TestKeyLeak::settingsAndFactoryHoldNoKey()
{
    const EngineConfig config;
    record(QStringLiteral("settings.json"), QByteArray::fromStdString(config.toJson().dump()));
    QVERIFY(!QByteArray::fromStdString(config.toJson().dump()).contains(m_key.toUtf8()));
}

void TestKeyLeak::finalSweep()
{
    // Every file written (results, attempt records, cache entries) and every log line.
    int files = 0;
    for (QDirIterator it(m_out.path(), QDir::Files, QDirIterator::Subdirectories); it.hasNext();) {
        QFile f(it.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(!bytes.contains(m_key.toUtf8()), qPrintable(f.fileName()));
        ++files;
    }
    QVERIFY(files >= 30);
    QMutexLocker lock(&g_logMutex);
    for (const QString &line : g_log)
        QVERIFY2(!line.contains(m_key), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestKeyLeak)
#include "tst_keyleak.moc"
