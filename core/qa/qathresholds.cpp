#include "qa/qathresholds.h"

#include "qa/findingcodes.h"

#include <cmath>
#include <initializer_list>
#include <optional>

namespace greenlight {

namespace {

Error invalid(const QString &pointer, const QString &message)
{
    return makeError(QStringLiteral("qa.thresholds.invalid"), message, pointer);
}

QString childPointer(const QString &parent, const char *key)
{
    return parent + QLatin1Char('/') + QLatin1String(key);
}

std::optional<Error> checkKeys(const Json &object, std::initializer_list<const char *> keys,
                               const QString &pointer)
{
    if (!object.is_object())
        return invalid(pointer, QStringLiteral("must be an object"));
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool known = false;
        for (const char *k : keys)
            known = known || it.key() == k;
        if (!known)
            return invalid(pointer + QLatin1Char('/') + toQString(it.key()),
                           QStringLiteral("unknown threshold '%1'").arg(toQString(it.key())));
    }
    return std::nullopt;
}

std::optional<Error> readNumber(const Json &object, const char *key, const QString &pointer, double min,
                                double max, double *out)
{
    const auto it = object.find(key);
    if (it == object.end())
        return std::nullopt;
    const QString p = childPointer(pointer, key);
    if (!it->is_number())
        return invalid(p, QStringLiteral("must be a number"));
    const double v = it->get<double>();
    if (!(v >= min && v <= max))
        return invalid(p, QStringLiteral("must be between %1 and %2").arg(min).arg(max));
    *out = v;
    return std::nullopt;
}

std::optional<Error> readInteger(const Json &object, const char *key, const QString &pointer, qint64 min,
                                 qint64 *out)
{
    const auto it = object.find(key);
    if (it == object.end())
        return std::nullopt;
    const QString p = childPointer(pointer, key);
    if (!it->is_number_integer() || it->get<qint64>() < min)
        return invalid(p, QStringLiteral("must be a whole number of at least %1").arg(min));
    *out = it->get<qint64>();
    return std::nullopt;
}

std::optional<Error> readBool(const Json &object, const char *key, const QString &pointer, bool *out)
{
    const auto it = object.find(key);
    if (it == object.end())
        return std::nullopt;
    if (!it->is_boolean())
        return invalid(childPointer(pointer, key), QStringLiteral("must be true or false"));
    *out = it->get<bool>();
    return std::nullopt;
}

std::optional<Error> readSpans(const Json &object, const char *key, const QString &pointer,
                               QList<FrameRange> *out)
{
    const auto it = object.find(key);
    if (it == object.end())
        return std::nullopt;
    const QString p = childPointer(pointer, key);
    if (!it->is_array())
        return invalid(p, QStringLiteral("must be a list of {\"start\", \"end\"} frame ranges"));
    out->clear();
    for (size_t i = 0; i < it->size(); ++i) {
        const Json &span = (*it)[i];
        const QString sp = p + QLatin1Char('/') + QString::number(i);
        if (auto e = checkKeys(span, {"start", "end"}, sp))
            return e;
        if (!span.contains("start") || !span.contains("end") || !span["start"].is_number_integer()
            || !span["end"].is_number_integer())
            return invalid(sp, QStringLiteral("needs whole-number \"start\" and \"end\" frames"));
        const FrameRange r{span["start"].get<qint64>(), span["end"].get<qint64>()};
        if (r.start < 0 || r.end <= r.start)
            return invalid(sp, QStringLiteral("must satisfy 0 <= start < end (end is exclusive)"));
        out->append(r);
    }
    return std::nullopt;
}

Json spansJson(const QList<FrameRange> &spans)
{
    Json a = Json::array();
    for (const FrameRange &r : spans)
        a.push_back(Json{{"start", r.start}, {"end", r.end}});
    return a;
}

} // namespace

qint64 QaThresholds::framesFor(qint64 span_ms, const Rational &fps)
{
    if (fps.num <= 0 || fps.den <= 0)
        return 1;
    // ceil(span_ms * num / (1000 * den)) in integers: 500 ms at 30000/1001 is 15 frames.
    const qint64 denominator = 1000 * fps.den;
    return std::max<qint64>(1, (span_ms * fps.num + denominator - 1) / denominator);
}

double QaThresholds::freezeNoiseRatio() const
{
    return std::pow(10.0, freezeNoiseDb / 20.0);
}

Json QaThresholds::toJson() const
{
    Json j;
    j["loudnessTargetLufs"] = loudnessTargetLufs;
    j["loudnessToleranceLu"] = loudnessToleranceLu;
    j["truePeakMaxDbtp"] = truePeakMaxDbtp;
    j["durationToleranceFrames"] = durationToleranceFrames;
    j["blackMinSpan_ms"] = blackMinSpan_ms;
    j["frozenMinSpan_ms"] = frozenMinSpan_ms;
    j["silenceMinSpan_ms"] = silenceMinSpan_ms;
    j["silenceThresholdDbfs"] = silenceThresholdDbfs;
    j["ssimThreshold"] = ssimThreshold;
    j["requireAudio"] = requireAudio;
    j["changedMinSpanFrames"] = changedMinSpanFrames;
    j["blackPixelThreshold"] = blackPixelThreshold;
    j["blackPictureRatio"] = blackPictureRatio;
    j["freezeNoiseDb"] = freezeNoiseDb;
    j["allowedSpans"] = Json{{"black", spansJson(allowedBlack)},
                             {"frozen", spansJson(allowedFrozen)},
                             {"silence", spansJson(allowedSilence)},
                             {"changed", spansJson(allowedChanged)}};
    Json sev = Json::object();
    QStringList codes = severities.keys();
    codes.sort();
    for (const QString &code : codes)
        sev[toStd(code)] = toStd(toString(severities.value(code)));
    j["severities"] = std::move(sev);
    return j;
}

Result<QaThresholds> QaThresholds::fromJson(const Json &j)
{
    QaThresholds t;
    const QString root;
    std::optional<Error> e;
    if ((e = checkKeys(j,
                       {"loudnessTargetLufs", "loudnessToleranceLu", "truePeakMaxDbtp", "durationToleranceFrames",
                        "blackMinSpan_ms", "frozenMinSpan_ms", "silenceMinSpan_ms", "silenceThresholdDbfs",
                        "ssimThreshold", "requireAudio", "changedMinSpanFrames", "blackPixelThreshold",
                        "blackPictureRatio", "freezeNoiseDb", "allowedSpans", "severities"},
                       root))
        || (e = readNumber(j, "loudnessTargetLufs", root, -70, 0, &t.loudnessTargetLufs))
        || (e = readNumber(j, "loudnessToleranceLu", root, 0, 20, &t.loudnessToleranceLu))
        || (e = readNumber(j, "truePeakMaxDbtp", root, -20, 3, &t.truePeakMaxDbtp))
        || (e = readInteger(j, "durationToleranceFrames", root, 0, &t.durationToleranceFrames))
        || (e = readInteger(j, "blackMinSpan_ms", root, 1, &t.blackMinSpan_ms))
        || (e = readInteger(j, "frozenMinSpan_ms", root, 1, &t.frozenMinSpan_ms))
        || (e = readInteger(j, "silenceMinSpan_ms", root, 1, &t.silenceMinSpan_ms))
        || (e = readNumber(j, "silenceThresholdDbfs", root, -144, 0, &t.silenceThresholdDbfs))
        || (e = readNumber(j, "ssimThreshold", root, 0, 1, &t.ssimThreshold))
        || (e = readBool(j, "requireAudio", root, &t.requireAudio))
        || (e = readInteger(j, "changedMinSpanFrames", root, 1, &t.changedMinSpanFrames))
        || (e = readNumber(j, "blackPixelThreshold", root, 0, 1, &t.blackPixelThreshold))
        || (e = readNumber(j, "blackPictureRatio", root, 0, 1, &t.blackPictureRatio))
        || (e = readNumber(j, "freezeNoiseDb", root, -120, 0, &t.freezeNoiseDb)))
        return *e;
    if (const auto it = j.find("allowedSpans"); it != j.end()) {
        const QString p = QStringLiteral("/allowedSpans");
        if ((e = checkKeys(*it, {"black", "frozen", "silence", "changed"}, p))
            || (e = readSpans(*it, "black", p, &t.allowedBlack)) || (e = readSpans(*it, "frozen", p, &t.allowedFrozen))
            || (e = readSpans(*it, "silence", p, &t.allowedSilence))
            || (e = readSpans(*it, "changed", p, &t.allowedChanged)))
            return *e;
    }
    if (const auto it = j.find("severities"); it != j.end()) {
        const QString p = QStringLiteral("/severities");
        if (!it->is_object())
            return invalid(p, QStringLiteral("must be an object of finding code -> severity"));
        for (auto s = it->begin(); s != it->end(); ++s) {
            const QString code = toQString(s.key());
            const QString cp = p + QLatin1Char('/') + code;
            if (!findFindingCode(code))
                return invalid(cp, QStringLiteral("'%1' is not a finding code").arg(code));
            const std::optional<Severity> sev =
                s->is_string() ? severityFromString(toQString(s->get<std::string>())) : std::nullopt;
            if (!sev)
                return invalid(cp, QStringLiteral("must be \"blocker\", \"warning\" or \"info\""));
            t.severities.insert(code, *sev);
        }
    }
    return t;
}

} // namespace greenlight
