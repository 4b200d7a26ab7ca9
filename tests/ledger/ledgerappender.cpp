// Test helper: appends decisions to a ledger in a loop and prints "<seq> <row_hash>" for
// each append that reported success, flushed before the next one starts, so a parent that
// kills it knows exactly which decisions were committed.
//   ledger_appender LEDGER COUNT TAG     (COUNT 0 = until killed)
#include "common/hashing.h"
#include "ledger/ledger.h"

#include <QCoreApplication>

#include <cstdio>

using namespace greenlight;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 4) {
        std::fprintf(stderr, "usage: ledger_appender LEDGER COUNT TAG\n");
        return 2;
    }
    const qint64 count = args[2].toLongLong();
    const QString tag = args[3];
    auto ledger = Ledger::open(args[1], Ledger::OpenMode::ReadWrite);
    if (!ledger) {
        std::fprintf(stderr, "open: %s\n", qPrintable(ledger.error().toString()));
        return 1;
    }
    for (qint64 i = 0; count == 0 || i < count; ++i) {
        DecisionInput in;
        in.specId = QStringLiteral("stress");
        in.specPath = QStringLiteral("specs/stress.json");
        in.variant = tag;
        in.runId = tag + QLatin1Char('-') + QString::number(i);
        in.manifestSha256 = sha256Hex(in.runId.toUtf8());
        in.specSha256 = sha256Hex(QByteArrayLiteral("stress spec"));
        in.outcome = i % 2 ? Outcome::Pass : Outcome::Revise;
        in.reasons = {QStringLiteral("append %1 from %2").arg(i).arg(tag)};
        in.reviewer = tag;
        in.role = QStringLiteral("qa-lead");
        auto d = ledger->append(in);
        if (!d) {
            std::fprintf(stderr, "append: %s\n", qPrintable(d.error().toString()));
            return 1;
        }
        std::printf("%lld %s\n", static_cast<long long>(d->seq), qPrintable(d->rowHash));
        std::fflush(stdout);
    }
    return 0;
}
