#pragma once

#include "qa/findingcodes.h"

#include <QList>

namespace greenlight {

// Finding codes raised by the narration run's timing checks (stage deterministic). The lead
// adds this list to allFindingCodes() in core/qa/findingcodes.cpp.
QList<FindingCode> narrationFindingCodes();

// A finding for one of narrationFindingCodes() (works before the table is registered).
Finding makeNarrationFinding(const char *code, QString message, QString pointer = {});

} // namespace greenlight
