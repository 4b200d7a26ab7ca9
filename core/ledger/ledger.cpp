#include "ledger/ledger.h"

#include "ledger/decisionrow.h"
#include "ledger/ledgerexporter.h"
#include "ledger/ledgerprobe.h"
#include "ledger/ledgerschema.h"
#include "ledger/ledgerverifier.h"
#include "ledger/sqlconnection.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace greenlight {

struct Ledger::Private
{
    QString path;
    OpenMode mode = OpenMode::ReadWrite;
    int schemaVersion = 0;
    Qt::HANDLE thread = nullptr;
    SqlConnection conn; // declared before the queries: destroyed after them
    std::optional<QSqlQuery> tipQuery;
    std::optional<QSqlQuery> insertQuery;
    std::optional<QSqlQuery> latestQuery;

    // A statement prepared once and reused (appends and lookups are hot paths).
    Result<QSqlQuery *> prepared(std::optional<QSqlQuery> &slot, const QString &sql, const QString &what)
    {
        if (!slot) {
            QSqlQuery q(conn.database());
            q.setForwardOnly(true);
            if (!q.prepare(sql))
                return conn.sqlError(q.lastError(), what);
            slot.emplace(std::move(q));
        }
        return &*slot;
    }
};

Ledger::Ledger(std::unique_ptr<Private> p) : d(std::move(p)) {}
Ledger::Ledger(Ledger &&) noexcept = default;
Ledger &Ledger::operator=(Ledger &&) noexcept = default;
Ledger::~Ledger() = default;

QString Ledger::path() const { return d->path; }
Ledger::OpenMode Ledger::mode() const { return d->mode; }
int Ledger::schemaVersion() const { return d->schemaVersion; }

Result<Ledger> Ledger::open(const QString &path, OpenMode mode)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    auto probe = LedgerProbe::inspect(absolute);
    if (!probe)
        return probe.error();

    auto p = std::make_unique<Private>();
    p->path = absolute;
    p->mode = mode;
    p->thread = QThread::currentThreadId();

    if (mode == OpenMode::ReadOnly) {
        if (probe->kind != LedgerProbe::Kind::Ledger)
            return makeError(QStringLiteral("ledger.not-found"),
                             probe->kind == LedgerProbe::Kind::Missing
                                 ? QStringLiteral("no ledger here yet: no decision has been recorded")
                                 : QStringLiteral("an empty database, not a Greenlight ledger yet"),
                             absolute);
        auto conn = SqlConnection::open(absolute, SqlConnection::Access::ReadOnly, QStringLiteral("ledger-ro"));
        if (!conn)
            return conn.error();
        p->conn = std::move(*conn);
        p->schemaVersion = probe->userVersion;
        return Ledger(std::move(p));
    }

    if (probe->kind == LedgerProbe::Kind::Ledger && probe->userVersion > LedgerSchema::kLatestVersion)
        return makeError(QStringLiteral("ledger.too-new"), LedgerSchema::tooNewMessage(probe->userVersion), absolute);
    if (!QFileInfo(QFileInfo(absolute).absolutePath()).isDir())
        return makeError(QStringLiteral("ledger.open"), QStringLiteral("the folder does not exist"), absolute);
    auto conn = SqlConnection::open(absolute, SqlConnection::Access::ReadWrite, QStringLiteral("ledger"));
    if (!conn)
        return conn.error();
    p->conn = std::move(*conn);
    for (const QString &pragma : {QStringLiteral("PRAGMA busy_timeout = %1").arg(SqlConnection::kBusyTimeout_ms),
                                  QStringLiteral("PRAGMA foreign_keys = ON"),
                                  QStringLiteral("PRAGMA synchronous = FULL")})
        if (Status s = p->conn.exec(pragma); !s)
            return s.error();
    if (probe->kind != LedgerProbe::Kind::Ledger || probe->userVersion < LedgerSchema::kLatestVersion) {
        if (Status s = LedgerSchema::migrate(p->conn); !s)
            return s.error();
    } else if (Status s = LedgerSchema::enableWal(p->conn); !s) {
        return s.error();
    }
    p->schemaVersion = LedgerSchema::kLatestVersion;
    return Ledger(std::move(p));
}

Status Ledger::checkThread() const
{
    if (QThread::currentThreadId() != d->thread)
        return makeError(QStringLiteral("ledger.thread"),
                         QStringLiteral("a Ledger is used only from the thread that opened it; open another "
                                        "Ledger on this thread"),
                         d->path);
    return {};
}

Result<Decision> Ledger::append(const DecisionInput &input)
{
    if (Status s = checkThread(); !s)
        return s.error();
    if (d->mode != OpenMode::ReadWrite)
        return makeError(QStringLiteral("ledger.read-only"), QStringLiteral("the ledger was opened read-only"),
                         d->path);
    if (Status s = input.validate(); !s)
        return s.error();
    // SQLite's busy handler already waits up to the busy timeout for the write lock; this
    // loop covers the BUSY results it does not wait on (e.g. WAL recovery by another process).
    QElapsedTimer waited;
    waited.start();
    for (int attempt = 0;; ++attempt) {
        auto r = tryAppend(input);
        if (r || r.error().code != QLatin1String("ledger.busy") || waited.elapsed() > SqlConnection::kBusyTimeout_ms)
            return r;
        QThread::msleep(1 + QRandomGenerator::global()->bounded(2u << std::min(attempt, 5)));
    }
}

Result<Decision> Ledger::tryAppend(const DecisionInput &input)
{
    const SqlConnection &conn = d->conn;
    if (Status s = conn.exec(QStringLiteral("BEGIN IMMEDIATE")); !s)
        return s.error();
    auto fail = [&conn](Error e) -> Result<Decision> {
        conn.exec(QStringLiteral("ROLLBACK"));
        return e;
    };
    const QString readingTip = QStringLiteral("reading the ledger tip");
    auto tipQuery = d->prepared(d->tipQuery,
                                QStringLiteral("SELECT seq, row_hash FROM decisions ORDER BY seq DESC LIMIT 1"),
                                readingTip);
    if (!tipQuery)
        return fail(tipQuery.error());
    QSqlQuery &tip = **tipQuery;
    if (!tip.exec())
        return fail(conn.sqlError(tip.lastError(), readingTip));
    qint64 seq = 1;
    QString prevHash = Decision::genesisHash();
    if (tip.next()) {
        seq = tip.value(0).toLongLong() + 1;
        prevHash = tip.value(1).toString();
    }
    tip.finish();
    const Decision decision = Decision::seal(seq, input, prevHash);

    const QString recording = QStringLiteral("recording the decision");
    auto insertQuery = d->prepared(d->insertQuery, DecisionRow::insertSql(), recording);
    if (!insertQuery)
        return fail(insertQuery.error());
    QSqlQuery &insert = **insertQuery;
    DecisionRow::bindInsert(insert, decision);
    if (!insert.exec())
        return fail(conn.sqlError(insert.lastError(), recording));
    insert.finish();
    if (Status s = conn.exec(QStringLiteral("COMMIT")); !s)
        return fail(s.error());
    return decision;
}

namespace {

QString filterSql(const LedgerFilter &filter)
{
    QString sql = QStringLiteral("SELECT ") + DecisionRow::columns() + QStringLiteral(" FROM decisions WHERE 1 = 1");
    if (!filter.variant.isEmpty())
        sql += QStringLiteral(" AND variant = :variant");
    if (!filter.specId.isEmpty())
        sql += QStringLiteral(" AND spec_id = :spec");
    if (!filter.runId.isEmpty())
        sql += QStringLiteral(" AND run_id = :run");
    sql += filter.newestFirst ? QStringLiteral(" ORDER BY seq DESC") : QStringLiteral(" ORDER BY seq");
    sql += QStringLiteral(" LIMIT :limit OFFSET :offset");
    return sql;
}

} // namespace

Status Ledger::forEach(const LedgerFilter &filter, const std::function<bool(const Decision &)> &visit) const
{
    if (Status s = checkThread(); !s)
        return s;
    QSqlQuery q(d->conn.database());
    q.setForwardOnly(true);
    if (!q.prepare(filterSql(filter)))
        return d->conn.sqlError(q.lastError(), QStringLiteral("listing decisions"));
    if (!filter.variant.isEmpty())
        q.bindValue(QStringLiteral(":variant"), filter.variant);
    if (!filter.specId.isEmpty())
        q.bindValue(QStringLiteral(":spec"), filter.specId);
    if (!filter.runId.isEmpty())
        q.bindValue(QStringLiteral(":run"), filter.runId);
    q.bindValue(QStringLiteral(":limit"), qlonglong(filter.limit < 0 ? -1 : filter.limit));
    q.bindValue(QStringLiteral(":offset"), qlonglong(std::max<qint64>(0, filter.offset)));
    if (!q.exec())
        return d->conn.sqlError(q.lastError(), QStringLiteral("listing decisions"));
    while (q.next()) {
        auto decision = DecisionRow::read(q);
        if (!decision)
            return decision.error();
        if (!visit(*decision))
            break;
    }
    if (q.lastError().isValid())
        return d->conn.sqlError(q.lastError(), QStringLiteral("listing decisions"));
    return {};
}

Result<QList<Decision>> Ledger::list(const LedgerFilter &filter) const
{
    QList<Decision> out;
    if (Status s = forEach(filter, [&out](const Decision &dec) {
            out.append(dec);
            return true;
        });
        !s)
        return s.error();
    return out;
}

Result<Decision> Ledger::show(qint64 seq) const
{
    if (Status s = checkThread(); !s)
        return s.error();
    QSqlQuery q(d->conn.database());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + DecisionRow::columns() + QStringLiteral(" FROM decisions WHERE seq = ?"));
    q.bindValue(0, qlonglong(seq));
    if (!q.exec())
        return d->conn.sqlError(q.lastError(), QStringLiteral("reading decision %1").arg(seq));
    if (!q.next())
        return makeError(QStringLiteral("ledger.no-such-decision"),
                         QStringLiteral("no decision #%1 in this ledger").arg(seq), d->path);
    return DecisionRow::read(q);
}

Result<std::optional<Decision>> Ledger::latestForVariant(const QString &specId, const QString &variant) const
{
    if (Status s = checkThread(); !s)
        return s.error();
    const QString what = QStringLiteral("looking up the latest decision");
    auto query = d->prepared(d->latestQuery,
                             QStringLiteral("SELECT ") + DecisionRow::columns()
                                 + QStringLiteral(" FROM decisions WHERE variant = ? AND spec_id = ?"
                                                  " ORDER BY seq DESC LIMIT 1"),
                             what);
    if (!query)
        return query.error();
    QSqlQuery &q = **query;
    q.bindValue(0, variant);
    q.bindValue(1, specId);
    if (!q.exec())
        return d->conn.sqlError(q.lastError(), what);
    std::optional<Decision> latest;
    if (q.next()) {
        auto decision = DecisionRow::read(q);
        if (!decision) {
            q.finish();
            return decision.error();
        }
        latest = std::move(*decision);
    }
    q.finish();
    return latest;
}

Result<qint64> Ledger::count() const
{
    if (Status s = checkThread(); !s)
        return s.error();
    auto n = d->conn.scalar(QStringLiteral("SELECT count(*) FROM decisions"));
    if (!n)
        return n.error();
    return n->toLongLong();
}

VerifyReport Ledger::verify() const
{
    if (Status s = checkThread(); !s) {
        VerifyReport report;
        report.error = s.error();
        return report;
    }
    return LedgerVerifier::run(d->conn);
}

Status Ledger::exportTo(QIODevice &device, ExportFormat format, const LedgerFilter &filter) const
{
    LedgerExporter exporter(device, format == ExportFormat::Csv ? LedgerExporter::Format::Csv
                                                                 : LedgerExporter::Format::Json);
    if (Status s = exporter.begin(); !s)
        return s;
    Status written;
    if (Status s = forEach(filter, [&](const Decision &dec) {
            written = exporter.write(dec);
            return written.ok();
        });
        !s)
        return s;
    if (!written)
        return written;
    return exporter.end();
}

} // namespace greenlight
