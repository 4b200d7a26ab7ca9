#include "ledger/verifyreport.h"

namespace greenlight {

QString toString(ChainBreakKind kind)
{
    switch (kind) {
    case ChainBreakKind::ContentEdited: return QStringLiteral("content-edited");
    case ChainBreakKind::RowDeleted: return QStringLiteral("row-deleted");
    case ChainBreakKind::RowsReordered: return QStringLiteral("rows-reordered");
    case ChainBreakKind::RowInserted: return QStringLiteral("row-inserted");
    case ChainBreakKind::CanonicalMismatch: return QStringLiteral("canonical-mismatch");
    case ChainBreakKind::HashMismatch: return QStringLiteral("hash-mismatch");
    case ChainBreakKind::LinkBroken: return QStringLiteral("link-broken");
    }
    return {};
}

} // namespace greenlight
