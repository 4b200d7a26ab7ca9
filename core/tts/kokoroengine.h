#pragma once

#include "tts/remotettsengine.h"

namespace greenlight {

// Kokoro-FastAPI's captioned speech: POST {base}/dev/captioned_speech with JSON {model,
// input, voice, response_format, speed, return_timestamps: true, stream: false} returns
// {audio (base64), audio_format, timestamps: [{word, start_time, end_time}]} (seconds).
// The timestamps are carried onto our own word spans (TimedTokenMapper); null, empty or
// unplaceable timestamps give hasTimings = false (the orchestrator then aligns). A server
// that streams anyway (one JSON object per line) is read chunk by chunk and joined.
// request.settings entries are passed through into the body (e.g. "lang_code",
// "normalization_options"). Remote-self-hosted; "Authorization: Bearer" only with a key.
class KokoroEngine : public RemoteTtsEngine
{
public:
    KokoroEngine(RemoteEngineSettings settings, QString apiKey = {});
    QString name() const override { return QStringLiteral("kokoro"); }

    static constexpr int kSampleRate = 24000;

protected:
    Result<HttpRequest> buildRequest(const SynthesisRequest &request) const override;
    Result<SynthesisResult> readResponse(const SynthesisRequest &request, const HttpResponse &response) const override;
};

} // namespace greenlight
