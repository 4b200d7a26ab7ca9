#pragma once

#include "common/result.h"
#include "run/runfolder.h"
#include "run/runrecord.h"

#include <QStringList>

namespace greenlight {

// What the run produced and what it leaves behind.
struct RunOutputs
{
    QStringList outputs; // relative paths of the run's products (kept only when it succeeded)
    QStringList discard; // intermediates removed in every case (chunks, lists, ...)
};

// Ends a run: removes intermediates; keeps the outputs only when record.status is
// Succeeded (a failed or cancelled run keeps run.json, its sidecars and logs, and no
// output); hashes outputs and logs into record.artifacts; closes the current attempt; writes
// run.json and manifest.json; renames the staging folder into place. When an output cannot
// be hashed the run turns failed. Blocking file work: call it off the GUI thread.
// The returned status is an error only when the folder could not be written or moved;
// the record then still says what happened.
Status sealRun(RunFolder &folder, RunRecord &record, const RunOutputs &outputs);

} // namespace greenlight
