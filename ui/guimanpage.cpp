#include "guimanpage.h"

#include <QCommandLineParser>

namespace greenlight {

ManPage guiManPage(const QCommandLineParser &parser)
{
    ManPage page = manPageFromParser(parser, QStringLiteral("greenlight"),
                                     QStringLiteral("review desk for generated, narrated video"));
    page.description = QStringLiteral(
        "Greenlight is the desk where a production team checks video generated from a typed spec "
        "and narrated with text-to-speech, and decides whether it ships. Producers edit and "
        "validate specs in forms; renders and narration runs launch on this machine, over SSH, on "
        "a Slurm farm or through a speech API; editors review output frame by frame; QA leads "
        "record pass, revise or reject in a local ledger that detects tampering.\n"
        "A project is a folder with a specs/ folder of video specs (*.greenlight.json or *.json). "
        "Every operation of the desk is also available from greenlight-cli(1).");
    page.sections.append(
        {QStringLiteral("FILES"),
         {{{},
           {},
           {{QStringLiteral("~/.config/Greenlight/Greenlight.conf"),
             QStringLiteral("Settings (Edit > Preferences): engine endpoints, SSH hosts, keyboard shortcuts, "
                            "cache size, theme, recent projects. The folder follows XDG_CONFIG_HOME.")},
            {QStringLiteral("~/.local/share/Greenlight/Greenlight/demo"),
             QStringLiteral("Your copy of the demo project, made by --demo on first use. The folder follows "
                            "XDG_DATA_HOME.")},
            {QStringLiteral("~/.cache/Greenlight/Greenlight"),
             QStringLiteral("Caches that can be deleted at any time. The folder follows XDG_CACHE_HOME.")},
            {QStringLiteral("/usr/share/greenlight"),
             QStringLiteral("The JSON schemas of every file Greenlight writes, the operator runbooks and the "
                            "bundled demo project.")}}}}});
    page.sections.append(
        {QStringLiteral("ENVIRONMENT"),
         {{{},
           {},
           {{QStringLiteral("GREENLIGHT_ELEVENLABS_API_KEY"),
             QStringLiteral("API keys of remote speech engines (likewise GREENLIGHT_OPENAI_API_KEY, "
                            "GREENLIGHT_KOKORO_API_KEY, GREENLIGHT_OPENAI_SPEECH_API_KEY); otherwise the "
                            "desktop keyring is asked through secret-tool. Keys are never written to "
                            "settings, logs or run records.")},
            {QStringLiteral("GREENLIGHT_CLI_PATH"),
             QStringLiteral("The greenlight-cli that remote and farm jobs run (default: the one beside "
                            "greenlight).")},
            {QStringLiteral("QT_QPA_PLATFORM"),
             QStringLiteral("Set to offscreen to run without a display, for example with --screenshot.")}}}}});
    page.seeAlso = {QStringLiteral("greenlight-cli(1)")};
    return page;
}

} // namespace greenlight
