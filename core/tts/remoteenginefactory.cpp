#include "tts/remoteenginefactory.h"

#include "tts/elevenlabsengine.h"
#include "tts/kokoroengine.h"
#include "tts/openaispeechengine.h"
#include "tts/secrets.h"

namespace greenlight {

Result<std::unique_ptr<RemoteTtsEngine>> RemoteEngineFactory::create(const RemoteEngineSettings &settings,
                                                                     const Secrets &secrets)
{
    QString key;
    if (settings.requireKey) {
        auto found = secrets.apiKey(settings.keyName);
        if (!found)
            return found.error();
        key = *found;
    } else {
        key = secrets.optionalApiKey(settings.keyName);
    }
    std::unique_ptr<RemoteTtsEngine> engine;
    if (settings.engine == QLatin1String("elevenlabs"))
        engine = std::make_unique<ElevenLabsEngine>(settings, key);
    else if (settings.engine == QLatin1String("kokoro"))
        engine = std::make_unique<KokoroEngine>(settings, key);
    else if (settings.engine == QLatin1String("openai-speech"))
        engine = std::make_unique<OpenAiSpeechEngine>(settings, key);
    else
        return makeError(QStringLiteral("tts.config"), QStringLiteral("unknown remote speech engine \"%1\"").arg(settings.engine));
    return engine;
}

Result<std::unique_ptr<RemoteTtsEngine>> RemoteEngineFactory::create(const EngineConfig &config, const QString &engine,
                                                                     const Secrets &secrets)
{
    const auto settings = config.engine(engine);
    if (!settings)
        return makeError(QStringLiteral("tts.config"), QStringLiteral("unknown remote speech engine \"%1\"").arg(engine));
    return create(*settings, secrets);
}

} // namespace greenlight
