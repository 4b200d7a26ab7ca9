#include "semantic/modelreviewer.h"

#include "semantic/chatcompletionsclient.h"
#include "semantic/framesampler.h"
#include "semantic/observationparser.h"

namespace greenlight {

QString ModelReviewerConfig::apiKeyFromEnvironment()
{
    return qEnvironmentVariable("GREENLIGHT_REVIEWER_API_KEY").trimmed();
}

QString ModelReviewerConfig::effectiveRuntimeClass() const
{
    if (!runtimeClass.isEmpty())
        return runtimeClass;
    return apiKey.isEmpty() ? QStringLiteral("remote-self-hosted") : QStringLiteral("remote-api");
}

ModelReviewer::ModelReviewer(ModelReviewerConfig config) : m_config(std::move(config)) {}

void ModelReviewer::log(const QString &line) const
{
    if (!m_config.log)
        return;
    QString text = line;
    if (!m_config.apiKey.isEmpty())
        text.replace(m_config.apiKey, QStringLiteral("[redacted]"));
    m_config.log(text);
}

namespace {

// Models asked for JSON sometimes wrap it in a Markdown code fence anyway.
QString stripFence(const QString &content)
{
    QString t = content.trimmed();
    if (!t.startsWith(QLatin1String("```")))
        return t;
    const qsizetype firstNewline = t.indexOf(QLatin1Char('\n'));
    const qsizetype lastFence = t.lastIndexOf(QLatin1String("```"));
    if (firstNewline < 0 || lastFence <= firstNewline)
        return t;
    return t.mid(firstNewline + 1, lastFence - firstNewline - 1).trimmed();
}

} // namespace

Result<Findings> ModelReviewer::parseContent(const QString &content, const QString &modelVersion, qint64 frameCount) const
{
    auto json = parseJson(stripFence(content).toUtf8(), QStringLiteral("model answer"));
    if (!json)
        return makeError(QStringLiteral("review.bad-response"),
                         QStringLiteral("the model did not answer with JSON: ") + json.error().message,
                         json.error().location);
    const Reviewer reviewer{QStringLiteral("model"), m_config.reviewerName, m_config.model,
                            modelVersion.isEmpty() ? m_config.model : modelVersion};
    auto batch = ObservationParser::parse(*json, reviewer, frameCount > 0 ? std::optional<qint64>(frameCount) : std::nullopt);
    if (!batch)
        return makeError(QStringLiteral("review.invalid-observations"),
                         QStringLiteral("the model's answer breaks the observations schema, nothing was accepted: ")
                             + batch.error().message,
                         batch.error().location);
    const QDateTime at = m_config.clock_utc ? m_config.clock_utc() : QDateTime::currentDateTimeUtc();
    Findings out;
    for (const ObservationInput &in : batch->observations)
        out.append(observation::make(in, at));
    return out;
}

Result<ModelReview> ModelReviewer::review(const ReviewMaterials &materials, const CancelToken &cancel) const
{
    if (m_config.model.trimmed().isEmpty())
        return makeError(QStringLiteral("review.input"), QStringLiteral("no model named for the reviewer"));
    if (!m_config.endpoint.isValid() || m_config.endpoint.scheme().isEmpty())
        return makeError(QStringLiteral("review.input"), QStringLiteral("the reviewer endpoint is not a URL"));

    QList<qint64> wanted;
    if (m_config.sampling == ModelReviewerConfig::Sampling::SceneMidpoints)
        wanted = FrameSampler::midpoints(materials.scenes);
    const FrameSampler sampler(FrameSampler::Options{m_config.maxEdge_px, 4});
    auto video = sampler.sample(materials.videoPath, wanted, std::max(1, m_config.frameCount), cancel);
    if (!video)
        return video.error();
    ModelReview review;
    review.frameCount = video->frameCount;
    for (const SampledFrame &f : video->frames)
        review.sampledFrames.append(f.frame);
    log(QStringLiteral("sampled %1 frames of %2 from %3")
            .arg(video->frames.size()).arg(video->frameCount).arg(materials.videoPath));

    ChatCompletionsConfig cc;
    cc.baseUrl = m_config.endpoint;
    cc.apiKey = m_config.apiKey;
    cc.timeout_ms = m_config.timeout_ms;
    cc.retry = m_config.retry;
    cc.sleep = m_config.sleep;
    cc.log = m_config.log;
    const ChatCompletionsClient client(cc);
    log(QStringLiteral("asking %1 (%2, %3)").arg(m_config.model, m_config.effectiveRuntimeClass(),
                                                   client.endpoint().toString(QUrl::RemoveUserInfo)));
    auto answer = client.complete(ReviewPrompt::request(m_config.model, m_config.responseFormat, materials, *video), cancel);
    if (!answer)
        return answer.error();
    review.modelVersion = answer->model;
    review.attempts = answer->attempts;
    auto findings = parseContent(answer->content, answer->model, video->frameCount);
    if (!findings)
        return Error{client.redact(findings.error().message), findings.error().code, findings.error().location};
    review.findings = findings.value();
    log(QStringLiteral("%1 observations from %2").arg(review.findings.size()).arg(answer->model));
    return review;
}

} // namespace greenlight
