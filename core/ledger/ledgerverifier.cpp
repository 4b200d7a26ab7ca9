#include "ledger/ledgerverifier.h"

#include "common/hashing.h"
#include "ledger/canonicaljson.h"
#include "ledger/decision.h"
#include "ledger/decisionrow.h"
#include "ledger/sqlconnection.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>

namespace greenlight {

namespace {

enum { ColSeq = 0, ColPrevHash = 13, ColRowHash = 14, ColCanonical = 15 };

LedgerVerifier::StoredRow readRow(const QSqlQuery &q)
{
    LedgerVerifier::StoredRow row;
    auto decision = DecisionRow::read(q);
    if (decision) {
        row.seq = decision->seq;
        row.prevHash = decision->prevHash;
        row.rowHash = decision->rowHash;
        row.canonical = decision->canonicalJson;
        row.columns = std::move(*decision);
        return row;
    }
    row.columnsError = decision.error().message;
    row.seq = q.value(ColSeq).toLongLong();
    row.prevHash = q.value(ColPrevHash).toString();
    row.rowHash = q.value(ColRowHash).toString();
    row.canonical = q.value(ColCanonical).toByteArray();
    return row;
}

bool hashes(const QByteArray &bytes, const QString &hexHash)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex() == hexHash.toLatin1();
}

nlohmann::json parse(const QByteArray &bytes)
{
    return nlohmann::json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
}

std::optional<qint64> seqIn(const nlohmann::json &canonical)
{
    if (!canonical.is_object() || !canonical.contains("seq") || !canonical["seq"].is_number_integer())
        return std::nullopt;
    return canonical["seq"].get<qint64>();
}

QString stringIn(const nlohmann::json &canonical, const char *key)
{
    if (!canonical.is_object() || !canonical.contains(key) || !canonical[key].is_string())
        return {};
    return toQString(canonical[key].get<std::string>());
}

QString shortened(const std::string &s)
{
    QString text = toQString(s);
    return text.size() > 60 ? text.left(57) + QStringLiteral("...") : text;
}

// "outcome: column \"pass\", hashed \"revise\"; ..." for the fields that differ.
QString fieldDifferences(const nlohmann::json &columns, const nlohmann::json &hashed)
{
    QStringList diffs;
    for (auto it = hashed.begin(); it != hashed.end(); ++it) {
        const auto col = columns.find(it.key());
        if (col == columns.end() || *col != it.value())
            diffs.append(QStringLiteral("%1 (row has %2, hashed %3)")
                             .arg(toQString(it.key()),
                                  col == columns.end() ? QStringLiteral("nothing") : shortened(col->dump()),
                                  shortened(it.value().dump())));
    }
    return diffs.join(QStringLiteral("; "));
}

} // namespace

VerifyReport LedgerVerifier::run(const SqlConnection &conn)
{
    VerifyReport report;
    const LedgerVerifier verifier(conn);
    if (Status s = conn.exec(QStringLiteral("BEGIN")); !s) {
        report.error = s.error();
        return report;
    }
    {
        QSqlQuery q(conn.database());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT ") + DecisionRow::columns() + QStringLiteral(" FROM decisions ORDER BY seq"))) {
            report.error = conn.sqlError(q.lastError(), QStringLiteral("reading the ledger"));
        } else {
            qint64 expectedSeq = 1;
            QString expectedPrev = Decision::genesisHash();
            report.tipHash = expectedPrev;
            while (q.next()) {
                // The hot path: no JSON parsing, one canonical rebuild, one sha256 per row.
                const DecisionRow::Raw raw = DecisionRow::readRaw(q);
                const Decision &f = raw.fields;
                if (f.seq == expectedSeq && f.prevHash == expectedPrev && outcomeFromString(raw.outcomeText)) {
                    const QByteArray rebuilt = CanonicalJson::decision(f, raw.reasonsJson, raw.waiversJson);
                    if (rebuilt == f.canonicalJson && hashes(rebuilt, f.rowHash)) {
                        report.rowsChecked = f.seq;
                        report.tipSeq = f.seq;
                        report.tipHash = f.rowHash;
                        expectedPrev = f.rowHash;
                        ++expectedSeq;
                        continue;
                    }
                }
                report.firstBreak = verifier.diagnose(readRow(q), expectedSeq, expectedPrev);
                break;
            }
            if (!report.firstBreak && q.lastError().isValid())
                report.error = conn.sqlError(q.lastError(), QStringLiteral("reading the ledger"));
        }
    }
    const QStringList missing = verifier.missingTriggers();
    if (!missing.isEmpty())
        report.warnings.append(QStringLiteral("append-only triggers missing (%1): the ledger was altered with "
                                              "other tools")
                                   .arg(missing.join(QStringLiteral(", "))));
    conn.exec(QStringLiteral("ROLLBACK"));
    return report;
}

std::optional<qint64> LedgerVerifier::seqOfRowHash(const QString &rowHash) const
{
    QSqlQuery q(m_conn.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT seq FROM decisions WHERE row_hash = ?"));
    q.bindValue(0, rowHash);
    if (!q.exec() || !q.next())
        return std::nullopt;
    return q.value(0).toLongLong();
}

std::optional<LedgerVerifier::StoredRow> LedgerVerifier::successorOf(const QString &prevHash, qint64 afterSeq) const
{
    QSqlQuery q(m_conn.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + DecisionRow::columns()
              + QStringLiteral(" FROM decisions WHERE prev_hash = ? AND seq > ? ORDER BY seq LIMIT 1"));
    q.bindValue(0, prevHash);
    q.bindValue(1, qlonglong(afterSeq));
    if (!q.exec() || !q.next())
        return std::nullopt;
    return readRow(q);
}

QStringList LedgerVerifier::missingTriggers() const
{
    QStringList missing{QStringLiteral("decisions_no_update"), QStringLiteral("decisions_no_delete"),
                        QStringLiteral("decisions_append_at_tip")};
    QSqlQuery q(m_conn.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'decisions'")))
        return {};
    while (q.next())
        missing.removeAll(q.value(0).toString());
    return missing;
}

ChainBreak LedgerVerifier::diagnose(const StoredRow &row, qint64 p, const QString &expectedPrev) const
{
    const auto n = [](qint64 v) { return QString::number(v); };
    if (row.seq != p) {
        const QString rows = row.seq - 1 == p ? QStringLiteral("row ") + n(p)
                                              : QStringLiteral("rows %1..%2").arg(p).arg(row.seq - 1);
        return {p, ChainBreakKind::RowDeleted, rows + QStringLiteral(" missing: the sequence jumps to ") + n(row.seq)};
    }
    const bool copyGenuine = hashes(row.canonical, row.rowHash);
    const nlohmann::json hashed = parse(row.canonical);
    const std::optional<qint64> hashedSeq = seqIn(hashed);

    if (copyGenuine && hashedSeq && *hashedSeq != p) {
        const qint64 s = *hashedSeq;
        if (s < p)
            return {s, ChainBreakKind::RowInserted,
                    QStringLiteral("row %1 holds the decision recorded as #%2: rows %2..%3 were inserted before it")
                        .arg(p).arg(s).arg(p - 1)};
        const std::optional<qint64> predecessor = seqOfRowHash(stringIn(hashed, "prevHash"));
        if (predecessor && *predecessor > p)
            return {p, ChainBreakKind::RowsReordered,
                    QStringLiteral("row %1 holds the decision recorded as #%2, and the decision before it sits at "
                                   "row %3: rows were reordered")
                        .arg(p).arg(s).arg(*predecessor)};
        return {p, ChainBreakKind::RowDeleted,
                QStringLiteral("row %1 holds the decision recorded as #%2: rows were deleted and the later ones "
                               "renumbered")
                    .arg(p).arg(s)};
    }

    // Is the original row p (the one linked to row p - 1) further down? Then rows were inserted.
    if (const auto successor = successorOf(expectedPrev, p)) {
        if (hashes(successor->canonical, successor->rowHash) && seqIn(parse(successor->canonical)) == p)
            return {p, ChainBreakKind::RowInserted,
                    (successor->seq == p + 1 ? QStringLiteral("row %1 was inserted").arg(p)
                                             : QStringLiteral("rows %1..%2 were inserted").arg(p).arg(successor->seq - 1))
                        + QStringLiteral(": the original row %1 is now row %2").arg(p).arg(successor->seq)};
    }

    const QByteArray rebuilt = row.columns ? CanonicalJson::decision(*row.columns) : QByteArray();
    if (copyGenuine) {
        if (row.columns && rebuilt == row.canonical) {
            if (p == 1)
                return {p, ChainBreakKind::LinkBroken,
                        QStringLiteral("the first row's prev_hash is not 64 zeros: it was rewritten and re-hashed")};
            return {p, ChainBreakKind::LinkBroken,
                    QStringLiteral("prev_hash is not the row_hash of row %1: row %1 was rewritten and re-hashed, or "
                                   "this row's link was")
                        .arg(p - 1)};
        }
        if (!row.columns)
            return {p, ChainBreakKind::ContentEdited, row.columnsError};
        return {p, ChainBreakKind::ContentEdited,
                QStringLiteral("fields changed after hashing: ") + fieldDifferences(parse(rebuilt), hashed)};
    }
    if (row.columns && hashes(rebuilt, row.rowHash))
        return {p, ChainBreakKind::CanonicalMismatch,
                QStringLiteral("the stored canonical copy disagrees with the row, which still matches row_hash")};
    if (row.columns && rebuilt == row.canonical)
        return {p, ChainBreakKind::HashMismatch,
                QStringLiteral("the row and its canonical copy agree but do not hash to row_hash: both were edited, "
                               "or row_hash was")};
    return {p, ChainBreakKind::HashMismatch,
            QStringLiteral("row_hash matches neither the row nor its canonical copy: the row was rewritten")};
}

} // namespace greenlight
