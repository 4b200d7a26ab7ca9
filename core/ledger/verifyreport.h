#pragma once

#include "common/result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace greenlight {

// How the hash chain broke at the first broken row.
enum class ChainBreakKind {
    ContentEdited,     // a column differs from the hashed canonical copy (the copy still matches row_hash)
    RowDeleted,        // a sequence gap, or rows deleted and the later ones renumbered
    RowsReordered,     // a row holds the decision hashed for another position
    RowInserted,       // rows were inserted before an original row, which now sits further down
    CanonicalMismatch, // the canonical copy was edited; the columns still match row_hash
    HashMismatch,      // row_hash matches neither the row's content nor its canonical copy
    LinkBroken,        // the row is self-consistent but prev_hash is not its predecessor's row_hash
};

QString toString(ChainBreakKind kind);

struct ChainBreak
{
    // The first row that cannot be trusted. For LinkBroken it is the row whose prev_hash
    // fails: when a row k is rewritten and re-hashed consistently, the break shows at
    // k + 1 (the message names k). A rewritten last row, or a consistently re-chained tail,
    // can only be caught against a tip hash recorded elsewhere (VerifyReport::tipHash).
    qint64 seq = 0;
    ChainBreakKind kind = ChainBreakKind::HashMismatch;
    QString message;
};

// The result of one streaming pass over the ledger.
struct VerifyReport
{
    std::optional<Error> error;          // the ledger could not be read at all
    std::optional<ChainBreak> firstBreak; // empty when the chain holds
    qint64 rowsChecked = 0;              // rows verified intact, from seq 1
    qint64 tipSeq = 0;                   // last intact row
    QString tipHash;                     // its row_hash: record it elsewhere to anchor the chain
    QStringList warnings;                // e.g. append-only triggers missing

    bool ok() const { return !error && !firstBreak; }
};

} // namespace greenlight
