#pragma once

#include "common/manpage.h"

class QCommandLineParser;

namespace greenlight {

// greenlight(1): the desk's command line from its own parser, plus where it keeps settings,
// its copy of the demo and its caches, and the environment it reads.
ManPage guiManPage(const QCommandLineParser &parser);

} // namespace greenlight
