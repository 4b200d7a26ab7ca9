#include "render/renderplan.h"

#include "render/filterescape.h"

namespace greenlight {

qint64 RenderPlan::framesBefore(int job) const
{
    qint64 frames = 0;
    for (int i = 0; i < job && i < jobs.size(); ++i)
        if (jobs[i].role != QLatin1String("concat"))
            frames += jobs[i].frameCount;
    return frames;
}

Json RenderPlan::toJson() const
{
    Json jobsJson = Json::array();
    for (const PlanJob &j : jobs) {
        Json args = Json::array();
        QStringList quoted = {shellQuote(program)};
        for (const QString &a : j.args) {
            args.push_back(toStd(a));
            quoted.append(shellQuote(a));
        }
        jobsJson.push_back({{"id", toStd(j.id)},
                            {"role", toStd(j.role)},
                            {"scenes", {{"first", j.firstScene}, {"count", j.sceneCount}}},
                            {"frames", {{"first", j.firstFrame}, {"count", j.frameCount}}},
                            {"filterScript", toStd(j.filterScript)},
                            {"output", toStd(j.output)},
                            {"log", toStd(j.log)},
                            {"program", toStd(program)},
                            {"args", args},
                            {"commandLine", toStd(quoted.join(QLatin1Char(' ')))}});
    }
    Json narrationJson = Json::array();
    for (const NarrationClip &c : narration)
        narrationJson.push_back({{"path", toStd(c.path)}, {"startFrame", c.startFrame}, {"scene", toStd(c.sceneId)}});
    Json filesJson = Json::array();
    for (const PlanFile &f : files)
        filesJson.push_back(toStd(f.path));
    Json inter = Json::array();
    for (const QString &f : intermediates)
        inter.push_back(toStd(f));
    return {{"schemaVersion", 1},
            {"workingDirectory", "the run folder: run each job's program with its args from there, in order"},
            {"canvas", {{"width", canvas.width}, {"height", canvas.height},
                        {"fps", {{"num", canvas.fps.num}, {"den", canvas.fps.den}}}}},
            {"durationFrames", durationFrames},
            {"audio", {{"sampleRate", audioSampleRate}, {"durationSamples", durationSamples},
                       {"narration", narrationJson.empty() ? Json("silence") : Json("clips")},
                       {"clips", narrationJson}}},
            {"encoder", encoder.toJson(canvas.fps)},
            {"chunks", chunks},
            {"output", toStd(output)},
            {"scenes", scenes},
            {"captions", captions},
            {"files", filesJson},
            {"jobs", jobsJson},
            {"intermediates", inter}};
}

} // namespace greenlight
