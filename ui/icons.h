#pragma once

#include "qa/finding.h"
#include "specstatus.h"

#include <QIcon>

namespace greenlight {

// The app's icons, from the SVGs under resources/icons (embedded as :/icons/*.svg). When an
// SVG cannot be rendered (no SVG plugin at runtime) the matching QStyle standard icon is used.
// GUI thread only.
class Icons
{
public:
    static QIcon app();
    static QIcon openProject();
    static QIcon openSpec();
    static QIcon revalidate();
    static QIcon specFile();
    static QIcon severity(Severity severity);
    static QIcon validationState(SpecStatus::State state);
};

} // namespace greenlight
