#pragma once

#include "common/result.h"
#include "qa/deterministicchecks.h"

#include <QString>

namespace greenlight {

class Runbook;

// The deterministic stage on a finished render run: expectations from run.json (canvas,
// frame rate, frame count), thresholds from the runbook, artifacts from the manifest. Writes
// findings.json and signals.json into the run folder, records the QA state in run.json and
// re-seals manifest.json so the folder verifies afterwards.
Result<DeterministicQaReport> runDeterministicQa(const QString &runDir, const Runbook &runbook,
                                                 const QString &baselinePath = {});

} // namespace greenlight
