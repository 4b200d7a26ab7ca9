#include "command.h"
#include "report.h"

#include "spec/project.h"
#include "spec/specvalidator.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QtConcurrent>

namespace greenlight::cli {

namespace {

struct Target
{
    QString file;
    QString projectRoot;
    QString label;
};

// Expands arguments into spec files: a project folder (its specs/), a folder of spec files,
// or spec files themselves.
bool collectTargets(const QStringList &paths, QList<Target> &targets)
{
    for (const QString &path : paths) {
        const QFileInfo fi(path);
        if (!fi.exists()) {
            err() << "greenlight-cli validate: no such file or folder: " << path << "\n";
            return false;
        }
        if (fi.isDir()) {
            auto project = Project::open(path);
            if (project) {
                for (const QString &rel : project->specFiles())
                    targets.append({project->absolutePath(rel), project->root(), rel});
                continue;
            }
            const QDir dir(path);
            const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
            if (files.isEmpty()) {
                err() << "greenlight-cli validate: " << path << " is neither a project nor a folder of specs\n";
                return false;
            }
            const QString root = dir.dirName() == QLatin1String("specs") ? QFileInfo(dir.absolutePath()).path()
                                                                          : dir.absolutePath();
            for (const QString &f : files)
                targets.append({dir.absoluteFilePath(f), root, QDir(root).relativeFilePath(dir.absoluteFilePath(f))});
        } else {
            auto project = Project::open(path);
            const QString root = project ? project->root() : fi.absolutePath();
            targets.append({fi.absoluteFilePath(), root, QDir(root).relativeFilePath(fi.absoluteFilePath())});
        }
    }
    return true;
}

void describeValidate(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QStringLiteral("Validate specs structurally: the schema, then durations, assets, bindings, text fit "
                       "and every variant. Exit 0 when no blocker, 1 when blockers, 2 on unusable input."));
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print findings JSON (schemas/findings.schema.json).")});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Spec files, spec folders or project folders."),
                                 QStringLiteral("<spec-or-project>..."));
}

int runValidate(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("validate")))
        return *exit;
    if (parser.positionalArguments().isEmpty()) {
        err() << "greenlight-cli validate: give at least one spec or project\n";
        return ExitUsage;
    }
    QList<Target> targets;
    if (!collectTargets(parser.positionalArguments(), targets))
        return ExitUsage;

    const SpecValidator validator;
    const QList<Findings> results = QtConcurrent::blockingMapped(targets, [&validator](const Target &t) {
        Findings f = validator.validateFile(t.file, t.projectRoot);
        for (Finding &x : f)
            if (x.path.isEmpty() || x.path == t.label)
                x.path = t.label;
        return f;
    });

    QList<FileFindings> report;
    for (qsizetype i = 0; i < targets.size(); ++i)
        report.append({targets[i].label, results[i]});
    if (parser.isSet(QStringLiteral("json")))
        printFindingsJson(report);
    else
        printFindingsReport(report);

    for (const Findings &f : results)
        if (hasOpenBlocker(f))
            return ExitFindings;
    return ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(validate, "validate", "Validate specs structurally (schema and rules).", describeValidate, runValidate);

} // namespace greenlight::cli
