// open_project_500_runs_ms: opening a project's run history in the runs panel, from
// setProjectRoot() to the history populated (every run.json read and shown), for a project
// with 500 run folders. The folders are copies of the run.json files a real demo run writes
// (renders and narration runs; statuses, variants and QA states varied), generated once into
// <build>/bench-cache/open-project. Median of several openings, offscreen.
#include "testsupport.h"

#include "runs/runhistorymodel.h"
#include "runs/runspanel.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace greenlight;

namespace {

constexpr int kRuns = 500;
constexpr int kRounds = 7;
constexpr int kTimeout_ms = 60000;

QJsonObject readJson(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
}

// The run.json of the first run of `kind` under <project>/runs.
QJsonObject templateRun(const QString &project, const QString &kind)
{
    const QDir runs(project + QStringLiteral("/runs"));
    for (const QString &name : runs.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        const QJsonObject run = readJson(runs.filePath(name) + QStringLiteral("/run.json"));
        if (run.value(QStringLiteral("kind")).toString() == kind)
            return run;
    }
    return {};
}

// Builds the 500-run project once: the demo's real run.json files, varied.
QString ensureProject()
{
    const QString cache = QStringLiteral(GREENLIGHT_BINARY_DIR "/bench-cache/open-project");
    const QString project = cache + QStringLiteral("/project");
    const QString marker = cache + QStringLiteral("/complete-%1").arg(kRuns);
    if (QFileInfo::exists(marker))
        return project;
    std::fprintf(stderr, "bench_open_project: generating %d run folders (once)...\n", kRuns);
    QDir(cache).removeRecursively();
    const QString source = cache + QStringLiteral("/source");
    QProcess demo;
    demo.start(QStringLiteral(GREENLIGHT_CLI),
               {QStringLiteral("demo"), QStringLiteral(GREENLIGHT_SOURCE_DIR "/resources/demo"), QStringLiteral("--out"), source});
    if (!demo.waitForFinished(600000) || demo.exitCode() > 1) { // 1: the demo's QA has findings
        std::fprintf(stderr, "bench_open_project: the demo failed: %s\n", demo.readAllStandardError().constData());
        return {};
    }
    const QJsonObject render = templateRun(source, QStringLiteral("render"));
    const QJsonObject tts = templateRun(source, QStringLiteral("tts"));
    if (render.isEmpty() || tts.isEmpty() || !test::copyTree(source + QStringLiteral("/specs"), project + QStringLiteral("/specs"))) {
        std::fprintf(stderr, "bench_open_project: the demo made no runs to copy\n");
        return {};
    }
    const QStringList statuses = {QStringLiteral("succeeded"), QStringLiteral("succeeded"), QStringLiteral("succeeded"),
                                  QStringLiteral("failed"), QStringLiteral("cancelled")};
    const QStringList variants = {QString(), QStringLiteral("square"), QStringLiteral("short-cta"), QString()};
    const QStringList specs = {QStringLiteral("specs/launch-teaser.greenlight.json"), QStringLiteral("specs/feature-explainer.greenlight.json")};
    for (int i = 0; i < kRuns; ++i) {
        const bool isRender = i % 5 < 3;
        QJsonObject run = isRender ? render : tts;
        const QString kind = isRender ? QStringLiteral("render") : QStringLiteral("tts");
        const QString id = QStringLiteral("202611%1T%2Z-%3-%4")
                               .arg(1 + i / 100, 2, 10, QLatin1Char('0'))
                               .arg(i % 100 * 100, 6, 10, QLatin1Char('0'))
                               .arg(kind)
                               .arg(i, 6, 16, QLatin1Char('0'));
        run[QStringLiteral("id")] = id;
        run[QStringLiteral("status")] = statuses.at(i % statuses.size());
        QJsonObject inputs = run.value(QStringLiteral("inputs")).toObject();
        QJsonObject spec = inputs.value(QStringLiteral("spec")).toObject();
        spec[QStringLiteral("path")] = specs.at((i / 7) % specs.size());
        if (variants.at(i % variants.size()).isEmpty())
            spec.remove(QStringLiteral("variant"));
        else
            spec[QStringLiteral("variant")] = variants.at(i % variants.size());
        inputs[QStringLiteral("spec")] = spec;
        run[QStringLiteral("inputs")] = inputs;
        const QString dir = project + QStringLiteral("/runs/") + id;
        QFile f(dir + QStringLiteral("/run.json"));
        if (!QDir().mkpath(dir) || !f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(run).toJson()) < 0) {
            std::fprintf(stderr, "bench_open_project: cannot write %s\n", qPrintable(dir));
            return {};
        }
    }
    QFile done(marker);
    if (!done.open(QIODevice::WriteOnly))
        return {};
    return project;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QString project = ensureProject();
    if (project.isEmpty())
        return 1;

    std::vector<double> ms;
    for (int round = 0; round < kRounds; ++round) {
        RunsPanel panel;
        panel.resize(1200, 500);
        panel.show();
        QEventLoop loop;
        QObject::connect(&panel, &RunsPanel::historyLoaded, &loop, &QEventLoop::quit);
        QTimer::singleShot(kTimeout_ms, &loop, &QEventLoop::quit);
        QElapsedTimer timer;
        timer.start();
        panel.setProjectRoot(project);
        loop.exec();
        const double elapsed = double(timer.nsecsElapsed()) / 1e6;
        if (panel.runCount() != kRuns || panel.historyModel()->rowCount() != kRuns) {
            std::fprintf(stderr, "bench_open_project: the history shows %d runs, expected %d\n", panel.runCount(), kRuns);
            return 1;
        }
        ms.push_back(elapsed);
    }
    std::sort(ms.begin(), ms.end());
    std::fprintf(stderr, "bench_open_project: min %.1f ms, max %.1f ms over %d openings\n", ms.front(), ms.back(), kRounds);
    std::printf("open_project_500_runs_ms %.1f ms\n", ms[ms.size() / 2]);
    return 0;
}
