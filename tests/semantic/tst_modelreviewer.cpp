// The model reviewer against a loopback server that speaks chat-completions: the request it
// sends (path, method, auth, frames as data URLs labelled with their numbers), what it accepts
// and refuses, retries with Retry-After, timeouts, cancellation, and a key that never leaks.
#include "testsupport.h"

#include "chatcompletionsserver.h"

#include "semantic/framesampler.h"
#include "semantic/modelreviewer.h"
#include "semantic/observationstore.h"

#include <QDirIterator>
#include <QImage>
#include <QMutex>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <memory>
#include <optional>

using namespace greenlight;
using test::ChatCompletionsServer;

namespace {

const QString kKey = QStringLiteral("sk-test-9f8e7d6c5b4a-DO-NOT-LEAK");

QStringList g_messages;
QMutex g_messagesMutex;
void captureMessages(QtMsgType, const QMessageLogContext &, const QString &message)
{
    QMutexLocker lock(&g_messagesMutex);
    g_messages.append(message);
}

const QByteArray kValidObservations = R"({"observations": [
  {"frames": {"start": 10, "end": 40}, "category": "contradiction", "severity": "blocker",
   "text": "The narration says 'free' while the screen shows a price.", "evidence": {"frames": [12, 37], "cueIds": ["cue-1"]}},
  {"frames": {"start": 60, "end": 100}, "category": "brand", "severity": "warning", "text": "Brand name is lower-cased."}
]})";

} // namespace

class TestModelReviewer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void samplesFramesByTimestamp();
    void reviewTurnsValidAnswerIntoFindings();
    void malformedContentIsBadResponse();
    void schemaBreakingAnswerIsRejected_data();
    void schemaBreakingAnswerIsRejected();
    void retriesHonourRetryAfter();
    void nonRetryableStatusFailsAtOnce();
    void hangingServerTimesOut();
    void cancelStopsAHangingRequest();
    void apiKeyNeverLeaks();

private:
    ModelReviewerConfig config(ChatCompletionsServer &server, QList<qint64> *sleeps = nullptr, QStringList *log = nullptr) const
    {
        ModelReviewerConfig c;
        c.endpoint = server.baseUrl();
        c.model = QStringLiteral("vision-test");
        c.reviewerName = QStringLiteral("loopback-reviewer");
        c.frameCount = 4;
        c.maxEdge_px = 160;
        c.timeout_ms = 10000;
        c.retry.maxAttempts = 3;
        c.sleep = [sleeps](qint64 ms) { if (sleeps) sleeps->append(ms); };
        c.log = [log](const QString &line) { if (log) log->append(line); };
        return c;
    }

    // Runs the reviewer on a worker thread while this thread serves the loopback server.
    static Result<ModelReview> runReview(const ModelReviewer &reviewer, const ReviewMaterials &materials,
                                         const CancelToken &cancel = {}, std::function<void()> whileRunning = {})
    {
        std::optional<Result<ModelReview>> out;
        std::unique_ptr<QThread> worker(QThread::create([&] { out.emplace(reviewer.review(materials, cancel)); }));
        QEventLoop loop;
        connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
        worker->start();
        if (whileRunning)
            QTimer::singleShot(300, whileRunning);
        loop.exec();
        worker->wait();
        return std::move(*out);
    }

    ReviewMaterials materials() const
    {
        ReviewMaterials m;
        m.videoPath = m_video;
        m.title = QStringLiteral("Ship faster with Greenlight");
        m.ctaText = QStringLiteral("Start free today");
        m.cues = {{QStringLiteral("cue-1"), QStringLiteral("It is completely free."), FrameRange{0, 50}, QStringLiteral("hook")}};
        m.onScreenText = {{QStringLiteral("price"), QStringLiteral("$19 / month"), FrameRange{10, 60}, QStringLiteral("hook")}};
        return m;
    }

    QTemporaryDir m_dir;
    QString m_video;
};

void TestModelReviewer::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_video = m_dir.filePath(QStringLiteral("output.mp4"));
    // 100 frames at 25 fps; B-frames make the first timestamp non-zero.
    QVERIFY(test::ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                          QStringLiteral("testsrc2=size=320x240:rate=25:duration=4"), QStringLiteral("-c:v"),
                          QStringLiteral("libx264"), QStringLiteral("-g"), QStringLiteral("25"), QStringLiteral("-pix_fmt"),
                          QStringLiteral("yuv420p"), m_video}));
}

void TestModelReviewer::samplesFramesByTimestamp()
{
    QCOMPARE(FrameSampler::evenlySpaced(100, 4), (QList<qint64>{12, 37, 62, 87}));
    QCOMPARE(FrameSampler::midpoints({{0, 10}, {10, 31}}), (QList<qint64>{4, 20}));

    const FrameSampler sampler(FrameSampler::Options{320, 2});
    auto video = sampler.sample(m_video, {}, 4);
    QVERIFY2(video.ok(), qPrintable(video.ok() ? QString() : video.error().toString()));
    QCOMPARE(video->frameCount, qint64(100));
    QCOMPARE(video->fps, (Rational{25, 1}));
    QCOMPARE(video->frames.size(), 4);
    QCOMPARE(video->frames[1].frame, qint64(37));
    QVERIFY(video->frames[1].jpeg.startsWith("\xFF\xD8"));
    QCOMPARE(video->frames[1].width_px, 320);

    // The picture for frame 37 is frame 37: compare with ffmpeg's own decode of that frame.
    const QString reference = m_dir.filePath(QStringLiteral("f37.png"));
    QVERIFY(test::ffmpeg({QStringLiteral("-i"), m_video, QStringLiteral("-vf"), QStringLiteral("select=eq(n\\,37)"),
                          QStringLiteral("-frames:v"), QStringLiteral("1"), reference}));
    const QImage expected = QImage(reference).convertToFormat(QImage::Format_Grayscale8);
    auto meanDiff = [&](const QByteArray &jpeg) {
        const QImage got = QImage::fromData(jpeg, "JPEG").convertToFormat(QImage::Format_Grayscale8);
        double sum = 0;
        for (int y = 0; y < got.height(); ++y)
            for (int x = 0; x < got.width(); ++x)
                sum += std::abs(int(got.constScanLine(y)[x]) - int(expected.constScanLine(y)[x]));
        return sum / (got.width() * got.height());
    };
    QVERIFY(!expected.isNull());
    auto direct = sampler.sample(m_video, {37}, 0);     // seek straight to it
    auto stepped = sampler.sample(m_video, {30, 37}, 0); // decode forward from 30
    auto neighbour = sampler.sample(m_video, {36}, 0);
    QVERIFY(direct.ok() && stepped.ok() && neighbour.ok());
    for (const auto &[name, jpeg] : {std::pair{"frame-37.jpg", direct->frames[0].jpeg}, std::pair{"frame-36.jpg", neighbour->frames[0].jpeg}}) {
        QFile f(test::outputDir(QStringLiteral("semantic")) + QLatin1Char('/') + QLatin1String(name));
        if (f.open(QIODevice::WriteOnly))
            f.write(jpeg);
    }
    QCOMPARE(direct->frames[0].frame, qint64(37));
    QCOMPARE(direct->frames[0].jpeg, stepped->frames[1].jpeg);
    const double same = meanDiff(direct->frames[0].jpeg);
    const double off = meanDiff(neighbour->frames[0].jpeg);
    QVERIFY2(same < 3.0 && same < off, qPrintable(QStringLiteral("same %1, neighbour %2").arg(same).arg(off)));

    QCOMPARE(sampler.sample(m_dir.filePath(QStringLiteral("none.mp4")), {}, 4).error().code, QStringLiteral("media.unreadable"));
}

void TestModelReviewer::reviewTurnsValidAnswerIntoFindings()
{
    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue(ChatCompletionsServer::completion(kValidObservations, "vision-test-2024-06-01"));
    ModelReviewerConfig c = config(server);
    c.apiKey = kKey;
    auto review = runReview(ModelReviewer(c), materials());
    QVERIFY2(review.ok(), qPrintable(review.ok() ? QString() : review.error().toString()));

    QCOMPARE(server.requests().size(), 1);
    const ChatCompletionsServer::Request &r = server.requests().first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(r.headers.value("authorization"), QByteArray("Bearer " + kKey.toUtf8()));
    QVERIFY(r.headers.value("content-type").startsWith("application/json"));
    const nlohmann::json body = nlohmann::json::parse(r.body.toStdString());
    QCOMPARE(body["model"].get<std::string>(), std::string("vision-test"));
    QCOMPARE(body["temperature"].get<int>(), 0);
    QCOMPARE(body["response_format"]["type"].get<std::string>(), std::string("json_object"));
    QCOMPARE(body["messages"][0]["role"].get<std::string>(), std::string("system"));
    QVERIFY(body["messages"][0]["content"].get<std::string>().find("\"observations\"") != std::string::npos);
    const nlohmann::json &parts = body["messages"][1]["content"];
    QString text;
    QStringList images;
    for (const auto &part : parts) {
        if (part["type"] == "text")
            text += QString::fromStdString(part["text"].get<std::string>()) + QLatin1Char('\n');
        else if (part["type"] == "image_url")
            images << QString::fromStdString(part["image_url"]["url"].get<std::string>());
    }
    QCOMPARE(images.size(), 4);
    for (const QString &url : images) {
        QVERIFY(url.startsWith(QLatin1String("data:image/jpeg;base64,")));
        QVERIFY(QByteArray::fromBase64(url.mid(23).toLatin1()).startsWith("\xFF\xD8"));
    }
    for (const char *label : {"Frame 12", "Frame 37", "Frame 62", "Frame 87"})
        QVERIFY2(text.contains(QLatin1String(label)), label);
    QVERIFY(text.contains(QLatin1String("It is completely free.")));
    QVERIFY(text.contains(QLatin1String("cue-1")));
    QVERIFY(text.contains(QLatin1String("$19 / month")));
    QVERIFY(text.contains(QLatin1String("Start free today")));
    QVERIFY(text.contains(QLatin1String("Ship faster with Greenlight")));

    QCOMPARE(review->sampledFrames, (QList<qint64>{12, 37, 62, 87}));
    QCOMPARE(review->modelVersion, QStringLiteral("vision-test-2024-06-01"));
    QCOMPARE(review->findings.size(), 2);
    const Finding &f = review->findings[0];
    QCOMPARE(toString(f.stage), toString(Stage::Semantic));
    QCOMPARE(f.code, QStringLiteral("semantic.contradiction"));
    QCOMPARE(toString(f.severity), toString(Severity::Blocker));
    QCOMPARE(*f.frames, (FrameRange{10, 40}));
    QCOMPARE(*f.reviewer, (Reviewer{QStringLiteral("model"), QStringLiteral("loopback-reviewer"), QStringLiteral("vision-test"),
                                    QStringLiteral("vision-test-2024-06-01")}));
    QCOMPARE(observation::evidenceFrames(f), (QList<qint64>{12, 37}));
    QVERIFY(f.id.startsWith(QLatin1String("obs-")));

    // A self-hosted server without a key gets no Authorization header; structured output and
    // sampling at scene midpoints on request.
    ChatCompletionsServer open;
    QVERIFY(open.listen());
    open.enqueue(ChatCompletionsServer::completion(R"({"observations": []})"));
    ModelReviewerConfig selfHosted = config(open);
    selfHosted.responseFormat = ResponseFormat::JsonSchema;
    selfHosted.sampling = ModelReviewerConfig::Sampling::SceneMidpoints;
    ReviewMaterials scenes = materials();
    scenes.scenes = {{0, 50}, {50, 100}};
    auto none = runReview(ModelReviewer(selfHosted), scenes);
    QVERIFY(none.ok());
    QVERIFY(none->findings.isEmpty());
    QCOMPARE(none->sampledFrames, (QList<qint64>{24, 74}));
    QVERIFY(!open.requests().first().headers.contains("authorization"));
    const nlohmann::json structured = nlohmann::json::parse(open.requests().first().body.toStdString());
    QCOMPARE(structured["response_format"]["type"].get<std::string>(), std::string("json_schema"));
    QVERIFY(structured["response_format"]["json_schema"]["schema"]["properties"].contains("observations"));
    QVERIFY(structured["messages"][1]["content"].dump().find("Frame 74") != std::string::npos);
}

void TestModelReviewer::malformedContentIsBadResponse()
{
    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue(ChatCompletionsServer::completion("Sure! Here are my observations: {observations: [oops"));
    auto review = runReview(ModelReviewer(config(server)), materials());
    QVERIFY(!review.ok());
    QCOMPARE(review.error().code, QStringLiteral("review.bad-response"));

    ChatCompletionsServer garbage;
    QVERIFY(garbage.listen());
    garbage.enqueue({200, {{"Content-Type", "text/html"}}, "<html>gateway</html>", false});
    auto g = runReview(ModelReviewer(config(garbage)), materials());
    QCOMPARE(g.error().code, QStringLiteral("review.bad-response"));
    QCOMPARE(garbage.requests().size(), 1); // a 200 with garbage is not retried

    // A fenced answer is still JSON.
    ChatCompletionsServer fenced;
    QVERIFY(fenced.listen());
    fenced.enqueue(ChatCompletionsServer::completion("```json\n" + kValidObservations + "\n```"));
    auto ok = runReview(ModelReviewer(config(fenced)), materials());
    QVERIFY(ok.ok());
    QCOMPARE(ok->findings.size(), 2);
}

void TestModelReviewer::schemaBreakingAnswerIsRejected_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("pointer");
    QTest::newRow("severity") << QByteArray(R"({"observations": [{"frames": {"start": 1, "end": 5}, "category": "brand", "severity": "catastrophic", "text": "x"}]})")
                              << QStringLiteral("/observations/0/severity");
    QTest::newRow("extra field") << QByteArray(R"({"observations": [{"frames": {"start": 1, "end": 5}, "category": "brand", "severity": "info", "text": "x", "score": 3}]})")
                                 << QStringLiteral("/observations/0/score");
    QTest::newRow("no list") << QByteArray(R"({"issues": []})") << QStringLiteral("/observations");
    QTest::newRow("past the end") << QByteArray(R"({"observations": [{"frames": {"start": 1, "end": 5}, "category": "brand", "severity": "info", "text": "x"}, {"frames": {"start": 90, "end": 140}, "category": "other", "severity": "info", "text": "y"}]})")
                                  << QStringLiteral("/observations/1/frames/end");
}

void TestModelReviewer::schemaBreakingAnswerIsRejected()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, pointer);
    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue(ChatCompletionsServer::completion(content));
    auto review = runReview(ModelReviewer(config(server)), materials());
    QVERIFY(!review.ok());
    QCOMPARE(review.error().code, QStringLiteral("review.invalid-observations"));
    QCOMPARE(review.error().location, pointer);
}

void TestModelReviewer::retriesHonourRetryAfter()
{
    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue(ChatCompletionsServer::error(429, "Rate limit reached", {{"Retry-After", "2"}}));
    server.enqueue(ChatCompletionsServer::error(503, "overloaded", {{"retry-after-ms", "1500"}, {"Retry-After", "9"}}));
    server.enqueue(ChatCompletionsServer::completion(kValidObservations));
    QList<qint64> sleeps;
    auto review = runReview(ModelReviewer(config(server, &sleeps)), materials());
    QVERIFY2(review.ok(), qPrintable(review.ok() ? QString() : review.error().toString()));
    QCOMPARE(sleeps, (QList<qint64>{2000, 1500}));
    QCOMPARE(server.requests().size(), 3);
    QCOMPARE(review->attempts, 3);
    QCOMPARE(server.requests()[0].body, server.requests()[2].body); // the whole request again

    // Without Retry-After: capped exponential back-off; attempts run out -> review.http.
    ChatCompletionsServer busy;
    QVERIFY(busy.listen());
    for (int i = 0; i < 3; ++i)
        busy.enqueue(ChatCompletionsServer::error(500, "boom"));
    QList<qint64> backoff;
    auto failed = runReview(ModelReviewer(config(busy, &backoff)), materials());
    QCOMPARE(failed.error().code, QStringLiteral("review.http"));
    QVERIFY(failed.error().message.contains(QLatin1String("500")));
    QVERIFY(failed.error().message.contains(QLatin1String("boom")));
    QCOMPARE(backoff.size(), 2);
    QVERIFY(backoff[0] >= 250 && backoff[0] <= 500);
    QVERIFY(backoff[1] >= 500 && backoff[1] <= 1000);

    QCOMPARE(RetryBackoff::serverDelay_ms({}, "Wed, 21 Oct 2015 07:28:30 GMT",
                                          QDateTime(QDate(2015, 10, 21), QTime(7, 28), QTimeZone::utc())),
             std::optional<qint64>(30000));
    RetryBackoff capped;
    capped.jitter = false;
    QCOMPARE(capped.delay_ms(10), qint64(8000));
    QCOMPARE(capped.delay_ms(1, {}, "3600"), qint64(60000));
}

void TestModelReviewer::nonRetryableStatusFailsAtOnce()
{
    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue(ChatCompletionsServer::error(400, "model 'vision-test' does not accept images"));
    QList<qint64> sleeps;
    auto review = runReview(ModelReviewer(config(server, &sleeps)), materials());
    QCOMPARE(review.error().code, QStringLiteral("review.http"));
    QVERIFY(review.error().message.contains(QLatin1String("does not accept images")));
    QCOMPARE(server.requests().size(), 1);
    QVERIFY(sleeps.isEmpty());
}

void TestModelReviewer::hangingServerTimesOut()
{
    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue({200, {}, {}, true});
    server.enqueue({200, {}, {}, true});
    ModelReviewerConfig c = config(server);
    c.timeout_ms = 400;
    c.retry.maxAttempts = 2;
    QElapsedTimer clock;
    clock.start();
    auto review = runReview(ModelReviewer(c), materials());
    QCOMPARE(review.error().code, QStringLiteral("review.timeout"));
    QVERIFY(review.error().message.contains(QLatin1String("2 attempts")));
    QCOMPARE(server.requests().size(), 2);
    QVERIFY(clock.elapsed() < 5000);
}

void TestModelReviewer::cancelStopsAHangingRequest()
{
    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue({200, {}, {}, true});
    ModelReviewerConfig c = config(server);
    c.timeout_ms = 60000;
    CancelToken cancel;
    QElapsedTimer clock;
    clock.start();
    auto review = runReview(ModelReviewer(c), materials(), cancel, [cancel] { cancel.cancel(); });
    QCOMPARE(review.error().code, QStringLiteral("review.cancelled"));
    QVERIFY(clock.elapsed() < 10000);
}

void TestModelReviewer::apiKeyNeverLeaks()
{
    QTemporaryDir run;
    QVERIFY(QFile::copy(m_video, run.filePath(QStringLiteral("output.mp4"))));
    g_messages.clear();
    const QtMessageHandler previous = qInstallMessageHandler(captureMessages);

    // A server that echoes what it was sent into its errors and its answer.
    ChatCompletionsServer server;
    QVERIFY(server.listen());
    server.enqueue(ChatCompletionsServer::error(429, "slow down, Bearer " + kKey.toUtf8(), {{"Retry-After", "0"}}));
    server.enqueue(ChatCompletionsServer::error(401, "invalid key " + kKey.toUtf8()));
    QStringList log;
    ModelReviewerConfig c = config(server, nullptr, &log);
    c.apiKey = kKey;
    auto refused = runReview(ModelReviewer(c), materials());
    QCOMPARE(refused.error().code, QStringLiteral("review.http"));
    QVERIFY(refused.error().message.contains(QLatin1String("[redacted]")));

    ChatCompletionsServer echo;
    QVERIFY(echo.listen());
    echo.enqueue(ChatCompletionsServer::completion(R"({"observations": [{"frames": {"start": 1, "end": 5}, "category": "other", "severity": "info", "text": "key )"
                                                   + kKey.toUtf8() + R"("}]})", "m-" + kKey.toUtf8()));
    echo.enqueue(ChatCompletionsServer::completion("not json " + kKey.toUtf8()));
    ModelReviewerConfig c2 = config(echo, nullptr, &log);
    c2.apiKey = kKey;
    c2.reviewerName = QStringLiteral("echo");
    auto accepted = runReview(ModelReviewer(c2), materials());
    QVERIFY(accepted.ok());
    auto garbage = runReview(ModelReviewer(c2), materials());
    QCOMPARE(garbage.error().code, QStringLiteral("review.bad-response"));
    qInstallMessageHandler(previous);

    QVERIFY(!log.isEmpty());
    const QString everything = refused.error().toString() + garbage.error().toString() + log.join(QLatin1Char('\n'))
                               + g_messages.join(QLatin1Char('\n'));
    QVERIFY2(!everything.contains(kKey), qPrintable(everything));

    // Even a server echoing the key into its answer does not get it written.
    QVERIFY(accepted->findings[0].message.contains(QLatin1String("[redacted]")));
    auto store = ObservationStore::open(run.path());
    QVERIFY(store->addFindings(accepted->findings).ok());
    QVERIFY(QFile::exists(run.filePath(QStringLiteral("observations.json"))));
    QDirIterator files(run.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        QFile f(files.next());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY2(!f.readAll().contains(kKey.toUtf8()), qPrintable(f.fileName()));
    }
}

QTEST_GUILESS_MAIN(TestModelReviewer)
#include "tst_modelreviewer.moc"
