#include "semantic/reviewercomparison.h"

#include "semantic/observation.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace greenlight {

namespace {

Json reviewerJson(const Reviewer &r)
{
    Json j{{"kind", toStd(r.kind)}, {"name", toStd(r.name)}};
    if (!r.model.isEmpty())
        j["model"] = toStd(r.model);
    if (!r.version.isEmpty())
        j["version"] = toStd(r.version);
    return j;
}

Json framesJson(const FrameRange &f)
{
    return {{"start", f.start}, {"end", f.end}};
}

Json observationJson(const ComparedObservation &o)
{
    return {{"reviewer", reviewerJson(o.reviewer)}, {"id", toStd(o.id)}, {"frames", framesJson(o.frames)},
            {"category", toStd(o.category)}, {"severity", toStd(toString(o.severity))}};
}

double rounded(double v)
{
    return std::round(v * 10000.0) / 10000.0;
}

ComparedObservation compared(const Finding &f)
{
    return {*f.reviewer, f.id, *f.frames, f.category, f.severity};
}

struct Candidate
{
    qsizetype a = 0;
    qsizetype b = 0;
    int tier = 0; // 0 same category and severity, 1 same category, 2 other
    double iou = 0.0;
};

} // namespace

QString toString(ReviewerDisagreement::Kind kind)
{
    switch (kind) {
    case ReviewerDisagreement::Kind::Unmatched: return QStringLiteral("unmatched");
    case ReviewerDisagreement::Kind::Category: return QStringLiteral("category");
    case ReviewerDisagreement::Kind::Severity: return QStringLiteral("severity");
    }
    return {};
}

double ReviewerComparison::iou(const FrameRange &a, const FrameRange &b)
{
    const qint64 inter = std::max<qint64>(0, std::min(a.end, b.end) - std::max(a.start, b.start));
    const qint64 uni = (a.end - a.start) + (b.end - b.start) - inter;
    return uni > 0 ? double(inter) / double(uni) : 0.0;
}

ReviewerComparison ReviewerComparison::compare(const Findings &observations, const ComparisonOptions &options)
{
    // Group by reviewer, each group ordered by frames then id.
    QMap<QString, QList<ComparedObservation>> byReviewer;
    QMap<QString, Reviewer> reviewerOf;
    for (const Finding &f : observations) {
        if (f.stage != Stage::Semantic || !f.reviewer || !f.frames)
            continue;
        if (!options.includeClosed && f.status != FindingStatus::Open)
            continue;
        const QString key = observation::reviewerKey(*f.reviewer);
        byReviewer[key].append(compared(f));
        if (!reviewerOf.contains(key))
            reviewerOf.insert(key, *f.reviewer);
    }
    for (auto &list : byReviewer)
        std::sort(list.begin(), list.end(), [](const ComparedObservation &x, const ComparedObservation &y) {
            return std::tie(x.frames.start, x.frames.end, x.id) < std::tie(y.frames.start, y.frames.end, y.id);
        });

    ReviewerComparison result;
    const QStringList keys = byReviewer.keys();
    for (const QString &k : keys)
        result.reviewers.append(reviewerOf.value(k));

    for (qsizetype ri = 0; ri < keys.size(); ++ri) {
        for (qsizetype rj = ri + 1; rj < keys.size(); ++rj) {
            const QList<ComparedObservation> &A = byReviewer[keys[ri]];
            const QList<ComparedObservation> &B = byReviewer[keys[rj]];
            const Reviewer ra = reviewerOf.value(keys[ri]);
            const Reviewer rb = reviewerOf.value(keys[rj]);

            QList<Candidate> candidates;
            for (qsizetype i = 0; i < A.size(); ++i)
                for (qsizetype j = 0; j < B.size(); ++j) {
                    const double v = iou(A[i].frames, B[j].frames);
                    if (v <= options.minIou || v <= 0.0)
                        continue;
                    const int tier = A[i].category != B[j].category ? 2 : A[i].severity != B[j].severity ? 1 : 0;
                    candidates.append({i, j, tier, v});
                }
            std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate &x, const Candidate &y) {
                if (x.tier != y.tier)
                    return x.tier < y.tier;
                if (x.iou != y.iou)
                    return x.iou > y.iou;
                return std::tie(x.a, x.b) < std::tie(y.a, y.b);
            });

            QList<qsizetype> matchOfA(A.size(), -1), matchOfB(B.size(), -1);
            QList<Candidate> chosen;
            for (const Candidate &c : candidates) {
                if (matchOfA[c.a] >= 0 || matchOfB[c.b] >= 0)
                    continue;
                matchOfA[c.a] = c.b;
                matchOfB[c.b] = c.a;
                chosen.append(c);
            }
            std::sort(chosen.begin(), chosen.end(), [](const Candidate &x, const Candidate &y) { return x.a < y.a; });

            ReviewerPairSummary pair{ra, rb, 0, 0, 0.0};
            double iouSum = 0.0;
            for (const Candidate &c : chosen) {
                if (c.tier == 0) {
                    const FrameRange inter{std::max(A[c.a].frames.start, B[c.b].frames.start),
                                           std::min(A[c.a].frames.end, B[c.b].frames.end)};
                    result.agreements.append({A[c.a], B[c.b], inter, c.iou});
                    ++pair.agreements;
                    iouSum += c.iou;
                } else {
                    const auto kind = c.tier == 1 ? ReviewerDisagreement::Kind::Severity
                                                  : ReviewerDisagreement::Kind::Category;
                    result.disagreements.append({kind, A[c.a], B[c.b], c.iou});
                    ++pair.disagreements;
                }
            }
            for (qsizetype i = 0; i < A.size(); ++i)
                if (matchOfA[i] < 0) {
                    result.disagreements.append({ReviewerDisagreement::Kind::Unmatched, A[i], {rb, {}, {}, {}, {}}, 0.0});
                    ++pair.disagreements;
                }
            for (qsizetype j = 0; j < B.size(); ++j)
                if (matchOfB[j] < 0) {
                    result.disagreements.append({ReviewerDisagreement::Kind::Unmatched, B[j], {ra, {}, {}, {}, {}}, 0.0});
                    ++pair.disagreements;
                }
            pair.meanAgreementIou = pair.agreements > 0 ? iouSum / pair.agreements : 0.0;
            result.pairs.append(pair);
        }
    }
    return result;
}

Json ReviewerComparison::toJson() const
{
    Json rs = Json::array();
    for (const Reviewer &r : reviewers)
        rs.push_back(reviewerJson(r));
    Json ag = Json::array();
    for (const ReviewerAgreement &a : agreements)
        ag.push_back({{"category", toStd(a.a.category)},
                      {"severity", toStd(toString(a.a.severity))},
                      {"iou", rounded(a.iou)},
                      {"intersection", framesJson(a.intersection)},
                      {"a", observationJson(a.a)},
                      {"b", observationJson(a.b)}});
    Json dis = Json::array();
    for (const ReviewerDisagreement &d : disagreements) {
        if (d.kind == ReviewerDisagreement::Kind::Unmatched) {
            dis.push_back({{"kind", "unmatched"},
                           {"flaggedBy", observationJson(d.a)},
                           {"notFlaggedBy", reviewerJson(d.b.reviewer)}});
        } else {
            dis.push_back({{"kind", toStd(toString(d.kind))},
                           {"iou", rounded(d.iou)},
                           {"a", observationJson(d.a)},
                           {"b", observationJson(d.b)}});
        }
    }
    Json ps = Json::array();
    for (const ReviewerPairSummary &p : pairs)
        ps.push_back({{"a", reviewerJson(p.a)},
                      {"b", reviewerJson(p.b)},
                      {"agreements", p.agreements},
                      {"disagreements", p.disagreements},
                      {"meanAgreementIou", rounded(p.meanAgreementIou)}});
    return {{"schemaVersion", 1}, {"reviewers", rs}, {"pairs", ps}, {"agreements", ag}, {"disagreements", dis}};
}

} // namespace greenlight
