// RetryPolicy: what is retried, how long it waits, when it stops, and the attempt history.
#include "tts/retrypolicy.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace greenlight;

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryableStatuses();
    void backoffDoublesAndCaps();
    void jitterStaysInRange();
    void retryAfterParsing_data();
    void retryAfterParsing();
    void succeedsAfterRetriesWithHistory();
    void nonRetryableStopsAtOnce();
    void stopsAtMaxAttempts();
    void serverWaitWins();
    void budgetStopsRetrying();
    void busyBacksOffLonger();
    void cancelDuringWait();
    void realSleepIsCancellable();
    void configFromRunbookJson();
    void configErrorsNamePointer();
};

namespace {

RetryPolicy makePolicy(RetryConfig config, QList<qint64> *slept)
{
    RetryPolicy p(config);
    p.setRandomFunction([] { return 0.0; }); // no jitter
    p.setSleepFunction([slept](qint64 ms, const CancelToken &) {
        slept->append(ms);
        return true;
    });
    return p;
}

AttemptOutcome failure503()
{
    return AttemptOutcome::failure(makeError(QStringLiteral("tts.server-error"), QStringLiteral("HTTP 503")), 503,
                                   true, QStringLiteral("HTTP 503"));
}

} // namespace

void TestRetryPolicy::retryableStatuses()
{
    for (int s : {408, 409, 429, 500, 502, 503, 504, 599})
        QVERIFY2(RetryPolicy::isRetryableStatus(s), qPrintable(QString::number(s)));
    for (int s : {200, 400, 401, 403, 404, 422, 301})
        QVERIFY2(!RetryPolicy::isRetryableStatus(s), qPrintable(QString::number(s)));
}

void TestRetryPolicy::backoffDoublesAndCaps()
{
    QList<qint64> slept;
    RetryPolicy p = makePolicy({}, &slept);
    QList<qint64> delays;
    for (int retry = 1; retry <= 7; ++retry)
        delays.append(p.backoffDelay_ms(retry));
    QCOMPARE(delays, (QList<qint64>{500, 1000, 2000, 4000, 8000, 8000, 8000}));
}

void TestRetryPolicy::jitterStaysInRange()
{
    RetryPolicy p;
    for (int i = 0; i < 200; ++i) {
        const qint64 d = p.backoffDelay_ms(2);
        QVERIFY2(d >= 750 && d <= 1000, qPrintable(QString::number(d)));
    }
}

void TestRetryPolicy::retryAfterParsing_data()
{
    QTest::addColumn<QByteArray>("ms");
    QTest::addColumn<QByteArray>("seconds");
    QTest::addColumn<qint64>("expected"); // -1 = none
    QTest::newRow("ms wins") << QByteArray("250") << QByteArray("7") << qint64(250);
    QTest::newRow("fractional ms") << QByteArray("12.6") << QByteArray() << qint64(13);
    QTest::newRow("seconds") << QByteArray() << QByteArray("3") << qint64(3000);
    QTest::newRow("fractional seconds") << QByteArray() << QByteArray("0.5") << qint64(500);
    QTest::newRow("http date") << QByteArray() << QByteArray("Wed, 21 Oct 2015 07:28:30 GMT") << qint64(30000);
    QTest::newRow("past date") << QByteArray() << QByteArray("Wed, 21 Oct 2015 07:27:00 GMT") << qint64(0);
    QTest::newRow("garbage ms falls back") << QByteArray("soon") << QByteArray("2") << qint64(2000);
    QTest::newRow("garbage") << QByteArray() << QByteArray("later please") << qint64(-1);
    QTest::newRow("none") << QByteArray() << QByteArray() << qint64(-1);
}

void TestRetryPolicy::retryAfterParsing()
{
    QFETCH(QByteArray, ms);
    QFETCH(QByteArray, seconds);
    QFETCH(qint64, expected);
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 28, 0), QTimeZone::utc());
    const auto got = RetryPolicy::parseRetryAfter_ms(ms, seconds, now);
    QCOMPARE(got.value_or(-1), expected);
}

void TestRetryPolicy::succeedsAfterRetriesWithHistory()
{
    QList<qint64> slept;
    RetryPolicy p = makePolicy({}, &slept);
    int calls = 0;
    const Status s = p.run(
        [&](int number, qint64) {
            ++calls;
            return number < 3 ? failure503() : AttemptOutcome::success(200);
        },
        CancelToken());
    QVERIFY(s.ok());
    QCOMPARE(calls, 3);
    QCOMPARE(slept, (QList<qint64>{500, 1000}));
    const auto &h = p.attempts();
    QCOMPARE(h.size(), 3);
    QCOMPARE(h[0].outcome, QStringLiteral("failed"));
    QCOMPARE(h[0].errorCode, QStringLiteral("tts.server-error"));
    QCOMPARE(h[0].httpStatus, 503);
    QVERIFY(h[0].retryReason.isEmpty());
    QCOMPARE(h[0].delay_ms, 0);
    QVERIFY(h[1].retryReason.startsWith(QStringLiteral("HTTP 503")));
    QCOMPARE(h[1].delay_ms, 500);
    QCOMPARE(h[2].outcome, QStringLiteral("succeeded"));
    QCOMPARE(h[2].delay_ms, 1000);
    QVERIFY(h[2].startedAt.isValid() && h[2].endedAt >= h[2].startedAt);
    const Json j = p.attemptsJson();
    QCOMPARE(j.size(), 3u);
    QCOMPARE(j[1]["delay_ms"].get<qint64>(), 500);
    QCOMPARE(j[0]["httpStatus"].get<int>(), 503);
    QVERIFY(j[2]["startedAt"].get<std::string>().find('T') != std::string::npos);
}

void TestRetryPolicy::nonRetryableStopsAtOnce()
{
    QList<qint64> slept;
    RetryPolicy p = makePolicy({}, &slept);
    int calls = 0;
    const Status s = p.run(
        [&](int, qint64) {
            ++calls;
            return AttemptOutcome::failure(makeError(QStringLiteral("tts.bad-request"), QStringLiteral("HTTP 400")), 400);
        },
        CancelToken());
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, QStringLiteral("tts.bad-request"));
    QCOMPARE(s.error().message, QStringLiteral("HTTP 400"));
    QCOMPARE(calls, 1);
    QVERIFY(slept.isEmpty());
}

void TestRetryPolicy::stopsAtMaxAttempts()
{
    QList<qint64> slept;
    RetryConfig c;
    c.maxAttempts = 3;
    RetryPolicy p = makePolicy(c, &slept);
    int calls = 0;
    const Status s = p.run([&](int, qint64) { return ++calls, failure503(); }, CancelToken());
    QVERIFY(!s.ok());
    QCOMPARE(calls, 3);
    QCOMPARE(s.error().code, QStringLiteral("tts.server-error"));
    QVERIFY2(s.error().message.contains(QStringLiteral("3 attempts")), qPrintable(s.error().message));
    QCOMPARE(p.attempts().size(), 3);
}

void TestRetryPolicy::serverWaitWins()
{
    QList<qint64> slept;
    RetryPolicy p = makePolicy({}, &slept);
    const Status s = p.run(
        [&](int number, qint64) {
            if (number > 1)
                return AttemptOutcome::success();
            AttemptOutcome o = failure503();
            o.retryAfter_ms = 1234;
            return o;
        },
        CancelToken());
    QVERIFY(s.ok());
    QCOMPARE(slept, QList<qint64>{1234});
    QVERIFY(p.attempts()[1].retryReason.contains(QStringLiteral("server asked to wait 1234 ms")));
}

void TestRetryPolicy::budgetStopsRetrying()
{
    QList<qint64> slept;
    RetryConfig c;
    c.maxAttempts = 10;
    c.budget_ms = 3000;
    RetryPolicy p = makePolicy(c, &slept);
    int calls = 0;
    const Status s = p.run([&](int, qint64) { return ++calls, failure503(); }, CancelToken());
    QVERIFY(!s.ok());
    // 500 + 1000 fit in 3000 ms; the next 2000 would not.
    QCOMPARE(slept, (QList<qint64>{500, 1000}));
    QCOMPARE(calls, 3);
    QVERIFY2(s.error().message.contains(QStringLiteral("retry budget")), qPrintable(s.error().message));

    // A server wait beyond the budget ends the retries at once.
    slept.clear();
    RetryPolicy q = makePolicy(c, &slept);
    const Status t = q.run(
        [&](int, qint64) {
            AttemptOutcome o = failure503();
            o.retryAfter_ms = 60000;
            return o;
        },
        CancelToken());
    QVERIFY(!t.ok());
    QVERIFY(slept.isEmpty());
    QCOMPARE(q.attempts().size(), 1);
}

void TestRetryPolicy::busyBacksOffLonger()
{
    QList<qint64> slept;
    RetryConfig c;
    c.maxAttempts = 4;
    RetryPolicy p = makePolicy(c, &slept);
    (void)p.run(
        [&](int, qint64) {
            AttemptOutcome o = failure503();
            o.backoffFactor = c.busyBackoffFactor;
            return o;
        },
        CancelToken());
    QCOMPARE(slept, (QList<qint64>{2000, 4000, 8000}));
}

void TestRetryPolicy::cancelDuringWait()
{
    RetryPolicy p;
    CancelToken cancel;
    p.setSleepFunction([](qint64, const CancelToken &token) {
        token.cancel();
        return false;
    });
    const Status s = p.run([&](int, qint64) { return failure503(); }, cancel);
    QVERIFY(!s.ok());
    QCOMPARE(s.error().code, QStringLiteral("tts.cancelled"));
    QCOMPARE(p.attempts().size(), 1);
}

void TestRetryPolicy::realSleepIsCancellable()
{
    CancelToken cancel;
    QElapsedTimer t;
    t.start();
    QVERIFY(RetryPolicy::cancellableSleep(60, cancel));
    QVERIFY(t.elapsed() >= 55);
    cancel.cancel();
    t.restart();
    QVERIFY(!RetryPolicy::cancellableSleep(10000, cancel));
    QVERIFY(t.elapsed() < 100);
}

void TestRetryPolicy::configFromRunbookJson()
{
    const Json retry = Json::parse(R"({"maxAttempts": 4, "initialBackoff_ms": 250, "maxBackoff_ms": 4000,
                                       "budget_ms": 120000, "timeout_ms": 60000})");
    const auto c = RetryConfig::fromJson(retry, QStringLiteral("/workloads/2/retry"));
    QVERIFY(c.ok());
    QCOMPARE(c->maxAttempts, 4);
    QCOMPARE(c->initialBackoff_ms, 250);
    QCOMPARE(c->maxBackoff_ms, 4000);
    QCOMPARE(c->budget_ms, 120000);
    QCOMPARE(c->timeout_ms, 60000);
    QCOMPARE(RetryConfig::fromJson(c->toJson()).value().toJson(), c->toJson());
}

void TestRetryPolicy::configErrorsNamePointer()
{
    const auto c = RetryConfig::fromJson(Json::parse(R"({"maxAttempts": 0})"), QStringLiteral("/workloads/2/retry"));
    QVERIFY(!c.ok());
    QCOMPARE(c.error().code, QStringLiteral("tts.config"));
    QCOMPARE(c.error().location, QStringLiteral("/workloads/2/retry/maxAttempts"));
    const auto d = RetryConfig::fromJson(Json::parse(R"({"budget_ms": "long"})"), QStringLiteral("/r"));
    QVERIFY(!d.ok());
    QCOMPARE(d.error().location, QStringLiteral("/r/budget_ms"));
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
