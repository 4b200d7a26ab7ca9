#include "semantic/observationparser.h"

#include "common/jsonschema.h"

#include <algorithm>

namespace greenlight {

namespace {

const QString kInvalid = QStringLiteral("observations.invalid");

Reviewer reviewerFromJson(const Json &r)
{
    return Reviewer{toQString(r.value("kind", std::string())), toQString(r.value("name", std::string())),
                    toQString(r.value("model", std::string())), toQString(r.value("version", std::string()))};
}

} // namespace

Result<ObservationBatch> ObservationParser::parse(const Json &document, const std::optional<Reviewer> &reviewerOverride,
                                                  std::optional<qint64> frameCount)
{
    auto schema = JsonSchema::load(schemaResource());
    if (!schema)
        return schema.error();
    QList<SchemaViolation> violations = (*schema)->validate(document);
    // A missing field says more than the stray ones around it (often the same field misnamed).
    std::stable_sort(violations.begin(), violations.end(), [](const SchemaViolation &a, const SchemaViolation &b) {
        return (a.kind == SchemaViolation::Kind::Required) > (b.kind == SchemaViolation::Kind::Required);
    });
    if (!violations.isEmpty()) {
        const SchemaViolation &first = violations.first();
        QString message = first.message;
        if (violations.size() > 1)
            message += QStringLiteral(" (%1 more: %2)")
                           .arg(violations.size() - 1)
                           .arg(describeViolations(violations.mid(1), 2));
        return makeError(kInvalid, message, first.pointer.isEmpty() ? QStringLiteral("/") : first.pointer);
    }

    ObservationBatch batch;
    if (document.contains("reviewer"))
        batch.reviewer = reviewerFromJson(document["reviewer"]);
    const std::optional<Reviewer> reviewer = reviewerOverride ? reviewerOverride : batch.reviewer;
    if (!reviewer)
        return makeError(kInvalid,
                         QStringLiteral("the document does not say who made these observations; add a \"reviewer\" "
                                        "object {kind, name} or name the reviewer when importing"),
                         QStringLiteral("/reviewer"));

    const Json &list = document["observations"];
    for (size_t i = 0; i < list.size(); ++i) {
        const Json &o = list[i];
        const QString pointer = QStringLiteral("/observations/") + QString::number(i);
        ObservationInput in;
        in.frames = FrameRange{o["frames"]["start"].get<qint64>(), o["frames"]["end"].get<qint64>()};
        in.category = toQString(o["category"].get<std::string>());
        in.severity = severityFromString(toQString(o["severity"].get<std::string>())).value_or(Severity::Warning);
        in.text = toQString(o["text"].get<std::string>());
        in.reviewer = *reviewer;
        if (o.contains("evidence")) {
            const Json &e = o["evidence"];
            if (e.contains("frames"))
                for (const Json &n : e["frames"])
                    in.evidenceFrames.append(n.get<qint64>());
            if (e.contains("cueIds"))
                for (const Json &c : e["cueIds"])
                    in.evidenceCueIds.append(toQString(c.get<std::string>()));
        }
        if (Status s = observation::check(in, pointer); !s)
            return s.error();
        if (frameCount) {
            if (in.frames.end > *frameCount)
                return makeError(kInvalid,
                                 QStringLiteral("frame range %1-%2 runs past the end of the video (%3 frames)")
                                     .arg(in.frames.start).arg(in.frames.end).arg(*frameCount),
                                 pointer + QStringLiteral("/frames/end"));
            for (qsizetype k = 0; k < in.evidenceFrames.size(); ++k)
                if (in.evidenceFrames[k] >= *frameCount)
                    return makeError(kInvalid,
                                     QStringLiteral("evidence frame %1 is past the end of the video (%2 frames)")
                                         .arg(in.evidenceFrames[k]).arg(*frameCount),
                                     pointer + QStringLiteral("/evidence/frames/") + QString::number(k));
        }
        batch.observations.append(in);
    }
    return batch;
}

Result<ObservationBatch> ObservationParser::parseFile(const QString &path, const std::optional<Reviewer> &reviewerOverride,
                                                      std::optional<qint64> frameCount)
{
    auto json = readJsonFile(path);
    if (!json)
        return json.error();
    return parse(*json, reviewerOverride, frameCount);
}

} // namespace greenlight
