#include "command.h"

#include "qa/findingcodes.h"

namespace greenlight::cli {

namespace {
int runCodes(const QStringList &args)
{
    if (args.contains(QStringLiteral("--help"))) {
        out() << "Usage: greenlight-cli codes [--markdown]\nLists every finding code with its stage, "
                 "default severity and meaning.\n";
        return ExitOk;
    }
    if (args.contains(QStringLiteral("--markdown"))) {
        out() << findingCodesMarkdown();
        return ExitOk;
    }
    for (const FindingCode &c : allFindingCodes())
        out() << QString::fromLatin1(c.code).leftJustified(32) << toString(c.stage).leftJustified(15)
              << toString(c.severity).leftJustified(9) << QString::fromUtf8(c.summary) << "\n";
    return ExitOk;
}
} // namespace

GREENLIGHT_CLI_COMMAND(codes, "codes", "List every finding code (--markdown for the documentation table).", runCodes);

} // namespace greenlight::cli
