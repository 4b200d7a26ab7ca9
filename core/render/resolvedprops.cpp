#include "render/resolvedprops.h"

#include "render/assetprobe.h"
#include "spec/variantresolver.h"
#include "text/textlayout.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>

#include <cmath>

namespace greenlight {

namespace {

Json boxJson(const Box &b)
{
    return {{"x", b.x}, {"y", b.y}, {"width", b.width}, {"height", b.height}};
}

Json assetJson(const ResolvedAsset &a)
{
    Json j = {{"id", toStd(a.id)}, {"kind", toStd(a.kind)}, {"path", toStd(a.path)}};
    if (a.width > 0)
        j["width"] = a.width, j["height"] = a.height;
    if (a.hasAudio)
        j["hasAudio"] = true;
    return j;
}

Json styleJson(const EffectiveTextStyle &s)
{
    Json j = {{"font", toStd(s.fontFamily)}};
    if (!s.fontAsset.isEmpty())
        j["fontAsset"] = toStd(s.fontAsset);
    j["weight"] = s.bold ? "bold" : "regular";
    j["sizePx"] = s.sizePx;
    j["color"] = toStd(s.color);
    j["align"] = toStd(s.align);
    j["verticalAlign"] = toStd(s.verticalAlign);
    j["lineHeight"] = s.lineHeight;
    if (!s.background.isEmpty())
        j["background"] = toStd(s.background);
    j["paddingPx"] = s.paddingPx;
    return j;
}

class Resolver
{
public:
    Resolver(const VideoSpec &spec, QString root) : m_spec(spec), m_root(std::move(root)) {}

    Result<ResolvedAsset> asset(const QString &id, const QString &pointer)
    {
        if (const auto it = m_assets.constFind(id); it != m_assets.constEnd())
            return *it;
        const Asset *a = m_spec.findAsset(id);
        if (!a)
            return makeError(QStringLiteral("spec.asset.unknown"),
                             QStringLiteral("asset \"%1\" is not listed in the spec's assets").arg(id), pointer);
        ResolvedAsset r{a->id, a->kind, a->path, QDir(m_root).absoluteFilePath(a->path)};
        if (a->kind == QLatin1String("image") || a->kind == QLatin1String("video")) {
            Result<VisualAssetInfo> info = probeVisualAsset(r.absolutePath);
            if (!info) {
                const bool missing = info.error().code == QLatin1String("render.asset.missing");
                return makeError(info.error().code,
                                 missing ? QStringLiteral("asset \"%1\" (%2) is missing: it was deleted or moved after "
                                                          "validation; restore the file or change the spec, then render again")
                                               .arg(id, a->path)
                                         : QStringLiteral("asset \"%1\" (%2) cannot be decoded: %3; replace the file and "
                                                          "render again")
                                               .arg(id, a->path, info.error().message),
                                 pointer);
            }
            r.width = info->width;
            r.height = info->height;
            r.hasAudio = info->hasAudio;
        } else if (!QFileInfo(r.absolutePath).isFile()) {
            return makeError(QStringLiteral("render.asset.missing"),
                             QStringLiteral("asset \"%1\" (%2) is missing: restore the file or change the spec").arg(id, a->path),
                             pointer);
        }
        m_assets.insert(id, r);
        m_order.append(id);
        return r;
    }

    QList<ResolvedAsset> usedAssets() const
    {
        QList<ResolvedAsset> out;
        for (const QString &id : m_order)
            out.append(m_assets.value(id));
        return out;
    }

private:
    const VideoSpec &m_spec;
    QString m_root;
    QHash<QString, ResolvedAsset> m_assets;
    QStringList m_order;
};

} // namespace

qint64 framesToSamples(qint64 frames, const Rational &fps, int sampleRate)
{
    return frames * qint64(sampleRate) * fps.den / fps.num;
}

Result<ResolvedProps> resolveProps(const Json &specDocument, const QString &variantId, const QString &projectRoot)
{
    Result<Json> merged = resolveVariantJson(specDocument, variantId);
    if (!merged)
        return merged.error();
    Result<VideoSpec> specResult = VideoSpec::fromJson(*merged);
    if (!specResult)
        return specResult.error();
    const VideoSpec &spec = *specResult;

    ResolvedProps props;
    props.specId = spec.id;
    props.title = spec.title;
    props.variant = variantId;
    props.format = spec.format;
    props.canvas = spec.canvas;
    props.resolvedSpec = *merged;
    Resolver resolver(spec, projectRoot);

    std::optional<Transition> defaultTransition;
    if (spec.defaults && spec.defaults->transitionIn)
        defaultTransition = spec.defaults->transitionIn;
    const QList<qint64> starts = spec.sceneStartFrames();

    for (qsizetype i = 0; i < spec.scenes.size(); ++i) {
        const Scene &scene = spec.scenes[i];
        const QString sp = QStringLiteral("/scenes/%1").arg(i);
        ResolvedScene rs;
        rs.id = scene.id;
        rs.role = scene.role;
        rs.index = int(i);
        rs.startFrame = starts.value(i);
        rs.durationFrames = scene.durationFrames;
        const std::optional<Transition> t = scene.transitionIn ? scene.transitionIn : defaultTransition;
        if (t && t->type == QLatin1String("fade")) {
            rs.transitionType = QStringLiteral("fade");
            const qint64 halfSecond = std::llround(0.5 * spec.canvas.fps.toDouble());
            rs.transitionFrames = std::min(t->durationFrames.value_or(halfSecond), scene.durationFrames);
            if (rs.transitionFrames == 0)
                rs.transitionType = QStringLiteral("cut");
        }

        const Background &bg = scene.background;
        rs.background.type = bg.type;
        rs.background.color = bg.color;
        rs.background.from = bg.from;
        rs.background.to = bg.to;
        rs.background.direction = bg.direction.value_or(QStringLiteral("vertical"));
        rs.background.fit = bg.fit.value_or(QStringLiteral("cover"));
        if (bg.type == QLatin1String("asset")) {
            Result<ResolvedAsset> a = resolver.asset(bg.asset, sp + QStringLiteral("/background/asset"));
            if (!a)
                return a.error();
            rs.background.asset = *a;
        }

        const QList<Layer> layers = scene.layers.value_or(QList<Layer>());
        for (qsizetype j = 0; j < layers.size(); ++j) {
            const Layer &l = layers[j];
            const QString lp = sp + QStringLiteral("/layers/%1").arg(j);
            ResolvedLayer rl;
            rl.type = l.type;
            rl.id = l.id;
            rl.box = l.box;
            rl.startFrame = std::clamp<qint64>(l.startFrame.value_or(0), 0, scene.durationFrames);
            rl.endFrame = std::clamp<qint64>(l.endFrame.value_or(scene.durationFrames), 0, scene.durationFrames);
            if (rl.startFrame >= rl.endFrame) {
                props.warnings.append({QStringLiteral("render.layer.empty"),
                                       QStringLiteral("layer \"%1\" has no visible frames and is skipped").arg(l.id), lp});
                continue;
            }
            if (l.type == QLatin1String("text")) {
                rl.content = l.content;
                rl.style = effectiveTextStyle(spec, l.style);
                Result<QString> font = fontFileFor(rl.style, spec, projectRoot);
                if (!font)
                    return makeError(font.error().code, font.error().message, lp + QStringLiteral("/style"));
                if (!QFileInfo(*font).isFile())
                    return makeError(QStringLiteral("render.asset.missing"),
                                     QStringLiteral("the font file %1 is missing; restore it or pick another font").arg(*font),
                                     lp + QStringLiteral("/style"));
                rl.fontFile = *font;
                Result<TextLayoutResult> layout = layoutText(layoutRequestFor(rl.style, l.box, l.content, *font));
                if (!layout)
                    return makeError(layout.error().code, layout.error().message, lp);
                rl.lineHeightPx = layout->lineHeightPx;
                rl.fits = layout->fits;
                if (!layout->fits)
                    props.warnings.append({QStringLiteral("render.text.overflow"),
                                           QStringLiteral("text of layer \"%1\" does not fit its box: %2")
                                               .arg(l.id, layout->overflowReason),
                                           lp});
                for (const TextLine &line : layout->lines) {
                    if (line.text.trimmed().isEmpty())
                        continue;
                    rl.lines.append({line.text, line.widthPx, l.box.x + rl.style.paddingPx + line.x,
                                     l.box.y + rl.style.paddingPx + line.baselineY});
                }
            } else {
                Result<ResolvedAsset> a = resolver.asset(l.asset, lp + QStringLiteral("/asset"));
                if (!a)
                    return a.error();
                rl.asset = *a;
                rl.fit = l.fit.value_or(QStringLiteral("contain"));
                if (l.type == QLatin1String("video") && a->hasAudio)
                    props.warnings.append({QStringLiteral("render.video.audio-ignored"),
                                           QStringLiteral("the sound of video asset \"%1\" is not mixed into the render")
                                               .arg(a->id),
                                           lp});
            }
            rs.layers.append(rl);
        }
        props.durationFrames += rs.durationFrames;
        props.scenes.append(rs);
    }
    if (props.durationFrames != spec.durationFrames)
        props.warnings.append({QStringLiteral("render.duration.mismatch"),
                               QStringLiteral("the scenes last %1 frames but the spec declares %2; the render follows the scenes")
                                   .arg(props.durationFrames)
                                   .arg(spec.durationFrames),
                               QStringLiteral("/durationFrames")});
    props.durationSamples = framesToSamples(props.durationFrames, props.canvas.fps, props.audioSampleRate);
    props.assets = resolver.usedAssets();
    return props;
}

Json ResolvedProps::toJson() const
{
    Json scenesJson = Json::array();
    for (const ResolvedScene &s : scenes) {
        Json bg = {{"type", toStd(s.background.type)}};
        const ResolvedBackground &b = s.background;
        if (b.type == QLatin1String("color")) {
            bg["color"] = toStd(b.color);
        } else if (b.type == QLatin1String("gradient")) {
            bg["from"] = toStd(b.from), bg["to"] = toStd(b.to), bg["direction"] = toStd(b.direction);
        } else {
            bg["asset"] = assetJson(b.asset), bg["fit"] = toStd(b.fit);
        }
        Json layers = Json::array();
        for (const ResolvedLayer &l : s.layers) {
            Json lj = {{"type", toStd(l.type)}, {"id", toStd(l.id)}, {"startFrame", l.startFrame},
                       {"endFrame", l.endFrame}, {"box", boxJson(l.box)}};
            if (l.type == QLatin1String("text")) {
                lj["content"] = toStd(l.content);
                lj["style"] = styleJson(l.style);
                lj["fontFile"] = toStd(l.fontFile);
                lj["lineHeightPx"] = l.lineHeightPx;
                lj["fits"] = l.fits;
                Json lines = Json::array();
                for (const ResolvedTextLine &line : l.lines)
                    lines.push_back({{"text", toStd(line.text)}, {"widthPx", line.widthPx}, {"x", line.x},
                                     {"baselineY", line.baselineY}});
                lj["lines"] = lines;
            } else {
                lj["asset"] = assetJson(l.asset);
                lj["fit"] = toStd(l.fit);
            }
            layers.push_back(lj);
        }
        scenesJson.push_back({{"id", toStd(s.id)},
                              {"role", toStd(s.role)},
                              {"index", s.index},
                              {"startFrame", s.startFrame},
                              {"durationFrames", s.durationFrames},
                              {"endFrame", s.startFrame + s.durationFrames},
                              {"transitionIn", {{"type", toStd(s.transitionType)}, {"durationFrames", s.transitionFrames}}},
                              {"background", bg},
                              {"layers", layers}});
    }
    Json assetsJson = Json::array();
    for (const ResolvedAsset &a : assets)
        assetsJson.push_back(assetJson(a));

    Json o = {{"schemaVersion", 1},
              {"specId", toStd(specId)},
              {"title", toStd(title)},
              {"variant", toStd(variant)},
              {"format", toStd(format)},
              {"canvas", {{"width", canvas.width}, {"height", canvas.height},
                          {"fps", {{"num", canvas.fps.num}, {"den", canvas.fps.den}}}}},
              {"durationFrames", durationFrames},
              {"audio", {{"sampleRate", audioSampleRate}, {"durationSamples", durationSamples}}},
              {"assets", assetsJson},
              {"scenes", scenesJson}};
    // Narration bound to the timeline: each segment's first frame.
    if (resolvedSpec.contains("narration")) {
        Json narration = resolvedSpec["narration"];
        if (narration.contains("segments") && narration["segments"].is_array()) {
            for (Json &seg : narration["segments"]) {
                const QString sceneId = seg.contains("scene") ? toQString(seg["scene"].get<std::string>()) : QString();
                for (const ResolvedScene &s : scenes)
                    if (s.id == sceneId)
                        seg["startFrame"] = s.startFrame + (seg.contains("offsetFrames") ? seg["offsetFrames"].get<qint64>() : 0);
            }
        }
        o["narration"] = narration;
    }
    for (const char *key : {"captions", "cta", "pronunciations"})
        if (resolvedSpec.contains(key))
            o[key] = resolvedSpec[key];
    if (!captions.isEmpty())
        o["burnedCaptions"] = captions.toJson();
    return o;
}

Json ResolvedCaptions::toJson() const
{
    Json cuesJson = Json::array();
    for (const ResolvedCaption &c : cues) {
        Json lines = Json::array();
        for (const ResolvedTextLine &line : c.lines)
            lines.push_back({{"text", toStd(line.text)}, {"widthPx", line.widthPx}, {"x", line.x},
                             {"baselineY", line.baselineY}});
        cuesJson.push_back({{"startFrame", c.startFrame}, {"endFrame", c.endFrame}, {"lines", lines},
                            {"plate", boxJson(c.plate)}, {"fits", c.fits}});
    }
    return {{"style", styleJson(style)}, {"fontFile", toStd(fontFile)}, {"box", boxJson(box)},
            {"lineHeightPx", lineHeightPx}, {"cues", cuesJson}};
}

Json ResolvedProps::warningsJson() const
{
    Json list = Json::array();
    for (const RenderWarning &w : warnings)
        list.push_back({{"code", toStd(w.code)}, {"message", toStd(w.message)}, {"pointer", toStd(w.pointer)}});
    return {{"schemaVersion", 1}, {"warnings", list}};
}

} // namespace greenlight
