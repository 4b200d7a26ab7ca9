#include "command.h"

#include "common/hashing.h"
#include "common/jsonio.h"
#include "ledger/ledger.h"
#include "ledger/ledgerschema.h"
#include "spec/project.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstdio>

namespace greenlight::cli {

namespace {

QCommandLineOption opt(const char *name, const char *help, const char *value = nullptr)
{
    QCommandLineOption o{QString::fromLatin1(name), QString::fromLatin1(help)};
    if (value)
        o.setValueName(QString::fromLatin1(value));
    return o;
}

QString value(const QCommandLineParser &p, const char *name) { return p.value(QString::fromLatin1(name)); }
bool isSet(const QCommandLineParser &p, const char *name) { return p.isSet(QString::fromLatin1(name)); }

// Every sub-verb finds its ledger the same way.
void addLocationOptions(QCommandLineParser &parser)
{
    parser.addOption(opt("project", "Project folder holding ledger.sqlite (default: current folder).", "dir"));
    parser.addOption(opt("ledger", "Ledger file to use instead of a project's.", "file"));
}

std::optional<int> parse(QCommandLineParser &parser, const char *sub, const QStringList &args)
{
    return parseCommandLine(parser, args, QStringLiteral("ledger ") + QLatin1String(sub));
}

struct Location
{
    QString ledgerPath;
    QString root; // relative spec paths resolve against it
};

std::optional<Location> locate(const QCommandLineParser &parser)
{
    if (isSet(parser, "ledger")) {
        const QString file = value(parser, "ledger");
        return Location{QFileInfo(file).absoluteFilePath(), QDir::currentPath()};
    }
    const QString dir = isSet(parser, "project") ? value(parser, "project") : QDir::currentPath();
    auto project = Project::open(dir);
    if (!project) {
        err() << "greenlight-cli ledger: " << project.error().toString() << " (give --project DIR or --ledger FILE)\n";
        return std::nullopt;
    }
    return Location{project->ledgerPath(), project->root()};
}

std::optional<Ledger> openLedger(const Location &where, Ledger::OpenMode mode)
{
    auto ledger = Ledger::open(where.ledgerPath, mode);
    if (!ledger) {
        err() << "greenlight-cli ledger: " << ledger.error().toString() << "\n";
        return std::nullopt;
    }
    if (ledger->schemaVersion() > LedgerSchema::kLatestVersion)
        err() << "greenlight-cli ledger: warning: " << LedgerSchema::tooNewMessage(ledger->schemaVersion()) << "\n";
    return std::move(*ledger);
}

int failed(const Error &e)
{
    err() << "greenlight-cli ledger: " << e.toString() << "\n";
    return e.code == QLatin1String("ledger.invalid-input") || e.code == QLatin1String("ledger.no-such-decision")
               ? ExitUsage
               : ExitFailed;
}

void printJson(const Json &json)
{
    out() << QString::fromUtf8(toJsonText(json));
}

LedgerFilter filterFrom(const QCommandLineParser &p)
{
    LedgerFilter f;
    f.variant = value(p, "variant");
    f.specId = value(p, "spec-id");
    f.runId = value(p, "run");
    return f;
}

void addFilterOptions(QCommandLineParser &parser)
{
    parser.addOptions({opt("variant", "Only this variant.", "id"), opt("spec-id", "Only this spec.", "id"),
                       opt("run", "Only this run.", "id")});
}

void describeList(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("List the decisions of the ledger, oldest first."));
    addLocationOptions(parser);
    addFilterOptions(parser);
    parser.addOptions({opt("limit", "At most N decisions.", "n"), opt("offset", "Skip the first N.", "n"),
                       opt("newest-first", "Latest decision first."), opt("json", "Print a JSON array of decisions.")});
}

int runList(const QStringList &args)
{
    QCommandLineParser p;
    if (const std::optional<int> exit = parse(p, "list", args))
        return *exit;
    LedgerFilter filter = filterFrom(p);
    bool ok = true;
    if (isSet(p, "limit"))
        filter.limit = value(p, "limit").toLongLong(&ok);
    if (ok && isSet(p, "offset"))
        filter.offset = value(p, "offset").toLongLong(&ok);
    if (!ok) {
        err() << "greenlight-cli ledger list: --limit and --offset take a number\n";
        return ExitUsage;
    }
    filter.newestFirst = isSet(p, "newest-first");
    const auto where = locate(p);
    auto ledger = where ? openLedger(*where, Ledger::OpenMode::ReadOnly) : std::nullopt;
    if (!ledger)
        return ExitUsage;
    auto decisions = ledger->list(filter);
    if (!decisions)
        return failed(decisions.error());
    if (isSet(p, "json")) {
        Json array = Json::array();
        for (const Decision &d : *decisions)
            array.push_back(d.toJson());
        printJson(array);
        return ExitOk;
    }
    if (decisions->isEmpty()) {
        out() << "No decisions.\n";
        return ExitOk;
    }
    out() << "seq    decided at (UTC)          outcome  spec / variant                  run                  "
             "reviewer\n";
    for (const Decision &d : *decisions)
        out() << QString::number(d.seq).leftJustified(6) << ' ' << d.decidedAt.leftJustified(25) << ' '
              << toString(d.outcome).leftJustified(8) << ' '
              << QString(d.specId + QStringLiteral(" / ") + d.variant).leftJustified(31) << ' ' << d.runId.leftJustified(20)
              << ' ' << d.reviewer << " (" << d.role << ")\n";
    return ExitOk;
}

void describeShow(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Show one decision: outcome, spec, run, reviewer, reasons, waivers "
                                                    "and its place in the hash chain."));
    addLocationOptions(parser);
    parser.addOption(opt("json", "Print the decision as JSON."));
    parser.addPositionalArgument(QStringLiteral("seq"), QStringLiteral("Decision number."), QStringLiteral("<seq>"));
}

int runShow(const QStringList &args)
{
    QCommandLineParser p;
    if (const std::optional<int> exit = parse(p, "show", args))
        return *exit;
    bool ok = false;
    const qint64 seq = p.positionalArguments().value(0).toLongLong(&ok);
    if (p.positionalArguments().size() != 1 || !ok) {
        err() << "greenlight-cli ledger show: give one decision number\n";
        return ExitUsage;
    }
    const auto where = locate(p);
    auto ledger = where ? openLedger(*where, Ledger::OpenMode::ReadOnly) : std::nullopt;
    if (!ledger)
        return ExitUsage;
    auto d = ledger->show(seq);
    if (!d)
        return failed(d.error());
    if (isSet(p, "json")) {
        printJson(d->toJson());
        return ExitOk;
    }
    auto line = [](const char *label, const QString &text) {
        out() << "  " << QString::fromLatin1(label).leftJustified(12) << text << "\n";
    };
    out() << "Decision #" << d->seq << "\n";
    line("outcome", toString(d->outcome));
    line("spec", d->specId + QStringLiteral("  ") + d->specPath);
    line("spec sha256", d->specSha256);
    line("variant", d->variant);
    line("run", d->runId);
    line("manifest", d->manifestSha256);
    line("reviewer", d->reviewer + QStringLiteral(" (") + d->role + QLatin1Char(')'));
    line("decided at", d->decidedAt);
    for (const QString &r : d->reasons)
        line("reason", r);
    for (const Waiver &w : d->waivers)
        line("waiver", w.code + QStringLiteral(": ") + w.reason);
    line("prev hash", d->prevHash);
    line("row hash", d->rowHash);
    return ExitOk;
}

void describeVerify(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Verify the ledger's hash chain from the first decision to the last.\n"
        "Exit 0 chain intact, 1 broken (the first broken decision is printed), 2 unusable."));
    addLocationOptions(parser);
    parser.addOption(opt("json", "Print the report as JSON."));
}

int runVerify(const QStringList &args)
{
    QCommandLineParser p;
    if (const std::optional<int> exit = parse(p, "verify", args))
        return *exit;
    const auto where = locate(p);
    auto ledger = where ? openLedger(*where, Ledger::OpenMode::ReadOnly) : std::nullopt;
    if (!ledger)
        return ExitUsage;
    const VerifyReport report = ledger->verify();
    if (isSet(p, "json")) {
        Json j{{"ok", report.ok()}, {"rowsChecked", report.rowsChecked}, {"tipSeq", report.tipSeq},
               {"tipHash", toStd(report.tipHash)}};
        if (report.error)
            j["error"] = toStd(report.error->toString());
        if (report.firstBreak)
            j["firstBreak"] = {{"seq", report.firstBreak->seq},
                               {"kind", toStd(toString(report.firstBreak->kind))},
                               {"message", toStd(report.firstBreak->message)}};
        j["warnings"] = Json::array();
        for (const QString &w : report.warnings)
            j["warnings"].push_back(toStd(w));
        printJson(j);
    } else {
        for (const QString &w : report.warnings)
            err() << "warning: " << w << "\n";
        if (report.error)
            err() << "greenlight-cli ledger verify: " << report.error->toString() << "\n";
        else if (report.firstBreak)
            out() << "Ledger BROKEN at decision #" << report.firstBreak->seq << " ("
                  << toString(report.firstBreak->kind) << "): " << report.firstBreak->message << "\n"
                  << "Decisions 1.." << report.rowsChecked << " verified before the break.\n";
        else
            out() << "Ledger intact: " << report.rowsChecked << " decisions, chain verified. Tip #" << report.tipSeq
                  << " " << report.tipHash << "\n";
    }
    return report.error ? ExitUsage : report.firstBreak ? ExitFindings : ExitOk;
}

void describeExport(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral("Export the decisions as CSV or JSON."));
    addLocationOptions(parser);
    addFilterOptions(parser);
    parser.addOptions({opt("csv", "CSV with a header line (default)."), opt("json", "JSON array of decisions."),
                       opt("out", "Write to FILE (atomically) instead of standard output.", "file")});
}

int runExport(const QStringList &args)
{
    QCommandLineParser p;
    if (const std::optional<int> exit = parse(p, "export", args))
        return *exit;
    if (isSet(p, "csv") && isSet(p, "json")) {
        err() << "greenlight-cli ledger export: choose --csv or --json\n";
        return ExitUsage;
    }
    const auto where = locate(p);
    auto ledger = where ? openLedger(*where, Ledger::OpenMode::ReadOnly) : std::nullopt;
    if (!ledger)
        return ExitUsage;
    const auto format = isSet(p, "json") ? Ledger::ExportFormat::Json : Ledger::ExportFormat::Csv;
    if (isSet(p, "out")) {
        QSaveFile file(value(p, "out"));
        if (!file.open(QIODevice::WriteOnly))
            return failed(makeError(QStringLiteral("io.write"), file.errorString(), file.fileName()));
        if (Status s = ledger->exportTo(file, format, filterFrom(p)); !s) {
            file.cancelWriting();
            return failed(s.error());
        }
        if (!file.commit())
            return failed(makeError(QStringLiteral("io.write"), file.errorString(), file.fileName()));
        return ExitOk;
    }
    out().flush();
    QFile stdoutFile;
    if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
        return failed(makeError(QStringLiteral("io.write"), stdoutFile.errorString()));
    if (Status s = ledger->exportTo(stdoutFile, format, filterFrom(p)); !s)
        return failed(s.error());
    return ExitOk;
}

void describeAppend(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Refused: decisions are recorded through the gate, which applies the runbook: "
        "greenlight-cli gate RUN_FOLDER --decide pass|revise|reject --reason TEXT [--waive CODE=reason]. Exit 2."));
}

// Refuses whatever it is given (the options of a decision included), pointing at the gate.
int runAppend(const QStringList &args)
{
    if (args.contains(QStringLiteral("--help")) || args.contains(QStringLiteral("-h"))) {
        out() << helpText(QStringLiteral("ledger append"));
        return ExitOk;
    }
    err() << "greenlight-cli ledger: decisions are recorded through the gate, which applies the runbook:\n"
             "  greenlight-cli gate RUN_FOLDER --decide pass|revise|reject --reason TEXT [--waive CODE=reason]\n";
    return ExitUsage;
}

void describeLedger(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "The publish-gate ledger of a project (ledger.sqlite): an append-only hash chain of decisions. Every "
        "sub-verb takes --project DIR (default: the current folder) or --ledger FILE. Decisions are recorded by "
        "`greenlight-cli gate RUN --decide ...`, which applies the runbook."));
    parser.addPositionalArgument(QStringLiteral("sub-verb"), QStringLiteral("list, show, verify, export or append."),
                                 QStringLiteral("<sub-verb>"));
}

} // namespace

GREENLIGHT_CLI_COMMAND(ledger, "ledger", "Publish-gate ledger: list, show, verify, export, append.", describeLedger,
                       nullptr);
GREENLIGHT_CLI_COMMAND(ledgerlist, "ledger list", "List decisions (filters, paging, --json).", describeList, runList);
GREENLIGHT_CLI_COMMAND(ledgershow, "ledger show", "Show one decision.", describeShow, runShow);
GREENLIGHT_CLI_COMMAND(ledgerverify, "ledger verify", "Verify the hash chain (exit 1 when broken).", describeVerify,
                       runVerify);
GREENLIGHT_CLI_COMMAND(ledgerexport, "ledger export", "Export decisions as CSV or JSON.", describeExport, runExport);
GREENLIGHT_CLI_COMMAND(ledgerappend, "ledger append", "Refused: decisions are recorded by gate --decide.",
                       describeAppend, runAppend);

} // namespace greenlight::cli
