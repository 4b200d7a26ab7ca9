#include "render/renderpreparation.h"

#include "common/hashing.h"
#include "cues/captionbuilder.h"
#include "cues/subtitlewriter.h"
#include "render/captionburnin.h"
#include "render/narrationinput.h"
#include "render/renderplanner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

namespace greenlight {

namespace {

QString projectRelative(const QString &root, const QString &absolute)
{
    const QString rel = QDir(root).relativeFilePath(absolute);
    return rel.startsWith(QLatin1String("..")) ? QDir::cleanPath(absolute) : rel;
}

Result<RunInput> hashedInput(const QString &role, const QString &id, const QString &root, const QString &absolute)
{
    Result<QString> hash = sha256File(absolute);
    if (!hash)
        return makeError(QStringLiteral("render.input.unreadable"),
                         QStringLiteral("the %1 file %2 cannot be read (%3); restore it and render again")
                             .arg(role, projectRelative(root, absolute), hash.error().message),
                         absolute);
    return RunInput{role, id, projectRelative(root, absolute), *hash};
}

Status writeIn(const QString &runDir, const QString &rel, const QByteArray &bytes)
{
    const QString path = QDir(runDir).filePath(rel);
    if (!QDir().mkpath(QFileInfo(path).path()))
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot create folder"), QFileInfo(path).path());
    return writeFileAtomically(path, bytes);
}

// The captions the spec asks for, from the narration run's cues (or the spec's own lines):
// laid out into props.captions when they are burned in; returned as sidecar files when they
// are written beside the video.
Result<QList<PlanFile>> decideCaptions(ResolvedProps &props, const std::optional<NarrationRunInput> &narrationRun,
                                       const QString &projectRoot)
{
    QList<PlanFile> sidecars;
    Result<VideoSpec> spec = VideoSpec::fromJson(props.resolvedSpec);
    if (!spec)
        return spec.error();
    if (!spec->captions)
        return sidecars;
    const Captions &c = *spec->captions;
    const QString mode = c.mode.value_or(QStringLiteral("sidecar"));
    if (c.source != QLatin1String("lines") && !narrationRun) {
        props.warnings.append({QStringLiteral("render.captions.no-narration"),
                               QStringLiteral("the captions come from the narration, but this render has no narration "
                                              "run, so none were drawn or written; render with a narration run "
                                              "(greenlight-cli render --narration RUN) to caption it"),
                               QStringLiteral("/captions/source")});
        return sidecars;
    }
    CueTimeline timeline;
    if (narrationRun) {
        timeline = narrationRun->cues;
    } else {
        timeline.specId = props.specId;
        timeline.fps = props.canvas.fps;
    }
    const QList<CaptionCue> cues = captionsForSpec(*spec, timeline);
    if (cues.isEmpty())
        return sidecars;
    if (mode == QLatin1String("burn-in") || mode == QLatin1String("both")) {
        Result<ResolvedCaptions> burned = resolveCaptions(*spec, cues, projectRoot, props.warnings);
        if (!burned)
            return burned.error();
        props.captions = *burned;
    }
    if (mode == QLatin1String("sidecar") || mode == QLatin1String("both")) {
        sidecars.append({QStringLiteral("captions.vtt"), SubtitleWriter::toWebVtt(cues, props.canvas.fps)});
        sidecars.append({QStringLiteral("captions.srt"), SubtitleWriter::toSrt(cues, props.canvas.fps)});
    }
    return sidecars;
}

} // namespace

Result<PreparedRender> prepareRender(const RenderRequest &request, const QString &projectRoot, const QString &runDir)
{
    PreparedRender out;
    QFile specFile(request.specPath);
    if (!specFile.open(QIODevice::ReadOnly))
        return makeError(QStringLiteral("render.input.unreadable"),
                         QStringLiteral("cannot read the spec: %1").arg(specFile.errorString()), request.specPath);
    const QByteArray specBytes = specFile.readAll();
    Result<Json> doc = parseJson(specBytes, request.specPath);
    if (!doc)
        return doc.error();
    out.spec.path = projectRelative(projectRoot, QFileInfo(request.specPath).absoluteFilePath());
    out.spec.variant = request.variant;
    out.spec.sha256 = sha256Hex(specBytes);

    Result<ResolvedProps> props = resolveProps(*doc, request.variant, projectRoot);
    if (!props)
        return props.error();
    out.spec.specId = props->specId;
    out.media = {props->canvas.width, props->canvas.height, props->canvas.fps, props->durationFrames,
                 props->audioSampleRate, props->durationSamples};

    Result<FfmpegVersionInfo> ffmpeg = probeFfmpegVersion(request.options.program);
    if (!ffmpeg)
        return ffmpeg.error();
    out.ffmpeg = *ffmpeg;

    RenderOptions options = request.options;
    for (NarrationClip &clip : options.narration)
        clip.path = QDir(projectRoot).absoluteFilePath(clip.path);

    // The narration run: its track from frame 0, its cues for the captions.
    std::optional<NarrationRunInput> narrationRun;
    if (!request.narrationRun.isEmpty()) {
        Result<NarrationRunInput> n = loadNarrationRun(QDir(projectRoot).absoluteFilePath(request.narrationRun),
                                                       props->specId, request.variant, props->canvas.fps);
        if (!n)
            return n.error();
        narrationRun = *n;
        out.narrationRunId = n->runId;
    }
    Result<QList<PlanFile>> sidecars = decideCaptions(*props, narrationRun, projectRoot);
    if (!sidecars)
        return sidecars.error();
    out.warningCount = int(props->warnings.size());
    if (narrationRun)
        options.narration.prepend(NarrationClip{narrationRun->wavPath, 0, QString()});
    Result<RenderPlan> plan = buildRenderPlan(*props, options);
    if (!plan)
        return plan.error();
    out.plan = *plan;

    // Inputs with their hashes as read now: assets, fonts, narration audio.
    for (const ResolvedAsset &a : props->assets) {
        Result<RunInput> in = hashedInput(QStringLiteral("asset"), a.id, projectRoot, a.absolutePath);
        if (!in)
            return in.error();
        out.inputs.append(*in);
    }
    QSet<QString> fonts;
    for (const ResolvedScene &s : props->scenes)
        for (const ResolvedLayer &l : s.layers)
            if (l.type == QLatin1String("text") && !fonts.contains(l.fontFile)) {
                fonts.insert(l.fontFile);
                Result<RunInput> in = hashedInput(QStringLiteral("font"), QString(), projectRoot, l.fontFile);
                if (!in)
                    return in.error();
                out.inputs.append(*in);
            }
    if (!props->captions.isEmpty() && !fonts.contains(props->captions.fontFile)) {
        Result<RunInput> in = hashedInput(QStringLiteral("font"), QString(), projectRoot, props->captions.fontFile);
        if (!in)
            return in.error();
        out.inputs.append(*in);
    }
    if (narrationRun) {
        out.inputs.append({QStringLiteral("narration-audio"), narrationRun->runId,
                           projectRelative(projectRoot, narrationRun->wavPath), narrationRun->wavSha256});
        out.inputs.append({QStringLiteral("narration-cues"), narrationRun->runId,
                           projectRelative(projectRoot, narrationRun->cuesPath), narrationRun->cuesSha256});
    }
    for (const NarrationClip &clip : std::as_const(request.options.narration)) {
        const QString path = QDir(projectRoot).absoluteFilePath(clip.path);
        Result<RunInput> in = hashedInput(QStringLiteral("narration-audio"), clip.sceneId, projectRoot, path);
        if (!in)
            return in.error();
        out.inputs.append(*in);
    }

    // The sidecars and every file a job reads, before any job starts.
    QList<PlanFile> files = out.plan.files;
    files.append({QStringLiteral("props.json"), toJsonText(props->toJson())});
    files.append({QStringLiteral("warnings.json"), toJsonText(props->warningsJson())});
    files.append({QStringLiteral("plan.json"), toJsonText(out.plan.toJson())});
    files.append(*sidecars);
    for (const PlanFile &f : std::as_const(*sidecars))
        out.captionSidecars.append(f.path);
    for (const PlanFile &f : std::as_const(files))
        if (Status s = writeIn(runDir, f.path, f.content); !s)
            return s.error();
    if (!QDir().mkpath(QDir(runDir).filePath(QStringLiteral("logs"))))
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot create the logs folder"), runDir);
    return out;
}

} // namespace greenlight
