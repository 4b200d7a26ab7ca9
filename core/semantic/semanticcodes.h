#pragma once

#include "qa/findingcodes.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace greenlight {

// Finding codes of the semantic stage: one per observation category ("semantic.<category>").
// The lead's allFindingCodes() concatenates these with the other stages' tables.
QList<FindingCode> semanticFindingCodes(); // core/semantic/semanticcodes.cpp

// contradiction, caption-visual-mismatch, promise-delivery-mismatch, pronunciation, brand, other
QStringList observationCategories();
bool isObservationCategory(const QString &category);
// "semantic.<category>"
QString semanticCodeForCategory(const QString &category);

} // namespace greenlight
