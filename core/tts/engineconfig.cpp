#include "tts/engineconfig.h"

namespace greenlight {

namespace {

// The settings keys, declared once.
namespace key {
constexpr const char *engines = "engines";
constexpr const char *baseUrl = "baseUrl";
constexpr const char *voice = "voice";
constexpr const char *model = "model";
constexpr const char *outputFormat = "outputFormat";
constexpr const char *runtimeClass = "runtimeClass";
constexpr const char *keyName = "keyName";
constexpr const char *requireKey = "requireKey";
constexpr const char *version = "version";
constexpr const char *connectTimeout_ms = "connectTimeout_ms";
constexpr const char *stallTimeout_ms = "stallTimeout_ms";
constexpr const char *timeout_ms = "timeout_ms";
constexpr const char *retry = "retry";
} // namespace key

const QString kOpenAi = QStringLiteral("openai-speech");
const QString kKokoro = QStringLiteral("kokoro");
const QString kElevenLabs = QStringLiteral("elevenlabs");
const QString kSelfHosted = QStringLiteral("remote-self-hosted");
const QString kRemoteApi = QStringLiteral("remote-api");

Error configError(const QString &message, const QString &pointer)
{
    return makeError(QStringLiteral("tts.config"), message, pointer);
}

// OpenAI's own API is a remote-api with a required key; anything else speaking its protocol
// is a self-hosted server whose key is optional.
void classifyOpenAi(RemoteEngineSettings &s, bool classGiven, bool keyGiven, bool requireGiven)
{
    const bool official = s.baseUrl.host().compare(QLatin1String("api.openai.com"), Qt::CaseInsensitive) == 0;
    if (!classGiven)
        s.runtimeClass = official ? kRemoteApi : kSelfHosted;
    if (!keyGiven)
        s.keyName = s.runtimeClass == kRemoteApi ? QStringLiteral("openai") : kOpenAi;
    if (!requireGiven)
        s.requireKey = s.runtimeClass == kRemoteApi;
}

} // namespace

Json RemoteEngineSettings::toJson() const
{
    Json j = Json::object();
    j[key::baseUrl] = toStd(baseUrl.toString(QUrl::RemoveUserInfo));
    j[key::voice] = toStd(voice);
    j[key::model] = toStd(model);
    j[key::outputFormat] = toStd(outputFormat);
    j[key::runtimeClass] = toStd(runtimeClass);
    j[key::keyName] = toStd(keyName);
    j[key::requireKey] = requireKey;
    j[key::version] = toStd(version);
    j[key::connectTimeout_ms] = timeouts.connect_ms;
    j[key::stallTimeout_ms] = timeouts.stall_ms;
    j[key::timeout_ms] = timeouts.total_ms;
    j[key::retry] = retry.toJson();
    return j;
}

EngineConfig::EngineConfig()
{
    for (const QString &name : engineNames())
        m_engines.insert(name, *defaults(name));
}

QStringList EngineConfig::engineNames()
{
    return {kElevenLabs, kKokoro, kOpenAi};
}

std::optional<RemoteEngineSettings> EngineConfig::defaults(const QString &engine)
{
    RemoteEngineSettings s;
    s.engine = engine;
    if (engine == kKokoro) {
        s.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:8880"));
        s.voice = QStringLiteral("af_heart");
        s.model = QStringLiteral("kokoro");
        s.outputFormat = QStringLiteral("wav");
        s.runtimeClass = kSelfHosted;
        s.keyName = kKokoro;
        s.version = QStringLiteral("kokoro-fastapi/v1");
    } else if (engine == kOpenAi) {
        s.baseUrl = QUrl(QStringLiteral("https://api.openai.com"));
        s.voice = QStringLiteral("alloy");
        s.model = QStringLiteral("gpt-4o-mini-tts");
        s.outputFormat = QStringLiteral("wav");
        s.version = QStringLiteral("openai-speech/v1");
        classifyOpenAi(s, false, false, false);
    } else if (engine == kElevenLabs) {
        s.baseUrl = QUrl(QStringLiteral("https://api.elevenlabs.io"));
        s.voice = QStringLiteral("21m00Tcm4TlvDq8ikWAM");
        s.model = QStringLiteral("eleven_multilingual_v2");
        s.outputFormat = QStringLiteral("pcm_22050");
        s.runtimeClass = kRemoteApi;
        s.keyName = kElevenLabs;
        s.requireKey = true;
        s.version = QStringLiteral("elevenlabs/v1");
    } else {
        return std::nullopt;
    }
    return s;
}

Result<EngineConfig> EngineConfig::fromJson(const Json &settings)
{
    EngineConfig config;
    if (settings.is_null())
        return config;
    const bool wrapped = settings.is_object() && settings.contains(key::engines);
    const Json &engines = wrapped ? settings.at(key::engines) : settings;
    const QString base = wrapped ? QStringLiteral("/engines") : QString();
    if (!engines.is_object())
        return configError(QStringLiteral("must be an object of engine settings"), base.isEmpty() ? QStringLiteral("/") : base);

    for (auto it = engines.begin(); it != engines.end(); ++it) {
        const QString name = toQString(it.key());
        const QString at = base + QLatin1Char('/') + name;
        auto s = defaults(name);
        if (!s)
            return configError(QStringLiteral("unknown speech engine \"%1\" (known: %2)")
                                   .arg(name, engineNames().join(QStringLiteral(", "))),
                               at);
        const Json &e = it.value();
        if (!e.is_object())
            return configError(QStringLiteral("must be an object"), at);

        auto text = [&](const char *k, QString &target) -> std::optional<Error> {
            if (!e.contains(k))
                return std::nullopt;
            if (!e.at(k).is_string())
                return configError(QStringLiteral("must be a string"), at + QLatin1Char('/') + QString::fromLatin1(k));
            target = toQString(e.at(k).get<std::string>());
            return std::nullopt;
        };
        auto millis = [&](const char *k, int &target) -> std::optional<Error> {
            if (!e.contains(k))
                return std::nullopt;
            const Json &v = e.at(k);
            if (!v.is_number_integer() || v.get<qint64>() < 1 || v.get<qint64>() > 24 * 3600 * 1000)
                return configError(QStringLiteral("must be a positive integer number of milliseconds"),
                                   at + QLatin1Char('/') + QString::fromLatin1(k));
            target = int(v.get<qint64>());
            return std::nullopt;
        };
        QString url = s->baseUrl.toString();
        for (const auto &r : {text(key::baseUrl, url), text(key::voice, s->voice), text(key::model, s->model),
                              text(key::outputFormat, s->outputFormat), text(key::runtimeClass, s->runtimeClass),
                              text(key::keyName, s->keyName), text(key::version, s->version),
                              millis(key::connectTimeout_ms, s->timeouts.connect_ms),
                              millis(key::stallTimeout_ms, s->timeouts.stall_ms),
                              millis(key::timeout_ms, s->timeouts.total_ms)})
            if (r)
                return *r;
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid() || (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https"))
            || parsed.host().isEmpty())
            return configError(QStringLiteral("must be an http:// or https:// URL"), at + QStringLiteral("/baseUrl"));
        if (!parsed.userInfo().isEmpty())
            return configError(QStringLiteral("must not carry credentials; API keys come from the environment or "
                                              "the keyring"),
                               at + QStringLiteral("/baseUrl"));
        s->baseUrl = parsed;
        if (s->runtimeClass != kSelfHosted && s->runtimeClass != kRemoteApi)
            return configError(QStringLiteral("must be \"remote-self-hosted\" or \"remote-api\""),
                               at + QStringLiteral("/runtimeClass"));
        if (e.contains(key::requireKey)) {
            if (!e.at(key::requireKey).is_boolean())
                return configError(QStringLiteral("must be true or false"), at + QStringLiteral("/requireKey"));
            s->requireKey = e.at(key::requireKey).get<bool>();
        }
        if (e.contains(key::retry)) {
            auto retry = RetryConfig::fromJson(e.at(key::retry), at + QStringLiteral("/retry"));
            if (!retry)
                return retry.error();
            s->retry = *retry;
        }
        if (name == kOpenAi)
            classifyOpenAi(*s, e.contains(key::runtimeClass), e.contains(key::keyName), e.contains(key::requireKey));
        config.m_engines.insert(name, *s);
    }
    return config;
}

std::optional<RemoteEngineSettings> EngineConfig::engine(const QString &name) const
{
    const auto it = m_engines.constFind(name);
    if (it == m_engines.constEnd())
        return std::nullopt;
    return *it;
}

void EngineConfig::setEngine(const RemoteEngineSettings &settings)
{
    m_engines.insert(settings.engine, settings);
}

void EngineConfig::setRetry(const RetryConfig &retry)
{
    for (auto &s : m_engines)
        s.retry = retry;
}

Json EngineConfig::toJson() const
{
    Json engines = Json::object();
    for (auto it = m_engines.constBegin(); it != m_engines.constEnd(); ++it)
        engines[toStd(it.key())] = it->toJson();
    Json j = Json::object();
    j[key::engines] = engines;
    return j;
}

} // namespace greenlight
