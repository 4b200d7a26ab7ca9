#include "tts/kokoroengine.h"

#include "tts/timedtokenmapper.h"

namespace greenlight {

namespace {

const QStringList kFormats = {QStringLiteral("mp3"), QStringLiteral("opus"), QStringLiteral("aac"),
                              QStringLiteral("flac"), QStringLiteral("wav"), QStringLiteral("pcm")};

// The body as one JSON object, or a stream of them (one per line).
std::optional<QList<Json>> parseChunks(const QByteArray &body)
{
    try {
        return QList<Json>{Json::parse(body.constData(), body.constData() + body.size())};
    } catch (const Json::exception &) {
    }
    QList<Json> chunks;
    for (const QByteArray &line : body.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        try {
            chunks.append(Json::parse(line.constData(), line.constData() + line.size()));
        } catch (const Json::exception &) {
            return std::nullopt;
        }
    }
    if (chunks.isEmpty())
        return std::nullopt;
    return chunks;
}

} // namespace

KokoroEngine::KokoroEngine(RemoteEngineSettings settings, QString apiKey)
    : RemoteTtsEngine(std::move(settings), std::move(apiKey))
{
}

Result<HttpRequest> KokoroEngine::buildRequest(const SynthesisRequest &request) const
{
    if (request.ssml)
        return badRequest(QStringLiteral("kokoro cannot take SSML; send plain text"));
    if (!kFormats.contains(request.outputFormat))
        return badRequest(QStringLiteral("kokoro cannot produce \"%1\" (choose one of %2)")
                              .arg(request.outputFormat, kFormats.join(QStringLiteral(", "))));
    if (!request.settings.is_object())
        return badRequest(QStringLiteral("kokoro settings must be a JSON object"));
    Json body = Json::object();
    body["model"] = toStd(request.model);
    body["input"] = toStd(request.text);
    body["voice"] = toStd(request.voice);
    body["response_format"] = toStd(request.outputFormat);
    body["speed"] = request.speed;
    body["return_timestamps"] = true;
    body["stream"] = false; // one JSON answer, not a chunk stream
    for (auto it = request.settings.begin(); it != request.settings.end(); ++it)
        if (!body.contains(it.key()))
            body[it.key()] = it.value();

    HttpRequest http;
    http.url = url(QStringLiteral("/dev/captioned_speech"));
    http.headers = jsonHeaders();
    http.headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    if (!apiKey().isEmpty())
        http.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + apiKey().toUtf8()));
    const std::string text = body.dump();
    http.body = QByteArray(text.data(), qsizetype(text.size()));
    return http;
}

Result<SynthesisResult> KokoroEngine::readResponse(const SynthesisRequest &request, const HttpResponse &response) const
{
    const auto chunks = parseChunks(response.body);
    if (!chunks)
        return badResponse(QStringLiteral("kokoro's captioned speech is not JSON: %1")
                               .arg(QString::fromUtf8(response.body.left(120)).simplified()));
    QByteArray audio;
    QString format;
    QList<TimedToken> tokens;
    bool anyTimestamps = false;
    for (const Json &chunk : *chunks) {
        if (!chunk.is_object() || !chunk.contains("audio") || !chunk.at("audio").is_string())
            return badResponse(QStringLiteral("kokoro's answer has no \"audio\" string"));
        const std::string &b64 = chunk.at("audio").get_ref<const std::string &>();
        const auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromRawData(b64.data(), qsizetype(b64.size())),
                                                            QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return badResponse(QStringLiteral("kokoro's \"audio\" is not valid base64"));
        audio += *decoded;
        if (format.isEmpty() && chunk.contains("audio_format") && chunk.at("audio_format").is_string())
            format = toQString(chunk.at("audio_format"));
        const Json ts = chunk.value("timestamps", Json());
        if (ts.is_null())
            continue;
        if (!ts.is_array())
            return badResponse(QStringLiteral("kokoro's \"timestamps\" is not a list"));
        for (const Json &t : ts) {
            if (!t.is_object() || !t.value("word", Json()).is_string() || !t.value("start_time", Json()).is_number()
                || !t.value("end_time", Json()).is_number())
                return badResponse(QStringLiteral("a kokoro timestamp lacks word, start_time or end_time"));
            tokens.append({toQString(t.at("word")), t.at("start_time").get<double>(), t.at("end_time").get<double>()});
            anyTimestamps = true;
        }
    }
    // audio_format is a media type ("audio/wav"); trust what we asked for when it is vague.
    const QString wire = format.isEmpty() || format == QLatin1String("audio/pcm") ? request.outputFormat : format;
    auto result = fromAudio(audio, wire, kSampleRate);
    if (!result)
        return result.error();
    if (anyTimestamps) {
        result->words = TimedTokenMapper::mapTokens(request.text, request.ssml, tokens, result->sampleRate,
                                                    qint64(result->samples.size()));
    }
    result->hasTimings = !result->words.isEmpty();
    result->details = Json::object();
    result->details["audioFormat"] = toStd(format);
    result->details["engineTimestamps"] = tokens.size();
    return result;
}

} // namespace greenlight
