#include "qa/findingcodes.h"

namespace greenlight {

QList<FindingCode> gateFindingCodes()
{
    using S = Severity;
    return {
        {"gate.run.not-succeeded", Stage::Deterministic, S::Blocker, "The run did not finish successfully; only a succeeded run can ship. Run it again."},
        {"gate.manifest.unreadable", Stage::Deterministic, S::Blocker, "The run folder has no readable manifest.json, so nothing identifies what would ship. Run it again."},
        {"gate.manifest.unlisted", Stage::Deterministic, S::Blocker, "The run folder holds a file its manifest does not list: something was added after the run. Remove it or run again."},
        {"gate.spec.changed", Stage::Structural, S::Warning, "The spec file changed after this run; the structural checks shown are not those of the rendered spec. Render again to judge the current spec."},
        {"gate.deterministic.not-run", Stage::Deterministic, S::Blocker, "The runbook requires the deterministic QA stage and it has not run on this run. Run `greenlight-cli qa` on the run folder."},
        {"gate.semantic.not-run", Stage::Semantic, S::Blocker, "The runbook requires a semantic review and no reviewer has looked at this run. Review it (model or human) or waive with a reason."},
    };
}

} // namespace greenlight
