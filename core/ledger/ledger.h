#pragma once

#include "common/result.h"
#include "ledger/decision.h"
#include "ledger/ledgerfilter.h"
#include "ledger/verifyreport.h"

#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace greenlight {

// The publish-gate ledger: ledger.sqlite in the project folder, an append-only, hash-chained
// table of decisions (see decision.h for the chain). Safe with several processes appending
// at once (each append is one durable BEGIN IMMEDIATE transaction: WAL, synchronous=FULL).
//
// A Ledger belongs to the thread that opened it; open another instance on another thread.
class Ledger
{
public:
    enum class OpenMode {
        ReadOnly,  // never creates, migrates or writes; also reads ledgers of newer versions
        ReadWrite, // creates the file if missing and migrates it to the latest schema
    };
    enum class ExportFormat { Csv, Json };

    // Errors: ledger.not-found (ReadOnly, no file), ledger.not-sqlite, ledger.foreign,
    // ledger.too-new (ReadWrite on a newer schema), ledger.corrupt, ledger.open, ledger.sql.
    // Files that are not ledgers are inspected read-only and never modified.
    static Result<Ledger> open(const QString &path, OpenMode mode = OpenMode::ReadWrite);
    static QString fileName() { return QStringLiteral("ledger.sqlite"); }

    Ledger(Ledger &&) noexcept;
    Ledger &operator=(Ledger &&) noexcept;
    ~Ledger();

    QString path() const;
    OpenMode mode() const;
    int schemaVersion() const; // may exceed LedgerSchema::kLatestVersion in ReadOnly mode

    // Seals the input at the tip (seq, prevHash, time, rowHash) in one durable transaction,
    // retrying while another process holds the write lock (up to the busy timeout).
    // Errors: ledger.invalid-input (location = field), ledger.read-only, ledger.busy, ledger.sql.
    Result<Decision> append(const DecisionInput &input);

    Result<QList<Decision>> list(const LedgerFilter &filter = {}) const;
    // Streams matching decisions to `visit` until it returns false.
    Status forEach(const LedgerFilter &filter, const std::function<bool(const Decision &)> &visit) const;
    Result<Decision> show(qint64 seq) const; // ledger.no-such-decision when absent
    // The most recent decision for a spec's variant (an index seek).
    Result<std::optional<Decision>> latestForVariant(const QString &specId, const QString &variant) const;
    Result<qint64> count() const;

    // One streaming pass over the whole chain; reports the first broken row.
    VerifyReport verify() const;

    // CSV (a header line, RFC 4180 quoting) or a JSON array of decisions (decision.schema.json).
    Status exportTo(QIODevice &device, ExportFormat format, const LedgerFilter &filter = {}) const;

private:
    struct Private;
    explicit Ledger(std::unique_ptr<Private> d);
    Status checkThread() const;
    Result<Decision> tryAppend(const DecisionInput &input);

    std::unique_ptr<Private> d;
};

} // namespace greenlight
