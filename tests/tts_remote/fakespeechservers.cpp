#include "fakespeechservers.h"

#include "testsupport.h"

#include <QFile>
#include <QRegularExpression>

namespace greenlight::test {

namespace {

QByteArray slurp(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool hasString(const Json &body, const char *key)
{
    return body.is_object() && body.contains(key) && body.at(key).is_string();
}

// OpenAI's error shape.
ScriptedResponse openAiError(int status, const QString &message, const char *code)
{
    return ScriptedResponse::json(status, Json{{"error",
                                               {{"message", toStd(message)},
                                                {"type", "invalid_request_error"},
                                                {"param", nullptr},
                                                {"code", code}}}});
}

// FastAPI's shapes (Kokoro-FastAPI, ElevenLabs).
ScriptedResponse fastApiValidation(const char *field, const char *msg)
{
    return ScriptedResponse::json(422, Json{{"detail", Json::array({{{"type", "value_error"},
                                                                     {"loc", Json::array({"body", field})},
                                                                     {"msg", msg}}})}});
}

ScriptedResponse fastApiDetail(int status, const char *statusWord, const QString &message)
{
    return ScriptedResponse::json(status, Json{{"detail", {{"status", statusWord}, {"message", toStd(message)}}}});
}

// Checks what every JSON POST shares; an answer when something is wrong.
std::optional<QString> commonProblem(const RecordedRequest &r, const QByteArray &path)
{
    if (r.method != "POST")
        return QStringLiteral("method %1, expected POST").arg(QString::fromLatin1(r.method));
    if (r.path != path)
        return QStringLiteral("path %1, expected %2").arg(QString::fromLatin1(r.path), QString::fromLatin1(path));
    if (!r.header("Content-Type").startsWith("application/json"))
        return QStringLiteral("content-type %1").arg(QString::fromLatin1(r.header("Content-Type")));
    if (!r.json().is_object())
        return QStringLiteral("the body is not a JSON object");
    return std::nullopt;
}

QByteArray contentTypeFor(const QString &format)
{
    if (format.startsWith(QLatin1String("mp3")))
        return "audio/mpeg";
    if (format == QLatin1String("wav"))
        return "audio/wav";
    if (format == QLatin1String("flac"))
        return "audio/flac";
    if (format == QLatin1String("opus"))
        return "audio/opus";
    if (format == QLatin1String("aac"))
        return "audio/aac";
    return "audio/pcm";
}

} // namespace

FakeAudio makeAudio(const QString &dir, const QString &format, double duration_s)
{
    struct Recipe
    {
        int rate;
        QStringList codec;
        QString ext;
    };
    const QHash<QString, Recipe> recipes = {
        {QStringLiteral("wav"), {24000, {QStringLiteral("-c:a"), QStringLiteral("pcm_s16le")}, QStringLiteral("wav")}},
        {QStringLiteral("mp3"), {24000, {QStringLiteral("-c:a"), QStringLiteral("libmp3lame"), QStringLiteral("-b:a"), QStringLiteral("64k")}, QStringLiteral("mp3")}},
        {QStringLiteral("mp3_44100_128"), {44100, {QStringLiteral("-c:a"), QStringLiteral("libmp3lame"), QStringLiteral("-b:a"), QStringLiteral("128k")}, QStringLiteral("mp3")}},
        {QStringLiteral("flac"), {24000, {QStringLiteral("-c:a"), QStringLiteral("flac")}, QStringLiteral("flac")}},
        {QStringLiteral("opus"), {48000, {QStringLiteral("-c:a"), QStringLiteral("libopus"), QStringLiteral("-f"), QStringLiteral("ogg")}, QStringLiteral("ogg")}},
        {QStringLiteral("aac"), {24000, {QStringLiteral("-c:a"), QStringLiteral("aac"), QStringLiteral("-f"), QStringLiteral("adts")}, QStringLiteral("aac")}},
        {QStringLiteral("pcm"), {24000, {QStringLiteral("-f"), QStringLiteral("s16le"), QStringLiteral("-c:a"), QStringLiteral("pcm_s16le")}, QStringLiteral("raw")}},
        {QStringLiteral("pcm_22050"), {22050, {QStringLiteral("-f"), QStringLiteral("s16le"), QStringLiteral("-c:a"), QStringLiteral("pcm_s16le")}, QStringLiteral("raw")}},
    };
    FakeAudio audio;
    audio.format = format;
    if (!recipes.contains(format))
        return audio;
    const Recipe r = recipes.value(format);
    const QString out = dir + QStringLiteral("/tone-%1-%2.%3").arg(format).arg(int(duration_s * 1000)).arg(r.ext);
    if (!QFile::exists(out)) {
        const QString source = QStringLiteral("sine=frequency=330:sample_rate=%1:duration=%2").arg(r.rate).arg(duration_s);
        if (!ffmpeg(QStringList{QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"), source,
                                QStringLiteral("-ac"), QStringLiteral("1")}
                    + r.codec + QStringList{out}))
            return audio;
    }
    audio.bytes = slurp(out);
    audio.sampleRate = r.rate;
    audio.duration_s = duration_s;
    return audio;
}

Json kokoroTimestamps(const QString &text, double duration_s)
{
    // Words and punctuation as separate tokens, like Kokoro's tokenizer.
    static const QRegularExpression token(QStringLiteral("[\\w'’-]+|[^\\w\\s]"), QRegularExpression::UseUnicodePropertiesOption);
    QStringList tokens;
    for (auto it = token.globalMatch(text); it.hasNext();)
        tokens.append(it.next().captured());
    Json list = Json::array();
    const double step = tokens.isEmpty() ? 0 : duration_s / double(tokens.size());
    for (qsizetype i = 0; i < tokens.size(); ++i)
        list.push_back({{"word", toStd(tokens[i])}, {"start_time", step * double(i)}, {"end_time", step * double(i + 1) - 0.01}});
    return list;
}

Json elevenLabsAlignment(const QString &text, double duration_s)
{
    Json chars = Json::array(), starts = Json::array(), ends = Json::array();
    const QList<uint> cps = text.toUcs4();
    const double step = cps.isEmpty() ? 0 : duration_s / double(cps.size());
    for (qsizetype i = 0; i < cps.size(); ++i) {
        const char32_t c = cps[i];
        chars.push_back(toStd(QString::fromUcs4(&c, 1)));
        starts.push_back(step * double(i));
        ends.push_back(step * double(i + 1));
    }
    return Json{{"characters", chars}, {"character_start_times_seconds", starts}, {"character_end_times_seconds", ends}};
}

ScriptedResponse openAiSpeech(const RecordedRequest &r, const FakeServerConfig &config)
{
    if (const auto problem = commonProblem(r, "/v1/audio/speech"))
        return openAiError(400, *problem, "invalid_request");
    const QByteArray auth = r.header("Authorization");
    if (config.expectedKey.isEmpty() && r.hasHeader("Authorization"))
        return openAiError(400, QStringLiteral("unexpected Authorization header"), "unexpected_auth");
    if (!config.expectedKey.isEmpty() && auth != "Bearer " + config.expectedKey)
        return openAiError(401, QStringLiteral("Incorrect API key provided: %1").arg(QString::fromUtf8(auth.mid(7))),
                           "invalid_api_key");
    const Json body = r.json();
    for (const char *k : {"model", "input", "voice", "response_format"})
        if (!hasString(body, k))
            return openAiError(400, QStringLiteral("missing %1").arg(QString::fromLatin1(k)), "invalid_request");
    if (!body.value("speed", Json()).is_number() || body.at("speed").get<double>() < 0.25 || body.at("speed").get<double>() > 4.0)
        return openAiError(400, QStringLiteral("speed must be between 0.25 and 4.0"), "invalid_request");
    const QString format = toQString(body.at("response_format"));
    if (!config.audioByFormat.contains(format))
        return openAiError(400, QStringLiteral("unsupported response_format %1").arg(format), "invalid_request");
    return ScriptedResponse::bytes(200, config.audioByFormat.value(format).bytes, contentTypeFor(format),
                                   {{"x-request-id", "req_fake_openai_1"}});
}

ScriptedResponse kokoroCaptionedSpeech(const RecordedRequest &r, const FakeServerConfig &config)
{
    if (const auto problem = commonProblem(r, "/dev/captioned_speech"))
        return fastApiDetail(400, "validation_error", *problem);
    if (config.expectedKey.isEmpty() && r.hasHeader("Authorization"))
        return fastApiDetail(400, "validation_error", QStringLiteral("unexpected Authorization header"));
    if (!config.expectedKey.isEmpty() && r.header("Authorization") != "Bearer " + config.expectedKey)
        return fastApiDetail(401, "unauthorized", QStringLiteral("bad key"));
    const Json body = r.json();
    for (const char *k : {"model", "input", "voice", "response_format"})
        if (!hasString(body, k))
            return fastApiValidation(k, "Field required");
    if (body.value("return_timestamps", Json()) != true || body.value("stream", Json()) != false)
        return fastApiValidation("return_timestamps", "expected return_timestamps true and stream false");
    const QString format = toQString(body.at("response_format"));
    if (!config.audioByFormat.contains(format))
        return fastApiValidation("response_format", "unsupported");
    const FakeAudio audio = config.audioByFormat.value(format);
    Json timestamps;
    switch (config.timestamps) {
    case FakeServerConfig::Timestamps::Words:
        timestamps = kokoroTimestamps(toQString(body.at("input")), audio.duration_s);
        break;
    case FakeServerConfig::Timestamps::Null: timestamps = nullptr; break;
    case FakeServerConfig::Timestamps::Empty: timestamps = Json::array(); break;
    }
    return ScriptedResponse::json(200, Json{{"audio", audio.bytes.toBase64().toStdString()},
                                            {"audio_format", contentTypeFor(format).toStdString()},
                                            {"timestamps", timestamps}},
                                  {{"Content-Disposition", "attachment; filename=speech." + format.toUtf8()},
                                   {"Cache-Control", "no-cache"}});
}

ScriptedResponse elevenLabsWithTimestamps(const RecordedRequest &r, const FakeServerConfig &config)
{
    static const QRegularExpression path(QStringLiteral("^/v1/text-to-speech/([^/]+)/with-timestamps$"));
    const auto match = path.match(QString::fromLatin1(r.path));
    if (!match.hasMatch())
        return ScriptedResponse::json(404, Json{{"detail", "Not Found"}});
    if (r.header("xi-api-key") != config.expectedKey || config.expectedKey.isEmpty())
        return fastApiDetail(401, "invalid_api_key", QStringLiteral("Invalid API key: %1").arg(QString::fromUtf8(r.header("xi-api-key"))));
    if (r.method != "POST" || !r.header("Content-Type").startsWith("application/json") || !r.json().is_object())
        return fastApiValidation("body", "expected a JSON POST");
    const Json body = r.json();
    if (!hasString(body, "text"))
        return fastApiValidation("text", "Field required");
    static const QStringList known = {QStringLiteral("text"), QStringLiteral("model_id"), QStringLiteral("language_code"),
                                      QStringLiteral("voice_settings"), QStringLiteral("seed"), QStringLiteral("previous_text"),
                                      QStringLiteral("next_text"), QStringLiteral("previous_request_ids"),
                                      QStringLiteral("next_request_ids"), QStringLiteral("apply_text_normalization"),
                                      QStringLiteral("pronunciation_dictionary_locators")};
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!known.contains(toQString(it.key())) || it.value().is_null())
            return fastApiValidation(it.key().c_str(), "unexpected or null field");
    const QString format = QString::fromUtf8(r.queryItem("output_format"));
    if (!config.audioByFormat.contains(format))
        return fastApiDetail(400, "invalid_output_format", QStringLiteral("unsupported output_format %1").arg(format));
    const FakeAudio audio = config.audioByFormat.value(format);
    const QString text = toQString(body.at("text"));
    return ScriptedResponse::json(200, Json{{"audio_base64", audio.bytes.toBase64().toStdString()},
                                            {"alignment", elevenLabsAlignment(text, audio.duration_s)},
                                            {"normalized_alignment", elevenLabsAlignment(text.toLower(), audio.duration_s)}},
                                  {{"request-id", "el_req_42"}});
}

} // namespace greenlight::test
