#include "tts/elevenlabsengine.h"

#include "tts/timedtokenmapper.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace greenlight {

namespace {

const QStringList kBodySettings = {QStringLiteral("voice_settings"),       QStringLiteral("seed"),
                                   QStringLiteral("previous_text"),        QStringLiteral("next_text"),
                                   QStringLiteral("previous_request_ids"), QStringLiteral("next_request_ids"),
                                   QStringLiteral("apply_text_normalization"),
                                   QStringLiteral("pronunciation_dictionary_locators")};
const QStringList kVoiceSettings = {QStringLiteral("stability"), QStringLiteral("similarity_boost"),
                                    QStringLiteral("style"), QStringLiteral("use_speaker_boost"),
                                    QStringLiteral("speed")};

struct Alignment
{
    QStringList characters;
    std::vector<double> start_s;
    std::vector<double> end_s;
};

// nullopt with an empty error = absent; an error = present but unusable.
std::optional<Alignment> readAlignment(const Json &body, const char *key, QString *error)
{
    const Json a = body.value(key, Json());
    if (a.is_null())
        return std::nullopt;
    const QString where = QString::fromLatin1(key);
    const Json chars = a.is_object() ? a.value("characters", Json()) : Json();
    const Json starts = a.is_object() ? a.value("character_start_times_seconds", Json()) : Json();
    const Json ends = a.is_object() ? a.value("character_end_times_seconds", Json()) : Json();
    if (!chars.is_array() || !starts.is_array() || !ends.is_array()) {
        *error = QStringLiteral("elevenlabs' \"%1\" lacks characters or their start and end times").arg(where);
        return std::nullopt;
    }
    if (chars.size() != starts.size() || chars.size() != ends.size()) {
        *error = QStringLiteral("elevenlabs' \"%1\" arrays differ in length: %2 characters, %3 start times, %4 end "
                                "times")
                     .arg(where)
                     .arg(chars.size())
                     .arg(starts.size())
                     .arg(ends.size());
        return std::nullopt;
    }
    Alignment out;
    for (size_t i = 0; i < chars.size(); ++i) {
        if (!chars[i].is_string() || !starts[i].is_number() || !ends[i].is_number()) {
            *error = QStringLiteral("elevenlabs' \"%1\" has a malformed entry at %2").arg(where).arg(i);
            return std::nullopt;
        }
        out.characters.append(toQString(chars[i]));
        out.start_s.push_back(starts[i].get<double>());
        out.end_s.push_back(ends[i].get<double>());
    }
    return out;
}

} // namespace

ElevenLabsEngine::ElevenLabsEngine(RemoteEngineSettings settings, QString apiKey)
    : RemoteTtsEngine(std::move(settings), std::move(apiKey))
{
}

Result<HttpRequest> ElevenLabsEngine::buildRequest(const SynthesisRequest &request) const
{
    static const QRegularExpression format(QStringLiteral("^(mp3|pcm|opus|ulaw|alaw)_\\d+(_\\d+)?$"));
    if (!format.match(request.outputFormat).hasMatch())
        return badRequest(QStringLiteral("elevenlabs cannot produce \"%1\" (e.g. pcm_22050, mp3_44100_128)")
                              .arg(request.outputFormat));
    if (request.voice.isEmpty())
        return badRequest(QStringLiteral("elevenlabs needs a voice id"));
    if (!request.settings.is_object())
        return badRequest(QStringLiteral("elevenlabs settings must be a JSON object"));

    Json body = Json::object();
    body["text"] = toStd(request.text);
    if (!request.model.isEmpty())
        body["model_id"] = toStd(request.model);
    if (!request.language.isEmpty())
        body["language_code"] = toStd(request.language);
    Json voiceSettings = Json::object();
    for (auto it = request.settings.begin(); it != request.settings.end(); ++it) {
        const QString key = toQString(it.key());
        if (!kBodySettings.contains(key))
            return badRequest(QStringLiteral("unknown elevenlabs setting \"%1\" (known: %2)")
                                  .arg(key, kBodySettings.join(QStringLiteral(", "))));
        if (key == QLatin1String("voice_settings")) {
            if (!it.value().is_object())
                return badRequest(QStringLiteral("elevenlabs voice_settings must be an object"));
            for (auto v = it.value().begin(); v != it.value().end(); ++v) {
                if (!kVoiceSettings.contains(toQString(v.key())))
                    return badRequest(QStringLiteral("unknown elevenlabs voice setting \"%1\" (known: %2)")
                                          .arg(toQString(v.key()), kVoiceSettings.join(QStringLiteral(", "))));
                if (!v.value().is_null())
                    voiceSettings[v.key()] = v.value();
            }
        } else if (!it.value().is_null()) {
            body[it.key()] = it.value();
        }
    }
    if (request.speed != 1.0 && !voiceSettings.contains("speed"))
        voiceSettings["speed"] = request.speed;
    if (!voiceSettings.empty())
        body["voice_settings"] = voiceSettings;

    HttpRequest http;
    http.url = url(QStringLiteral("/v1/text-to-speech/%1/with-timestamps")
                       .arg(QString::fromLatin1(QUrl::toPercentEncoding(request.voice))));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("output_format"), request.outputFormat);
    http.url.setQuery(query);
    http.headers = jsonHeaders();
    http.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    http.headers.append(qMakePair(QByteArray("xi-api-key"), apiKey().toUtf8()));
    const std::string text = body.dump();
    http.body = QByteArray(text.data(), qsizetype(text.size()));
    return http;
}

AttemptOutcome ElevenLabsEngine::classifyHttpError(const HttpResponse &response) const
{
    AttemptOutcome o = RemoteTtsEngine::classifyHttpError(response);
    if (response.status != 429)
        return o;
    QString kind;
    try {
        const Json body = Json::parse(response.body.constData(), response.body.constData() + response.body.size());
        if (body.is_object() && body.contains("detail") && body.at("detail").is_object())
            kind = toQString(body.at("detail").value("status", Json("")));
    } catch (const Json::exception &) {
    }
    if (kind == QLatin1String("system_busy")) {
        o.backoffFactor = settings().retry.busyBackoffFactor;
        o.retryReason = QStringLiteral("HTTP 429 system_busy (server load): backing off longer");
    } else if (kind == QLatin1String("too_many_concurrent_requests")) {
        o.retryReason = QStringLiteral("HTTP 429 too_many_concurrent_requests (our parallelism): retrying soon");
    } else if (!kind.isEmpty()) {
        o.retryReason = QStringLiteral("HTTP 429 %1").arg(kind);
    }
    return o;
}

Result<SynthesisResult> ElevenLabsEngine::readResponse(const SynthesisRequest &request,
                                                       const HttpResponse &response) const
{
    Json body;
    try {
        body = Json::parse(response.body.constData(), response.body.constData() + response.body.size());
    } catch (const Json::exception &) {
        return badResponse(QStringLiteral("elevenlabs' answer is not JSON: %1")
                               .arg(QString::fromUtf8(response.body.left(120)).simplified()));
    }
    if (!body.is_object() || !body.value("audio_base64", Json()).is_string())
        return badResponse(QStringLiteral("elevenlabs' answer has no \"audio_base64\" string"));
    QString error;
    const auto alignment = readAlignment(body, "alignment", &error);
    if (!error.isEmpty())
        return badResponse(error);
    const auto normalized = readAlignment(body, "normalized_alignment", &error);
    if (!error.isEmpty())
        return badResponse(error);

    const std::string &b64 = body.at("audio_base64").get_ref<const std::string &>();
    const auto audio = QByteArray::fromBase64Encoding(QByteArray::fromRawData(b64.data(), qsizetype(b64.size())),
                                                      QByteArray::AbortOnBase64DecodingErrors);
    if (!audio)
        return badResponse(QStringLiteral("elevenlabs' \"audio_base64\" is not valid base64"));
    auto result = fromAudio(*audio, request.outputFormat, 22050);
    if (!result)
        return result.error();

    const qint64 total = qint64(result->samples.size());
    QString used;
    if (alignment) {
        result->words = TimedTokenMapper::mapCharacters(request.text, request.ssml, alignment->characters,
                                                        alignment->start_s, alignment->end_s, result->sampleRate, total);
        used = QStringLiteral("alignment");
    }
    if (result->words.isEmpty() && normalized) {
        result->words = TimedTokenMapper::mapCharacters(request.text, request.ssml, normalized->characters,
                                                        normalized->start_s, normalized->end_s, result->sampleRate,
                                                        total);
        used = QStringLiteral("normalized_alignment");
    }
    result->hasTimings = !result->words.isEmpty();
    result->details = Json::object();
    if (result->hasTimings)
        result->details["timingsFrom"] = toStd(used);
    return result;
}

} // namespace greenlight
