#include "qa/findingcodes.h"

namespace greenlight {

QList<FindingCode> deterministicFindingCodes()
{
    return {};
}

} // namespace greenlight
