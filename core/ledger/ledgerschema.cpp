#include "ledger/ledgerschema.h"

#include "ledger/sqlconnection.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QThread>

namespace greenlight {

namespace {

using Step = Status (*)(const SqlConnection &);
constexpr Step kSteps[] = {&LedgerSchema::stepTo1, &LedgerSchema::stepTo2};
static_assert(std::size(kSteps) == LedgerSchema::kLatestVersion);

Status execAll(const SqlConnection &db, const QStringList &statements)
{
    for (const QString &sql : statements)
        if (Status s = db.exec(sql); !s)
            return s;
    return {};
}

Result<qint64> intPragma(const SqlConnection &db, const char *name)
{
    auto v = db.scalar(QStringLiteral("PRAGMA ") + QLatin1String(name));
    if (!v)
        return v.error();
    return v->toLongLong();
}

} // namespace

QString LedgerSchema::tooNewMessage(int version)
{
    return QStringLiteral("this ledger was written by a newer Greenlight (schema version %1; this build knows "
                          "up to %2): it is not opened for writing. Upgrade Greenlight, or open it read-only.")
        .arg(version)
        .arg(kLatestVersion);
}

Status LedgerSchema::stepTo1(const SqlConnection &db)
{
    const QString genesis(64, QLatin1Char('0'));
    return execAll(db, {
        QStringLiteral("CREATE TABLE decisions ("
                       " seq INTEGER PRIMARY KEY CHECK (seq >= 1),"
                       " spec_id TEXT NOT NULL,"
                       " spec_path TEXT NOT NULL,"
                       " variant TEXT NOT NULL,"
                       " run_id TEXT NOT NULL,"
                       " manifest_sha256 TEXT NOT NULL,"
                       " spec_sha256 TEXT NOT NULL,"
                       " outcome TEXT NOT NULL CHECK (outcome IN ('pass', 'revise', 'reject')),"
                       " reasons_json TEXT NOT NULL,"
                       " waivers_json TEXT NOT NULL,"
                       " reviewer TEXT NOT NULL,"
                       " role TEXT NOT NULL,"
                       " decided_at TEXT NOT NULL,"
                       " prev_hash TEXT NOT NULL UNIQUE CHECK (length(prev_hash) = 64),"
                       " row_hash TEXT NOT NULL UNIQUE CHECK (length(row_hash) = 64),"
                       " canonical_json BLOB NOT NULL)"),
        QStringLiteral("CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN"
                       " SELECT RAISE(ABORT, 'greenlight ledger: decisions are append-only, UPDATE refused');"
                       " END"),
        QStringLiteral("CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions BEGIN"
                       " SELECT RAISE(ABORT, 'greenlight ledger: decisions are append-only, DELETE refused');"
                       " END"),
        // Appends only at the tip, linked to it; a reused row_hash would let INSERT OR
        // REPLACE delete an existing row, so it is refused before conflict resolution.
        QStringLiteral("CREATE TRIGGER decisions_append_at_tip BEFORE INSERT ON decisions BEGIN"
                       " SELECT RAISE(ABORT, 'greenlight ledger: a decision is appended at seq = last seq + 1')"
                       "  WHERE NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM decisions);"
                       " SELECT RAISE(ABORT, 'greenlight ledger: prev_hash must be the row_hash of the last decision')"
                       "  WHERE NEW.prev_hash IS NOT COALESCE((SELECT row_hash FROM decisions ORDER BY seq DESC LIMIT 1),"
                       "  '%1');"
                       " SELECT RAISE(ABORT, 'greenlight ledger: row_hash already recorded')"
                       "  WHERE EXISTS (SELECT 1 FROM decisions WHERE row_hash = NEW.row_hash);"
                       " END")
            .arg(genesis),
        QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
    });
}

Status LedgerSchema::stepTo2(const SqlConnection &db)
{
    return execAll(db, {
        QStringLiteral("CREATE INDEX decisions_by_variant ON decisions (variant, spec_id, seq)"),
        QStringLiteral("CREATE INDEX decisions_by_run ON decisions (run_id, seq)"),
    });
}

Status LedgerSchema::enableWal(const SqlConnection &db)
{
    QElapsedTimer waited;
    waited.start();
    for (;;) {
        auto mode = db.scalar(QStringLiteral("PRAGMA journal_mode = WAL"));
        if (mode && mode->toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) == 0)
            return {};
        const bool locked = !mode && mode.error().message.contains(QLatin1String("locked"));
        if (!locked || waited.elapsed() > SqlConnection::kBusyTimeout_ms) {
            if (!mode)
                return mode.error();
            return makeError(QStringLiteral("ledger.sql"),
                             QStringLiteral("cannot switch the ledger to WAL journaling (got '%1')").arg(mode->toString()),
                             db.path());
        }
        QThread::msleep(5);
    }
}

Status LedgerSchema::migrate(const SqlConnection &db, int targetVersion)
{
    if (targetVersion < 0 || targetVersion > kLatestVersion)
        return makeError(QStringLiteral("ledger.schema"),
                         QStringLiteral("unknown schema version %1").arg(targetVersion), db.path());
    if (Status s = enableWal(db); !s)
        return s;
    if (Status s = db.exec(QStringLiteral("BEGIN IMMEDIATE")); !s)
        return s;
    auto fail = [&db](Error e) -> Status {
        db.exec(QStringLiteral("ROLLBACK"));
        return e;
    };
    // Read again under the write lock: another process may have migrated meanwhile.
    const auto version = intPragma(db, "user_version");
    const auto appId = intPragma(db, "application_id");
    const auto objects = db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"));
    if (!version || !appId || !objects)
        return fail(!version ? version.error() : !appId ? appId.error() : objects.error());
    const bool fresh = *appId == 0 && *version == 0 && objects->toLongLong() == 0;
    if (!fresh && *appId != kApplicationId)
        return fail(makeError(QStringLiteral("ledger.foreign"),
                              QStringLiteral("an SQLite database that is not a Greenlight ledger"), db.path()));
    if (*version > kLatestVersion)
        return fail(makeError(QStringLiteral("ledger.too-new"), tooNewMessage(int(*version)), db.path()));
    for (int v = int(*version) + 1; v <= targetVersion; ++v) {
        if (Status s = kSteps[v - 1](db); !s)
            return fail(s.error());
        if (Status s = db.exec(QStringLiteral("PRAGMA user_version = %1").arg(v)); !s)
            return fail(s.error());
    }
    if (Status s = db.exec(QStringLiteral("COMMIT")); !s)
        return fail(s.error());
    return {};
}

} // namespace greenlight
