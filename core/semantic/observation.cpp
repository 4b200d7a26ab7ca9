#include "semantic/observation.h"

#include "common/hashing.h"
#include "semantic/semanticcodes.h"

namespace greenlight::observation {

QString makeId(const ObservationInput &input)
{
    const QString canonical = QStringList{input.reviewer.kind, input.reviewer.name, input.reviewer.model,
                                          QString::number(input.frames.start), QString::number(input.frames.end),
                                          input.category, input.text.trimmed()}
                                  .join(QChar(0x1f));
    return QStringLiteral("obs-") + sha256Hex(canonical.toUtf8()).left(12);
}

Finding make(const ObservationInput &input, const QDateTime &at_utc)
{
    Finding f;
    f.code = semanticCodeForCategory(input.category);
    f.stage = Stage::Semantic;
    f.severity = input.severity;
    f.message = input.text.trimmed();
    f.frames = input.frames;
    f.status = FindingStatus::Open;
    f.id = makeId(input);
    f.category = input.category;
    f.reviewer = input.reviewer;
    setEvidence(f, input.evidenceFrames, input.evidenceCueIds);
    appendHistory(f, QStringLiteral("create"), reviewerLabel(input.reviewer), at_utc);
    return f;
}

QList<qint64> evidenceFrames(const Finding &f)
{
    QList<qint64> out;
    if (f.evidence.is_object() && f.evidence.contains("frames") && f.evidence["frames"].is_array())
        for (const Json &n : f.evidence["frames"])
            if (n.is_number_integer())
                out.append(n.get<qint64>());
    return out;
}

QStringList evidenceCueIds(const Finding &f)
{
    QStringList out;
    if (f.evidence.is_object() && f.evidence.contains("cueIds") && f.evidence["cueIds"].is_array())
        for (const Json &s : f.evidence["cueIds"])
            if (s.is_string())
                out.append(toQString(s.get<std::string>()));
    return out;
}

void setEvidence(Finding &f, const QList<qint64> &frames, const QStringList &cueIds)
{
    if (!f.evidence.is_object())
        f.evidence = Json::object();
    Json fr = Json::array();
    for (qint64 n : frames)
        fr.push_back(n);
    Json cues = Json::array();
    for (const QString &c : cueIds)
        cues.push_back(toStd(c));
    f.evidence["frames"] = fr;
    f.evidence["cueIds"] = cues;
}

void appendHistory(Finding &f, const QString &action, const QString &by, const QDateTime &at_utc, const QString &reason)
{
    if (!f.evidence.is_object())
        f.evidence = Json::object();
    Json entry{{"action", toStd(action)}, {"by", toStd(by)},
               {"at", toStd(at_utc.toUTC().toString(Qt::ISODateWithMs))}};
    if (!reason.isEmpty())
        entry["reason"] = toStd(reason);
    if (!f.evidence.contains("history") || !f.evidence["history"].is_array())
        f.evidence["history"] = Json::array();
    f.evidence["history"].push_back(entry);
}

QString reviewerKey(const Reviewer &r)
{
    QString key = r.kind + QLatin1Char(':') + r.name;
    if (!r.model.isEmpty())
        key += QLatin1Char(':') + r.model;
    return key;
}

QString reviewerLabel(const Reviewer &r)
{
    if (r.kind == QLatin1String("model") && !r.model.isEmpty())
        return r.name + QStringLiteral(" (") + r.model + (r.version.isEmpty() || r.version == r.model
                                                               ? QString()
                                                               : QStringLiteral(" ") + r.version)
               + QLatin1Char(')');
    return r.name;
}

Status check(const ObservationInput &in, const QString &pointer)
{
    const QString code = QStringLiteral("observations.invalid");
    if (in.frames.start < 0)
        return makeError(code, QStringLiteral("frame range starts before frame 0"), pointer + QStringLiteral("/frames/start"));
    if (in.frames.end <= in.frames.start)
        return makeError(code,
                         QStringLiteral("frame range %1-%2 is empty: end must be greater than start (ranges are half-open)")
                             .arg(in.frames.start).arg(in.frames.end),
                         pointer + QStringLiteral("/frames/end"));
    if (!isObservationCategory(in.category))
        return makeError(code,
                         QStringLiteral("unknown category \"%1\"; use one of %2")
                             .arg(in.category, observationCategories().join(QStringLiteral(", "))),
                         pointer + QStringLiteral("/category"));
    if (in.text.trimmed().isEmpty())
        return makeError(code, QStringLiteral("the observation has no text"), pointer + QStringLiteral("/text"));
    for (qsizetype i = 0; i < in.evidenceFrames.size(); ++i)
        if (in.evidenceFrames[i] < 0)
            return makeError(code, QStringLiteral("evidence frame is negative"),
                             pointer + QStringLiteral("/evidence/frames/") + QString::number(i));
    if (in.reviewer.kind != QLatin1String("human") && in.reviewer.kind != QLatin1String("model"))
        return makeError(code, QStringLiteral("reviewer kind must be human or model"), pointer + QStringLiteral("/reviewer/kind"));
    if (in.reviewer.name.trimmed().isEmpty())
        return makeError(code, QStringLiteral("the reviewer has no name"), pointer + QStringLiteral("/reviewer/name"));
    return {};
}

} // namespace greenlight::observation
