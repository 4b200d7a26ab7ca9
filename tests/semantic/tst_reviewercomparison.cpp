// Comparing reviewers: overlapping ranges with the same category agree (with their IoU); a
// range only one reviewer flagged, or the same range with another category or severity, is a
// disagreement. Exact lists, exact IoU.
#include "testsupport.h"

#include "semantic/observation.h"
#include "semantic/reviewercomparison.h"

#include <QtTest>

using namespace greenlight;

class TestReviewerComparison : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void iouOfRanges();
    void twoReviewersOverlappingAndDisjoint();
    void prefersSameCategoryOverLargerOverlap();
    void minIouTurnsWeakOverlapIntoDisagreement();
    void everyPairOfThreeReviewers();
    void jsonNamesBothSides();

private:
    static Reviewer ana() { return {QStringLiteral("human"), QStringLiteral("ana"), {}, {}}; }
    static Reviewer model() { return {QStringLiteral("model"), QStringLiteral("vision"), QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-2024-08-06")}; }
    static Finding obs(const Reviewer &r, qint64 start, qint64 end, const char *category, Severity severity)
    {
        ObservationInput in{FrameRange{start, end}, QLatin1String(category), severity,
                            QStringLiteral("%1 %2-%3").arg(QLatin1String(category)).arg(start).arg(end), {}, {}, r};
        return observation::make(in, QDateTime::currentDateTimeUtc());
    }
};

void TestReviewerComparison::iouOfRanges()
{
    QCOMPARE(ReviewerComparison::iou({0, 10}, {0, 10}), 1.0);
    QCOMPARE(ReviewerComparison::iou({0, 10}, {10, 20}), 0.0); // half-open: touching is not overlapping
    QCOMPARE(ReviewerComparison::iou({0, 10}, {5, 15}), 5.0 / 15.0);
    QCOMPARE(ReviewerComparison::iou({0, 100}, {25, 50}), 0.25);
    QCOMPARE(ReviewerComparison::iou({0, 10}, {50, 60}), 0.0);
}

void TestReviewerComparison::twoReviewersOverlappingAndDisjoint()
{
    const Finding a1 = obs(ana(), 0, 100, "contradiction", Severity::Blocker);
    const Finding a2 = obs(ana(), 200, 260, "brand", Severity::Warning);
    const Finding a3 = obs(ana(), 400, 450, "pronunciation", Severity::Warning);
    const Finding a4 = obs(ana(), 600, 700, "other", Severity::Info);
    const Finding b1 = obs(model(), 50, 150, "contradiction", Severity::Blocker);
    const Finding b2 = obs(model(), 210, 250, "caption-visual-mismatch", Severity::Warning);
    const Finding b3 = obs(model(), 400, 450, "pronunciation", Severity::Blocker);
    const Finding b4 = obs(model(), 900, 950, "brand", Severity::Blocker);

    const ReviewerComparison c = ReviewerComparison::compare({b4, a1, b2, a3, b1, a4, a2, b3});
    QCOMPARE(c.reviewers, (QList<Reviewer>{ana(), model()}));

    QCOMPARE(c.agreements.size(), 1);
    QCOMPARE(c.agreements[0].a.id, a1.id);
    QCOMPARE(c.agreements[0].b.id, b1.id);
    QCOMPARE(c.agreements[0].iou, 50.0 / 150.0);
    QCOMPARE(c.agreements[0].intersection, (FrameRange{50, 100}));

    using K = ReviewerDisagreement::Kind;
    QCOMPARE(c.disagreements.size(), 4);
    QCOMPARE(toString(c.disagreements[0].kind), toString(K::Category));
    QCOMPARE(c.disagreements[0].a.id, a2.id);
    QCOMPARE(c.disagreements[0].b.id, b2.id);
    QCOMPARE(c.disagreements[0].iou, 40.0 / 60.0);
    QCOMPARE(toString(c.disagreements[1].kind), toString(K::Severity));
    QCOMPARE(c.disagreements[1].a.id, a3.id);
    QCOMPARE(c.disagreements[1].b.id, b3.id);
    QCOMPARE(c.disagreements[1].iou, 1.0);
    QCOMPARE(toString(c.disagreements[2].kind), toString(K::Unmatched));
    QCOMPARE(c.disagreements[2].a.id, a4.id);
    QCOMPARE(c.disagreements[2].b.reviewer, model());
    QVERIFY(c.disagreements[2].b.id.isEmpty());
    QCOMPARE(toString(c.disagreements[3].kind), toString(K::Unmatched));
    QCOMPARE(c.disagreements[3].a.id, b4.id);
    QCOMPARE(c.disagreements[3].b.reviewer, ana());

    QCOMPARE(c.pairs.size(), 1);
    QCOMPARE(c.pairs[0].agreements, 1);
    QCOMPARE(c.pairs[0].disagreements, 4);
    QCOMPARE(c.pairs[0].meanAgreementIou, 50.0 / 150.0);
}

void TestReviewerComparison::prefersSameCategoryOverLargerOverlap()
{
    const Finding a = obs(ana(), 0, 100, "brand", Severity::Warning);
    const Finding bOther = obs(model(), 0, 100, "other", Severity::Warning);
    const Finding bBrand = obs(model(), 50, 100, "brand", Severity::Warning);
    const ReviewerComparison c = ReviewerComparison::compare({a, bOther, bBrand});
    QCOMPARE(c.agreements.size(), 1);
    QCOMPARE(c.agreements[0].b.id, bBrand.id);
    QCOMPARE(c.agreements[0].iou, 0.5);
    QCOMPARE(c.disagreements.size(), 1);
    QCOMPARE(toString(c.disagreements[0].kind), toString(ReviewerDisagreement::Kind::Unmatched));
    QCOMPARE(c.disagreements[0].a.id, bOther.id);
}

void TestReviewerComparison::minIouTurnsWeakOverlapIntoDisagreement()
{
    const Finding a = obs(ana(), 0, 100, "brand", Severity::Warning);
    const Finding b = obs(model(), 50, 150, "brand", Severity::Warning);
    QCOMPARE(ReviewerComparison::compare({a, b}).agreements.size(), 1);
    const ReviewerComparison strict = ReviewerComparison::compare({a, b}, ComparisonOptions{0.5, true});
    QCOMPARE(strict.agreements.size(), 0);
    QCOMPARE(strict.disagreements.size(), 2);

    Finding closed = b;
    closed.status = FindingStatus::Resolved;
    const ReviewerComparison openOnly = ReviewerComparison::compare({a, closed}, ComparisonOptions{0.0, false});
    QCOMPARE(openOnly.reviewers.size(), 1);
    QVERIFY(openOnly.pairs.isEmpty());
}

void TestReviewerComparison::everyPairOfThreeReviewers()
{
    const Reviewer ben{QStringLiteral("human"), QStringLiteral("ben"), {}, {}};
    const ReviewerComparison c = ReviewerComparison::compare(
        {obs(ana(), 0, 10, "brand", Severity::Info), obs(ben, 0, 10, "brand", Severity::Info),
         obs(model(), 0, 10, "brand", Severity::Info)});
    QCOMPARE(c.reviewers.size(), 3);
    QCOMPARE(c.pairs.size(), 3);
    QCOMPARE(c.agreements.size(), 3);
    QVERIFY(c.disagreements.isEmpty());
}

void TestReviewerComparison::jsonNamesBothSides()
{
    const Finding a = obs(ana(), 0, 30, "contradiction", Severity::Blocker);
    const Finding b = obs(model(), 10, 30, "contradiction", Severity::Blocker);
    const Finding lone = obs(model(), 100, 130, "other", Severity::Info);
    const Json j = ReviewerComparison::compare({a, b, lone}).toJson();
    QCOMPARE(j["agreements"].size(), size_t(1));
    QCOMPARE(j["agreements"][0]["iou"].get<double>(), 0.6667);
    QCOMPARE(j["agreements"][0]["intersection"]["start"].get<int>(), 10);
    QCOMPARE(j["agreements"][0]["a"]["reviewer"]["name"].get<std::string>(), std::string("ana"));
    QCOMPARE(j["agreements"][0]["b"]["reviewer"]["version"].get<std::string>(), std::string("gpt-4o-2024-08-06"));
    QCOMPARE(j["disagreements"][0]["kind"].get<std::string>(), std::string("unmatched"));
    QCOMPARE(j["disagreements"][0]["flaggedBy"]["id"].get<std::string>(), lone.id.toStdString());
    QCOMPARE(j["disagreements"][0]["notFlaggedBy"]["name"].get<std::string>(), std::string("ana"));
    QCOMPARE(j["pairs"][0]["agreements"].get<int>(), 1);
}

QTEST_GUILESS_MAIN(TestReviewerComparison)
#include "tst_reviewercomparison.moc"
