#include "tts/remotettsengine.h"

#include "tts/audiodecoder.h"
#include "tts/secrets.h"

#include <QDateTime>

#include <algorithm>

namespace greenlight {

namespace {

const QString kBadResponse = QStringLiteral("tts.bad-response");
const QString kBadRequest = QStringLiteral("tts.bad-request");

// The request id servers put in their headers, for support tickets.
QByteArray requestId(const HttpResponse &response)
{
    for (const char *name : {"x-request-id", "request-id", "x-amzn-requestid", "cf-ray"}) {
        const QByteArray v = response.header(name);
        if (!v.isEmpty())
            return v;
    }
    return {};
}

} // namespace

RemoteTtsEngine::RemoteTtsEngine(RemoteEngineSettings settings, QString apiKey)
    : m_settings(std::move(settings))
    , m_apiKey(std::move(apiKey))
{
    if (!m_apiKey.isEmpty())
        Secrets::registerSecret(m_apiKey);
}

QString RemoteTtsEngine::endpoint() const
{
    return HttpClient::describeUrl(m_settings.baseUrl);
}

QUrl RemoteTtsEngine::url(const QString &path) const
{
    QUrl u = m_settings.baseUrl;
    QString base = u.path(QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (base.endsWith(QLatin1String("/v1")) && path.startsWith(QLatin1String("/v1/")))
        base.chop(3); // a base URL given OpenAI-client style, ".../v1"
    u.setPath(base + path, QUrl::TolerantMode); // path segments arrive percent-encoded
    u.setQuery(QString());
    return u;
}

HttpHeaders RemoteTtsEngine::jsonHeaders() const
{
    return {{"Content-Type", "application/json"}};
}

Error RemoteTtsEngine::badResponse(const QString &what)
{
    return makeError(kBadResponse, what);
}

Error RemoteTtsEngine::badRequest(const QString &what)
{
    return makeError(kBadRequest, what);
}

Error RemoteTtsEngine::redacted(Error error) const
{
    error.message = Secrets::redact(error.message, {m_apiKey});
    error.location = Secrets::redact(error.location, {m_apiKey});
    return error;
}

SynthesisRequest RemoteTtsEngine::withDefaults(const SynthesisRequest &request) const
{
    SynthesisRequest r = request;
    if (r.voice.isEmpty())
        r.voice = m_settings.voice;
    if (r.model.isEmpty())
        r.model = m_settings.model;
    if (r.outputFormat.isEmpty())
        r.outputFormat = m_settings.outputFormat;
    if (r.settings.is_null())
        r.settings = Json::object();
    return r;
}

TtsCacheKey RemoteTtsEngine::cacheKey(const SynthesisRequest &request, const QString &pronunciationSetHash) const
{
    return TtsCacheKey::from(*this, withDefaults(request), endpoint(), pronunciationSetHash);
}

QString RemoteTtsEngine::serverMessage(const Json &body)
{
    if (!body.is_object())
        return {};
    if (body.contains("error")) { // OpenAI: {"error": {"message", "type", "code"}}
        const Json &e = body.at("error");
        if (e.is_object() && e.contains("message"))
            return toQString(e.at("message"));
        return toQString(e);
    }
    if (body.contains("detail")) { // FastAPI (Kokoro, ElevenLabs): {"detail": {...} | "..." | [...]}
        const Json &d = body.at("detail");
        if (d.is_object()) {
            QString s = toQString(d.value("status", d.value("error", Json(""))));
            const QString m = toQString(d.value("message", Json("")));
            return s.isEmpty() ? m : m.isEmpty() ? s : s + QStringLiteral(": ") + m;
        }
        if (d.is_array() && !d.empty() && d.at(0).is_object() && d.at(0).contains("msg"))
            return toQString(d.at(0).at("msg")) + QStringLiteral(" at ") + toQString(d.at(0).value("loc", Json()));
        return toQString(d);
    }
    if (body.contains("message"))
        return toQString(body.at("message"));
    return {};
}

AttemptOutcome RemoteTtsEngine::httpFailure(const HttpResponse &response, const QString &serverSays) const
{
    const int status = response.status;
    QString code;
    bool retry = RetryPolicy::isRetryableStatus(status);
    QString what = QStringLiteral("HTTP %1").arg(status);
    if (status >= 300 && status < 400) {
        code = kBadResponse;
        what += QStringLiteral(" redirect to %1 not followed (keys never travel to another address)")
                    .arg(QString::fromUtf8(response.header("Location")).section(QLatin1Char('?'), 0, 0));
    } else if (status == 401 || status == 403) {
        code = QStringLiteral("tts.auth");
    } else if (status == 408) {
        code = QStringLiteral("tts.timeout");
    } else if (status == 429) {
        code = QStringLiteral("tts.rate-limited");
    } else if (status == 409 || status >= 500) {
        code = QStringLiteral("tts.server-error");
    } else {
        code = kBadRequest;
    }
    QString message = QStringLiteral("%1 from %2 %3").arg(what, name(), endpoint());
    if (!serverSays.isEmpty())
        message += QStringLiteral(": ") + serverSays.left(500);
    if (code == QLatin1String("tts.auth"))
        message += QStringLiteral(" (check the API key: %1)").arg(Secrets::howToProvide(m_settings.keyName));
    AttemptOutcome o = AttemptOutcome::failure(makeError(code, message), status, retry, what);
    if (retry) {
        if (const auto wait = RetryPolicy::parseRetryAfter_ms(response.header("retry-after-ms"),
                                                              response.header("retry-after"),
                                                              QDateTime::currentDateTimeUtc()))
            o.retryAfter_ms = *wait;
    }
    return o;
}

AttemptOutcome RemoteTtsEngine::classifyHttpError(const HttpResponse &response) const
{
    Json body;
    try {
        body = Json::parse(response.body.constData(), response.body.constData() + response.body.size());
    } catch (const Json::exception &) {
        body = Json();
    }
    QString says = serverMessage(body);
    if (says.isEmpty() && !body.is_object())
        says = QString::fromUtf8(response.body.left(200)).simplified();
    AttemptOutcome o = httpFailure(response, says);
    // OpenAI: a 429 for an exhausted quota will not pass by waiting.
    if (response.status == 429 && body.is_object() && body.contains("error") && body.at("error").is_object()) {
        const Json &e = body.at("error");
        if (e.value("code", Json("")) == "insufficient_quota" || e.value("type", Json("")) == "insufficient_quota") {
            o.retryable = false;
            o.retryReason = QStringLiteral("insufficient_quota");
        }
    }
    return o;
}

AttemptOutcome RemoteTtsEngine::transportFailure(const HttpResponse &response) const
{
    switch (response.failure) {
    case HttpFailure::Cancelled:
        return AttemptOutcome::failure(makeError(QStringLiteral("tts.cancelled"), QStringLiteral("speech synthesis was cancelled")));
    case HttpFailure::ConnectTimeout:
    case HttpFailure::StallTimeout:
    case HttpFailure::TotalTimeout:
        return AttemptOutcome::failure(makeError(QStringLiteral("tts.timeout"), response.failureText), response.status,
                                       true, HttpClient::failureName(response.failure));
    case HttpFailure::ConnectionReset:
        return AttemptOutcome::failure(makeError(QStringLiteral("tts.network"), response.failureText), 0, true,
                                       QStringLiteral("connection reset"));
    case HttpFailure::Truncated:
        // Never resumed: the whole request starts again.
        return AttemptOutcome::failure(badResponse(response.failureText + QStringLiteral("; partial audio discarded")),
                                       response.status, true,
                                       QStringLiteral("truncated response; the whole request starts again"));
    case HttpFailure::ConnectionRefused:
    case HttpFailure::HostNotFound:
    case HttpFailure::Other:
    case HttpFailure::None:
        break;
    }
    return AttemptOutcome::failure(makeError(QStringLiteral("tts.network"), response.failureText), response.status);
}

Result<SynthesisResult> RemoteTtsEngine::fromAudio(const QByteArray &bytes, const QString &formatName, int defaultPcmRate)
{
    auto decoded = AudioDecoder::decode(bytes, AudioDecoder::formatFromName(formatName, defaultPcmRate));
    if (!decoded)
        return decoded.error();
    SynthesisResult r;
    r.samples = std::move(decoded->samples);
    r.sampleRate = decoded->sampleRate;
    return r;
}

Result<SynthesisResult> RemoteTtsEngine::synthesize(const SynthesisRequest &request, const CancelToken &cancel)
{
    return synthesizeWithAttempts(request, cancel, nullptr);
}

Result<SynthesisResult> RemoteTtsEngine::synthesizeWithAttempts(const SynthesisRequest &request,
                                                                const CancelToken &cancel,
                                                                QList<AttemptRecord> *attempts)
{
    if (attempts)
        attempts->clear();
    const SynthesisRequest effective = withDefaults(request);
    if (m_settings.requireKey && m_apiKey.isEmpty())
        return makeError(QStringLiteral("tts.auth.missing-key"), QStringLiteral("no API key for %1: %2")
                                                         .arg(m_settings.keyName, Secrets::howToProvide(m_settings.keyName)));
    if (effective.text.trimmed().isEmpty())
        return badRequest(QStringLiteral("there is no text to speak"));
    auto built = buildRequest(effective);
    if (!built)
        return redacted(built.error());

    RetryPolicy policy(m_settings.retry);
    policy.setSleepFunction(m_sleep);
    policy.setRandomFunction(m_random);
    HttpTimeouts timeouts = m_settings.timeouts;
    if (m_settings.retry.timeout_ms > 0)
        timeouts.total_ms = int(std::min<qint64>(m_settings.retry.timeout_ms, 24 * 3600 * 1000));

    std::optional<SynthesisResult> result;
    const Status status = policy.run(
        [&](int, qint64 remaining_ms) {
            HttpTimeouts t = timeouts;
            t.total_ms = int(std::clamp<qint64>(remaining_ms, 1, t.total_ms));
            const HttpResponse response = HttpClient(t).send(*built, cancel);
            if (!response.complete())
                return transportFailure(response);
            if (response.status < 200 || response.status >= 300)
                return classifyHttpError(response);
            auto read = readResponse(effective, response);
            if (!read)
                return AttemptOutcome::failure(read.error(), response.status);
            SynthesisResult r = std::move(*read);
            r.engineName = name();
            r.engineVersion = version();
            Json details = r.details.is_object() ? r.details : Json::object();
            details["endpoint"] = toStd(endpoint());
            details["runtimeClass"] = toStd(runtimeClass());
            details["voice"] = toStd(effective.voice);
            details["model"] = toStd(effective.model);
            details["outputFormat"] = toStd(effective.outputFormat);
            details["httpStatus"] = response.status;
            if (const QByteArray id = requestId(response); !id.isEmpty())
                details["requestId"] = id.toStdString();
            const std::string safe = Secrets::redact(QByteArray::fromStdString(details.dump()), {m_apiKey}).toStdString();
            r.details = Json::parse(safe);
            result = std::move(r);
            return AttemptOutcome::success(response.status);
        },
        cancel);

    if (attempts) {
        *attempts = policy.attempts();
        for (AttemptRecord &a : *attempts)
            a.errorMessage = Secrets::redact(a.errorMessage, {m_apiKey});
    }
    if (!status)
        return redacted(status.error());
    return std::move(*result);
}

} // namespace greenlight
