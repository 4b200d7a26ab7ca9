#include "sceneedits.h"

#include "spec/specdocument.h"

#include <QRegularExpression>

#include <cmath>

namespace greenlight {

namespace {

constexpr double kNewSceneSeconds = 3.0;

QString jsonString(const Json &object, const char *key)
{
    if (!object.is_object() || !object.contains(key) || !object[key].is_string())
        return {};
    return toQString(object[key].get<std::string>());
}

// Sets `key` to `to` wherever it equals `from` in the objects of `array` (in place).
void renameIn(Json *array, const char *key, const std::string &from, const std::string &to)
{
    if (!array || !array->is_array())
        return;
    for (Json &element : *array)
        if (element.is_object() && element.contains(key) && element[key] == from)
            element[key] = to;
}

Json *member(Json &object, const char *key)
{
    return object.is_object() && object.contains(key) ? &object[key] : nullptr;
}

// Renames every reference to a scene in a spec document or in a variant's overrides.
void renameReferences(Json &spec, const std::string &from, const std::string &to)
{
    renameIn(member(spec, "scenes"), "id", from, to);
    if (Json *narration = member(spec, "narration"))
        renameIn(member(*narration, "segments"), "scene", from, to);
    if (Json *captions = member(spec, "captions"))
        renameIn(member(*captions, "lines"), "scene", from, to);
    if (Json *cta = member(spec, "cta"); cta && cta->is_object() && cta->value("scene", std::string()) == from)
        (*cta)["scene"] = to;
}

} // namespace

QString SceneEdits::scenePointer(int index)
{
    return QStringLiteral("/scenes/%1").arg(index);
}

QString SceneEdits::layerPointer(int sceneIndex, int layerIndex)
{
    return QStringLiteral("/scenes/%1/layers/%2").arg(sceneIndex).arg(layerIndex);
}

int SceneEdits::sceneCount(const SpecDocument *document)
{
    const Json scenes = document->value(QStringLiteral("/scenes"));
    return scenes.is_array() ? int(scenes.size()) : 0;
}

Rational SceneEdits::canvasFps(const SpecDocument *document)
{
    const Json fps = document->value(QStringLiteral("/canvas/fps"));
    Rational r;
    if (fps.is_object() && fps.value("num", Json()).is_number_integer() && fps.value("den", Json()).is_number_integer()) {
        r.num = fps["num"].get<qint64>();
        r.den = fps["den"].get<qint64>();
    }
    if (r.num <= 0 || r.den <= 0)
        r = Rational{};
    return r;
}

qint64 SceneEdits::sumOfSceneDurations(const Json &view)
{
    qint64 sum = 0;
    if (view.contains("scenes") && view["scenes"].is_array())
        for (const Json &scene : view["scenes"])
            if (scene.is_object() && scene.value("durationFrames", Json()).is_number_integer())
                sum += scene["durationFrames"].get<qint64>();
    return sum;
}

qint64 SceneEdits::framesForSeconds(double seconds, const Rational &fps)
{
    return std::llround(seconds * double(fps.num) / double(fps.den));
}

double SceneEdits::secondsForFrames(qint64 frames, const Rational &fps)
{
    return double(frames) * double(fps.den) / double(fps.num);
}

bool SceneEdits::isValidId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,63}$"));
    return pattern.match(id).hasMatch();
}

QStringList SceneEdits::usedSceneIds(const SpecDocument *document)
{
    QStringList ids;
    auto collect = [&ids](const Json &spec) {
        if (spec.is_object() && spec.contains("scenes") && spec["scenes"].is_array())
            for (const Json &scene : spec["scenes"])
                if (const QString id = jsonString(scene, "id"); !id.isEmpty() && !ids.contains(id))
                    ids.append(id);
    };
    collect(document->view());
    collect(document->document());
    if (document->document().contains("variants") && document->document()["variants"].is_array())
        for (const Json &variant : document->document()["variants"])
            if (variant.is_object() && variant.contains("overrides"))
                collect(variant["overrides"]);
    return ids;
}

QString SceneEdits::uniqueId(const QStringList &used, const QString &stem, bool tryStem, int firstNumber)
{
    QString base = stem.left(56);
    if (!isValidId(base))
        base = QStringLiteral("scene");
    if (tryStem && !used.contains(base))
        return base;
    for (int n = std::max(firstNumber, 2);; ++n) {
        const QString candidate = base + QLatin1Char('-') + QString::number(n);
        if (!used.contains(candidate))
            return candidate;
    }
}

template<typename Edit>
bool SceneEdits::withTotal(SpecDocument *document, const QString &what, bool durationsChange, Edit edit)
{
    const qint64 oldSum = sumOfSceneDurations(document->view());
    const Json total = document->value(QStringLiteral("/durationFrames"));
    const bool reconciled = total.is_number_integer() && total.get<qint64>() == oldSum;
    if (!durationsChange || !reconciled)
        return edit();
    document->beginMacro(what);
    const bool ok = edit();
    const qint64 newSum = sumOfSceneDurations(document->view());
    if (ok && newSum != oldSum && newSum > 0)
        document->setValue(QStringLiteral("/durationFrames"), Json(newSum), what);
    document->endMacro();
    return ok;
}

int SceneEdits::addScene(SpecDocument *document, int afterIndex)
{
    const int count = sceneCount(document);
    const int index = afterIndex < 0 || afterIndex >= count ? count : afterIndex + 1;
    const QString id = uniqueId(usedSceneIds(document), QStringLiteral("scene"), false, count + 1);
    Json background = {{"type", "color"}, {"color", "#1B2430"}};
    if (count > 0) {
        const Json previous = document->value(scenePointer(index - 1 < 0 ? 0 : index - 1) + QStringLiteral("/background"));
        if (previous.is_object())
            background = previous;
    }
    const qint64 frames = std::max<qint64>(1, framesForSeconds(kNewSceneSeconds, canvasFps(document)));
    const Json scene = {{"id", toStd(id)}, {"role", "body"}, {"durationFrames", frames}, {"background", background}};
    const bool ok = withTotal(document, tr("Add Scene"), true, [&] {
        return document->insertValue(QStringLiteral("/scenes"), index, scene, tr("Add Scene"));
    });
    return ok ? index : -1;
}

int SceneEdits::duplicateScene(SpecDocument *document, int index)
{
    Json scene = document->value(scenePointer(index));
    if (!scene.is_object())
        return -1;
    const QString id = uniqueId(usedSceneIds(document), jsonString(scene, "id"));
    scene["id"] = toStd(id);
    const bool ok = withTotal(document, tr("Duplicate Scene"), true, [&] {
        return document->insertValue(QStringLiteral("/scenes"), index + 1, scene, tr("Duplicate Scene"));
    });
    return ok ? index + 1 : -1;
}

bool SceneEdits::removeScene(SpecDocument *document, int index)
{
    const int count = sceneCount(document);
    if (index < 0 || index >= count || count <= 1)
        return false;
    const std::string id = toStd(jsonString(document->value(scenePointer(index)), "id"));
    const QString what = tr("Delete Scene");
    // References that go with the scene (pointers from the last to the first).
    QStringList dependents;
    const Json segments = document->value(QStringLiteral("/narration/segments"));
    if (segments.is_array()) {
        QStringList own;
        for (size_t k = 0; k < segments.size(); ++k)
            if (segments[k].value("scene", std::string()) == id)
                own.prepend(QStringLiteral("/narration/segments/%1").arg(k));
        if (own.size() < int(segments.size())) // a narration keeps at least one segment
            dependents += own;
    }
    const Json lines = document->value(QStringLiteral("/captions/lines"));
    if (lines.is_array())
        for (size_t k = lines.size(); k-- > 0;)
            if (lines[k].value("scene", std::string()) == id)
                dependents.append(QStringLiteral("/captions/lines/%1").arg(k));
    // On the base, variants' overrides of the scene would come back as a scene of their own.
    Json cleaned = document->document();
    bool variantsChange = false;
    if (document->editingVariant().isEmpty() && cleaned.contains("variants") && cleaned["variants"].is_array()) {
        for (Json &variant : cleaned["variants"]) {
            Json *scenes = variant.is_object() && variant.contains("overrides") ? member(variant["overrides"], "scenes") : nullptr;
            if (!scenes || !scenes->is_array())
                continue;
            for (size_t k = scenes->size(); k-- > 0;)
                if ((*scenes)[k].is_object() && (*scenes)[k].value("id", std::string()) == id) {
                    scenes->erase(scenes->begin() + qsizetype(k));
                    variantsChange = true;
                }
        }
    }
    document->beginMacro(what);
    const bool ok = withTotal(document, what, true, [&] { return document->removeValue(scenePointer(index), what); });
    for (const QString &pointer : std::as_const(dependents))
        document->removeValue(pointer, what);
    if (ok && variantsChange) {
        Json after = document->document();
        after["variants"] = cleaned["variants"];
        document->replaceDocument(after, what);
    }
    document->endMacro();
    return ok;
}

bool SceneEdits::moveScene(SpecDocument *document, int from, int to)
{
    return document->moveElement(QStringLiteral("/scenes"), from, to, tr("Move Scene"));
}

bool SceneEdits::setSceneDuration(SpecDocument *document, int index, qint64 durationFrames)
{
    const QString pointer = scenePointer(index) + QStringLiteral("/durationFrames");
    const Json current = document->value(pointer);
    if (durationFrames < 1 || !document->has(scenePointer(index))
        || (current.is_number_integer() && current.get<qint64>() == durationFrames))
        return false;
    const QString what = tr("Change Scene Duration");
    return withTotal(document, what, true, [&] { return document->setValue(pointer, Json(durationFrames), what); });
}

Status SceneEdits::renameScene(SpecDocument *document, int index, const QString &newId)
{
    const QString oldId = jsonString(document->value(scenePointer(index)), "id");
    if (oldId.isEmpty())
        return makeError(QStringLiteral("scene.rename"), tr("There is no scene %1.").arg(index + 1));
    if (newId == oldId)
        return {};
    if (!document->editingVariant().isEmpty())
        return makeError(QStringLiteral("scene.rename"), tr("Scene ids are renamed on the base spec."));
    if (!isValidId(newId))
        return makeError(QStringLiteral("scene.rename"),
                         tr("\"%1\" is not a valid id: use lower-case letters, digits, '-' and '_', "
                            "starting with a letter or digit.").arg(newId));
    if (usedSceneIds(document).contains(newId))
        return makeError(QStringLiteral("scene.rename"), tr("Another scene is called \"%1\".").arg(newId));
    Json after = document->document();
    const std::string from = toStd(oldId);
    const std::string to = toStd(newId);
    renameReferences(after, from, to);
    if (after.contains("variants") && after["variants"].is_array())
        for (Json &variant : after["variants"])
            if (variant.is_object() && variant.contains("overrides"))
                renameReferences(variant["overrides"], from, to);
    document->replaceDocument(after, tr("Rename Scene"));
    return {};
}

} // namespace greenlight
