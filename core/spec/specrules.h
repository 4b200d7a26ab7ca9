#pragma once

#include "qa/finding.h"
#include "spec/videospec.h"

namespace greenlight {

// The structural rules a JSON Schema cannot say. `spec` has passed the schema; findings
// carry JSON pointers into the document the spec came from.
class SpecRules
{
public:
    SpecRules(const VideoSpec &spec, const QString &projectRoot);

    // `checkAssetFiles` false skips the file checks (a variant that does not touch the
    // asset list shares the base's files, which were checked already).
    Findings checkAll(bool checkAssetFiles = true);

    Findings checkIds();
    Findings checkDurations();
    Findings checkAssets();     // listed files: inside the project, present, right kind, hash
    Findings checkReferences(); // asset ids used by backgrounds, layers and styles
    Findings checkBindings();   // narration, captions and CTA against scenes and layers
    Findings checkTextFits();
    Findings checkNarrationLength();

private:
    const VideoSpec &m_spec;
    QString m_root;
};

} // namespace greenlight
