#pragma once

#include "tts/remotettsengine.h"

namespace greenlight {

// ElevenLabs text to speech with timestamps (remote-api):
//   POST {base}/v1/text-to-speech/{voice_id}/with-timestamps?output_format=pcm_22050
//   header xi-api-key; JSON {text, model_id, language_code, voice_settings {stability,
//   similarity_boost, style, use_speaker_boost, speed}, seed, previous_text, next_text}
// with only what is set. request.settings may hold "voice_settings", "seed",
// "previous_text", "next_text", "previous_request_ids", "next_request_ids",
// "apply_text_normalization" and "pronunciation_dictionary_locators"; anything else is a
// tts.bad-request (a typo must not silently change the voice). request.speed other than
// 1 becomes voice_settings.speed. The answer {audio_base64, alignment, normalized_alignment}
// gives character timings; words take them from "alignment" (the text as sent), or from
// "normalized_alignment" when that is all there is. Arrays of unequal length are a
// tts.bad-response. A 429's detail.status says which kind: too_many_concurrent_requests
// (retried soon) or system_busy (backed off longer); the retry reason names it.
class ElevenLabsEngine : public RemoteTtsEngine
{
public:
    ElevenLabsEngine(RemoteEngineSettings settings, QString apiKey);
    QString name() const override { return QStringLiteral("elevenlabs"); }

protected:
    Result<HttpRequest> buildRequest(const SynthesisRequest &request) const override;
    Result<SynthesisResult> readResponse(const SynthesisRequest &request, const HttpResponse &response) const override;
    AttemptOutcome classifyHttpError(const HttpResponse &response) const override;
};

} // namespace greenlight
