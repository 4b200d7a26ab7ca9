#include "ledger/sqlconnection.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>

namespace greenlight {

namespace {
QAtomicInteger<quint64> s_connectionCounter;
} // namespace

Result<SqlConnection> SqlConnection::open(const QString &path, Access access, const QString &purpose)
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return makeError(QStringLiteral("ledger.driver"),
                         QStringLiteral("the Qt SQLite driver (QSQLITE) is not installed; install libqt6sql6-sqlite"));
    SqlConnection c;
    c.m_path = path;
    c.m_name = QStringLiteral("greenlight.%1.%2.t%3")
                   .arg(purpose)
                   .arg(s_connectionCounter.fetchAndAddRelaxed(1))
                   .arg(quintptr(QThread::currentThreadId()), 0, 16);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), c.m_name);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=") + QString::number(kBusyTimeout_ms);
    if (access == Access::Immutable) {
        db.setDatabaseName(QUrl::fromLocalFile(QFileInfo(path).absoluteFilePath()).toString(QUrl::FullyEncoded)
                           + QStringLiteral("?immutable=1"));
        options += QStringLiteral(";QSQLITE_OPEN_URI;QSQLITE_OPEN_READONLY");
    } else {
        db.setDatabaseName(path);
    }
    if (access == Access::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    db.setConnectOptions(options);
    if (!db.open()) {
        const Error e = makeError(QStringLiteral("ledger.open"),
                                  QStringLiteral("cannot open: ") + db.lastError().text(), path);
        return e; // c's destructor removes the connection
    }
    return c;
}

SqlConnection::SqlConnection(SqlConnection &&other) noexcept
    : m_name(std::exchange(other.m_name, QString())), m_path(std::move(other.m_path))
{
}

SqlConnection &SqlConnection::operator=(SqlConnection &&other) noexcept
{
    if (this != &other) {
        close();
        m_name = std::exchange(other.m_name, QString());
        m_path = std::move(other.m_path);
    }
    return *this;
}

SqlConnection::~SqlConnection()
{
    close();
}

void SqlConnection::close()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

QSqlDatabase SqlConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

Error SqlConnection::sqlError(const QSqlError &error, const QString &what) const
{
    const QString text = error.text().isEmpty() ? QStringLiteral("unknown SQLite error") : error.text();
    return makeError(isBusy(error) ? QStringLiteral("ledger.busy") : QStringLiteral("ledger.sql"),
                     what + QStringLiteral(": ") + text, m_path);
}

bool SqlConnection::isBusy(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with or without extended bits.
    return ok && ((code & 0xff) == 5 || (code & 0xff) == 6);
}

Status SqlConnection::exec(const QString &sql) const
{
    QSqlQuery q(database());
    if (!q.exec(sql))
        return sqlError(q.lastError(), sql);
    return {};
}

Result<QVariant> SqlConnection::scalar(const QString &sql) const
{
    QSqlQuery q(database());
    q.setForwardOnly(true);
    if (!q.exec(sql))
        return sqlError(q.lastError(), sql);
    if (!q.next())
        return QVariant();
    return q.value(0);
}

} // namespace greenlight
