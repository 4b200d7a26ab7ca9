#include "cues/cuetimeline.h"

#include "tts/wordspans.h"

#include <QSet>

#include <cstdlib>

namespace greenlight {

namespace {

Error invalid(const QString &pointer, const QString &message)
{
    return makeError(QStringLiteral("cues.invalid"), message, pointer);
}

// Typed reads that name the pointer of what is wrong. nlohmann exceptions stay in here.
struct Reader
{
    std::optional<Error> error;

    const Json *field(const Json &obj, const char *key, const QString &ptr, bool required)
    {
        if (error)
            return nullptr;
        if (!obj.is_object()) {
            error = invalid(ptr, QStringLiteral("expected an object"));
            return nullptr;
        }
        const auto it = obj.find(key);
        if (it == obj.end()) {
            if (required)
                error = invalid(ptr + QLatin1Char('/') + QLatin1String(key),
                                QStringLiteral("required field \"%1\" is missing").arg(QLatin1String(key)));
            return nullptr;
        }
        return &*it;
    }
    QString string(const Json &obj, const char *key, const QString &ptr)
    {
        const Json *v = field(obj, key, ptr, true);
        if (v && !v->is_string())
            error = invalid(ptr + QLatin1Char('/') + QLatin1String(key), QStringLiteral("expected text"));
        return v && v->is_string() ? toQString(v->get<std::string>()) : QString();
    }
    std::optional<QString> optString(const Json &obj, const char *key, const QString &ptr)
    {
        if (error || !obj.is_object() || !obj.contains(key))
            return std::nullopt;
        return string(obj, key, ptr);
    }
    qint64 integer(const Json &obj, const char *key, const QString &ptr)
    {
        const Json *v = field(obj, key, ptr, true);
        if (v && !v->is_number_integer())
            error = invalid(ptr + QLatin1Char('/') + QLatin1String(key), QStringLiteral("expected an integer"));
        return v && v->is_number_integer() ? v->get<qint64>() : 0;
    }
    std::optional<qint64> optInteger(const Json &obj, const char *key, const QString &ptr)
    {
        if (error || !obj.is_object() || !obj.contains(key))
            return std::nullopt;
        return integer(obj, key, ptr);
    }
};

Json engineToJson(const CueEngine &e)
{
    Json j = Json::object();
    j["name"] = toStd(e.name);
    j["version"] = toStd(e.version);
    j["runtimeClass"] = toStd(e.runtimeClass);
    if (e.voice)
        j["voice"] = toStd(*e.voice);
    if (e.model)
        j["model"] = toStd(*e.model);
    return j;
}

} // namespace

std::optional<TimingSource> timingSourceFromString(const QString &text)
{
    for (TimingSource s : {TimingSource::Engine, TimingSource::ForcedAlignment, TimingSource::Estimate})
        if (toString(s) == text)
            return s;
    return std::nullopt;
}

void CueTimeline::placeFrames()
{
    const TimeBase tb = timeBase();
    for (CueSegment &s : segments) {
        s.startFrame = tb.samplesToFramesFloor(s.startSample);
        s.endFrame = std::max(s.startFrame, tb.samplesToFramesCeil(s.endSample));
    }
}

Status CueTimeline::check() const
{
    if (sampleRate <= 0)
        return invalid(QStringLiteral("/sampleRate"), QStringLiteral("the sample rate must be positive"));
    if (fps.num <= 0 || fps.den <= 0)
        return invalid(QStringLiteral("/fps"), QStringLiteral("the frame rate must be positive"));
    const TimeBase tb = timeBase();
    QSet<QString> ids;
    qint64 previousStart = 0;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const CueSegment &s = segments[i];
        const QString p = QStringLiteral("/segments/%1").arg(i);
        if (ids.contains(s.id))
            return invalid(p + QStringLiteral("/id"), QStringLiteral("segment id \"%1\" is used twice").arg(s.id));
        ids.insert(s.id);
        if (s.startSample < previousStart)
            return invalid(p + QStringLiteral("/startSample"),
                           QStringLiteral("segments must be in order of their start; this one starts before the "
                                          "previous one"));
        previousStart = s.startSample;
        if (s.endSample < s.startSample)
            return invalid(p + QStringLiteral("/endSample"), QStringLiteral("the segment ends before it starts"));
        if (s.endFrame < s.startFrame)
            return invalid(p + QStringLiteral("/endFrame"), QStringLiteral("the segment ends before it starts"));
        if (std::abs(s.startFrame - tb.samplesToFramesRound(s.startSample)) > 1
            || std::abs(s.endFrame - tb.samplesToFramesRound(s.endSample)) > 1)
            return invalid(p + QStringLiteral("/startFrame"),
                           QStringLiteral("frames and samples disagree by more than one frame"));
        if (s.charEnd < s.charStart || s.charStart < 0)
            return invalid(p + QStringLiteral("/charEnd"), QStringLiteral("the character span is reversed"));
        const int textLength = codePointLength(s.sourceText);
        qint64 previousWordStart = s.startSample;
        for (qsizetype k = 0; k < s.words.size(); ++k) {
            const CueWord &w = s.words[k];
            const QString wp = p + QStringLiteral("/words/%1").arg(k);
            if (w.charStart < 0 || w.charEnd <= w.charStart || w.charEnd > textLength)
                return invalid(wp + QStringLiteral("/charStart"),
                               QStringLiteral("the word's span [%1, %2) is not inside the source text (%3 characters)")
                                   .arg(w.charStart)
                                   .arg(w.charEnd)
                                   .arg(textLength));
            if (w.startSample < previousWordStart || w.endSample < w.startSample || w.endSample > s.endSample)
                return invalid(wp + QStringLiteral("/startSample"),
                               QStringLiteral("word times must be in order and inside the segment"));
            previousWordStart = w.startSample;
        }
    }
    return Status::success();
}

Json CueTimeline::toJson() const
{
    Json j = Json::object();
    j["schemaVersion"] = schemaVersion;
    if (specId)
        j["specId"] = toStd(*specId);
    if (variant)
        j["variant"] = toStd(*variant);
    if (runId)
        j["runId"] = toStd(*runId);
    j["sampleRate"] = sampleRate;
    j["fps"] = Json{{"num", fps.num}, {"den", fps.den}};
    if (durationSamples)
        j["durationSamples"] = *durationSamples;
    Json o = Json{{"kind", toStd(origin.kind)}};
    if (origin.format)
        o["format"] = toStd(*origin.format);
    if (origin.file)
        o["file"] = toStd(*origin.file);
    j["origin"] = o;
    Json segs = Json::array();
    for (const CueSegment &s : segments) {
        Json sj = Json::object();
        sj["id"] = toStd(s.id);
        if (s.scene)
            sj["scene"] = toStd(*s.scene);
        if (s.narrationSegment)
            sj["narrationSegment"] = toStd(*s.narrationSegment);
        if (s.narrationIndex)
            sj["narrationIndex"] = *s.narrationIndex;
        if (s.captionLine)
            sj["captionLine"] = toStd(*s.captionLine);
        if (s.speaker)
            sj["speaker"] = toStd(*s.speaker);
        sj["sourceText"] = toStd(s.sourceText);
        sj["spokenText"] = toStd(s.spokenText);
        sj["charStart"] = s.charStart;
        sj["charEnd"] = s.charEnd;
        sj["startSample"] = s.startSample;
        sj["endSample"] = s.endSample;
        sj["startFrame"] = s.startFrame;
        sj["endFrame"] = s.endFrame;
        if (s.engine)
            sj["engine"] = engineToJson(*s.engine);
        Json words = Json::array();
        for (const CueWord &w : s.words)
            words.push_back(Json{{"text", toStd(w.text)},
                                 {"charStart", w.charStart},
                                 {"charEnd", w.charEnd},
                                 {"startSample", w.startSample},
                                 {"endSample", w.endSample},
                                 {"source", toStd(toString(w.source))}});
        sj["words"] = words;
        segs.push_back(sj);
    }
    j["segments"] = segs;
    return j;
}

Result<CueTimeline> CueTimeline::fromJson(const Json &j)
{
    Reader r;
    CueTimeline t;
    const QString root;
    t.schemaVersion = int(r.integer(j, "schemaVersion", root));
    if (!r.error && t.schemaVersion != 1)
        return invalid(QStringLiteral("/schemaVersion"),
                       QStringLiteral("cue timeline schemaVersion %1 is not supported (expected 1)").arg(t.schemaVersion));
    t.specId = r.optString(j, "specId", root);
    t.variant = r.optString(j, "variant", root);
    t.runId = r.optString(j, "runId", root);
    t.sampleRate = int(r.integer(j, "sampleRate", root));
    if (const Json *fps = r.field(j, "fps", root, true)) {
        t.fps.num = r.integer(*fps, "num", QStringLiteral("/fps"));
        t.fps.den = r.integer(*fps, "den", QStringLiteral("/fps"));
    }
    t.durationSamples = r.optInteger(j, "durationSamples", root);
    if (const Json *o = r.field(j, "origin", root, false)) {
        t.origin.kind = r.string(*o, "kind", QStringLiteral("/origin"));
        t.origin.format = r.optString(*o, "format", QStringLiteral("/origin"));
        t.origin.file = r.optString(*o, "file", QStringLiteral("/origin"));
    }
    const Json *segs = r.field(j, "segments", root, true);
    if (segs && !segs->is_array())
        return invalid(QStringLiteral("/segments"), QStringLiteral("expected a list of segments"));
    for (size_t i = 0; segs && i < segs->size() && !r.error; ++i) {
        const Json &sj = (*segs)[i];
        const QString p = QStringLiteral("/segments/%1").arg(i);
        CueSegment s;
        s.id = r.string(sj, "id", p);
        s.scene = r.optString(sj, "scene", p);
        s.narrationSegment = r.optString(sj, "narrationSegment", p);
        if (const auto idx = r.optInteger(sj, "narrationIndex", p))
            s.narrationIndex = int(*idx);
        s.captionLine = r.optString(sj, "captionLine", p);
        s.speaker = r.optString(sj, "speaker", p);
        s.sourceText = r.string(sj, "sourceText", p);
        s.spokenText = r.string(sj, "spokenText", p);
        s.charStart = int(r.integer(sj, "charStart", p));
        s.charEnd = int(r.integer(sj, "charEnd", p));
        s.startSample = r.integer(sj, "startSample", p);
        s.endSample = r.integer(sj, "endSample", p);
        s.startFrame = r.integer(sj, "startFrame", p);
        s.endFrame = r.integer(sj, "endFrame", p);
        if (const Json *e = r.field(sj, "engine", p, false)) {
            const QString ep = p + QStringLiteral("/engine");
            CueEngine engine;
            engine.name = r.string(*e, "name", ep);
            engine.version = r.string(*e, "version", ep);
            engine.runtimeClass = r.string(*e, "runtimeClass", ep);
            engine.voice = r.optString(*e, "voice", ep);
            engine.model = r.optString(*e, "model", ep);
            s.engine = engine;
        }
        const Json *words = r.field(sj, "words", p, true);
        if (words && !words->is_array())
            return invalid(p + QStringLiteral("/words"), QStringLiteral("expected a list of words"));
        for (size_t k = 0; words && k < words->size() && !r.error; ++k) {
            const Json &wj = (*words)[k];
            const QString wp = p + QStringLiteral("/words/%1").arg(k);
            CueWord w;
            w.text = r.string(wj, "text", wp);
            w.charStart = int(r.integer(wj, "charStart", wp));
            w.charEnd = int(r.integer(wj, "charEnd", wp));
            w.startSample = r.integer(wj, "startSample", wp);
            w.endSample = r.integer(wj, "endSample", wp);
            const QString source = r.string(wj, "source", wp);
            if (r.error)
                break;
            const auto ts = timingSourceFromString(source);
            if (!ts)
                return invalid(wp + QStringLiteral("/source"),
                               QStringLiteral("unknown timing source \"%1\" (engine, forced-alignment or estimate)")
                                   .arg(source));
            w.source = *ts;
            s.words.append(w);
        }
        t.segments.append(s);
    }
    if (r.error)
        return *r.error;
    if (const Status st = t.check(); !st)
        return st.error();
    return t;
}

Result<CueTimeline> loadCueTimeline(const QString &path)
{
    Result<Json> json = readJsonFile(path);
    if (!json)
        return json.error();
    Result<CueTimeline> t = CueTimeline::fromJson(*json);
    if (!t) {
        Error e = t.error();
        e.location = path + (e.location.isEmpty() ? QString() : QStringLiteral("#") + e.location);
        return e;
    }
    return t;
}

Status saveCueTimeline(const QString &path, const CueTimeline &timeline)
{
    return writeJsonFile(path, timeline.toJson());
}

} // namespace greenlight
