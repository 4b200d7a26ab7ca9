// The small parts of the remote engines: carrying engine timings onto our words, API keys
// and redaction, engine settings.
#include "tts/engineconfig.h"
#include "tts/secrets.h"
#include "tts/timedtokenmapper.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

class TestTtsRemoteUnits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokensMapOntoOurWords();
    void splitTokensJoinOneWord();
    void untimedWordsShareTheGap();
    void nothingMatchesGivesNoTimings();
    void timingsAreMonotonic();
    void charactersSpellingTheText();
    void charactersOfNormalizedText();
    void environmentVariableNames();
    void keyFromEnvironment();
    void keyFromKeyring();
    void missingKeySaysHowToProvideIt();
    void redactionRemovesKeys();
    void engineDefaults();
    void engineSettingsFromJson();
    void engineSettingsErrorsNamePointer();
};

namespace {

constexpr int kRate = 1000; // 1 sample per ms keeps the arithmetic readable

QStringList texts(const QList<SynthesizedWord> &words)
{
    QStringList out;
    for (const auto &w : words)
        out.append(w.text);
    return out;
}

} // namespace

void TestTtsRemoteUnits::tokensMapOntoOurWords()
{
    const QString text = QStringLiteral("Hello, world! It costs 10 dollars.");
    const QList<TimedToken> tokens = {{QStringLiteral("Hello"), 0.0, 0.4},   {QStringLiteral(","), 0.4, 0.45},
                                      {QStringLiteral("world"), 0.5, 0.9},   {QStringLiteral("!"), 0.9, 0.95},
                                      {QStringLiteral("It"), 1.2, 1.3},      {QStringLiteral("costs"), 1.3, 1.6},
                                      {QStringLiteral("ten"), 1.6, 1.9},     {QStringLiteral("dollars"), 1.9, 2.4},
                                      {QStringLiteral("."), 2.4, 2.45}};
    const auto words = TimedTokenMapper::mapTokens(text, false, tokens, kRate, 3000);
    QCOMPARE(texts(words), (QStringList{QStringLiteral("Hello"), QStringLiteral("world"), QStringLiteral("It"),
                                        QStringLiteral("costs"), QStringLiteral("10"), QStringLiteral("dollars")}));
    QCOMPARE(words[0].charStart, 0);
    QCOMPARE(words[0].charEnd, 5);
    QCOMPARE(words[0].startSample, 0);
    QCOMPARE(words[0].endSample, 400);
    QCOMPARE(words[1].startSample, 500);
    QCOMPARE(words[4].text, QStringLiteral("10"));
    QCOMPARE(words[4].startSample, 1600); // said "ten": the engine's time for it
    QCOMPARE(words[4].endSample, 1900);
    for (const auto &w : words)
        QCOMPARE(toString(w.source), toString(TimingSource::Engine));
}

void TestTtsRemoteUnits::splitTokensJoinOneWord()
{
    const QString text = QStringLiteral("Don't stop");
    const QList<TimedToken> tokens = {{QStringLiteral("Do"), 0.0, 0.2}, {QStringLiteral("n't"), 0.2, 0.3},
                                      {QStringLiteral("stop"), 0.35, 0.7}};
    const auto words = TimedTokenMapper::mapTokens(text, false, tokens, kRate, 1000);
    QCOMPARE(texts(words), (QStringList{QStringLiteral("Don't"), QStringLiteral("stop")}));
    QCOMPARE(words[0].startSample, 0);
    QCOMPARE(words[0].endSample, 300);
    QCOMPARE(toString(words[0].source), toString(TimingSource::Engine));
}

void TestTtsRemoteUnits::untimedWordsShareTheGap()
{
    const QString text = QStringLiteral("alpha beta gamma delta");
    const QList<TimedToken> tokens = {{QStringLiteral("alpha"), 0.0, 0.3}, {QStringLiteral("delta"), 1.0, 1.3}};
    const auto words = TimedTokenMapper::mapTokens(text, false, tokens, kRate, 2000);
    QCOMPARE(words.size(), 4);
    QCOMPARE(toString(words[0].source), toString(TimingSource::Engine));
    QCOMPARE(toString(words[1].source), toString(TimingSource::Estimate));
    QCOMPARE(toString(words[2].source), toString(TimingSource::Estimate));
    QCOMPARE(words[1].startSample, 300);
    QCOMPARE(words[2].endSample, 1000);
    QVERIFY(words[1].endSample <= words[2].startSample);
    QCOMPARE(words[3].startSample, 1000);
}

void TestTtsRemoteUnits::nothingMatchesGivesNoTimings()
{
    const QList<TimedToken> tokens = {{QStringLiteral("zzz"), 0.0, 0.3}};
    QVERIFY(TimedTokenMapper::mapTokens(QStringLiteral("hello world"), false, tokens, kRate, 1000).isEmpty());
    QVERIFY(TimedTokenMapper::mapTokens(QStringLiteral("hello world"), false, {}, kRate, 1000).isEmpty());
    QVERIFY(TimedTokenMapper::mapTokens(QStringLiteral("..."), false, tokens, kRate, 1000).isEmpty());
}

void TestTtsRemoteUnits::timingsAreMonotonic()
{
    const QString text = QStringLiteral("one two three");
    const QList<TimedToken> tokens = {{QStringLiteral("one"), 0.5, 0.6}, {QStringLiteral("two"), 0.2, 0.3},
                                      {QStringLiteral("three"), 0.7, 9.0}};
    const auto words = TimedTokenMapper::mapTokens(text, false, tokens, kRate, 1000);
    QCOMPARE(words.size(), 3);
    qint64 previous = 0;
    for (const auto &w : words) {
        QVERIFY(w.startSample >= previous);
        QVERIFY(w.endSample >= w.startSample);
        QVERIFY(w.endSample <= 1000);
        previous = w.startSample;
    }
}

void TestTtsRemoteUnits::charactersSpellingTheText()
{
    const QString text = QStringLiteral("Hi there, 💬 ok");
    QStringList chars;
    std::vector<double> starts, ends;
    const QList<uint> cps = text.toUcs4();
    for (qsizetype i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        chars.append(QString::fromUcs4(&c, 1));
        starts.push_back(0.1 * double(i));
        ends.push_back(0.1 * double(i) + 0.1);
    }
    const auto words = TimedTokenMapper::mapCharacters(text, false, chars, starts, ends, kRate, 2000);
    QCOMPARE(texts(words), (QStringList{QStringLiteral("Hi"), QStringLiteral("there"), QStringLiteral("💬"),
                                        QStringLiteral("ok")}));
    QCOMPARE(words[0].startSample, 0);
    QCOMPARE(words[0].endSample, 200);
    QCOMPARE(words[1].charStart, 3);
    QCOMPARE(words[1].startSample, 300);
    QCOMPARE(words[1].endSample, 800);
    QCOMPARE(words[3].charStart, 12); // code points, not UTF-16 units
    QCOMPARE(words[3].startSample, 1200);
}

void TestTtsRemoteUnits::charactersOfNormalizedText()
{
    // The alignment of a normalized text ("10" said "ten") goes through the token mapping.
    const QString spoken = QStringLiteral("pay ten now");
    QStringList chars;
    std::vector<double> starts, ends;
    for (qsizetype i = 0; i < spoken.size(); ++i) {
        chars.append(spoken.mid(i, 1));
        starts.push_back(0.1 * double(i));
        ends.push_back(0.1 * double(i) + 0.1);
    }
    const auto words = TimedTokenMapper::mapCharacters(QStringLiteral("Pay 10 now."), false, chars, starts, ends, kRate, 2000);
    QCOMPARE(texts(words), (QStringList{QStringLiteral("Pay"), QStringLiteral("10"), QStringLiteral("now")}));
    QCOMPARE(words[1].startSample, 400);
    QCOMPARE(words[1].endSample, 700);
    QCOMPARE(words[2].startSample, 800);
}

void TestTtsRemoteUnits::environmentVariableNames()
{
    QCOMPARE(Secrets::environmentVariableFor(QStringLiteral("elevenlabs")), QStringLiteral("GREENLIGHT_ELEVENLABS_API_KEY"));
    QCOMPARE(Secrets::environmentVariableFor(QStringLiteral("openai")), QStringLiteral("GREENLIGHT_OPENAI_API_KEY"));
    QCOMPARE(Secrets::environmentVariableFor(QStringLiteral("openai-speech")),
             QStringLiteral("GREENLIGHT_OPENAI_SPEECH_API_KEY"));
    QCOMPARE(Secrets::environmentVariableFor(QStringLiteral("kokoro")), QStringLiteral("GREENLIGHT_KOKORO_API_KEY"));
}

void TestTtsRemoteUnits::keyFromEnvironment()
{
    Secrets secrets;
    QProcessEnvironment env;
    env.insert(QStringLiteral("GREENLIGHT_ELEVENLABS_API_KEY"), QStringLiteral("  env-key-123456 \n"));
    secrets.setEnvironment(env);
    secrets.setSecretToolProgram(QString());
    const auto key = secrets.apiKey(QStringLiteral("elevenlabs"));
    QVERIFY(key.ok());
    QCOMPARE(*key, QStringLiteral("env-key-123456"));
    QVERIFY(secrets.optionalApiKey(QStringLiteral("kokoro")).isEmpty());
}

void TestTtsRemoteUnits::keyFromKeyring()
{
    // A stand-in for libsecret's secret-tool that answers one lookup.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString tool = dir.filePath(QStringLiteral("secret-tool"));
    QFile f(tool);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\n"
            "echo \"$@\" > \"$(dirname \"$0\")/args\"\n"
            "if [ \"$*\" = \"lookup service greenlight engine elevenlabs\" ]; then printf 'keyring-key-987654'; exit 0; fi\n"
            "exit 1\n");
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    Secrets secrets;
    secrets.setEnvironment(QProcessEnvironment());
    secrets.setSecretToolProgram(tool);
    const auto key = secrets.apiKey(QStringLiteral("elevenlabs"));
    QVERIFY2(key.ok(), qPrintable(key.ok() ? QString() : key.error().message));
    QCOMPARE(*key, QStringLiteral("keyring-key-987654"));
    QFile args(dir.filePath(QStringLiteral("args")));
    QVERIFY(args.open(QIODevice::ReadOnly));
    QCOMPARE(args.readAll().trimmed(), QByteArray("lookup service greenlight engine elevenlabs"));
    QVERIFY(!secrets.apiKey(QStringLiteral("openai")).ok());

    // The environment wins over the keyring.
    QProcessEnvironment env;
    env.insert(QStringLiteral("GREENLIGHT_ELEVENLABS_API_KEY"), QStringLiteral("env-wins-000000"));
    secrets.setEnvironment(env);
    QCOMPARE(secrets.apiKey(QStringLiteral("elevenlabs")).value(), QStringLiteral("env-wins-000000"));
}

void TestTtsRemoteUnits::missingKeySaysHowToProvideIt()
{
    Secrets secrets;
    secrets.setEnvironment(QProcessEnvironment());
    secrets.setSecretToolProgram(QStringLiteral("/nonexistent/secret-tool"));
    const auto key = secrets.apiKey(QStringLiteral("elevenlabs"));
    QVERIFY(!key.ok());
    QCOMPARE(key.error().code, QStringLiteral("tts.auth.missing-key"));
    QVERIFY(key.error().message.contains(QStringLiteral("GREENLIGHT_ELEVENLABS_API_KEY")));
    QVERIFY(key.error().message.contains(QStringLiteral("secret-tool store --label=Greenlight service greenlight engine elevenlabs")));
}

void TestTtsRemoteUnits::redactionRemovesKeys()
{
    Secrets::registerSecret(QStringLiteral("sk-registered-abcdef"));
    Secrets::registerSecret(QStringLiteral("abc")); // too short to redact safely
    QCOMPARE(Secrets::redact(QStringLiteral("key sk-registered-abcdef and sk-other-zzzzzz, abc"),
                             {QStringLiteral("sk-other-zzzzzz")}),
             QStringLiteral("key [redacted] and [redacted], abc"));
    QCOMPARE(Secrets::redact(QByteArray("{\"k\":\"sk-registered-abcdef\"}")), QByteArray("{\"k\":\"[redacted]\"}"));
}

void TestTtsRemoteUnits::engineDefaults()
{
    const EngineConfig config;
    const auto kokoro = config.engine(QStringLiteral("kokoro"));
    QVERIFY(kokoro);
    QCOMPARE(kokoro->baseUrl, QUrl(QStringLiteral("http://127.0.0.1:8880")));
    QCOMPARE(kokoro->runtimeClass, QStringLiteral("remote-self-hosted"));
    QVERIFY(!kokoro->requireKey);
    const auto openai = config.engine(QStringLiteral("openai-speech"));
    QCOMPARE(openai->runtimeClass, QStringLiteral("remote-api"));
    QCOMPARE(openai->keyName, QStringLiteral("openai"));
    QVERIFY(openai->requireKey);
    const auto eleven = config.engine(QStringLiteral("elevenlabs"));
    QCOMPARE(eleven->runtimeClass, QStringLiteral("remote-api"));
    QCOMPARE(eleven->outputFormat, QStringLiteral("pcm_22050"));
    QVERIFY(eleven->requireKey);
    QCOMPARE(eleven->retry.initialBackoff_ms, 500);
    QCOMPARE(eleven->retry.maxBackoff_ms, 8000);
}

void TestTtsRemoteUnits::engineSettingsFromJson()
{
    const Json settings = Json::parse(R"({"engines": {
        "openai-speech": {"baseUrl": "http://speech-box:8000", "voice": "nova", "stallTimeout_ms": 5000},
        "kokoro": {"baseUrl": "http://gpu:8880/", "retry": {"maxAttempts": 2, "initialBackoff_ms": 100,
                   "maxBackoff_ms": 1000, "budget_ms": 5000}}}})");
    const auto config = EngineConfig::fromJson(settings);
    QVERIFY2(config.ok(), qPrintable(config.ok() ? QString() : config.error().toString()));
    const auto openai = config->engine(QStringLiteral("openai-speech"));
    QCOMPARE(openai->runtimeClass, QStringLiteral("remote-self-hosted")); // not api.openai.com
    QCOMPARE(openai->keyName, QStringLiteral("openai-speech"));
    QVERIFY(!openai->requireKey);
    QCOMPARE(openai->voice, QStringLiteral("nova"));
    QCOMPARE(openai->timeouts.stall_ms, 5000);
    const auto kokoro = config->engine(QStringLiteral("kokoro"));
    QCOMPARE(kokoro->retry.maxAttempts, 2);
    QCOMPARE(kokoro->voice, QStringLiteral("af_heart"));
    // Round trip.
    const auto again = EngineConfig::fromJson(config->toJson());
    QVERIFY(again.ok());
    QCOMPARE(again->toJson(), config->toJson());
}

void TestTtsRemoteUnits::engineSettingsErrorsNamePointer()
{
    auto check = [](const char *json, const QString &pointer) {
        const auto c = EngineConfig::fromJson(Json::parse(json));
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, QStringLiteral("tts.config"));
        QCOMPARE(c.error().location, pointer);
    };
    check(R"({"engines": {"piper2": {}}})", QStringLiteral("/engines/piper2"));
    check(R"({"engines": {"kokoro": {"baseUrl": "ftp://x"}}})", QStringLiteral("/engines/kokoro/baseUrl"));
    check(R"({"engines": {"kokoro": {"baseUrl": "http://user:secret@x:8880"}}})", QStringLiteral("/engines/kokoro/baseUrl"));
    check(R"({"engines": {"kokoro": {"voice": 3}}})", QStringLiteral("/engines/kokoro/voice"));
    check(R"({"engines": {"kokoro": {"stallTimeout_ms": 0}}})", QStringLiteral("/engines/kokoro/stallTimeout_ms"));
    check(R"({"engines": {"elevenlabs": {"retry": {"maxAttempts": "x"}}}})",
          QStringLiteral("/engines/elevenlabs/retry/maxAttempts"));
    check(R"({"engines": {"elevenlabs": {"runtimeClass": "local"}}})", QStringLiteral("/engines/elevenlabs/runtimeClass"));
}

QTEST_GUILESS_MAIN(TestTtsRemoteUnits)
#include "tst_ttsremoteunits.moc"
