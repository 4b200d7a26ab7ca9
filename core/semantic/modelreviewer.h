#pragma once

#include "common/canceltoken.h"
#include "common/result.h"
#include "qa/finding.h"
#include "semantic/retrybackoff.h"
#include "semantic/reviewmaterials.h"
#include "semantic/reviewprompt.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>

namespace greenlight {

struct ModelReviewerConfig
{
    QUrl endpoint;                 // base URL of an OpenAI-compatible server
    QString model;                 // model name sent in the request
    QString apiKey;                // see apiKeyFromEnvironment(); never logged or written
    QString reviewerName = QStringLiteral("model-reviewer");
    QString runtimeClass;          // remote-api | remote-self-hosted; empty = by whether a key is set
    enum class Sampling { Even, SceneMidpoints };
    Sampling sampling = Sampling::Even;
    int frameCount = 8;            // evenly spaced frames (Even)
    int maxEdge_px = 768;
    ResponseFormat responseFormat = ResponseFormat::JsonObject;
    qint64 timeout_ms = 120000;    // per attempt
    RetryBackoff retry;
    std::function<void(qint64 delay_ms)> sleep;    // between attempts; null = real wait
    std::function<void(const QString &line)> log;  // progress lines, key-free
    std::function<QDateTime()> clock_utc;          // history timestamps; null = now

    static QString apiKeyEnvironmentVariable() { return QStringLiteral("GREENLIGHT_REVIEWER_API_KEY"); }
    static QString apiKeyFromEnvironment();
    QString effectiveRuntimeClass() const;
};

struct ModelReview
{
    Findings findings;           // stage semantic, reviewer {model, name, model, version}
    QString modelVersion;        // the "model" the server says answered
    QList<qint64> sampledFrames;
    qint64 frameCount = 0;
    int attempts = 0;
};

// The semantic stage's model reviewer: samples frames from the output video, asks an
// OpenAI-compatible chat-completions endpoint for observations in schemas/observations.schema.json,
// and accepts them only when the whole answer passes that schema and lies inside the video.
// Blocking (a local event loop on the calling thread): run it on a worker thread.
// Errors: review.input, media.unreadable, review.frames, review.http, review.timeout,
// review.network, review.bad-response (content is not JSON), review.invalid-observations
// (JSON that breaks the schema; location = JSON pointer), review.cancelled.
class ModelReviewer
{
public:
    explicit ModelReviewer(ModelReviewerConfig config);
    Result<ModelReview> review(const ReviewMaterials &materials, const CancelToken &cancel = {}) const;

    // Turns a model's message content into observations (exposed for tests and re-imports).
    Result<Findings> parseContent(const QString &content, const QString &modelVersion, qint64 frameCount) const;

private:
    void log(const QString &line) const;
    ModelReviewerConfig m_config;
};

} // namespace greenlight
