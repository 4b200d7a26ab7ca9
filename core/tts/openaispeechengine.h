#pragma once

#include "tts/remotettsengine.h"

namespace greenlight {

// An OpenAI-compatible speech server: POST {base}/v1/audio/speech with JSON {model, input,
// voice, response_format, speed} returns the audio bytes; no timings. OpenAI itself
// (remote-api, "Authorization: Bearer <key>") or a self-hosted server such as Kokoro-FastAPI
// or openedai-speech (remote-self-hosted; the header only when a key is configured).
// request.settings entries are passed through into the JSON body (e.g. "instructions",
// "lang_code"), except the fields above. Formats: mp3, opus, aac, flac, wav, pcm (24 kHz).
// SSML is refused (tts.bad-request).
class OpenAiSpeechEngine : public RemoteTtsEngine
{
public:
    OpenAiSpeechEngine(RemoteEngineSettings settings, QString apiKey);
    QString name() const override { return QStringLiteral("openai-speech"); }

    static constexpr int kPcmRate = 24000;

protected:
    Result<HttpRequest> buildRequest(const SynthesisRequest &request) const override;
    Result<SynthesisResult> readResponse(const SynthesisRequest &request, const HttpResponse &response) const override;
};

} // namespace greenlight
