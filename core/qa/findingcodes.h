#pragma once

#include "qa/finding.h"

#include <QList>
#include <QString>

namespace greenlight {

// One row of the finding-code table: the stable code, its stage, default severity and
// what a person should do about it. The table (all stages together) is the documentation:
// `greenlight-cli codes --markdown` prints it, and schemas/FINDING-CODES.md is that output.
struct FindingCode
{
    const char *code;
    Stage stage;
    Severity severity;
    const char *summary;
};

// Each stage keeps its rows beside the code that raises them.
QList<FindingCode> structuralFindingCodes();    // core/spec/speccodes.cpp
QList<FindingCode> deterministicFindingCodes(); // core/qa/qacodes.cpp
QList<FindingCode> semanticFindingCodes();      // core/semantic/semanticcodes.cpp
QList<FindingCode> narrationFindingCodes();     // core/narration/narrationcodes.cpp
QList<FindingCode> gateFindingCodes();          // core/gate/gatecodes.cpp

QList<FindingCode> allFindingCodes();
const FindingCode *findFindingCode(const QString &code);
QString findingCodesMarkdown();

// A finding for a code from the table, with its stage and default severity filled in.
Finding makeFinding(const char *code, QString message, QString pointer = {});

} // namespace greenlight
