#include "remoterender.h"

#include "command.h"
#include "interrupts.h"
#include "progressprinter.h"
#include "renderarguments.h"
#include "renderloop.h"

#include "remote/slurmlocalrunner.h"
#include "remote/slurmrenderrunner.h"
#include "remote/slurmsshrunner.h"
#include "remote/sshrenderrunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace greenlight::cli {

namespace {

SshHostProfile profileFrom(const QCommandLineParser &parser)
{
    SshHostProfile profile;
    profile.host = parser.value(QStringLiteral("ssh"));
    if (parser.isSet(QStringLiteral("ssh-port")))
        profile.port = parser.value(QStringLiteral("ssh-port")).toInt();
    profile.configFile = parser.value(QStringLiteral("ssh-config"));
    profile.remoteProjectRoot = parser.value(QStringLiteral("remote-root"));
    profile.remoteCli = parser.value(QStringLiteral("remote-cli"));
    return profile;
}

int runOverSsh(const QCommandLineParser &parser, const RenderArguments &render, bool json)
{
    const SshHostProfile profile = profileFrom(parser);
    if (Status valid = profile.validate(); !valid) {
        RenderArguments::printRefusal(QStringLiteral("render"), json, valid.error().toString());
        return ExitUsage;
    }
    const SshRenderRequest request = SshRenderRequest::from(render.request());

    Interrupts interrupts;
    ProgressPrinter printer(ProgressPrinter::modeFor(json));
    QEventLoop loop;
    SshRenderOptions options;
    QObject::connect(&interrupts, &Interrupts::interrupted, &loop, [&] {
        if (!options.cancel.isCancelled()) {
            printer.cancelling();
            options.cancel.cancel();
        }
    });
    options.progress = [&loop, &printer](const SshRenderProgress &p) {
        QMetaObject::invokeMethod(&loop, [&printer, p] {
            if (p.phase == SshRenderProgress::Phase::Remote && p.totalFrames > 0)
                printer.progress(p.fraction, p.frame, p.totalFrames);
            else if (!p.message.isEmpty())
                err() << p.message << "\n", err().flush();
        }, Qt::QueuedConnection);
    };
    QFutureWatcher<SshRenderOutcome> watcher;
    QObject::connect(&watcher, &QFutureWatcher<SshRenderOutcome>::finished, &loop, &QEventLoop::quit, Qt::QueuedConnection);
    watcher.setFuture(QtConcurrent::run(
        [profile, request, options] { return SshRenderRunner(profile).runToOutcome(request, options); }));
    loop.exec();
    const SshRenderOutcome outcome = watcher.result();
    if (!outcome.result) {
        RenderArguments::printRefusal(QStringLiteral("render"), json, outcome.error.toString());
        return options.cancel.isCancelled() ? ExitCancelled : ExitFailed;
    }
    printer.started(outcome.result->record.id, outcome.result->runDir);
    printer.finished(outcome.result->record, outcome.result->runDir);
    return exitCodeFor(outcome.result->record.status);
}

int runOnSlurm(const QCommandLineParser &parser, const RenderArguments &render, bool json)
{
    // With --ssh the commands run on that login node; the project must be on storage it shares.
    std::shared_ptr<SlurmCommandRunner> commands;
    SlurmRenderOptions options;
    if (parser.isSet(QStringLiteral("ssh"))) {
        const SshHostProfile login = profileFrom(parser);
        if (Status valid = login.validate(); !valid) {
            RenderArguments::printRefusal(QStringLiteral("render"), json, valid.error().toString());
            return ExitUsage;
        }
        commands = std::make_shared<SlurmSshRunner>(login, parser.value(QStringLiteral("slurm-conf")));
        options.cliPath = login.remoteCli;
    } else {
        auto local = std::make_shared<SlurmLocalRunner>();
        if (parser.isSet(QStringLiteral("slurm-conf")))
            local->setSlurmConf(parser.value(QStringLiteral("slurm-conf")));
        commands = local;
        options.cliPath = QCoreApplication::applicationFilePath();
    }
    SlurmRenderRunner runner(commands);
    options.partition = parser.value(QStringLiteral("partition"));
    runner.setOptions(options);

    ProgressPrinter printer(ProgressPrinter::modeFor(json));
    QObject::connect(&runner, &SlurmRenderRunner::progress, &runner, [&](int done, int chunks) {
        printer.progress(chunks > 0 ? double(done) / chunks : 0.0, done, chunks);
    });
    return followRender(runner, render.request(), printer, json);
}

} // namespace

void RemoteRender::addOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("ssh"),
                      QStringLiteral("Render on this host over SSH (an alias from ~/.ssh/config or user@host); "
                                     "runtime class remote-self-hosted, engine ssh."),
                      QStringLiteral("HOST")});
    parser.addOption({QStringLiteral("ssh-port"), QStringLiteral("With --ssh: the port (default: ssh's config)."),
                      QStringLiteral("PORT")});
    parser.addOption({QStringLiteral("ssh-config"), QStringLiteral("With --ssh: the ssh config file (ssh -F)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("remote-root"),
                      QStringLiteral("With --ssh: the folder projects go to on the host (default greenlight, in its home)."),
                      QStringLiteral("DIR"), QStringLiteral("greenlight")});
    parser.addOption({QStringLiteral("remote-cli"), QStringLiteral("With --ssh: greenlight-cli on the host."),
                      QStringLiteral("PATH"), QStringLiteral("greenlight-cli")});
    parser.addOption({QStringLiteral("slurm"),
                      QStringLiteral("Render on a Slurm farm: the chunks (--chunks) as a job array, then a concat job. "
                                     "Submitted from this machine, or with --ssh HOST on that login node (--remote-cli "
                                     "is greenlight-cli on the nodes); the project must be on storage the nodes share.")});
    parser.addOption({QStringLiteral("partition"), QStringLiteral("With --slurm: the partition (default: the cluster's)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("slurm-conf"), QStringLiteral("With --slurm: the slurm.conf the commands use (SLURM_CONF)."),
                      QStringLiteral("FILE")});
}

bool RemoteRender::isRequested(const QCommandLineParser &parser)
{
    return parser.isSet(QStringLiteral("ssh")) || parser.isSet(QStringLiteral("slurm"));
}

int RemoteRender::run(const QCommandLineParser &parser, const RenderArguments &render, bool json)
{
    return parser.isSet(QStringLiteral("slurm")) ? runOnSlurm(parser, render, json) : runOverSsh(parser, render, json);
}

} // namespace greenlight::cli
