#pragma once

// Helpers shared by the ledger suites: sample decisions, raw SQL access that bypasses the
// Ledger class (the way a tamperer would), file snapshots.
#include "common/hashing.h"
#include "ledger/canonicaljson.h"
#include "ledger/decision.h"
#include "ledger/decisionrow.h"
#include "ledger/ledger.h"

#include <QAtomicInteger>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

namespace greenlight::test {

inline QString sha(char c) { return QString(64, QLatin1Char(c)); }

inline DecisionInput sampleInput(int i, const QString &variant = QStringLiteral("9x16"),
                                 const QString &runId = QString())
{
    static const Outcome outcomes[] = {Outcome::Revise, Outcome::Pass, Outcome::Reject};
    DecisionInput in;
    in.specId = QStringLiteral("launch-teaser");
    in.specPath = QStringLiteral("specs/launch-teaser.greenlight.json");
    in.variant = variant;
    in.runId = runId.isEmpty() ? QStringLiteral("run-%1").arg(i, 4, 10, QLatin1Char('0')) : runId;
    in.manifestSha256 = sha256Hex(QByteArray::number(i) + "manifest");
    in.specSha256 = sha256Hex(QByteArray::number(i) + "spec");
    in.outcome = outcomes[i % 3];
    in.reasons = {QStringLiteral("decision %1").arg(i)};
    if (i % 4 == 0)
        in.waivers = {{QStringLiteral("deterministic.loudness"), QStringLiteral("music bed agreed with client")}};
    in.reviewer = QStringLiteral("reviewer-%1").arg(i % 3);
    in.role = QStringLiteral("qa-lead");
    in.decidedAt = QDateTime(QDate(2024, 5, 1), QTime(9, 0), Qt::UTC).addMSecs(qint64(i) * 1001);
    return in;
}

// Appends n sample decisions to a new ledger at `path`; returns their row hashes (index = seq - 1).
inline QStringList makeLedger(const QString &path, int n)
{
    QStringList hashes;
    auto ledger = Ledger::open(path, Ledger::OpenMode::ReadWrite);
    if (!ledger) {
        qWarning("%s", qPrintable(ledger.error().toString()));
        return hashes;
    }
    for (int i = 1; i <= n; ++i) {
        auto d = ledger->append(sampleInput(i));
        if (!d)
            return hashes;
        hashes.append(d->rowHash);
    }
    return hashes;
}

inline QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A plain QSqlDatabase connection to the file, outside the Ledger class.
class RawDb
{
public:
    explicit RawDb(const QString &path)
    {
        static QAtomicInteger<int> counter;
        m_name = QStringLiteral("raw-%1").arg(counter.fetchAndAddRelaxed(1));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawDb()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

    // Runs statements; returns the first error text, empty on success.
    QString exec(const QStringList &statements) const
    {
        for (const QString &sql : statements) {
            QSqlQuery q(db());
            if (!q.exec(sql))
                return q.lastError().text();
        }
        return {};
    }
    QVariant scalar(const QString &sql) const
    {
        QSqlQuery q(db());
        return q.exec(sql) && q.next() ? q.value(0) : QVariant();
    }
    Decision read(qint64 seq) const
    {
        QSqlQuery q(db());
        q.exec(QStringLiteral("SELECT ") + DecisionRow::columns()
               + QStringLiteral(" FROM decisions WHERE seq = ") + QString::number(seq));
        if (!q.next())
            return {};
        auto d = DecisionRow::read(q);
        return d ? *d : Decision();
    }
    // Overwrites row `seq` with d's fields (canonical copy and hashes as given in d).
    QString write(qint64 seq, const Decision &d) const
    {
        QSqlQuery q(db());
        q.prepare(QStringLiteral("UPDATE decisions SET seq = ?, spec_id = ?, spec_path = ?, variant = ?, run_id = ?,"
                                 " manifest_sha256 = ?, spec_sha256 = ?, outcome = ?, reasons_json = ?,"
                                 " waivers_json = ?, reviewer = ?, role = ?, decided_at = ?, prev_hash = ?,"
                                 " row_hash = ?, canonical_json = ? WHERE seq = ?"));
        DecisionRow::bindInsert(q, d);
        q.bindValue(16, qlonglong(seq));
        return q.exec() ? QString() : q.lastError().text();
    }

private:
    QString m_name;
    bool m_ok = false;
};

// Recomputes canonical copy and row hash from the fields, as a careful tamperer would.
inline Decision resealed(Decision d)
{
    d.canonicalJson = CanonicalJson::decision(d);
    d.rowHash = sha256Hex(d.canonicalJson);
    return d;
}

inline QStringList dropTriggers()
{
    return {QStringLiteral("DROP TRIGGER decisions_no_update"), QStringLiteral("DROP TRIGGER decisions_no_delete"),
            QStringLiteral("DROP TRIGGER decisions_append_at_tip")};
}

} // namespace greenlight::test
