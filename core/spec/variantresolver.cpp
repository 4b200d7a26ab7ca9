#include "spec/variantresolver.h"

namespace greenlight {

namespace {

bool isIdentifiedArray(const Json &a)
{
    if (!a.is_array() || a.empty())
        return false;
    for (const Json &e : a)
        if (!e.is_object() || !e.contains("id") || !e["id"].is_string())
            return false;
    return true;
}

Json mergeArrays(const Json &base, const Json &patch)
{
    Json out = base;
    for (const Json &item : patch) {
        const auto &id = item["id"];
        auto it = std::find_if(out.begin(), out.end(), [&](const Json &e) { return e["id"] == id; });
        const bool remove = item.contains("$remove") && item["$remove"] == true;
        if (it == out.end()) {
            if (!remove)
                out.push_back(item);
        } else if (remove) {
            out.erase(it);
        } else {
            *it = mergeOverrides(*it, item);
        }
    }
    return out;
}

void collect(const Json &patch, const QString &prefix, QStringList &out)
{
    if (patch.is_object()) {
        for (auto it = patch.begin(); it != patch.end(); ++it) {
            if (it.key() == "id" || it.key() == "$remove")
                continue;
            QString key = toQString(it.key());
            key.replace(QLatin1Char('~'), QLatin1String("~0")).replace(QLatin1Char('/'), QLatin1String("~1"));
            const QString ptr = prefix + QLatin1Char('/') + key;
            if (it.value().is_object() || isIdentifiedArray(it.value()))
                collect(it.value(), ptr, out);
            else
                out.append(ptr);
        }
    } else if (isIdentifiedArray(patch)) {
        for (const Json &e : patch) {
            const QString ptr = prefix + QLatin1Char('/') + toQString(e["id"].get<std::string>());
            if (e.contains("$remove") && e["$remove"] == true)
                out.append(ptr);
            else
                collect(e, ptr, out);
        }
    }
}

} // namespace

Json mergeOverrides(const Json &base, const Json &overrides)
{
    if (!overrides.is_object() || !base.is_object())
        return overrides;
    Json out = base;
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        const std::string &key = it.key();
        const Json &value = it.value();
        if (value.is_null()) {
            out.erase(key);
        } else if (out.contains(key) && out[key].is_object() && value.is_object()) {
            out[key] = mergeOverrides(out[key], value);
        } else if (out.contains(key) && isIdentifiedArray(out[key]) && isIdentifiedArray(value)) {
            out[key] = mergeArrays(out[key], value);
        } else {
            out[key] = value;
        }
    }
    return out;
}

Result<Json> resolveVariantJson(const Json &specJson, const QString &variantId)
{
    Json base = specJson;
    if (base.is_object())
        base.erase("variants");
    if (variantId.isEmpty())
        return base;
    if (specJson.is_object() && specJson.contains("variants") && specJson["variants"].is_array()) {
        for (const Json &v : specJson["variants"]) {
            if (v.is_object() && v.value("id", std::string()) == toStd(variantId))
                return mergeOverrides(base, v.value("overrides", Json::object()));
        }
    }
    return makeError(QStringLiteral("spec.variant.unknown"),
                     QStringLiteral("no variant named \"%1\" in this spec").arg(variantId));
}

Result<VideoSpec> resolveVariant(const VideoSpec &spec, const QString &variantId)
{
    auto json = resolveVariantJson(spec.toJson(), variantId);
    if (!json)
        return json.error();
    return VideoSpec::fromJson(*json);
}

QStringList overriddenFields(const Json &overrides)
{
    QStringList out;
    collect(overrides, QString(), out);
    return out;
}

} // namespace greenlight
