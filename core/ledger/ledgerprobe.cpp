#include "ledger/ledgerprobe.h"

#include "ledger/ledgerschema.h"
#include "ledger/sqlconnection.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace greenlight {

namespace {

constexpr char kSqliteMagic[] = "SQLite format 3"; // followed by a NUL: 16 bytes
constexpr int kSqliteNotADb = 26;

Error notSqlite(const QString &path, const QString &why)
{
    return makeError(QStringLiteral("ledger.not-sqlite"),
                     QStringLiteral("not a Greenlight ledger: ") + why + QStringLiteral(" (the file was left untouched)"),
                     path);
}

} // namespace

Result<LedgerProbe> LedgerProbe::inspect(const QString &path)
{
    LedgerProbe probe;
    const QFileInfo info(path);
    if (!info.exists())
        return probe;
    if (!info.isFile())
        return makeError(QStringLiteral("ledger.open"), QStringLiteral("not a file"), path);
    if (info.size() == 0) {
        probe.kind = Kind::EmptyDatabase;
        return probe;
    }
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("ledger.open"), QStringLiteral("cannot read: ") + file.errorString(), path);
        const QByteArray header = file.read(100);
        if (header.size() < 100 || !header.startsWith(QByteArray(kSqliteMagic, sizeof kSqliteMagic)))
            return notSqlite(path, QStringLiteral("the file is not an SQLite database"));
    }

    // Without a -wal file every committed byte is in the main file: read it immutably so
    // that not even -wal/-shm files appear beside a file that is not ours. With one, a
    // plain read-only connection sees the committed state (and creates nothing new).
    const bool hasWal = QFileInfo::exists(path + QStringLiteral("-wal"));
    auto conn = SqlConnection::open(path, hasWal ? SqlConnection::Access::ReadOnly : SqlConnection::Access::Immutable,
                                    QStringLiteral("probe"));
    if (!conn)
        return conn.error();
    QSqlQuery q(conn->database());
    q.setForwardOnly(true);
    auto intPragma = [&](const QString &sql, qint64 &out) -> Status {
        if (!q.exec(sql) || !q.next()) {
            const QSqlError e = q.lastError();
            if (e.nativeErrorCode().toInt() == kSqliteNotADb)
                return notSqlite(path, QStringLiteral("the file is not an SQLite database (") + e.databaseText()
                                           + QLatin1Char(')'));
            return conn->sqlError(e, sql);
        }
        out = q.value(0).toLongLong();
        q.finish();
        return {};
    };
    qint64 appId = 0;
    qint64 version = 0;
    if (Status s = intPragma(QStringLiteral("PRAGMA application_id"), appId); !s)
        return s.error();
    if (Status s = intPragma(QStringLiteral("PRAGMA user_version"), version); !s)
        return s.error();
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' "
                               "ESCAPE '!' ORDER BY name")))
        return conn->sqlError(q.lastError(), QStringLiteral("reading the tables"));
    while (q.next())
        probe.tables.append(q.value(0).toString());
    q.finish();

    probe.userVersion = int(version);
    if (appId == LedgerSchema::kApplicationId) {
        if (version >= 1 && !probe.tables.contains(QLatin1String("decisions")))
            return makeError(QStringLiteral("ledger.corrupt"),
                             QStringLiteral("a Greenlight ledger without its decisions table"), path);
        probe.kind = Kind::Ledger;
        return probe;
    }
    if (appId == 0 && version == 0 && probe.tables.isEmpty()) {
        probe.kind = Kind::EmptyDatabase;
        return probe;
    }
    QString what = QStringLiteral("an SQLite database that is not a Greenlight ledger (application_id 0x%1")
                       .arg(quint32(appId), 8, 16, QLatin1Char('0'));
    if (!probe.tables.isEmpty())
        what += QStringLiteral(", tables: ") + probe.tables.join(QStringLiteral(", "));
    what += QStringLiteral("); the file was left untouched");
    return makeError(QStringLiteral("ledger.foreign"), what, path);
}

} // namespace greenlight
