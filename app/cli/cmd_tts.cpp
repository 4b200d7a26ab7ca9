#include "command.h"
#include "interrupts.h"
#include "report.h"

#include "common/jsonio.h"
#include "narration/narrationrunner.h"
#include "spec/project.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent>

namespace greenlight::cli {

namespace {

void jsonLine(const Json &event)
{
    out() << toQString(event.dump(-1, ' ', false, Json::error_handler_t::replace)) << "\n";
    out().flush();
}

void printRefusal(bool json, const QString &reason, const QString &label, const Findings &findings)
{
    if (json) {
        Json list = Json::array();
        for (const Finding &f : findings)
            list.push_back(f.toJson());
        jsonLine({{"event", "refused"}, {"reason", toStd(reason)}, {"findings", list}});
    }
    err() << "greenlight-cli tts: " << reason << "\n";
    if (!findings.isEmpty())
        printFindingsReport({{label, findings}});
    err().flush();
}

void describeTts(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Voice a spec's narration into a run folder (runs/<run-id>/: run.json, narration.wav (mono s16, 48 kHz), "
        "cues.json, captions.vtt, captions.srt, findings.json, logs/, manifest.json). The runbook workload picks the "
        "runtime classes, engines, retries and reroutes; API keys come from GREENLIGHT_<NAME>_API_KEY or the keyring. "
        "Exit 0 succeeded, 1 failed, 2 unusable input, 4 cancelled (Ctrl+C)."));
    parser.addOption({QStringLiteral("variant"), QStringLiteral("Voice this variant of the spec."), QStringLiteral("V")});
    parser.addOption({QStringLiteral("workload"), QStringLiteral("The runbook's tts workload (default draft-narration)."),
                      QStringLiteral("W"), QStringLiteral("draft-narration")});
    parser.addOption({QStringLiteral("class"),
                      QStringLiteral("Start with this runtime class: local, remote-self-hosted or remote-api."),
                      QStringLiteral("CLASS")});
    parser.addOption({QStringLiteral("engine-settings"),
                      QStringLiteral("JSON file with remote engine settings ({\"engines\": {\"kokoro\": {\"baseUrl\": ...}}})."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("runbook"), QStringLiteral("Runbook file (default: the project's runbook.json, else the built-in policy)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("out"), QStringLiteral("Project whose runs/ receives the run (default: the spec's project)."),
                      QStringLiteral("PROJECT")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON-lines events (started, progress, finished).")});
    parser.addPositionalArgument(QStringLiteral("spec"), QStringLiteral("The spec file to voice."), QStringLiteral("<spec>"));
}

int runTts(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("tts")))
        return *exit;
    const bool json = parser.isSet(QStringLiteral("json"));
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli tts: give exactly one spec file\n";
        return ExitUsage;
    }
    const QFileInfo spec(parser.positionalArguments().first());
    if (!spec.isFile()) {
        printRefusal(json, QStringLiteral("no such spec file: ") + spec.filePath(), {}, {});
        return ExitUsage;
    }
    Result<Project> project = Project::open(spec.absoluteFilePath());
    if (!project) {
        printRefusal(json, project.error().toString(), {}, {});
        return ExitUsage;
    }
    NarrationRequest request;
    request.specPath = spec.absoluteFilePath();
    request.projectRoot = project->root();
    request.variant = parser.value(QStringLiteral("variant"));
    request.workload = parser.value(QStringLiteral("workload"));
    request.forcedClass = parser.value(QStringLiteral("class"));
    if (parser.isSet(QStringLiteral("out"))) {
        request.outputProject = QFileInfo(parser.value(QStringLiteral("out"))).absoluteFilePath();
        if (!QDir().mkpath(request.outputProject)) {
            printRefusal(json, QStringLiteral("cannot create the output project folder ") + request.outputProject, {}, {});
            return ExitUsage;
        }
    }
    if (parser.isSet(QStringLiteral("engine-settings"))) {
        Result<Json> s = readJsonFile(parser.value(QStringLiteral("engine-settings")));
        if (!s) {
            printRefusal(json, s.error().toString(), {}, {});
            return ExitUsage;
        }
        request.engineSettings = *s;
    }
    if (parser.isSet(QStringLiteral("runbook"))) {
        Result<Runbook> rb = Runbook::load(parser.value(QStringLiteral("runbook")));
        if (!rb) {
            printRefusal(json, rb.error().toString(), {}, {});
            return ExitUsage;
        }
        request.runbook = *rb;
    }

    Interrupts interrupts;
    QEventLoop loop;
    CancelToken cancel;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&interrupts, &Interrupts::interrupted, &loop, [&] {
        if (!cancel.isCancelled()) {
            if (json)
                jsonLine({{"event", "cancelling"}});
            else
                err() << "cancelling...\n";
            cancel.cancel();
        }
    });

    // Events come from the worker; printing happens on this thread.
    NarrationRunner::Callbacks callbacks;
    callbacks.started = [&](const QString &id, const QString &dir) {
        QMetaObject::invokeMethod(&loop, [=] {
            if (json)
                jsonLine({{"event", "started"}, {"runId", toStd(id)}, {"runDir", toStd(dir)}});
            else
                out() << "tts " << id << "\n";
            out().flush();
        }, Qt::QueuedConnection);
    };
    callbacks.progress = [&](int done, int total, const QString &what) {
        QMetaObject::invokeMethod(&loop, [=] {
            if (json)
                jsonLine({{"event", "progress"}, {"segment", done}, {"totalSegments", total},
                          {"fraction", total > 0 ? double(done) / total : 1.0}, {"what", toStd(what)}});
            else
                out() << "[" << done << "/" << total << "] " << what << "\n";
            out().flush();
        }, Qt::QueuedConnection);
    };

    NarrationRunner runner(request);
    QFutureWatcher<NarrationOutcome> watcher;
    QObject::connect(&watcher, &QFutureWatcher<NarrationOutcome>::finished, &loop, &QEventLoop::quit,
                     Qt::QueuedConnection);
    watcher.setFuture(QtConcurrent::run([&runner, cancel, callbacks] { return runner.run(cancel, callbacks); }));
    loop.exec();
    const NarrationOutcome outcome = watcher.result();

    if (outcome.refused) {
        printRefusal(json, outcome.refusal.toString(), project->relativePath(spec.absoluteFilePath()), outcome.blockers);
        return ExitUsage;
    }
    const RunRecord &record = outcome.record;
    const std::optional<Error> error = record.lastError();
    if (json) {
        Json e = {{"event", "finished"}, {"status", toStd(toString(record.status))}, {"runId", toStd(record.id)},
                  {"runDir", toStd(outcome.runDir)}, {"runtimeClass", toStd(toString(record.runtimeClass))},
                  {"engine", toStd(record.engineName)}, {"findings", outcome.findings.size()}};
        if (error && record.status != RunStatus::Succeeded)
            e["error"] = {{"code", toStd(error->code)}, {"message", toStd(error->message)}};
        jsonLine(e);
    } else {
        out() << toString(record.status) << " in " << QString::number(clock.elapsed() / 1000.0, 'f', 1) << " s ("
              << toString(record.runtimeClass) << ", " << record.engineName << "): " << outcome.runDir << "\n";
        for (const Finding &f : outcome.findings)
            out() << "  " << toString(f.severity) << " " << f.code << ": " << f.message << "\n";
        out().flush();
        if (error && record.status != RunStatus::Succeeded) {
            err() << "error (" << error->code << "): " << error->message << "\n";
            err().flush();
        }
    }
    switch (record.status) {
    case RunStatus::Succeeded: return ExitOk;
    case RunStatus::Cancelled: return ExitCancelled;
    default: return ExitFindings; // 1: the run failed
    }
}

} // namespace

GREENLIGHT_CLI_COMMAND(tts, "tts", "Voice a spec's narration into a run folder (--workload, --class, --variant, --json).", describeTts, runTts);

} // namespace greenlight::cli
