#pragma once

#include "ledger/decision.h"
#include "ledger/verifyreport.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace greenlight {

class SqlConnection;

// Checks the hash chain in one streaming pass, in seq order, inside one read transaction
// (a consistent snapshot while others append). Each row must have the next seq, link to
// the previous row_hash, rebuild from its columns to exactly its canonical copy, and hash
// to its row_hash. At the first row that fails, a few indexed look-ups tell what kind of
// tampering it was.
class LedgerVerifier
{
public:
    static VerifyReport run(const SqlConnection &conn);

    // One row as stored: the columns (when they parse) and the hashed fields.
    struct StoredRow
    {
        qint64 seq = 0;
        QString prevHash;
        QString rowHash;
        QByteArray canonical;
        std::optional<Decision> columns;
        QString columnsError;
    };

private:
    explicit LedgerVerifier(const SqlConnection &conn) : m_conn(conn) {}
    ChainBreak diagnose(const StoredRow &row, qint64 expectedSeq, const QString &expectedPrev) const;
    std::optional<qint64> seqOfRowHash(const QString &rowHash) const;
    std::optional<StoredRow> successorOf(const QString &prevHash, qint64 afterSeq) const;
    QStringList missingTriggers() const;

    const SqlConnection &m_conn;
};

} // namespace greenlight
