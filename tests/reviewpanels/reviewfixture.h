#pragma once

// Fixtures shared by the review panel and export suites: the headless demo project (a real
// render run with findings and one decision), a synthetic run whose every frame has its own
// brightness, and frames extracted with the ffmpeg program for comparison.
#include "testsupport.h"

#include "gate/gate.h"
#include "runbook/runbook.h"

#include <QDir>
#include <QImage>
#include <QTemporaryDir>
#include <QtTest>

namespace greenlight::test {

// Runs `greenlight-cli demo` into `outDir`; returns the render run folder, empty on failure.
inline QString makeDemoProject(const QString &outDir)
{
    const auto r = runCli({QStringLiteral("demo"), sourceDir() + QStringLiteral("/resources/demo"),
                           QStringLiteral("--out"), outDir});
    if (r.exitCode != 0) {
        qWarning("demo failed: %s %s", r.out.constData(), r.err.constData());
        return {};
    }
    return demoBaseRun(outDir, QStringLiteral("render"));
}

inline Result<GateEvaluation> evaluateRun(const QString &runDir)
{
    QDir project(runDir);
    project.cdUp();
    project.cdUp();
    auto runbook = Runbook::forProject(project.absolutePath());
    if (!runbook)
        return runbook.error();
    return evaluateGate(runDir, *runbook);
}

// A video whose frame n has luma 16 + (n * 37) mod 220 (every frame of the first 220 differs
// from its neighbours by 37 levels or more), H.264 with B-frames.
inline bool makeBrightnessVideo(const QString &path, const QString &rate, int frames, int width = 320,
                                int height = 240)
{
    return ffmpeg({QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                   QStringLiteral("color=c=black:s=%1x%2:r=%3,format=gray,geq=lum='16+mod(N*37\\,220)'")
                       .arg(width)
                       .arg(height)
                       .arg(rate),
                   QStringLiteral("-frames:v"), QString::number(frames), QStringLiteral("-pix_fmt"),
                   QStringLiteral("yuv420p"), QStringLiteral("-c:v"), QStringLiteral("libx264"),
                   QStringLiteral("-bf"), QStringLiteral("3"), QStringLiteral("-g"), QStringLiteral("24"),
                   QStringLiteral("-crf"), QStringLiteral("12"), QStringLiteral("-r"), rate, path});
}

// Frame n of a video as the ffmpeg program decodes it.
inline QImage ffmpegFrame(const QString &video, qint64 n, const QString &tmpDir)
{
    const QString png = QDir(tmpDir).filePath(QStringLiteral("ffmpeg-frame-%1.png").arg(n));
    if (!ffmpeg({QStringLiteral("-i"), video, QStringLiteral("-vf"), QStringLiteral("select=eq(n\\,%1)").arg(n),
                 QStringLiteral("-frames:v"), QStringLiteral("1"), QStringLiteral("-vsync"), QStringLiteral("0"),
                 png}))
        return {};
    return QImage(png);
}

inline double meanLuma(const QImage &image)
{
    if (image.isNull())
        return -1;
    const QImage img = image.convertToFormat(QImage::Format_Grayscale8);
    double sum = 0;
    for (int y = 0; y < img.height(); ++y) {
        const uchar *line = img.constScanLine(y);
        for (int x = 0; x < img.width(); ++x)
            sum += line[x];
    }
    return sum / double(img.width() * img.height());
}

// "HH:MM:SS:FF" counted at the nominal integer rate (non-drop-frame), written out here
// independently of the code under test.
inline QString expectedTimecode(qint64 frame, int base)
{
    const qint64 ff = frame % base;
    const qint64 totalSeconds = frame / base;
    return QStringLiteral("%1:%2:%3:%4")
        .arg(totalSeconds / 3600, 2, 10, QLatin1Char('0'))
        .arg((totalSeconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(totalSeconds % 60, 2, 10, QLatin1Char('0'))
        .arg(ff, 2, 10, QLatin1Char('0'));
}

// An evaluation of a synthetic render run in `runDir` (video output.mp4 at `fps`), with
// `findings` and no ledger.
inline GateEvaluation syntheticEvaluation(const QString &runDir, const Rational &fps, qint64 frames,
                                          const Findings &findings)
{
    GateEvaluation ev;
    ev.runDir = runDir;
    ev.projectRoot = QFileInfo(runDir).absolutePath();
    ev.run.id = QStringLiteral("20240501-090000-render-synthetic");
    ev.run.kind = RunKind::Render;
    ev.run.status = RunStatus::Succeeded;
    ev.run.spec.path = QStringLiteral("specs/synthetic.json");
    ev.run.spec.specId = QStringLiteral("synthetic");
    ev.run.spec.variant = QStringLiteral("9x16");
    RunMedia media;
    media.width = 320;
    media.height = 240;
    media.fps = fps;
    media.durationFrames = frames;
    ev.run.media = media;
    RunArtifact video;
    video.path = QStringLiteral("output.mp4");
    video.role = QStringLiteral("video");
    ev.run.artifacts = {video};
    ev.workload = QStringLiteral("render-final");
    ev.manifestSha256 = QString(64, QLatin1Char('a'));
    for (Stage s : {Stage::Structural, Stage::Deterministic, Stage::Semantic}) {
        GateStage g;
        g.stage = s;
        g.required = true;
        g.state = QStringLiteral("findings");
        ev.stages.append(g);
    }
    ev.findings = findings;
    return ev;
}

inline Finding finding(const QString &code, Stage stage, Severity severity, std::optional<FrameRange> frames,
                       const QString &message)
{
    Finding f;
    f.code = code;
    f.stage = stage;
    f.severity = severity;
    f.frames = frames;
    f.message = message;
    return f;
}

} // namespace greenlight::test
