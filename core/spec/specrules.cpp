#include "spec/specrules.h"

#include "narration/speechestimate.h"

#include "qa/findingcodes.h"
#include "spec/assetcheck.h"
#include "spec/textstyles.h"

#include <QFileInfo>
#include <QSet>

namespace greenlight {

namespace {

QString ptr(const QString &base, qsizetype i, const char *field = nullptr)
{
    QString p = base + QLatin1Char('/') + QString::number(i);
    if (field)
        p += QLatin1Char('/') + QLatin1String(field);
    return p;
}

void checkUnique(const QStringList &ids, const QString &base, const QString &what, Findings &out)
{
    QSet<QString> seen;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        if (ids[i].isEmpty())
            continue;
        if (seen.contains(ids[i]))
            out.append(makeFinding("spec.id.duplicate",
                                   QStringLiteral("%1 id \"%2\" is used more than once; give each %1 its own id")
                                       .arg(what, ids[i]),
                                   ptr(base, i, "id")));
        seen.insert(ids[i]);
    }
}


} // namespace

SpecRules::SpecRules(const VideoSpec &spec, const QString &projectRoot)
    : m_spec(spec), m_root(QFileInfo(projectRoot).canonicalFilePath())
{
}

Findings SpecRules::checkAll(bool checkAssetFiles)
{
    Findings out;
    out += checkIds();
    out += checkDurations();
    if (checkAssetFiles)
        out += checkAssets();
    out += checkReferences();
    out += checkBindings();
    out += checkTextFits();
    out += checkNarrationLength();
    return out;
}

Findings SpecRules::checkIds()
{
    Findings out;
    QStringList ids;
    for (const Scene &s : m_spec.scenes)
        ids.append(s.id);
    checkUnique(ids, QStringLiteral("/scenes"), QStringLiteral("scene"), out);
    for (qsizetype i = 0; i < m_spec.scenes.size(); ++i) {
        ids.clear();
        for (const Layer &l : m_spec.scenes[i].layers.value_or(QList<Layer>()))
            ids.append(l.id);
        checkUnique(ids, ptr(QStringLiteral("/scenes"), i, "layers"), QStringLiteral("layer"), out);
    }
    ids.clear();
    for (const Asset &a : m_spec.assets.value_or(QList<Asset>()))
        ids.append(a.id);
    checkUnique(ids, QStringLiteral("/assets"), QStringLiteral("asset"), out);
    ids.clear();
    for (const Variant &v : m_spec.variants.value_or(QList<Variant>()))
        ids.append(v.id);
    checkUnique(ids, QStringLiteral("/variants"), QStringLiteral("variant"), out);
    for (qsizetype i = 0; i < ids.size(); ++i)
        if (ids[i] == kBaseVariantName)
            out.append(makeFinding("spec.variant.reserved-id",
                                   QStringLiteral("the variant id '%1' names the spec without a variant; choose another id")
                                       .arg(ids[i]),
                                   QStringLiteral("/variants/%1/id").arg(i)));
    if (m_spec.narration) {
        ids.clear();
        for (const NarrationSegment &s : m_spec.narration->segments)
            ids.append(s.id.value_or(QString()));
        checkUnique(ids, QStringLiteral("/narration/segments"), QStringLiteral("segment"), out);
    }
    return out;
}

Findings SpecRules::checkDurations()
{
    Findings out;
    const qint64 sum = m_spec.sumOfSceneDurations();
    if (sum != m_spec.durationFrames) {
        Finding f = makeFinding("spec.duration.mismatch",
                                QStringLiteral("scenes add up to %1 frames but durationFrames says %2; "
                                               "change a scene's duration or the total")
                                    .arg(sum).arg(m_spec.durationFrames),
                                QStringLiteral("/durationFrames"));
        f.evidence = {{"sceneSumFrames", sum}, {"declaredFrames", m_spec.durationFrames}};
        out.append(f);
    }
    for (qsizetype i = 0; i < m_spec.scenes.size(); ++i) {
        const Scene &scene = m_spec.scenes[i];
        const QString sp = ptr(QStringLiteral("/scenes"), i);
        if (scene.transitionIn && scene.transitionIn->durationFrames.value_or(0) > scene.durationFrames)
            out.append(makeFinding("spec.timing.out-of-scene",
                                   QStringLiteral("the transition into scene \"%1\" lasts %2 frames, longer than the scene (%3)")
                                       .arg(scene.id).arg(*scene.transitionIn->durationFrames).arg(scene.durationFrames),
                                   sp + QStringLiteral("/transitionIn/durationFrames")));
        const QList<Layer> layers = scene.layers.value_or(QList<Layer>());
        for (qsizetype j = 0; j < layers.size(); ++j) {
            const Layer &l = layers[j];
            const qint64 start = l.startFrame.value_or(0);
            const qint64 end = l.endFrame.value_or(scene.durationFrames);
            const QString lp = ptr(sp + QStringLiteral("/layers"), j);
            if (end > scene.durationFrames)
                out.append(makeFinding("spec.timing.out-of-scene",
                                       QStringLiteral("layer \"%1\" ends at frame %2 but scene \"%3\" has only %4 frames")
                                           .arg(l.id).arg(end).arg(scene.id).arg(scene.durationFrames),
                                       lp + QStringLiteral("/endFrame")));
            else if (start >= end)
                out.append(makeFinding("spec.timing.out-of-scene",
                                       QStringLiteral("layer \"%1\" starts at frame %2, not before its end (%3)")
                                           .arg(l.id).arg(start).arg(end),
                                       lp + QStringLiteral("/startFrame")));
        }
    }
    if (m_spec.captions && m_spec.captions->lines) {
        const QList<CaptionLine> &lines = *m_spec.captions->lines;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const Scene *scene = m_spec.findScene(lines[i].scene);
            if (!scene)
                continue; // reported as a binding problem
            const qint64 end = lines[i].endFrame.value_or(scene->durationFrames);
            const qint64 start = lines[i].startFrame.value_or(0);
            if (end > scene->durationFrames || start >= end)
                out.append(makeFinding("spec.timing.out-of-scene",
                                       QStringLiteral("caption line %1 spans frames %2–%3, outside scene \"%4\" (0–%5)")
                                           .arg(i).arg(start).arg(end).arg(scene->id).arg(scene->durationFrames),
                                       ptr(QStringLiteral("/captions/lines"), i)));
        }
    }
    return out;
}

Findings SpecRules::checkAssets()
{
    Findings out;
    const QList<Asset> assets = m_spec.assets.value_or(QList<Asset>());
    for (qsizetype i = 0; i < assets.size(); ++i) {
        Findings fs = checkAssetFile(assets[i], m_root, ptr(QStringLiteral("/assets"), i));
        out += fs;
    }
    return out;
}

Findings SpecRules::checkReferences()
{
    Findings out;
    // expectedKinds: which asset kinds fit the place that references them.
    auto check = [&](const QString &assetId, const QStringList &expectedKinds, const QString &pointer) {
        const Asset *asset = m_spec.findAsset(assetId);
        if (!asset) {
            out.append(makeFinding("spec.asset.unknown",
                                   QStringLiteral("no asset with id \"%1\" is listed under assets").arg(assetId),
                                   pointer));
        } else if (!expectedKinds.contains(asset->kind)) {
            out.append(makeFinding("spec.asset.kind-mismatch",
                                   QStringLiteral("asset \"%1\" is %2, but this place needs %3")
                                       .arg(assetId, asset->kind, expectedKinds.join(QStringLiteral(" or "))),
                                   pointer));
        }
    };
    auto checkStyle = [&](const std::optional<TextStyle> &style, const QString &pointer) {
        if (style && style->fontAsset)
            check(*style->fontAsset, {QStringLiteral("font")}, pointer + QStringLiteral("/fontAsset"));
    };
    if (m_spec.defaults)
        checkStyle(m_spec.defaults->textStyle, QStringLiteral("/defaults/textStyle"));
    for (qsizetype i = 0; i < m_spec.scenes.size(); ++i) {
        const Scene &scene = m_spec.scenes[i];
        const QString sp = ptr(QStringLiteral("/scenes"), i);
        if (scene.background.type == QLatin1String("asset"))
            check(scene.background.asset, {QStringLiteral("image"), QStringLiteral("video")},
                  sp + QStringLiteral("/background/asset"));
        const QList<Layer> layers = scene.layers.value_or(QList<Layer>());
        for (qsizetype j = 0; j < layers.size(); ++j) {
            const QString lp = ptr(sp + QStringLiteral("/layers"), j);
            if (layers[j].type == QLatin1String("text"))
                checkStyle(layers[j].style, lp + QStringLiteral("/style"));
            else
                check(layers[j].asset, {layers[j].type}, lp + QStringLiteral("/asset"));
        }
    }
    if (m_spec.captions && m_spec.captions->style)
        checkStyle(m_spec.captions->style->text, QStringLiteral("/captions/style/text"));
    return out;
}

Findings SpecRules::checkBindings()
{
    Findings out;
    auto scene = [&](const QString &id, const QString &pointer, const QString &what) {
        if (!m_spec.findScene(id))
            out.append(makeFinding("spec.binding.scene",
                                   QStringLiteral("%1 is bound to scene \"%2\", which does not exist").arg(what, id),
                                   pointer));
    };
    if (m_spec.narration) {
        const auto &segs = m_spec.narration->segments;
        for (qsizetype i = 0; i < segs.size(); ++i)
            scene(segs[i].scene, ptr(QStringLiteral("/narration/segments"), i, "scene"),
                  QStringLiteral("narration segment %1").arg(i));
    }
    if (m_spec.captions) {
        const Captions &c = *m_spec.captions;
        if (c.lines)
            for (qsizetype i = 0; i < c.lines->size(); ++i)
                scene(c.lines->at(i).scene, ptr(QStringLiteral("/captions/lines"), i, "scene"),
                      QStringLiteral("caption line %1").arg(i));
        if (c.source == QLatin1String("narration") && !m_spec.narration)
            out.append(makeFinding("spec.captions.no-source",
                                   QStringLiteral("captions come from narration, but the spec has no narration; "
                                                  "add narration or use source \"lines\""),
                                   QStringLiteral("/captions/source")));
        if (c.source == QLatin1String("lines") && (!c.lines || c.lines->isEmpty()))
            out.append(makeFinding("spec.captions.no-source",
                                   QStringLiteral("captions use explicit lines, but none are given"),
                                   QStringLiteral("/captions/lines")));
    }
    if (m_spec.cta) {
        scene(m_spec.cta->scene, QStringLiteral("/cta/scene"), QStringLiteral("the CTA"));
        const Scene *s = m_spec.findScene(m_spec.cta->scene);
        if (s && m_spec.cta->layer) {
            bool found = false;
            for (const Layer &l : s->layers.value_or(QList<Layer>()))
                found = found || (l.id == *m_spec.cta->layer && l.type == QLatin1String("text"));
            if (!found)
                out.append(makeFinding("spec.binding.layer",
                                       QStringLiteral("the CTA names layer \"%1\", which is not a text layer of scene \"%2\"")
                                           .arg(*m_spec.cta->layer, s->id),
                                       QStringLiteral("/cta/layer")));
        }
    }
    return out;
}

Findings SpecRules::checkTextFits()
{
    Findings out;
    for (qsizetype i = 0; i < m_spec.scenes.size(); ++i) {
        const QList<Layer> layers = m_spec.scenes[i].layers.value_or(QList<Layer>());
        for (qsizetype j = 0; j < layers.size(); ++j) {
            const Layer &l = layers[j];
            if (l.type != QLatin1String("text"))
                continue;
            const QString lp = ptr(ptr(QStringLiteral("/scenes"), i, "layers"), j);
            const EffectiveTextStyle style = effectiveTextStyle(m_spec, l.style);
            auto font = fontFileFor(style, m_spec, m_root);
            if (!font) {
                if (font.error().code == QLatin1String("spec.font.unavailable"))
                    out.append(makeFinding("spec.font.unavailable", font.error().message,
                                           lp + QStringLiteral("/style")));
                continue; // unknown font assets are reported by checkReferences
            }
            auto layout = layoutText(layoutRequestFor(style, l.box, l.content, *font));
            if (!layout) {
                out.append(makeFinding("spec.font.unavailable",
                                       QStringLiteral("cannot load the font for layer \"%1\": %2")
                                           .arg(l.id, layout.error().toString()),
                                       lp + QStringLiteral("/style")));
                continue;
            }
            if (!layout->fits) {
                Finding f = makeFinding("spec.text.overflow",
                                        QStringLiteral("text of layer \"%1\" does not fit its box at %2 px: %3. "
                                                       "Shorten the text, enlarge the box or reduce the size")
                                            .arg(l.id).arg(style.sizePx).arg(layout->overflowReason),
                                        lp + QStringLiteral("/content"));
                f.evidence = {{"lines", layout->lines.size()},
                              {"neededWidthPx", layout->widestLinePx},
                              {"neededHeightPx", layout->totalHeightPx},
                              {"boxWidthPx", l.box.width - 2 * style.paddingPx},
                              {"boxHeightPx", l.box.height - 2 * style.paddingPx}};
                out.append(f);
            }
        }
    }
    return out;
}

Findings SpecRules::checkNarrationLength()
{
    Findings out;
    if (!m_spec.narration)
        return out;
    const double fps = m_spec.canvas.fps.toDouble();
    const double speed = m_spec.narration->speed.value_or(1.0);
    for (qsizetype i = 0; i < m_spec.scenes.size(); ++i) {
        const Scene &scene = m_spec.scenes[i];
        qsizetype words = 0;
        qsizetype firstSegment = -1;
        const auto &segs = m_spec.narration->segments;
        for (qsizetype k = 0; k < segs.size(); ++k) {
            if (segs[k].scene != scene.id)
                continue;
            words += countSpokenWords(segs[k].text);
            if (firstSegment < 0)
                firstSegment = k;
        }
        const double speech_s = estimateSpeechSeconds(int(words), speed);
        const double scene_s = double(scene.durationFrames) / fps;
        if (firstSegment >= 0 && speech_s > scene_s) {
            Finding f = makeFinding("spec.narration.too-long",
                                    QStringLiteral("narration for scene \"%1\" has %2 words, about %3 s spoken, "
                                                   "but the scene lasts %4 s")
                                        .arg(scene.id).arg(words).arg(speech_s, 0, 'f', 1).arg(scene_s, 0, 'f', 1),
                                    ptr(QStringLiteral("/narration/segments"), firstSegment, "text"));
            f.evidence = {{"words", words}, {"estimatedSeconds", speech_s}, {"sceneSeconds", scene_s}};
            out.append(f);
        }
    }
    return out;
}

} // namespace greenlight
