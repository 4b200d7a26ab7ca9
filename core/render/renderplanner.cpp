#include "render/renderplanner.h"

#include "render/captionburnin.h"
#include "render/filterescape.h"
#include "render/jobinputs.h"
#include "render/scenegraphbuilder.h"

#include <cstdlib>

namespace greenlight {

namespace {

QStringList commonHead()
{
    // stdin stays open: cancelling writes 'q' to it.
    return {QStringLiteral("-hide_banner"), QStringLiteral("-nostats"), QStringLiteral("-loglevel"),
            QStringLiteral("level+info"), QStringLiteral("-progress"), QStringLiteral("pipe:1"),
            QStringLiteral("-stats_period"), QStringLiteral("0.25"), QStringLiteral("-y")};
}

// Digital silence of exactly the video's length, with each narration clip mixed in at its
// start sample. Narration inputs are added to `inputs`.
QString audioGraph(const RenderPlan &plan, JobInputs &inputs)
{
    const int rate = plan.encoder.audioSampleRate;
    const QString layout = plan.encoder.audioChannels == 1 ? QStringLiteral("mono") : QStringLiteral("stereo");
    const QString trim = QStringLiteral("atrim=end_sample=%1").arg(plan.durationSamples);
    QString base = QStringLiteral("anullsrc=r=%1:cl=%2,%3").arg(rate).arg(layout, trim);
    if (plan.narration.isEmpty())
        return base + QStringLiteral("[a]");
    QStringList statements = {base + QStringLiteral("[abase]")};
    QString mixInputs = QStringLiteral("[abase]");
    for (qsizetype i = 0; i < plan.narration.size(); ++i) {
        const NarrationClip &clip = plan.narration[i];
        const int index = inputs.add(clip.path);
        const qint64 delay = framesToSamples(clip.startFrame, plan.canvas.fps, rate);
        const QString label = QStringLiteral("n%1").arg(i);
        statements.append(QStringLiteral("[%1:a]aresample=%2,aformat=sample_fmts=fltp:channel_layouts=%3,adelay=delays=%4S:all=1[%5]")
                              .arg(index).arg(rate).arg(layout).arg(delay).arg(label));
        mixInputs += QLatin1Char('[') + label + QLatin1Char(']');
    }
    statements.append(mixInputs + QStringLiteral("amix=inputs=%1:duration=first:dropout_transition=0:normalize=0,%2[a]")
                                      .arg(plan.narration.size() + 1)
                                      .arg(trim));
    return statements.join(QStringLiteral(";\n"));
}

QString keyframeExpression(const QList<ResolvedScene> &scenes, int first, int count)
{
    QStringList terms;
    qint64 frame = 0;
    for (int i = first; i < first + count; ++i) {
        terms.append(QStringLiteral("eq(n,%1)").arg(frame));
        frame += scenes[i].durationFrames;
    }
    return QStringLiteral("expr:") + terms.join(QLatin1Char('+'));
}

} // namespace

QList<int> chunkBoundaries(const QList<ResolvedScene> &scenes, int chunks)
{
    const int n = int(scenes.size());
    chunks = std::clamp(chunks, 1, std::max(1, n));
    qint64 total = 0;
    for (const ResolvedScene &s : scenes)
        total += s.durationFrames;
    QList<int> starts = {0};
    qint64 done = 0;
    for (int i = 0; i < n && starts.size() < chunks; ++i) {
        done += scenes[i].durationFrames;
        const int remainingScenes = n - (i + 1);
        const int remainingChunks = chunks - int(starts.size());
        if (remainingScenes <= 0)
            break;
        // Cut after scene i when that lands closer to this chunk's share than cutting after
        // the next scene, or when every remaining scene must start a chunk of its own.
        const qint64 target = total * qint64(starts.size()) / chunks;
        const qint64 next = scenes[i + 1].durationFrames;
        if (remainingScenes <= remainingChunks || std::llabs(done - target) <= std::llabs(done + next - target))
            starts.append(i + 1);
    }
    return starts;
}

Result<RenderPlan> buildRenderPlan(const ResolvedProps &props, const RenderOptions &options)
{
    if (props.scenes.isEmpty() || props.durationFrames <= 0)
        return makeError(QStringLiteral("render.plan.invalid"), QStringLiteral("the spec has no frames to render"));
    RenderPlan plan;
    plan.program = options.program;
    plan.canvas = props.canvas;
    plan.durationFrames = props.durationFrames;
    plan.encoder = options.encoder;
    plan.encoder.audioSampleRate = props.audioSampleRate;
    plan.audioSampleRate = props.audioSampleRate;
    plan.durationSamples = props.durationSamples;
    plan.narration = options.narration;
    if (!props.captions.isEmpty())
        plan.captions = props.captions.toJson()["cues"];

    const SceneGraphBuilder builder(props.canvas);
    const QList<int> starts = chunkBoundaries(props.scenes, options.chunks);
    plan.chunks = int(starts.size());
    const bool single = plan.chunks == 1;
    const QStringList videoArgs = plan.encoder.videoArgs(props.canvas.fps);

    for (qsizetype c = 0; c < starts.size(); ++c) {
        const int first = starts[c];
        const int count = int((c + 1 < starts.size() ? starts[c + 1] : props.scenes.size()) - first);
        JobInputs inputs;
        QStringList statements;
        QString labels;
        qint64 frames = 0;
        for (int i = first; i < first + count; ++i) {
            const ResolvedScene &scene = props.scenes[i];
            SceneGraph g = builder.build(scene, inputs);
            statements.append(g.filter);
            plan.scenes.push_back(g.description);
            plan.files.append(g.textFiles);
            labels += QLatin1Char('[') + SceneGraphBuilder::outputLabel(scene.index) + QLatin1Char(']');
            frames += scene.durationFrames;
        }
        // Scenes in order, then timestamps rebuilt as exact frame numbers at the canvas rate,
        // then the captions that show in these frames.
        const QString captions = captionFilters(props.captions, props.scenes[first].startFrame, frames, plan.files);
        statements.append(labels + QStringLiteral("concat=n=%1:v=1:a=0,settb=expr=%2/%3,setpts=N%4[v]")
                                       .arg(count).arg(props.canvas.fps.den).arg(props.canvas.fps.num)
                                       .arg(captions.isEmpty() ? QString() : QLatin1Char(',') + captions));

        PlanJob job;
        job.role = single ? QStringLiteral("render") : QStringLiteral("chunk");
        job.id = single ? QStringLiteral("render") : QStringLiteral("chunk-%1").arg(c, 3, 10, QLatin1Char('0'));
        job.filterScript = QStringLiteral("filters/%1.txt").arg(job.id);
        job.output = single ? plan.output : QStringLiteral("chunks/%1.mp4").arg(job.id);
        job.log = QStringLiteral("logs/ffmpeg-%1.log").arg(job.id);
        job.firstScene = first;
        job.sceneCount = count;
        job.firstFrame = props.scenes[first].startFrame;
        job.frameCount = frames;
        if (single)
            statements.append(audioGraph(plan, inputs));
        plan.files.append({job.filterScript, (statements.join(QStringLiteral(";\n")) + QLatin1Char('\n')).toUtf8()});

        job.args = commonHead() + inputs.args();
        job.args << QStringLiteral("-filter_complex_script") << job.filterScript << QStringLiteral("-map")
                 << QStringLiteral("[v]");
        if (single)
            job.args << QStringLiteral("-map") << QStringLiteral("[a]");
        job.args << videoArgs << QStringLiteral("-force_key_frames") << keyframeExpression(props.scenes, first, count);
        if (single)
            job.args << plan.encoder.audioArgs();
        job.args << EncoderSettings::muxArgs(single) << job.output;
        plan.jobs.append(job);
        if (!single)
            plan.intermediates.append(job.output);
    }

    if (!single) {
        // Each chunk's exact duration: without it the concat demuxer offsets the next chunk by
        // the container's duration, which MP4 rounds to milliseconds (wrong for 30000/1001).
        QByteArray list = "ffconcat version 1.0\n";
        for (const PlanJob &j : std::as_const(plan.jobs)) {
            const qint64 us = (j.frameCount * props.canvas.fps.den * 1000000 + props.canvas.fps.num / 2) / props.canvas.fps.num;
            list += "file '" + QStringLiteral("%1.mp4").arg(j.id).toUtf8() + "'\n";
            list += "duration " + QStringLiteral("%1.%2").arg(us / 1000000).arg(us % 1000000, 6, 10, QLatin1Char('0')).toUtf8() + "\n";
        }
        plan.files.append({QStringLiteral("chunks/list.txt"), list});
        plan.intermediates.append(QStringLiteral("chunks/list.txt"));

        JobInputs inputs;
        inputs.add(QStringLiteral("chunks/list.txt"),
                   {QStringLiteral("-f"), QStringLiteral("concat"), QStringLiteral("-safe"), QStringLiteral("0"),
                    QStringLiteral("-auto_convert"), QStringLiteral("0")});
        PlanJob concat;
        concat.id = QStringLiteral("concat");
        concat.role = QStringLiteral("concat");
        concat.filterScript = QStringLiteral("filters/audio.txt");
        concat.output = plan.output;
        concat.log = QStringLiteral("logs/ffmpeg-concat.log");
        concat.sceneCount = int(props.scenes.size());
        concat.frameCount = props.durationFrames;
        plan.files.append({concat.filterScript, (audioGraph(plan, inputs) + QLatin1Char('\n')).toUtf8()});
        concat.args = commonHead() + inputs.args();
        concat.args << QStringLiteral("-filter_complex_script") << concat.filterScript << QStringLiteral("-map")
                    << QStringLiteral("0:v") << QStringLiteral("-map") << QStringLiteral("[a]") << QStringLiteral("-c:v")
                    << QStringLiteral("copy") << plan.encoder.audioArgs() << EncoderSettings::muxArgs(true)
                    << concat.output;
        plan.jobs.append(concat);
    }
    return plan;
}

} // namespace greenlight
