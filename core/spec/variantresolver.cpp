#include "spec/variantresolver.h"

#include <algorithm>

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

bool allHaveIds(const Json &a)
{
    return a.is_array() && std::all_of(a.begin(), a.end(), [](const Json &e) {
        return e.is_object() && e.contains("id") && e["id"].is_string();
    });
}

Json diffArrays(const Json &base, const Json &target)
{
    auto findId = [](const Json &array, const Json &id) {
        return std::find_if(array.begin(), array.end(), [&](const Json &e) { return e["id"] == id; });
    };
    // The order mergeOverrides leaves: the base's survivors, then new elements in order.
    QList<std::string> merged;
    for (const Json &e : base)
        if (findId(target, e["id"]) != target.end())
            merged.append(e["id"].get<std::string>());
    for (const Json &e : target)
        if (findId(base, e["id"]) == base.end())
            merged.append(e["id"].get<std::string>());
    bool sameOrder = merged.size() == qsizetype(target.size());
    for (qsizetype i = 0; sameOrder && i < merged.size(); ++i)
        sameOrder = target[size_t(i)]["id"] == merged[i];

    Json patch = Json::array();
    if (!sameOrder) {
        for (const Json &e : base)
            patch.push_back({{"id", e["id"]}, {"$remove", true}});
        for (const Json &e : target)
            patch.push_back(e);
        return patch;
    }
    for (const Json &e : base)
        if (findId(target, e["id"]) == target.end())
            patch.push_back({{"id", e["id"]}, {"$remove", true}});
    for (const Json &e : target) {
        const auto b = findId(base, e["id"]);
        if (b == base.end()) {
            patch.push_back(e);
        } else if (*b != e) {
            Json d = diffOverrides(*b, e);
            if (d.empty())
                continue;
            Json element = {{"id", e["id"]}};
            for (auto it = d.begin(); it != d.end(); ++it)
                element[it.key()] = it.value();
            patch.push_back(element);
        }
    }
    return patch;
}

} // namespace

Json diffOverrides(const Json &base, const Json &target)
{
    Json out = Json::object();
    if (!base.is_object() || !target.is_object())
        return out;
    for (auto it = base.begin(); it != base.end(); ++it)
        if (!target.contains(it.key()))
            out[it.key()] = nullptr;
    for (auto it = target.begin(); it != target.end(); ++it) {
        const std::string &key = it.key();
        const Json &value = it.value();
        if (!base.contains(key)) {
            out[key] = value;
            continue;
        }
        const Json &was = base[key];
        if (was == value)
            continue;
        if (was.is_object() && value.is_object()) {
            Json d = diffOverrides(was, value);
            if (!d.empty())
                out[key] = d;
        } else if (isIdentifiedArray(was) && isIdentifiedArray(value) && allHaveIds(value)) {
            Json d = diffArrays(was, value);
            if (!d.empty())
                out[key] = d;
        } else {
            out[key] = value;
        }
    }
    return out;
}

QString indexPointer(const Json &document, const QString &idPointer)
{
    const Json *node = &document;
    QString out;
    const QStringList tokens = idPointer.split(QLatin1Char('/'));
    for (qsizetype i = 1; i < tokens.size(); ++i) {
        QString token = tokens[i];
        token.replace(QLatin1String("~1"), QLatin1String("/")).replace(QLatin1String("~0"), QLatin1String("~"));
        if (node->is_array()) {
            const std::string id = toStd(token);
            size_t index = 0;
            while (index < node->size() && !((*node)[index].is_object() && (*node)[index].value("id", std::string()) == id))
                ++index;
            if (index == node->size())
                return {};
            node = &(*node)[index];
            out += QLatin1Char('/') + QString::number(index);
        } else if (node->is_object() && node->contains(toStd(token))) {
            node = &(*node)[toStd(token)];
            out += QLatin1Char('/') + tokens[i];
        } else if (i == tokens.size() - 1) {
            out += QLatin1Char('/') + tokens[i]; // a removed key: the pointer names where it was
        } else {
            return {};
        }
    }
    return out;
}

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
