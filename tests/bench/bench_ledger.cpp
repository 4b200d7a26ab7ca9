// The ledger's three figures, each the median of several rounds:
//   disk_fsync_per_s       the folder's ceiling: 200-byte file appends, each followed by fsync
//   ledger_appends_per_s   durable appends per second through Ledger::append (each one a
//                          BEGIN IMMEDIATE transaction, WAL, synchronous=FULL: fsync per commit),
//                          and its ratio to disk_fsync_per_s
//   ledger_verify_100k_s   Ledger::verify over a 100,000-row ledger (one streaming pass)
//   ledger_lookup_1m_ms    Ledger::latestForVariant in a 1,000,000-row ledger (1,000 variants)
// Fixtures are built in a temporary folder (TMPDIR) with one bulk transaction each, through
// the real table and its triggers, with a valid chain; the fixture builder relaxes durability
// (rollback journal, synchronous=OFF) because it is throwaway data.
#include "common/hashing.h"
#include "ledger/decision.h"
#include "ledger/decisionrow.h"
#include "ledger/ledger.h"
#include "ledger/sqlconnection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

using namespace greenlight;

namespace {

constexpr int kSpecs = 100;
constexpr int kVariantsPerSpec = 10;

DecisionInput input(qint64 i)
{
    DecisionInput in;
    in.specId = QStringLiteral("spec-%1").arg(i % kSpecs);
    in.specPath = QStringLiteral("specs/spec-%1.json").arg(i % kSpecs);
    in.variant = QStringLiteral("variant-%1").arg((i / kSpecs) % kVariantsPerSpec);
    in.runId = QStringLiteral("run-%1").arg(i);
    static const QStringList specHashes = [] {
        QStringList hashes;
        for (int s = 0; s < kSpecs; ++s)
            hashes.append(sha256Hex(QByteArray::number(s)));
        return hashes;
    }();
    in.manifestSha256 = QStringLiteral("%1").arg(i, 64, 16, QLatin1Char('0')); // unique, cheap
    in.specSha256 = specHashes[i % kSpecs];
    in.outcome = i % 3 ? Outcome::Revise : Outcome::Pass;
    in.reasons = {QStringLiteral("loudness -12 LUFS over target"), QStringLiteral("caption 4 overflows its box")};
    if (i % 10 == 0)
        in.waivers = {{QStringLiteral("deterministic.loudness"), QStringLiteral("client signed off")}};
    in.reviewer = QStringLiteral("reviewer-%1").arg(i % 7);
    in.role = QStringLiteral("qa-lead");
    in.decidedAt = QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC).addMSecs(i * 997);
    return in;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

bool fail(const char *what, const QString &why)
{
    std::fprintf(stderr, "bench_ledger: %s: %s\n", what, qPrintable(why));
    return false;
}

// Creates a ledger with `rows` decisions in one transaction through the real insert path.
bool buildFixture(const QString &path, qint64 rows)
{
    {
        auto ledger = Ledger::open(path, Ledger::OpenMode::ReadWrite); // schema and triggers
        if (!ledger)
            return fail("create", ledger.error().toString());
    }
    auto conn = SqlConnection::open(path, SqlConnection::Access::ReadWrite, QStringLiteral("bench"));
    if (!conn)
        return fail("open", conn.error().toString());
    for (const char *pragma : {"PRAGMA journal_mode = DELETE", "PRAGMA synchronous = OFF",
                               "PRAGMA cache_size = -262144", "BEGIN IMMEDIATE"})
        if (Status s = conn->exec(QString::fromLatin1(pragma)); !s)
            return fail("pragma", s.error().toString());
    {
        QSqlQuery insert(conn->database());
        if (!insert.prepare(DecisionRow::insertSql()))
            return fail("prepare", insert.lastError().text());
        QString prev = Decision::genesisHash();
        for (qint64 seq = 1; seq <= rows; ++seq) {
            const Decision d = Decision::seal(seq, input(seq), prev);
            DecisionRow::bindInsert(insert, d);
            if (!insert.exec())
                return fail("insert", insert.lastError().text());
            prev = d.rowHash;
        }
    }
    for (const char *sql : {"COMMIT", "PRAGMA journal_mode = WAL"})
        if (Status s = conn->exec(QString::fromLatin1(sql)); !s)
            return fail("commit", s.error().toString());
    return true;
}

bool benchAppends(const QString &dir, double &perSecond)
{
    auto ledger = Ledger::open(dir + QStringLiteral("/appends.sqlite"), Ledger::OpenMode::ReadWrite);
    if (!ledger)
        return fail("open", ledger.error().toString());
    constexpr int kRounds = 5;
    constexpr int kPerRound = 500;
    qint64 i = 0;
    for (int w = 0; w < 50; ++w) // warm-up: first WAL growth, statement preparation
        if (auto d = ledger->append(input(++i)); !d)
            return fail("append", d.error().toString());
    std::vector<double> rates;
    for (int r = 0; r < kRounds; ++r) {
        QElapsedTimer timer;
        timer.start();
        for (int n = 0; n < kPerRound; ++n) {
            DecisionInput in = input(++i);
            in.decidedAt = QDateTime(); // now, as the gate does
            if (auto d = ledger->append(in); !d)
                return fail("append", d.error().toString());
        }
        rates.push_back(kPerRound / (double(timer.nsecsElapsed()) / 1e9));
    }
    perSecond = median(rates);
    return ledger->verify().ok() || fail("verify", QStringLiteral("appended chain does not verify"));
}

// The disk's own ceiling for durable appends: 200-byte appends to a file, each followed by
// fsync, in the same folder. A durable transaction cannot beat this; the ratio says how much
// of it the ledger uses.
bool benchFsync(const QString &dir, double &perSecond)
{
    const QByteArray path = QFile::encodeName(dir + QStringLiteral("/fsync-baseline.bin"));
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0)
        return fail("fsync baseline", QStringLiteral("cannot create %1").arg(QString::fromLocal8Bit(path)));
    const QByteArray record(200, 'x');
    std::vector<double> rates;
    bool ok = true;
    for (int r = 0; r < 5 && ok; ++r) {
        QElapsedTimer timer;
        timer.start();
        for (int n = 0; n < 500 && ok; ++n)
            ok = ::write(fd, record.constData(), size_t(record.size())) == record.size() && ::fsync(fd) == 0;
        rates.push_back(500 / (double(timer.nsecsElapsed()) / 1e9));
    }
    ::close(fd);
    perSecond = median(rates);
    return ok || fail("fsync baseline", QStringLiteral("write or fsync failed"));
}

bool benchVerify(const QString &dir, double &seconds)
{
    const QString path = dir + QStringLiteral("/verify-100k.sqlite");
    if (!buildFixture(path, 100000))
        return false;
    auto ledger = Ledger::open(path, Ledger::OpenMode::ReadOnly);
    if (!ledger)
        return fail("open", ledger.error().toString());
    std::vector<double> times;
    for (int r = 0; r < 5; ++r) {
        QElapsedTimer timer;
        timer.start();
        const VerifyReport report = ledger->verify();
        times.push_back(double(timer.nsecsElapsed()) / 1e9);
        if (!report.ok() || report.rowsChecked != 100000)
            return fail("verify", QStringLiteral("the 100k fixture does not verify"));
    }
    seconds = median(times);
    return true;
}

bool benchLookup(const QString &dir, double &milliseconds)
{
    constexpr qint64 kRows = 1000000;
    const QString path = dir + QStringLiteral("/lookup-1m.sqlite");
    if (!buildFixture(path, kRows))
        return false;
    auto ledger = Ledger::open(path, Ledger::OpenMode::ReadOnly);
    if (!ledger)
        return fail("open", ledger.error().toString());
    QRandomGenerator rng(20240501);
    std::vector<double> times;
    for (int n = 0; n < 2000; ++n) {
        const int spec = int(rng.bounded(kSpecs));
        const int variant = int(rng.bounded(kVariantsPerSpec));
        const QString specId = QStringLiteral("spec-%1").arg(spec);
        const QString variantId = QStringLiteral("variant-%1").arg(variant);
        QElapsedTimer timer;
        timer.start();
        auto latest = ledger->latestForVariant(specId, variantId);
        times.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (!latest || !latest->has_value())
            return fail("lookup", latest ? QStringLiteral("no decision found") : latest.error().toString());
        // The expected answer: the largest seq <= kRows with seq % 100 == spec and
        // (seq / 100) % 10 == variant.
        const qint64 block = kSpecs * kVariantsPerSpec;
        qint64 expected = (kRows / block) * block + variant * kSpecs + spec;
        while (expected > kRows)
            expected -= block;
        if ((*latest)->seq != expected)
            return fail("lookup", QStringLiteral("wrong decision %1, expected %2").arg((*latest)->seq).arg(expected));
    }
    milliseconds = median(times);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "bench_ledger: cannot create a temporary folder\n");
        return 1;
    }
    double appends = 0;
    double verify = 0;
    double lookup = 0;
    if (!benchAppends(dir.path(), appends) || !benchVerify(dir.path(), verify) || !benchLookup(dir.path(), lookup))
        return 1;
    double fsyncs = 0;
    if (!benchFsync(dir.path(), fsyncs))
        return 1;
    std::printf("disk_fsync_per_s %.0f /s\n", fsyncs);
    std::printf("ledger_appends_per_s %.0f /s %.2f of_disk_fsync_per_s\n", appends, fsyncs > 0 ? appends / fsyncs : 0.0);
    std::printf("ledger_verify_100k_s %.3f s\n", verify);
    std::printf("ledger_lookup_1m_ms %.3f ms\n", lookup);
    return 0;
}
