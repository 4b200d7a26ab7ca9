#include "command.h"

#include "qa/findingcodes.h"

#include <QCommandLineParser>

namespace greenlight::cli {

namespace {
void describeCodes(QCommandLineParser &parser)
{
    parser.setApplicationDescription(
        QStringLiteral("List every finding code with its stage, default severity and meaning."));
    parser.addOption({QStringLiteral("markdown"), QStringLiteral("Print the documentation table (Markdown) instead.")});
}

int runCodes(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("codes")))
        return *exit;
    if (parser.isSet(QStringLiteral("markdown"))) {
        out() << findingCodesMarkdown();
        return ExitOk;
    }
    for (const FindingCode &c : allFindingCodes())
        out() << QString::fromLatin1(c.code).leftJustified(32) << toString(c.stage).leftJustified(15)
              << toString(c.severity).leftJustified(9) << QString::fromUtf8(c.summary) << "\n";
    return ExitOk;
}
} // namespace

GREENLIGHT_CLI_COMMAND(codes, "codes", "List every finding code (--markdown for the documentation table).", describeCodes,
                       runCodes);

} // namespace greenlight::cli
