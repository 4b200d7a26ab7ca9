#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

class QSqlError;
class QSqlQuery;

namespace greenlight {

// One QSqlDatabase connection to an SQLite file, owned: a unique connection name per
// instance and thread, removed again on destruction. A connection is used only from the
// thread that opened it (a Qt Sql rule).
class SqlConnection
{
public:
    enum class Access {
        ReadOnly,
        ReadWrite,
        // The file's bytes as they are: no locks, no -wal/-shm files created. Only for
        // inspecting a file that has no -wal beside it (nothing is then missed).
        Immutable,
    };

    static constexpr int kBusyTimeout_ms = 5000;

    // ReadWrite creates the file if it does not exist. No PRAGMA is changed here.
    static Result<SqlConnection> open(const QString &path, Access access, const QString &purpose);

    SqlConnection() = default;
    SqlConnection(SqlConnection &&other) noexcept;
    SqlConnection &operator=(SqlConnection &&other) noexcept;
    SqlConnection(const SqlConnection &) = delete;
    SqlConnection &operator=(const SqlConnection &) = delete;
    ~SqlConnection();

    bool isOpen() const { return !m_name.isEmpty(); }
    QSqlDatabase database() const;
    QString path() const { return m_path; }

    // Runs one statement (no results kept); errors carry code ledger.sql and the SQL text.
    Status exec(const QString &sql) const;
    // First column of the first row, or an invalid QVariant when there is no row.
    Result<QVariant> scalar(const QString &sql) const;

    Error sqlError(const QSqlError &error, const QString &what) const;
    static bool isBusy(const QSqlError &error);

private:
    void close();

    QString m_name;
    QString m_path;
};

} // namespace greenlight
