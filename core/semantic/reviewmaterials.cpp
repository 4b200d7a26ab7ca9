#include "semantic/reviewmaterials.h"

#include "common/jsonio.h"

#include <QDir>
#include <QFileInfo>

namespace greenlight {

namespace {

QString str(const Json &o, const char *key)
{
    return o.is_object() && o.contains(key) && o[key].is_string() ? toQString(o[key].get<std::string>()) : QString();
}

std::optional<qint64> integer(const Json &o, const char *key)
{
    if (o.is_object() && o.contains(key) && o[key].is_number_integer())
        return o[key].get<qint64>();
    return std::nullopt;
}

std::optional<Json> readOptional(const QString &path)
{
    if (!QFileInfo::exists(path))
        return std::nullopt;
    auto json = readJsonFile(path);
    if (!json || !json->is_object())
        return std::nullopt;
    return *json;
}

void readCues(const Json &cues, ReviewMaterials &m)
{
    if (!cues.contains("segments") || !cues["segments"].is_array())
        return;
    for (const Json &seg : cues["segments"]) {
        ReviewText t;
        t.id = str(seg, "id");
        t.text = str(seg, "sourceText");
        if (t.text.isEmpty())
            t.text = str(seg, "spokenText");
        t.scene = str(seg, "scene");
        const auto start = integer(seg, "startFrame"), end = integer(seg, "endFrame");
        if (start && end && *end > *start)
            t.frames = FrameRange{*start, *end};
        if (!t.text.trimmed().isEmpty())
            m.cues.append(t);
    }
}

void readProps(const Json &props, ReviewMaterials &m, bool wantNarration)
{
    m.title = str(props, "title");
    if (props.contains("cta"))
        m.ctaText = str(props["cta"], "text");
    if (props.contains("scenes") && props["scenes"].is_array()) {
        for (const Json &scene : props["scenes"]) {
            const qint64 sceneStart = integer(scene, "startFrame").value_or(0);
            const auto duration = integer(scene, "durationFrames");
            if (duration && *duration > 0)
                m.scenes.append(FrameRange{sceneStart, sceneStart + *duration});
            if (!scene.contains("layers") || !scene["layers"].is_array())
                continue;
            for (const Json &layer : scene["layers"]) {
                if (str(layer, "type") != QLatin1String("text"))
                    continue;
                ReviewText t{str(layer, "id"), str(layer, "content"), std::nullopt, str(scene, "id")};
                const auto start = integer(layer, "startFrame"), end = integer(layer, "endFrame");
                if (start && end && *end > *start)
                    t.frames = FrameRange{sceneStart + *start, sceneStart + *end};
                if (!t.text.trimmed().isEmpty())
                    m.onScreenText.append(t);
            }
        }
    }
    if (wantNarration && props.contains("narration") && props["narration"].contains("segments")
        && props["narration"]["segments"].is_array()) {
        int i = 0;
        for (const Json &seg : props["narration"]["segments"]) {
            ReviewText t;
            t.id = str(seg, "id");
            if (t.id.isEmpty())
                t.id = QStringLiteral("narration-%1").arg(i);
            ++i;
            t.text = str(seg, "text");
            t.scene = str(seg, "scene");
            if (!t.text.trimmed().isEmpty())
                m.cues.append(t);
        }
    }
}

} // namespace

Result<ReviewMaterials> ReviewMaterials::fromRunDir(const QString &runDir)
{
    const QDir dir(runDir);
    ReviewMaterials m;
    m.videoPath = dir.filePath(QStringLiteral("output.mp4"));
    if (!QFileInfo(m.videoPath).isFile())
        return makeError(QStringLiteral("review.input"), QStringLiteral("the run has no output video to review"),
                         m.videoPath);
    const auto cues = readOptional(dir.filePath(QStringLiteral("cues.json")));
    if (cues)
        readCues(*cues, m);
    if (const auto props = readOptional(dir.filePath(QStringLiteral("props.json"))))
        readProps(*props, m, !cues);
    return m;
}

} // namespace greenlight
