#pragma once

#include <QStringList>

class QCommandLineParser;

namespace greenlight::cli {

class RenderArguments;

// `render --ssh HOST` and `render --slurm`: the same render on a self-hosted box over SSH or
// on a Slurm farm (runtime class remote-self-hosted), with the same run folder, progress
// output and exit codes as a local render.
class RemoteRender
{
public:
    static void addOptions(QCommandLineParser &parser);
    // Whether the options ask for a remote render.
    static bool isRequested(const QCommandLineParser &parser);
    // Runs it; the exit code of `render`.
    static int run(const QCommandLineParser &parser, const RenderArguments &render, bool json);
};

} // namespace greenlight::cli
