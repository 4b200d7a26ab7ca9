#include "spec/videospec.h"

#include <QFileInfo>

namespace greenlight {

namespace {

// Thrown only inside this file, caught in VideoSpec::fromJson; carries the JSON pointer.
struct ShapeError
{
    std::string pointer;
    std::string what;
};

std::string child(const std::string &ptr, const std::string &key) { return ptr + "/" + key; }
std::string child(const std::string &ptr, size_t index) { return ptr + "/" + std::to_string(index); }

const Json &need(const Json &obj, const char *key, const std::string &ptr)
{
    if (!obj.is_object() || !obj.contains(key))
        throw ShapeError{child(ptr, key), "required field is missing"};
    return obj[key];
}

QString str(const Json &v, const std::string &ptr)
{
    if (!v.is_string())
        throw ShapeError{ptr, "expected a string"};
    return toQString(v.get<std::string>());
}

qint64 integer(const Json &v, const std::string &ptr)
{
    if (!v.is_number_integer())
        throw ShapeError{ptr, "expected an integer"};
    return v.get<qint64>();
}

double number(const Json &v, const std::string &ptr)
{
    if (!v.is_number())
        throw ShapeError{ptr, "expected a number"};
    return v.get<double>();
}

QString reqStr(const Json &o, const char *k, const std::string &p) { return str(need(o, k, p), child(p, k)); }
qint64 reqInt(const Json &o, const char *k, const std::string &p) { return integer(need(o, k, p), child(p, k)); }

std::optional<QString> optStr(const Json &o, const char *k, const std::string &p)
{
    if (!o.contains(k))
        return std::nullopt;
    return str(o[k], child(p, k));
}
std::optional<qint64> optInt(const Json &o, const char *k, const std::string &p)
{
    if (!o.contains(k))
        return std::nullopt;
    return integer(o[k], child(p, k));
}
std::optional<double> optNum(const Json &o, const char *k, const std::string &p)
{
    if (!o.contains(k))
        return std::nullopt;
    return number(o[k], child(p, k));
}

template<typename T, typename F>
QList<T> list(const Json &v, const std::string &ptr, F parse)
{
    if (!v.is_array())
        throw ShapeError{ptr, "expected an array"};
    QList<T> out;
    out.reserve(qsizetype(v.size()));
    for (size_t i = 0; i < v.size(); ++i)
        out.append(parse(v[i], child(ptr, i)));
    return out;
}

template<typename T, typename F>
std::optional<QList<T>> optList(const Json &o, const char *k, const std::string &p, F parse)
{
    if (!o.contains(k))
        return std::nullopt;
    return list<T>(o[k], child(p, k), parse);
}

void object(const Json &v, const std::string &ptr)
{
    if (!v.is_object())
        throw ShapeError{ptr, "expected an object"};
}

// ---- readers ----

Rational readRational(const Json &v, const std::string &p)
{
    object(v, p);
    return Rational{reqInt(v, "num", p), reqInt(v, "den", p)};
}

Box readBox(const Json &v, const std::string &p)
{
    object(v, p);
    return Box{int(reqInt(v, "x", p)), int(reqInt(v, "y", p)), int(reqInt(v, "width", p)),
               int(reqInt(v, "height", p))};
}

TextStyle readTextStyle(const Json &v, const std::string &p)
{
    object(v, p);
    TextStyle s;
    s.font = optStr(v, "font", p);
    s.fontAsset = optStr(v, "fontAsset", p);
    s.weight = optStr(v, "weight", p);
    if (auto n = optInt(v, "sizePx", p))
        s.sizePx = int(*n);
    s.color = optStr(v, "color", p);
    s.align = optStr(v, "align", p);
    s.verticalAlign = optStr(v, "verticalAlign", p);
    s.lineHeight = optNum(v, "lineHeight", p);
    s.background = optStr(v, "background", p);
    if (auto n = optInt(v, "paddingPx", p))
        s.paddingPx = int(*n);
    return s;
}

Transition readTransition(const Json &v, const std::string &p)
{
    object(v, p);
    Transition t;
    t.type = reqStr(v, "type", p);
    t.durationFrames = optInt(v, "durationFrames", p);
    return t;
}

Background readBackground(const Json &v, const std::string &p)
{
    object(v, p);
    Background b;
    b.type = reqStr(v, "type", p);
    b.color = optStr(v, "color", p).value_or(QString());
    b.from = optStr(v, "from", p).value_or(QString());
    b.to = optStr(v, "to", p).value_or(QString());
    b.direction = optStr(v, "direction", p);
    b.asset = optStr(v, "asset", p).value_or(QString());
    b.fit = optStr(v, "fit", p);
    return b;
}

Layer readLayer(const Json &v, const std::string &p)
{
    object(v, p);
    Layer l;
    l.type = reqStr(v, "type", p);
    l.id = reqStr(v, "id", p);
    l.content = optStr(v, "content", p).value_or(QString());
    if (v.contains("style"))
        l.style = readTextStyle(v["style"], child(p, "style"));
    l.asset = optStr(v, "asset", p).value_or(QString());
    l.fit = optStr(v, "fit", p);
    l.box = readBox(need(v, "box", p), child(p, "box"));
    l.startFrame = optInt(v, "startFrame", p);
    l.endFrame = optInt(v, "endFrame", p);
    return l;
}

Scene readScene(const Json &v, const std::string &p)
{
    object(v, p);
    Scene s;
    s.id = reqStr(v, "id", p);
    s.role = reqStr(v, "role", p);
    s.durationFrames = reqInt(v, "durationFrames", p);
    s.background = readBackground(need(v, "background", p), child(p, "background"));
    if (v.contains("transitionIn"))
        s.transitionIn = readTransition(v["transitionIn"], child(p, "transitionIn"));
    s.layers = optList<Layer>(v, "layers", p, readLayer);
    return s;
}

Asset readAsset(const Json &v, const std::string &p)
{
    object(v, p);
    return Asset{reqStr(v, "id", p), reqStr(v, "kind", p), reqStr(v, "path", p), optStr(v, "sha256", p)};
}

NarrationSegment readSegment(const Json &v, const std::string &p)
{
    object(v, p);
    return NarrationSegment{optStr(v, "id", p), reqStr(v, "scene", p), reqStr(v, "text", p),
                            optInt(v, "offsetFrames", p)};
}

Narration readNarration(const Json &v, const std::string &p)
{
    object(v, p);
    Narration n;
    n.voice = reqStr(v, "voice", p);
    n.language = optStr(v, "language", p);
    n.runtimeClass = optStr(v, "runtimeClass", p);
    n.engine = optStr(v, "engine", p);
    n.model = optStr(v, "model", p);
    n.speed = optNum(v, "speed", p);
    n.gainDb = optNum(v, "gainDb", p);
    n.segments = list<NarrationSegment>(need(v, "segments", p), child(p, "segments"), readSegment);
    return n;
}

CaptionLine readCaptionLine(const Json &v, const std::string &p)
{
    object(v, p);
    return CaptionLine{optStr(v, "id", p), reqStr(v, "scene", p), reqStr(v, "text", p),
                       optInt(v, "startFrame", p), optInt(v, "endFrame", p)};
}

Captions readCaptions(const Json &v, const std::string &p)
{
    object(v, p);
    Captions c;
    c.source = reqStr(v, "source", p);
    c.mode = optStr(v, "mode", p);
    if (v.contains("style")) {
        const Json &s = v["style"];
        const std::string sp = child(p, "style");
        object(s, sp);
        CaptionStyle cs;
        if (s.contains("text"))
            cs.text = readTextStyle(s["text"], child(sp, "text"));
        if (s.contains("box"))
            cs.box = readBox(s["box"], child(sp, "box"));
        if (auto n = optInt(s, "maxCharsPerLine", sp))
            cs.maxCharsPerLine = int(*n);
        if (auto n = optInt(s, "maxLines", sp))
            cs.maxLines = int(*n);
        cs.minDurationFrames = optInt(s, "minDurationFrames", sp);
        cs.maxDurationFrames = optInt(s, "maxDurationFrames", sp);
        c.style = cs;
    }
    c.lines = optList<CaptionLine>(v, "lines", p, readCaptionLine);
    return c;
}

Pronunciation readPronunciation(const Json &v, const std::string &p)
{
    object(v, p);
    return Pronunciation{reqStr(v, "word", p), optStr(v, "spoken", p), optStr(v, "phonemes", p),
                         optStr(v, "alphabet", p)};
}

Variant readVariant(const Json &v, const std::string &p)
{
    object(v, p);
    Variant var;
    var.id = reqStr(v, "id", p);
    var.title = optStr(v, "title", p);
    var.overrides = need(v, "overrides", p);
    object(var.overrides, child(p, "overrides"));
    return var;
}

// ---- writers ----

template<typename T>
void put(Json &o, const char *k, const std::optional<T> &v)
{
    if (!v)
        return;
    if constexpr (std::is_same_v<T, QString>)
        o[k] = toStd(*v);
    else
        o[k] = *v;
}

Json writeBox(const Box &b) { return Json{{"x", b.x}, {"y", b.y}, {"width", b.width}, {"height", b.height}}; }

Json writeTextStyle(const TextStyle &s)
{
    Json o = Json::object();
    put(o, "font", s.font);
    put(o, "fontAsset", s.fontAsset);
    put(o, "weight", s.weight);
    put(o, "sizePx", s.sizePx);
    put(o, "color", s.color);
    put(o, "align", s.align);
    put(o, "verticalAlign", s.verticalAlign);
    put(o, "lineHeight", s.lineHeight);
    put(o, "background", s.background);
    put(o, "paddingPx", s.paddingPx);
    return o;
}

Json writeTransition(const Transition &t)
{
    Json o{{"type", toStd(t.type)}};
    put(o, "durationFrames", t.durationFrames);
    return o;
}

Json writeBackground(const Background &b)
{
    Json o{{"type", toStd(b.type)}};
    if (b.type == QLatin1String("color"))
        o["color"] = toStd(b.color);
    if (b.type == QLatin1String("gradient")) {
        o["from"] = toStd(b.from);
        o["to"] = toStd(b.to);
        put(o, "direction", b.direction);
    }
    if (b.type == QLatin1String("asset")) {
        o["asset"] = toStd(b.asset);
        put(o, "fit", b.fit);
    }
    return o;
}

Json writeLayer(const Layer &l)
{
    Json o{{"type", toStd(l.type)}, {"id", toStd(l.id)}};
    if (l.type == QLatin1String("text")) {
        o["content"] = toStd(l.content);
        if (l.style)
            o["style"] = writeTextStyle(*l.style);
    } else {
        o["asset"] = toStd(l.asset);
        put(o, "fit", l.fit);
    }
    o["box"] = writeBox(l.box);
    put(o, "startFrame", l.startFrame);
    put(o, "endFrame", l.endFrame);
    return o;
}

template<typename T, typename F>
Json writeList(const QList<T> &items, F write)
{
    Json a = Json::array();
    for (const T &item : items)
        a.push_back(write(item));
    return a;
}

Json writeScene(const Scene &s)
{
    Json o{{"id", toStd(s.id)}, {"role", toStd(s.role)}, {"durationFrames", s.durationFrames},
           {"background", writeBackground(s.background)}};
    if (s.transitionIn)
        o["transitionIn"] = writeTransition(*s.transitionIn);
    if (s.layers)
        o["layers"] = writeList(*s.layers, writeLayer);
    return o;
}

Json writeAsset(const Asset &a)
{
    Json o{{"id", toStd(a.id)}, {"kind", toStd(a.kind)}, {"path", toStd(a.path)}};
    put(o, "sha256", a.sha256);
    return o;
}

Json writeNarration(const Narration &n)
{
    Json o{{"voice", toStd(n.voice)}};
    put(o, "language", n.language);
    put(o, "runtimeClass", n.runtimeClass);
    put(o, "engine", n.engine);
    put(o, "model", n.model);
    put(o, "speed", n.speed);
    put(o, "gainDb", n.gainDb);
    o["segments"] = writeList(n.segments, [](const NarrationSegment &s) {
        Json j = Json::object();
        put(j, "id", s.id);
        j["scene"] = toStd(s.scene);
        j["text"] = toStd(s.text);
        put(j, "offsetFrames", s.offsetFrames);
        return j;
    });
    return o;
}

Json writeCaptions(const Captions &c)
{
    Json o{{"source", toStd(c.source)}};
    put(o, "mode", c.mode);
    if (c.style) {
        Json s = Json::object();
        if (c.style->text)
            s["text"] = writeTextStyle(*c.style->text);
        if (c.style->box)
            s["box"] = writeBox(*c.style->box);
        put(s, "maxCharsPerLine", c.style->maxCharsPerLine);
        put(s, "maxLines", c.style->maxLines);
        put(s, "minDurationFrames", c.style->minDurationFrames);
        put(s, "maxDurationFrames", c.style->maxDurationFrames);
        o["style"] = s;
    }
    if (c.lines)
        o["lines"] = writeList(*c.lines, [](const CaptionLine &l) {
            Json j = Json::object();
            put(j, "id", l.id);
            j["scene"] = toStd(l.scene);
            j["text"] = toStd(l.text);
            put(j, "startFrame", l.startFrame);
            put(j, "endFrame", l.endFrame);
            return j;
        });
    return o;
}

} // namespace

TextStyle TextStyle::mergedOver(const TextStyle &base) const
{
    TextStyle r = base;
    auto take = [](auto &dst, const auto &src) {
        if (src)
            dst = src;
    };
    take(r.font, font);
    take(r.fontAsset, fontAsset);
    if (font && !fontAsset)
        r.fontAsset.reset(); // a family named here replaces an inherited font asset
    take(r.weight, weight);
    take(r.sizePx, sizePx);
    take(r.color, color);
    take(r.align, align);
    take(r.verticalAlign, verticalAlign);
    take(r.lineHeight, lineHeight);
    take(r.background, background);
    take(r.paddingPx, paddingPx);
    return r;
}

const Asset *VideoSpec::findAsset(const QString &assetId) const
{
    if (!assets)
        return nullptr;
    for (const Asset &a : *assets)
        if (a.id == assetId)
            return &a;
    return nullptr;
}

const Scene *VideoSpec::findScene(const QString &sceneId) const
{
    const int i = sceneIndex(sceneId);
    return i >= 0 ? &scenes[i] : nullptr;
}

int VideoSpec::sceneIndex(const QString &sceneId) const
{
    for (int i = 0; i < scenes.size(); ++i)
        if (scenes[i].id == sceneId)
            return i;
    return -1;
}

const Variant *VideoSpec::findVariant(const QString &variantId) const
{
    if (!variants)
        return nullptr;
    for (const Variant &v : *variants)
        if (v.id == variantId)
            return &v;
    return nullptr;
}

QStringList VideoSpec::variantIds() const
{
    QStringList ids;
    if (variants)
        for (const Variant &v : *variants)
            ids.append(v.id);
    return ids;
}

QList<qint64> VideoSpec::sceneStartFrames() const
{
    QList<qint64> starts;
    qint64 t = 0;
    for (const Scene &s : scenes) {
        starts.append(t);
        t += s.durationFrames;
    }
    starts.append(t);
    return starts;
}

qint64 VideoSpec::sumOfSceneDurations() const
{
    qint64 sum = 0;
    for (const Scene &s : scenes)
        sum += s.durationFrames;
    return sum;
}

Result<VideoSpec> VideoSpec::fromJson(const Json &j)
{
    try {
        const std::string p;
        object(j, p);
        VideoSpec s;
        s.schemaVersion = int(reqInt(j, "schemaVersion", p));
        s.id = reqStr(j, "id", p);
        s.title = reqStr(j, "title", p);
        s.description = optStr(j, "description", p);
        s.format = reqStr(j, "format", p);
        const Json &c = need(j, "canvas", p);
        object(c, "/canvas");
        s.canvas.width = int(reqInt(c, "width", "/canvas"));
        s.canvas.height = int(reqInt(c, "height", "/canvas"));
        s.canvas.fps = readRational(need(c, "fps", "/canvas"), "/canvas/fps");
        s.durationFrames = reqInt(j, "durationFrames", p);
        if (j.contains("defaults")) {
            const Json &d = j["defaults"];
            object(d, "/defaults");
            SpecDefaults defaults;
            if (d.contains("textStyle"))
                defaults.textStyle = readTextStyle(d["textStyle"], "/defaults/textStyle");
            if (d.contains("transitionIn"))
                defaults.transitionIn = readTransition(d["transitionIn"], "/defaults/transitionIn");
            s.defaults = defaults;
        }
        s.assets = optList<Asset>(j, "assets", p, readAsset);
        s.scenes = list<Scene>(need(j, "scenes", p), "/scenes", readScene);
        if (j.contains("narration"))
            s.narration = readNarration(j["narration"], "/narration");
        if (j.contains("captions"))
            s.captions = readCaptions(j["captions"], "/captions");
        if (j.contains("cta")) {
            const Json &c2 = j["cta"];
            object(c2, "/cta");
            s.cta = Cta{reqStr(c2, "text", "/cta"), reqStr(c2, "target", "/cta"),
                        reqStr(c2, "scene", "/cta"), optStr(c2, "layer", "/cta")};
        }
        s.pronunciations = optList<Pronunciation>(j, "pronunciations", p, readPronunciation);
        s.variants = optList<Variant>(j, "variants", p, readVariant);
        return s;
    } catch (const ShapeError &e) {
        return makeError(QStringLiteral("spec.shape"), toQString(e.what), toQString(e.pointer));
    }
}

Json VideoSpec::toJson() const
{
    Json o;
    o["schemaVersion"] = schemaVersion;
    o["id"] = toStd(id);
    o["title"] = toStd(title);
    put(o, "description", description);
    o["format"] = toStd(format);
    o["canvas"] = Json{{"width", canvas.width},
                       {"height", canvas.height},
                       {"fps", Json{{"num", canvas.fps.num}, {"den", canvas.fps.den}}}};
    o["durationFrames"] = durationFrames;
    if (defaults) {
        Json d = Json::object();
        if (defaults->textStyle)
            d["textStyle"] = writeTextStyle(*defaults->textStyle);
        if (defaults->transitionIn)
            d["transitionIn"] = writeTransition(*defaults->transitionIn);
        o["defaults"] = d;
    }
    if (assets)
        o["assets"] = writeList(*assets, writeAsset);
    o["scenes"] = writeList(scenes, writeScene);
    if (narration)
        o["narration"] = writeNarration(*narration);
    if (captions)
        o["captions"] = writeCaptions(*captions);
    if (cta) {
        Json c{{"text", toStd(cta->text)}, {"target", toStd(cta->target)}, {"scene", toStd(cta->scene)}};
        put(c, "layer", cta->layer);
        o["cta"] = c;
    }
    if (pronunciations)
        o["pronunciations"] = writeList(*pronunciations, [](const Pronunciation &pr) {
            Json j{{"word", toStd(pr.word)}};
            put(j, "spoken", pr.spoken);
            put(j, "phonemes", pr.phonemes);
            put(j, "alphabet", pr.alphabet);
            return j;
        });
    if (variants)
        o["variants"] = writeList(*variants, [](const Variant &v) {
            Json j{{"id", toStd(v.id)}};
            put(j, "title", v.title);
            j["overrides"] = v.overrides;
            return j;
        });
    return o;
}

Result<VideoSpec> loadVideoSpec(const QString &path)
{
    auto json = readJsonFile(path);
    if (!json)
        return json.error();
    auto spec = VideoSpec::fromJson(*json);
    if (!spec) {
        Error e = spec.error();
        e.location = QFileInfo(path).fileName() + QLatin1Char('#') + e.location;
        return e;
    }
    return spec;
}

Status saveVideoSpec(const QString &path, const VideoSpec &spec)
{
    return writeJsonFile(path, spec.toJson());
}

} // namespace greenlight
