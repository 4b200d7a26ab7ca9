#include "render/scenegraphbuilder.h"

#include "render/filterescape.h"
#include "render/jobinputs.h"

#include <cmath>

namespace greenlight {

namespace {

// A linear chain of filters that can fork into overlays; collects finished statements.
class Chain
{
public:
    explicit Chain(QString prefix) : m_prefix(std::move(prefix)) {}

    void startWithSource(const QString &source)
    {
        m_current = source;
        m_hasFilter = true;
    }
    void startWithLabel(const QString &label)
    {
        m_current = QLatin1Char('[') + label + QLatin1Char(']');
        m_hasFilter = false;
    }
    void add(const QString &filter)
    {
        m_current += (m_hasFilter ? QStringLiteral(",") : QString()) + filter;
        m_hasFilter = true;
    }
    // Closes the current chain into a temporary label and continues with an overlay of
    // `layerLabel` on top of it.
    void overlay(const QString &layerLabel, const QString &params)
    {
        const QString tmp = m_prefix + QStringLiteral("t%1").arg(m_temp++);
        finish(tmp);
        m_current = QStringLiteral("[%1][%2]overlay=%3").arg(tmp, layerLabel, params);
        m_hasFilter = true;
    }
    void statement(const QString &text) { m_statements.append(text); }
    void finish(const QString &label)
    {
        if (!m_hasFilter)
            add(QStringLiteral("null"));
        m_statements.append(m_current + QLatin1Char('[') + label + QLatin1Char(']'));
        m_current.clear();
        m_hasFilter = false;
    }
    QString text() const { return m_statements.join(QStringLiteral(";\n")); }

private:
    QString m_prefix;
    QString m_current;
    bool m_hasFilter = false;
    int m_temp = 0;
    QStringList m_statements;
};

struct Placement
{
    QString filters; // scale (and crop), ending in yuva420p for overlay
    int width = 0;   // drawn size
    int height = 0;
    int x = 0;       // requested top-left on the canvas
    int y = 0;
};

Placement placeInto(const ResolvedAsset &asset, const Box &box, const QString &fit, bool still)
{
    Placement p;
    const QString flags = still ? QStringLiteral(":flags=lanczos") : QString();
    const double iw = std::max(1, asset.width), ih = std::max(1, asset.height);
    p.x = box.x;
    p.y = box.y;
    if (fit == QLatin1String("fill")) {
        p.width = box.width;
        p.height = box.height;
        p.filters = QStringLiteral("scale=w=%1:h=%2%3").arg(p.width).arg(p.height).arg(flags);
    } else if (fit == QLatin1String("cover")) {
        const double s = std::max(box.width / iw, box.height / ih);
        const int sw = std::max(box.width, int(std::lround(iw * s)));
        const int sh = std::max(box.height, int(std::lround(ih * s)));
        p.width = box.width;
        p.height = box.height;
        p.filters = QStringLiteral("scale=w=%1:h=%2%3,crop=w=%4:h=%5:x=%6:y=%7")
                        .arg(sw).arg(sh).arg(flags)
                        .arg(box.width).arg(box.height)
                        .arg((sw - box.width) / 2).arg((sh - box.height) / 2);
    } else { // contain
        const double s = std::min(box.width / iw, box.height / ih);
        p.width = std::max(1, int(std::lround(iw * s)));
        p.height = std::max(1, int(std::lround(ih * s)));
        p.x = box.x + (box.width - p.width) / 2;
        p.y = box.y + (box.height - p.height) / 2;
        p.filters = QStringLiteral("scale=w=%1:h=%2%3").arg(p.width).arg(p.height).arg(flags);
    }
    p.filters += QStringLiteral(",format=yuva420p");
    return p;
}

QString seconds(qint64 frames, const Rational &fps)
{
    return QString::number(double(frames) * double(fps.den) / double(fps.num), 'f', 6);
}

Json boxJson(int x, int y, int w, int h)
{
    return {{"x", x}, {"y", y}, {"width", w}, {"height", h}};
}

} // namespace

SceneGraphBuilder::SceneGraphBuilder(const Canvas &canvas) : m_canvas(canvas) {}

QString SceneGraphBuilder::outputLabel(int sceneIndex)
{
    return QStringLiteral("sc%1").arg(sceneIndex);
}

QString SceneGraphBuilder::textFilePath(const ResolvedScene &scene, const ResolvedLayer &layer, int line)
{
    return QStringLiteral("text/%1-%2-%3-%4.txt")
        .arg(scene.index, 3, 10, QLatin1Char('0'))
        .arg(scene.id, layer.id)
        .arg(line);
}

SceneGraph SceneGraphBuilder::build(const ResolvedScene &scene, JobInputs &inputs) const
{
    SceneGraph out;
    const QString prefix = QStringLiteral("s%1").arg(scene.index);
    const QString size = QStringLiteral("%1x%2").arg(m_canvas.width).arg(m_canvas.height);
    const QString rate = m_canvas.fps.toString();
    const qint64 frames = scene.durationFrames;
    Chain chain(prefix);
    Json draws = Json::array();
    bool hasVideo = false;
    int layerLabels = 0;

    // A visual asset as an overlay source: one input, scaled once (stills) or per frame.
    auto assetSource = [&](const ResolvedAsset &asset, const Box &box, const QString &fit, qint64 startFrame,
                           qint64 endFrame) -> Placement {
        const bool still = asset.kind != QLatin1String("video");
        QStringList options;
        QString timing;
        if (!still) {
            hasVideo = true;
            options = {QStringLiteral("-t"), seconds(endFrame - startFrame + 1, m_canvas.fps)};
            timing = QStringLiteral("setpts=PTS-STARTPTS+%1*%2/%3/TB,").arg(startFrame).arg(m_canvas.fps.den).arg(m_canvas.fps.num);
        }
        const int index = inputs.add(asset.absolutePath, options);
        Placement p = placeInto(asset, box, fit, still);
        const QString label = prefix + QStringLiteral("l%1").arg(layerLabels++);
        chain.statement(QStringLiteral("[%1:v]%2%3[%4]").arg(index).arg(timing, p.filters, label));
        p.filters = label;
        return p;
    };
    auto enableFor = [&](qint64 start, qint64 end) -> QString {
        if (start <= 0 && end >= frames)
            return {};
        return QStringLiteral(":enable=") + escapeFilterValue(QStringLiteral("between(n,%1,%2)").arg(start).arg(end - 1));
    };

    // Background: exactly `frames` frames at the canvas size and rate.
    const ResolvedBackground &bg = scene.background;
    Json bgJson = {{"type", toStd(bg.type)}};
    if (bg.type == QLatin1String("gradient")) {
        const bool vertical = bg.direction != QLatin1String("horizontal");
        // One frame of the (otherwise rotating) gradients source, held for the scene.
        chain.startWithSource(QStringLiteral("gradients=s=%1:r=%2:c0=%3:c1=%4:x0=0:y0=0:x1=%5:y1=%6:n=2:seed=0")
                                  .arg(size, rate, ffmpegColor(bg.from), ffmpegColor(bg.to))
                                  .arg(vertical ? 0 : m_canvas.width - 1)
                                  .arg(vertical ? m_canvas.height - 1 : 0));
        chain.add(QStringLiteral("trim=end_frame=1,format=yuv420p,loop=loop=%1:size=1,setpts=N").arg(frames - 1));
        bgJson["from"] = toStd(bg.from), bgJson["to"] = toStd(bg.to), bgJson["direction"] = toStd(bg.direction);
    } else {
        const QString color = bg.type == QLatin1String("color") ? ffmpegColor(bg.color) : QStringLiteral("black");
        chain.startWithSource(QStringLiteral("color=c=%1:s=%2:r=%3").arg(color, size, rate));
        chain.add(QStringLiteral("trim=end_frame=%1").arg(frames));
        if (bg.type == QLatin1String("color")) {
            bgJson["color"] = toStd(bg.color);
        } else {
            const Placement p = assetSource(bg.asset, Box{0, 0, m_canvas.width, m_canvas.height}, bg.fit, 0, frames);
            chain.overlay(p.filters, QStringLiteral("x=%1:y=%2:eof_action=repeat").arg(p.x).arg(p.y));
            bgJson["asset"] = toStd(bg.asset.id), bgJson["fit"] = toStd(bg.fit);
            bgJson["drawn"] = boxJson(p.x, p.y, p.width, p.height);
        }
    }

    for (const ResolvedLayer &l : scene.layers) {
        const QString enable = enableFor(l.startFrame, l.endFrame);
        const Json framesJson = {{"start", l.startFrame}, {"end", l.endFrame}};
        if (l.type == QLatin1String("text")) {
            if (!l.style.background.isEmpty()) {
                chain.add(QStringLiteral("drawbox=x=%1:y=%2:w=%3:h=%4:color=%5:t=fill%6")
                              .arg(l.box.x).arg(l.box.y).arg(l.box.width).arg(l.box.height)
                              .arg(ffmpegColor(l.style.background), enable));
                draws.push_back({{"layer", toStd(l.id)}, {"op", "drawbox"}, {"box", boxJson(l.box.x, l.box.y, l.box.width, l.box.height)},
                                 {"color", toStd(l.style.background)}, {"frames", framesJson}});
            }
            for (qsizetype i = 0; i < l.lines.size(); ++i) {
                const ResolvedTextLine &line = l.lines[i];
                const QString file = textFilePath(scene, l, int(i));
                out.textFiles.append({file, line.text.toUtf8()});
                // drawtext's y is the top of the text's glyph box; its baseline sits
                // max_glyph_a below. Subtracting it puts the baseline where layout put it.
                chain.add(QStringLiteral("drawtext=fontfile=%1:textfile=%2:expansion=none:fontsize=%3:fontcolor=%4:x=%5:y=%6-max_glyph_a%7")
                              .arg(escapeFilterValue(l.fontFile), escapeFilterValue(file))
                              .arg(l.style.sizePx)
                              .arg(ffmpegColor(l.style.color))
                              .arg(line.x)
                              .arg(line.baselineY)
                              .arg(enable));
                draws.push_back({{"layer", toStd(l.id)}, {"op", "drawtext"}, {"line", i}, {"text", toStd(line.text)},
                                 {"textFile", toStd(file)}, {"fontFile", toStd(l.fontFile)}, {"sizePx", l.style.sizePx},
                                 {"color", toStd(l.style.color)}, {"x", line.x}, {"baselineY", line.baselineY},
                                 {"frames", framesJson}});
            }
        } else {
            const Placement p = assetSource(l.asset, l.box, l.fit, l.startFrame, l.endFrame);
            chain.overlay(p.filters, QStringLiteral("x=%1:y=%2:eof_action=repeat%3").arg(p.x).arg(p.y).arg(enable));
            // On 4:2:0 video, overlay positions snap to even coordinates.
            draws.push_back({{"layer", toStd(l.id)}, {"op", "overlay"}, {"asset", toStd(l.asset.id)},
                             {"kind", toStd(l.asset.kind)}, {"fit", toStd(l.fit)},
                             {"drawn", boxJson(p.x & ~1, p.y & ~1, p.width, p.height)}, {"frames", framesJson}});
        }
    }

    Json transition = {{"type", toStd(scene.transitionType)}, {"durationFrames", scene.transitionFrames}};
    if (scene.transitionType == QLatin1String("fade") && scene.transitionFrames > 0)
        chain.add(QStringLiteral("fade=t=in:s=0:n=%1").arg(scene.transitionFrames));
    if (hasVideo)
        chain.add(QStringLiteral("trim=end_frame=%1").arg(frames));
    chain.finish(outputLabel(scene.index));

    out.filter = chain.text();
    out.description = {{"scene", toStd(scene.id)},
                       {"index", scene.index},
                       {"startFrame", scene.startFrame},
                       {"durationFrames", frames},
                       {"background", bgJson},
                       {"transitionIn", transition},
                       {"draws", draws}};
    return out;
}

} // namespace greenlight
