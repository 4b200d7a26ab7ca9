#pragma once

#include "common/result.h"
#include "ledger/decision.h"

#include <QString>

class QSqlQuery;

namespace greenlight {

// How a Decision maps onto a row of the decisions table (one place for the column list).
// reasons and waivers are stored as their canonical JSON arrays; canonical_json is a BLOB
// holding the exact bytes that were hashed.
class DecisionRow
{
public:
    // "seq, spec_id, ..., row_hash, canonical_json" in the order read() expects.
    static QString columns();
    static QString insertSql();
    static void bindInsert(QSqlQuery &query, const Decision &d);
    // Reads the current row of a query that selected columns(). canonicalJson is the
    // stored copy, not a recomputation.
    static Result<Decision> read(const QSqlQuery &query);

    // The row as stored, for verification: the scalar fields in a Decision (reasons and
    // waivers left empty) and the reasons/waivers columns as their raw bytes.
    struct Raw
    {
        Decision fields;
        QByteArray reasonsJson;
        QByteArray waiversJson;
        QString outcomeText;
    };
    static Raw readRaw(const QSqlQuery &query);
};

} // namespace greenlight
