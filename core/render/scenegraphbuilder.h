#pragma once

#include "common/jsonio.h"
#include "render/renderplan.h"
#include "render/resolvedprops.h"

#include <QList>
#include <QString>

namespace greenlight {

class JobInputs;

// The filter graph of one scene, self-contained: it draws exactly durationFrames frames
// (scene-local frame numbers from 0) at the canvas size and rate, ending in the label
// outputLabel(scene.index). Nothing in it depends on other scenes, so any run of whole
// scenes can be rendered on its own and concatenated.
struct SceneGraph
{
    QString filter;            // statements separated by ";\n"
    Json description;          // what is drawn, for plan.json
    QList<PlanFile> textFiles; // textfile= inputs, relative to the run folder
};

class SceneGraphBuilder
{
public:
    explicit SceneGraphBuilder(const Canvas &canvas);

    // Adds the scene's asset inputs to `inputs`.
    SceneGraph build(const ResolvedScene &scene, JobInputs &inputs) const;

    static QString outputLabel(int sceneIndex);
    // Where a text layer's line text is written for drawtext's textfile=.
    static QString textFilePath(const ResolvedScene &scene, const ResolvedLayer &layer, int line);

private:
    Canvas m_canvas;
};

} // namespace greenlight
