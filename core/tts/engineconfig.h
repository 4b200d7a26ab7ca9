#pragma once

#include "common/jsonio.h"
#include "common/result.h"
#include "tts/httpclient.h"
#include "tts/retrypolicy.h"

#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace greenlight {

// How to reach one remote speech engine. Never holds the API key itself, only the name it
// is looked up by (see Secrets).
struct RemoteEngineSettings
{
    QString engine;        // "openai-speech" | "kokoro" | "elevenlabs"
    QString runtimeClass;  // "remote-self-hosted" | "remote-api"
    QUrl baseUrl;          // scheme://host:port[/prefix], without /v1
    QString voice;         // default voice when a request names none
    QString model;         // default model when a request names none
    QString outputFormat;  // default wire format when a request names none
    QString keyName;       // Secrets key name
    bool requireKey = false;
    QString version;       // engine/API version, part of the cache key
    HttpTimeouts timeouts;
    RetryConfig retry;

    Json toJson() const;
};

// Remote speech engine settings, one entry per engine, from a JSON settings object:
//
//   {"engines": {"kokoro": {"baseUrl": "http://gpu-box:8880", "voice": "af_heart"},
//                "elevenlabs": {"voice": "<voice id>", "retry": {"maxAttempts": 3}}}}
//
// (the "engines" wrapper is optional). Keys per engine, all optional, defaults below:
//   baseUrl, voice, model, outputFormat, runtimeClass, keyName, requireKey, version,
//   connectTimeout_ms, stallTimeout_ms, timeout_ms, retry {maxAttempts, initialBackoff_ms,
//   maxBackoff_ms, budget_ms, timeout_ms}.
// Defaults: kokoro at http://127.0.0.1:8880 (af_heart, model kokoro, wav, self-hosted, no
// key); openai-speech at https://api.openai.com (alloy, gpt-4o-mini-tts, wav; remote-api
// with key "openai" for api.openai.com, otherwise self-hosted with optional key
// "openai-speech"); elevenlabs at https://api.elevenlabs.io (eleven_multilingual_v2,
// pcm_22050, remote-api, key "elevenlabs" required).
class EngineConfig
{
public:
    EngineConfig(); // every engine at its defaults

    static QStringList engineNames();
    static std::optional<RemoteEngineSettings> defaults(const QString &engine);
    // Errors (tts.config) name the JSON pointer of the offending value.
    static Result<EngineConfig> fromJson(const Json &settings);

    std::optional<RemoteEngineSettings> engine(const QString &name) const;
    void setEngine(const RemoteEngineSettings &settings);
    // A runbook workload's retry policy, applied to every engine.
    void setRetry(const RetryConfig &retry);
    Json toJson() const;

private:
    QMap<QString, RemoteEngineSettings> m_engines;
};

} // namespace greenlight
