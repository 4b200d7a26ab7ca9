#include "command.h"

#include "common/buildinfo.h"
#include "common/jsonio.h"
#include "common/manpage.h"

#include <QCommandLineParser>

#include <cstdio>

namespace greenlight::cli {

namespace {

void describeHelp(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Print a verb's help, the same as `greenlight-cli VERB --help`; without a verb, the list of verbs."));
    parser.addPositionalArgument(QStringLiteral("verb"), QStringLiteral("A verb, and a sub-verb of it (ledger list)."),
                                 QStringLiteral("[verb [sub-verb]]"));
}

int runHelp(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("help")))
        return *exit;
    const QStringList words = parser.positionalArguments();
    if (words.isEmpty()) {
        printUsage(out());
        return ExitOk;
    }
    const QString text = helpText(words.join(QLatin1Char(' ')));
    if (text.isEmpty()) {
        err() << errorPrefix(QStringLiteral("help")) << "no verb '" << words.join(QLatin1Char(' ')) << "'\n\n";
        printUsage(err());
        return ExitUsage;
    }
    out() << text;
    return ExitOk;
}

void describeManPage(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Print the manual page greenlight-cli(1) in roff (man(7) macros), made from the verbs' own help: "
        "view it with `greenlight-cli manpage | man -l -`."));
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")},
                      QStringLiteral("Write the page to this file (atomically) instead of standard output."),
                      QStringLiteral("file")});
}

// One verb (or sub-verb) of the VERBS section: its usage line as the heading, its description,
// then its options (but -h/--help, which every verb has), arguments and sub-verbs.
QList<ManBlock> verbBlocks(const Command &command)
{
    QCommandLineParser parser;
    describeCommand(parser, command);
    CommandLineHelp help = commandLineHelp(parser);
    help.options.removeIf([](const ManEntry &e) { return e.term.startsWith(QLatin1String("-h, --help")); });
    QList<ManBlock> blocks;
    blocks.append({QStringLiteral("greenlight-cli ") + command.name
                       + (help.usage.isEmpty() ? QString() : QLatin1Char(' ') + help.usage),
                   help.description.isEmpty() ? command.summary : help.description,
                   {}});
    if (!help.options.isEmpty())
        blocks.append({{}, QStringLiteral("Options:"), help.options});
    if (!help.arguments.isEmpty())
        blocks.append({{}, QStringLiteral("Arguments:"), help.arguments});
    const QList<Command> subs = CommandRegistry::subVerbs(command.name);
    if (!subs.isEmpty()) {
        ManBlock list{{}, QStringLiteral("Sub-verbs:"), {}};
        for (const Command &sub : subs)
            list.entries.append({sub.name.mid(command.name.size() + 1), sub.summary});
        blocks.append(list);
    }
    return blocks;
}

ManPage cliManPage()
{
    ManPage page;
    page.name = QStringLiteral("greenlight-cli");
    page.date = QString::fromLatin1(buildinfo::commitDate);
    page.source = QStringLiteral("Greenlight ") + QString::fromLatin1(buildinfo::version);
    page.manual = QStringLiteral("User Commands");
    page.summary = QStringLiteral("check, render, review and gate spec-driven video from the command line");
    page.synopsis = {QStringLiteral("greenlight-cli <verb> [options] [arguments]"),
                     QStringLiteral("greenlight-cli <verb> --help"), QStringLiteral("greenlight-cli help [verb [sub-verb]]"),
                     QStringLiteral("greenlight-cli --version")};
    page.description = QStringLiteral(
        "greenlight-cli does headlessly what the Greenlight review desk, greenlight(1), does: validate video specs, "
        "render them locally or on a farm, voice their narration, run deterministic QA on renders, record semantic "
        "observations, evaluate runs for the publish gate and keep the gate's ledger. Each verb has its own options; "
        "`greenlight-cli VERB --help` prints them, as does this page.\n"
        "The program needs no display: it runs on Qt's offscreen platform unless QT_QPA_PLATFORM says otherwise.");

    ManSection verbs{QStringLiteral("VERBS"), {}};
    for (const Command &command : CommandRegistry::all())
        verbs.blocks.append(verbBlocks(command));
    page.sections.append(verbs);

    page.sections.append({QStringLiteral("EXIT STATUS"),
                          {{{}, QStringLiteral("Every verb exits with one of:"),
                            {{QStringLiteral("0"), QStringLiteral("Success: no blocker found, the run or job succeeded.")},
                             {QStringLiteral("1"), QStringLiteral("Findings: blockers are open, a decision was refused, "
                                                                  "a render or job failed, a ledger is broken.")},
                             {QStringLiteral("2"), QStringLiteral("Unusable input: a bad option or argument, an invalid "
                                                                  "spec, a missing file.")},
                             {QStringLiteral("3"), QStringLiteral("Internal failure: the work could not be done.")},
                             {QStringLiteral("4"), QStringLiteral("Cancelled (SIGINT, SIGTERM or cancel).")}}}}});

    page.sections.append(
        {QStringLiteral("ENVIRONMENT"),
         {{{}, {},
           {{QStringLiteral("GREENLIGHT_<ENGINE>_API_KEY"),
             QStringLiteral("API key of a remote speech engine (tts): GREENLIGHT_ELEVENLABS_API_KEY, "
                            "GREENLIGHT_OPENAI_API_KEY, GREENLIGHT_KOKORO_API_KEY, GREENLIGHT_OPENAI_SPEECH_API_KEY; the "
                            "engine's name upper-cased with other characters than A-Z and 0-9 as '_'. Without it the "
                            "desktop keyring is asked: `secret-tool lookup service greenlight engine <name>`.")},
            {QStringLiteral("GREENLIGHT_REVIEWER_API_KEY"),
             QStringLiteral("API key of the model reviewer's server (observe ... review).")},
            {QStringLiteral("GREENLIGHT_REVIEWER"),
             QStringLiteral("Who decides at the gate when --reviewer is not given (else USER).")},
            {QStringLiteral("GREENLIGHT_ROLE"), QStringLiteral("The reviewer's role at the gate when --role is not given.")},
            {QStringLiteral("GREENLIGHT_FFMPEG_LOG"),
             QStringLiteral("FFmpeg's log level on standard error: quiet (the default), error, warning, info or debug.")},
            {QStringLiteral("GREENLIGHT_FRAME_INDEX_CACHE"),
             QStringLiteral("Folder of the frame index cache (default: frame-index in the user's cache folder).")},
            {QStringLiteral("GREENLIGHT_CLI_PATH"),
             QStringLiteral("The greenlight-cli that greenlight(1) runs for farm renders (default: the one beside it, "
                            "else the one on the PATH).")},
            {QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("Qt's platform plugin; offscreen when unset.")},
            {QStringLiteral("XDG_RUNTIME_DIR"),
             QStringLiteral("When unset, a private greenlight-runtime-<uid> folder in the temporary folder is used.")}}}}});

    page.sections.append(
        {QStringLiteral("FILES"),
         {{{}, QStringLiteral("In a project folder:"),
           {{QStringLiteral("runbook.json"),
             QStringLiteral("The project's runbook: workloads, required stages, QA thresholds, retention, who may "
                            "decide (default: the built-in policy).")},
            {QStringLiteral("ledger.sqlite"), QStringLiteral("The publish-gate ledger, an append-only hash chain of decisions.")},
            {QStringLiteral("runs/<id>/"),
             QStringLiteral("A run folder: run.json, findings.json, observations.json, the outputs and the manifest "
                            "that seals them.")},
            {QStringLiteral("jobs/<job-id>/"),
             QStringLiteral("A submitted job: job.json, events.jsonl and worker.log.")}}}}});

    page.seeAlso = {QStringLiteral("greenlight(1)"), QStringLiteral("ffmpeg(1)"), QStringLiteral("espeak-ng(1)")};
    return page;
}

int runManPage(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("manpage")))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        err() << errorPrefix(QStringLiteral("manpage")) << "unexpected argument '" << parser.positionalArguments().first()
              << "'\n";
        return ExitUsage;
    }
    const QByteArray roff = toRoff(cliManPage()).toUtf8();
    const QString output = parser.value(QStringLiteral("output"));
    if (output.isEmpty() || output == QLatin1String("-")) {
        out().flush();
        std::fwrite(roff.constData(), 1, size_t(roff.size()), stdout);
        std::fflush(stdout);
        return ExitOk;
    }
    if (const Status written = writeFileAtomically(output, roff); !written) {
        err() << errorPrefix(QStringLiteral("manpage")) << written.error().toString() << "\n";
        return ExitFailed;
    }
    return ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(help, "help", "Print a verb's help (the same as VERB --help), or the list of verbs.", describeHelp,
                       runHelp);
GREENLIGHT_CLI_COMMAND(manpage, "manpage", "Print the manual page greenlight-cli(1) (roff), made from every verb's help.",
                       describeManPage, runManPage);

} // namespace greenlight::cli
