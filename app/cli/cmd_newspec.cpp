#include "command.h"
#include "report.h"

#include "common/jsonio.h"
#include "spec/newspec.h"
#include "spec/project.h"
#include "spec/specvalidator.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

namespace greenlight::cli {

namespace {

void describeNewSpec(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Create a new, valid spec in a project's specs/ folder: one 3-second hook scene that shows the title, "
        "on the canvas of the format. Prints the new file's path. The same starting point as File > New Spec "
        "in the desk. Exit 0 created, 2 unusable input."));
    parser.addOption({QStringLiteral("title"), QStringLiteral("The spec's title (required)."), QStringLiteral("TEXT")});
    parser.addOption({QStringLiteral("id"), QStringLiteral("The spec id (default: made from the title)."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("vertical-short (1080x1920, default), square-feed (1080x1080) or landscape-explainer (1920x1080)."),
                      QStringLiteral("FORMAT"), QStringLiteral("vertical-short")});
    parser.addOption({QStringLiteral("fps"), QStringLiteral("Frame rate as N or N/D, e.g. 30 or 30000/1001 (default 30)."),
                      QStringLiteral("RATE"), QStringLiteral("30")});
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("The project folder."), QStringLiteral("<project>"));
}

int runNewSpec(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("new-spec")))
        return *exit;
    if (parser.positionalArguments().size() != 1 || parser.value(QStringLiteral("title")).trimmed().isEmpty()) {
        err() << "greenlight-cli new-spec: give a project folder and --title\n";
        return ExitUsage;
    }
    const QString root = QFileInfo(parser.positionalArguments().first()).absoluteFilePath();
    if (!QFileInfo(root).isDir()) {
        err() << "greenlight-cli new-spec: no such project folder: " << root << "\n";
        return ExitUsage;
    }
    NewSpecOptions options;
    options.title = parser.value(QStringLiteral("title"));
    options.id = parser.value(QStringLiteral("id"));
    options.format = parser.value(QStringLiteral("format"));
    const QStringList rate = parser.value(QStringLiteral("fps")).split(QLatin1Char('/'));
    bool numOk = false;
    bool denOk = true;
    options.fps.num = rate.value(0).toLongLong(&numOk);
    options.fps.den = rate.size() > 1 ? rate[1].toLongLong(&denOk) : 1;
    if (!numOk || !denOk || options.fps.num <= 0 || options.fps.den <= 0 || rate.size() > 2) {
        err() << "greenlight-cli new-spec: --fps takes N or N/D, e.g. 25 or 30000/1001\n";
        return ExitUsage;
    }
    const Json document = newSpecDocument(options);
    const QString path = newSpecPath(root, toQString(document["id"].get<std::string>()));
    // Refuse what would not validate (a bad --id or --format) instead of writing it.
    const SpecValidator validator;
    const Findings findings = validator.validateDocument(document, QDir(root).relativeFilePath(path), root);
    if (hasOpenBlocker(findings)) {
        err() << "greenlight-cli new-spec: the new spec would not validate\n";
        printFindingsReport({{QDir(root).relativeFilePath(path), findings}});
        return ExitUsage;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        err() << "greenlight-cli new-spec: cannot create " << QFileInfo(path).absolutePath() << "\n";
        return ExitUsage;
    }
    if (Status s = writeJsonFile(path, document); !s) {
        err() << "greenlight-cli new-spec: " << s.error().toString() << "\n";
        return ExitUsage;
    }
    out() << path << "\n";
    return ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(newspec, "new-spec", "Create a new valid spec in a project (--title, --format, --fps).", describeNewSpec, runNewSpec);

} // namespace greenlight::cli
