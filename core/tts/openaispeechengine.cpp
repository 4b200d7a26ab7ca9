#include "tts/openaispeechengine.h"

namespace greenlight {

namespace {

const QStringList kFormats = {QStringLiteral("mp3"), QStringLiteral("opus"), QStringLiteral("aac"),
                              QStringLiteral("flac"), QStringLiteral("wav"), QStringLiteral("pcm")};

} // namespace

OpenAiSpeechEngine::OpenAiSpeechEngine(RemoteEngineSettings settings, QString apiKey)
    : RemoteTtsEngine(std::move(settings), std::move(apiKey))
{
}

Result<HttpRequest> OpenAiSpeechEngine::buildRequest(const SynthesisRequest &request) const
{
    if (request.ssml)
        return badRequest(QStringLiteral("%1 cannot take SSML; send plain text").arg(name()));
    if (!kFormats.contains(request.outputFormat))
        return badRequest(QStringLiteral("%1 cannot produce \"%2\" (choose one of %3)")
                              .arg(name(), request.outputFormat, kFormats.join(QStringLiteral(", "))));
    if (!request.settings.is_object())
        return badRequest(QStringLiteral("%1 settings must be a JSON object").arg(name()));
    Json body = Json::object();
    body["model"] = toStd(request.model);
    body["input"] = toStd(request.text);
    body["voice"] = toStd(request.voice);
    body["response_format"] = toStd(request.outputFormat);
    body["speed"] = request.speed;
    for (auto it = request.settings.begin(); it != request.settings.end(); ++it)
        if (!body.contains(it.key()))
            body[it.key()] = it.value();

    HttpRequest http;
    http.url = url(QStringLiteral("/v1/audio/speech"));
    http.headers = jsonHeaders();
    http.headers.append(qMakePair(QByteArray("Accept"), QByteArray("*/*")));
    if (!apiKey().isEmpty())
        http.headers.append(qMakePair(QByteArray("Authorization"), QByteArray("Bearer ") + apiKey().toUtf8()));
    const std::string text = body.dump();
    http.body = QByteArray(text.data(), qsizetype(text.size()));
    return http;
}

Result<SynthesisResult> OpenAiSpeechEngine::readResponse(const SynthesisRequest &request,
                                                         const HttpResponse &response) const
{
    const QByteArray type = response.header("Content-Type").toLower();
    if (type.startsWith("application/json") || type.startsWith("text/"))
        return badResponse(QStringLiteral("%1 answered %2 instead of audio: %3")
                               .arg(name(), QString::fromLatin1(type),
                                    QString::fromUtf8(response.body.left(200)).simplified()));
    auto result = fromAudio(response.body, request.outputFormat, kPcmRate);
    if (!result)
        return result.error();
    result->hasTimings = false;
    result->details = Json::object();
    result->details["contentType"] = type.toStdString();
    return result;
}

} // namespace greenlight
