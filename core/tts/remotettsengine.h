#pragma once

#include "tts/engineconfig.h"
#include "tts/httpclient.h"
#include "tts/retrypolicy.h"
#include "tts/ttscache.h"
#include "tts/ttsengine.h"

#include <QList>
#include <QString>

namespace greenlight {

struct DecodedAudio;

// What the remote engines share: the API key, one HTTP exchange per attempt under the
// retry policy, the mapping of HTTP failures onto the tts.* error codes, and redaction.
// Subclasses only build the request and read the response.
//
// Errors: tts.auth (401/403: the server refused the key), tts.auth.missing-key (a required key
// is not configured on this machine; no request is made), tts.bad-request (other 4xx, or
// a request the engine cannot take), tts.rate-limited (429), tts.server-error (5xx, 409),
// tts.timeout (408, connect/stall/total timeout), tts.network (reset, refused, DNS),
// tts.bad-response (garbage, redirects, mismatched alignment, truncated or undecodable
// audio), tts.cancelled. Retried: 408, 409, 429, 5xx, resets, timeouts and truncated
// responses (the whole request again, never a resumed stream).
class RemoteTtsEngine : public TtsEngine
{
public:
    // apiKey may be empty when settings.requireKey is false.
    RemoteTtsEngine(RemoteEngineSettings settings, QString apiKey);

    QString runtimeClass() const override { return m_settings.runtimeClass; }
    QString version() const override { return m_settings.version; }
    const RemoteEngineSettings &settings() const { return m_settings; }
    bool hasApiKey() const { return !m_apiKey.isEmpty(); }
    // The base URL for records: no user info.
    QString endpoint() const;

    // Test seams (and a way for the orchestrator to share a cancellable sleep).
    void setSleepFunction(RetryPolicy::SleepFn sleep) { m_sleep = std::move(sleep); }
    void setRandomFunction(RetryPolicy::RandomFn random) { m_random = std::move(random); }

    Result<SynthesisResult> synthesize(const SynthesisRequest &request, const CancelToken &cancel) override;
    // The same, reporting every attempt (success or failure) for the run record.
    Result<SynthesisResult> synthesizeWithAttempts(const SynthesisRequest &request, const CancelToken &cancel,
                                                   QList<AttemptRecord> *attempts);

    // The request with this engine's defaults filled in (voice, model, output format).
    SynthesisRequest withDefaults(const SynthesisRequest &request) const;
    // The cache key of a request on this engine (defaults filled in first).
    TtsCacheKey cacheKey(const SynthesisRequest &request, const QString &pronunciationSetHash) const;

protected:
    virtual Result<HttpRequest> buildRequest(const SynthesisRequest &request) const = 0;
    // Reads a 2xx response. Audio, words and hasTimings; the base fills the rest.
    virtual Result<SynthesisResult> readResponse(const SynthesisRequest &request, const HttpResponse &response) const = 0;
    // Classifies a non-2xx response; the default reads OpenAI/FastAPI error bodies.
    virtual AttemptOutcome classifyHttpError(const HttpResponse &response) const;

    // Helpers for subclasses.
    QUrl url(const QString &path) const;
    HttpHeaders jsonHeaders() const;
    const QString &apiKey() const { return m_apiKey; }
    static Error badResponse(const QString &what);
    static Error badRequest(const QString &what);
    // The server's own words from an error body ({"error": {"message"}} / {"detail": ...}).
    static QString serverMessage(const Json &body);
    // Maps an HTTP status onto a code and whether to retry; fills retry-after.
    AttemptOutcome httpFailure(const HttpResponse &response, const QString &serverSays) const;
    static Result<SynthesisResult> fromAudio(const QByteArray &bytes, const QString &formatName, int defaultPcmRate);

private:
    AttemptOutcome transportFailure(const HttpResponse &response) const;
    Error redacted(Error error) const;

    RemoteEngineSettings m_settings;
    QString m_apiKey;
    RetryPolicy::SleepFn m_sleep;
    RetryPolicy::RandomFn m_random;
};

} // namespace greenlight
