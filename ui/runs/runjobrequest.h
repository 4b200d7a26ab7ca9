#pragma once

#include "common/jsonio.h"
#include "remote/sshhostprofile.h"
#include "render/renderplan.h"
#include "run/runrecord.h"

#include <QDir>
#include <QString>

namespace greenlight {

// What the desk launches: a render or a narration (tts) run of one spec and variant under a
// runbook workload, on a runtime class the workload allows. The launch dialog fills it and
// the run queue keeps it, so a retry is the same request enqueued again.
struct RunJobRequest
{
    RunKind kind = RunKind::Render;
    QString projectRoot;  // the project whose runs/ receives the run
    QString specPath;     // absolute path of the spec file
    QString variant;      // empty = the base spec
    QString workload;     // a runbook workload of this kind
    QString runtimeClass; // local | remote-self-hosted | remote-api; empty = the workload's default
    QString engine;       // the engine the runbook names for that class (for people)
    QString narrationRun; // render only: absolute folder of a narration run, or empty
    RenderOptions renderOptions;          // render only: chunks, encoder
    Json engineSettings = Json::object(); // tts only: remote engine settings (EngineConfig)
    SshHostProfile sshHost;               // render on remote-self-hosted with engine ssh: the host

    // Render on remote-self-hosted with engine slurm: the chunks as a job array on the farm.
    bool isSlurmRender() const
    {
        return kind == RunKind::Render && runtimeClass == QLatin1String("remote-self-hosted")
               && engine == QLatin1String("slurm");
    }
    bool isSshRender() const
    {
        return kind == RunKind::Render && runtimeClass == QLatin1String("remote-self-hosted")
               && engine == QLatin1String("ssh");
    }

    QString specRelativePath() const
    {
        return projectRoot.isEmpty() ? specPath : QDir(projectRoot).relativeFilePath(specPath);
    }
    QString variantLabel() const { return variant.isEmpty() ? QStringLiteral("base") : variant; }
};

} // namespace greenlight
