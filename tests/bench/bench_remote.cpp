// Remote renders of the demo's feature explainer (510 frames, 1280x720) against a local render
// of the same spec, all measured in this run, rounds interleaved so that drift on a shared
// machine spreads over every kind alike:
//   local   RenderRunner in this process, one chunk (the reference)
//   ssh     SshRenderRunner against the test sshd of tests/services/ssh/start.sh; each round
//           gets a fresh remote project root, so every job sends its spec and assets
//   slurm   SlurmRenderRunner on the one-node cluster of tests/services/slurm/start.sh with
//           1, 2 and 4 chunks (the 4-chunk renders also give slurm_overhead_s)
// Both remote runners use their default poll intervals (what the app uses). Prints:
//   ssh_overhead_s <median ssh - median local> s
//   slurm_overhead_s <median slurm 4 chunks - median local> s
//   chunked_render_s_1 / _2 / _4 <median> s
// and, on stderr, every sample, the phases of the ssh jobs and whether the outputs match the
// local one. When the sshd or the cluster cannot be brought up, its figures are left out, the
// reason goes to stderr and the exit status is non-zero.
#include "sshtestdaemon.h"
#include "slurmtestcluster.h"
#include "testsupport.h"

#include "common/hashing.h"
#include "remote/slurmrenderrunner.h"
#include "remote/sshrenderrunner.h"
#include "render/renderrunner.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>

using namespace greenlight;

namespace {

constexpr int kRounds = 3;
constexpr int kChunkCounts[] = {1, 2, 4};

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0.0 : v[v.size() / 2];
}

QString samples(const QList<double> &v)
{
    QStringList s;
    for (double x : v)
        s.append(QString::number(x, 'f', 2));
    return s.join(QStringLiteral(", "));
}

QByteArray fileHash(const QString &path)
{
    const Result<QString> h = sha256File(path);
    return h ? h->toLatin1() : QByteArray();
}

QString why(const RunRecord &r)
{
    const std::optional<Error> e = r.lastError();
    return QStringLiteral("run %1 ended %2: %3")
        .arg(r.id, toString(r.status), e ? e->toString() : QStringLiteral("no error recorded"));
}

// One local render; seconds, or -1 with *error set.
double timeLocal(const QString &spec, QString *output, QString *error)
{
    RenderRunner runner;
    RenderRequest request;
    request.specPath = spec;
    QEventLoop loop;
    RunRecord record;
    bool done = false;
    QObject::connect(&runner, &RenderRunner::finished, &loop, [&](const RunRecord &r) {
        record = r;
        done = true;
        loop.quit();
    });
    QTimer::singleShot(600000, &loop, &QEventLoop::quit);
    QElapsedTimer clock;
    clock.start();
    const Status started = runner.start(request);
    if (!started) {
        *error = started.error().toString();
        return -1;
    }
    loop.exec();
    const double seconds = clock.nsecsElapsed() / 1e9;
    if (!done || record.status != RunStatus::Succeeded) {
        *error = done ? why(record) : QStringLiteral("no end after 600 s");
        return -1;
    }
    *output = runner.runDir() + QStringLiteral("/output.mp4");
    return seconds;
}

double timeSsh(const QString &spec, const QString &remoteRoot, QString *output, QString *error)
{
    const SshRenderRunner runner(test::sshdProfile(remoteRoot));
    SshRenderRequest request;
    request.specPath = spec;
    QElapsedTimer clock;
    clock.start();
    const Result<SshRenderResult> r = runner.run(request);
    const double seconds = clock.nsecsElapsed() / 1e9;
    if (!r) {
        *error = r.error().toString();
        return -1;
    }
    if (r->record.status != RunStatus::Succeeded) {
        *error = why(r->record);
        return -1;
    }
    std::fprintf(stderr, "bench_remote: ssh job %.2f s: sync %lld ms (%lld files sent), remote %lld ms, fetch %lld ms\n",
                 seconds, r->sync_ms, qint64(r->upload.sent.size()), r->remote_ms, r->fetch_ms);
    *output = r->runDir + QStringLiteral("/output.mp4");
    return seconds;
}

double timeSlurm(const QString &spec, int chunks, QString *output, QString *error)
{
    SlurmRenderRunner runner(test::slurmRunner());
    SlurmRenderOptions options;
    options.cliPath = test::cliPath();
    options.timeout_ms = 600000;
    runner.setOptions(options);
    RenderRequest request;
    request.specPath = spec;
    request.options.chunks = chunks;
    QElapsedTimer clock;
    clock.start();
    const RunRecord r = runner.run(request);
    const double seconds = clock.nsecsElapsed() / 1e9;
    if (r.status != RunStatus::Succeeded) {
        *error = why(r);
        return -1;
    }
    *output = runner.runDir() + QStringLiteral("/output.mp4");
    return seconds;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Under the temp dir: the Slurm node (this machine) sees the project at the same path.
    QTemporaryDir tmp(QDir::tempPath() + QStringLiteral("/bench_remote-XXXXXX"));
    const QString project = tmp.filePath(QStringLiteral("demo"));
    if (!tmp.isValid() || !test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project)) {
        std::fprintf(stderr, "bench_remote: cannot copy the demo project into a temp dir\n");
        return 1;
    }
    const QString spec = project + QStringLiteral("/specs/feature-explainer.greenlight.json");

    QString sshDown = test::ensureSshdUp();
    if (!sshDown.isEmpty())
        std::fprintf(stderr, "bench_remote: no ssh figures: %s\n", qPrintable(sshDown));
    QString slurmDown = test::ensureSlurmCluster();
    if (!slurmDown.isEmpty())
        std::fprintf(stderr, "bench_remote: no slurm figures: %s\n", qPrintable(slurmDown));

    // One local render first, not counted: fonts, the CLI and the assets in the page cache.
    QString localOut, out, error;
    if (timeLocal(spec, &localOut, &error) < 0) {
        std::fprintf(stderr, "bench_remote: the local render failed: %s\n", qPrintable(error));
        return 1;
    }
    const QByteArray localHash = fileHash(localOut);
    std::fflush(stderr);

    QList<double> local, ssh, slurm[3];
    bool sshSame = true, slurmSame = true;
    for (int round = 0; round < kRounds; ++round) {
        const double l = timeLocal(spec, &out, &error);
        if (l < 0) {
            std::fprintf(stderr, "bench_remote: the local render failed: %s\n", qPrintable(error));
            return 1;
        }
        local.append(l);
        std::fprintf(stderr, "bench_remote: round %d local %.2f s\n", round + 1, l);

        if (sshDown.isEmpty()) {
            const QString root = tmp.filePath(QStringLiteral("remote-root-%1").arg(round));
            const double s = timeSsh(spec, root, &out, &error);
            if (s < 0) {
                sshDown = QStringLiteral("the ssh render failed: ") + error;
                std::fprintf(stderr, "bench_remote: %s\n", qPrintable(sshDown));
            } else {
                ssh.append(s);
                sshSame = sshSame && fileHash(out) == localHash;
            }
        }

        // The chunk counts in a different order each round.
        for (int i = 0; i < 3 && slurmDown.isEmpty(); ++i) {
            const int k = (i + round) % 3;
            const double s = timeSlurm(spec, kChunkCounts[k], &out, &error);
            if (s < 0) {
                slurmDown = QStringLiteral("the slurm render (%1 chunks) failed: %2").arg(kChunkCounts[k]).arg(error);
                std::fprintf(stderr, "bench_remote: %s\n", qPrintable(slurmDown));
                break;
            }
            slurm[k].append(s);
            std::fprintf(stderr, "bench_remote: round %d slurm %d chunk(s) %.2f s\n", round + 1, kChunkCounts[k], s);
            if (kChunkCounts[k] == 1)
                slurmSame = slurmSame && fileHash(out) == localHash;
        }
        std::fflush(stderr);
    }

    std::fprintf(stderr, "bench_remote: local [%s] s\n", qPrintable(samples(local)));
    if (sshDown.isEmpty())
        std::fprintf(stderr, "bench_remote: ssh [%s] s; output %s the local render's\n", qPrintable(samples(ssh)),
                     sshSame ? "byte-identical to" : "DIFFERS from");
    if (slurmDown.isEmpty()) {
        for (int k = 0; k < 3; ++k)
            std::fprintf(stderr, "bench_remote: slurm %d chunk(s) [%s] s\n", kChunkCounts[k], qPrintable(samples(slurm[k])));
        std::fprintf(stderr, "bench_remote: slurm 1-chunk output %s the local render's\n",
                     slurmSame ? "byte-identical to" : "DIFFERS from");
    }
    std::fflush(stderr);

    const double l = median(local);
    if (sshDown.isEmpty())
        std::printf("ssh_overhead_s %.2f s\n", median(ssh) - l);
    if (slurmDown.isEmpty()) {
        std::printf("slurm_overhead_s %.2f s\n", median(slurm[2]) - l);
        for (int k = 0; k < 3; ++k)
            std::printf("chunked_render_s_%d %.2f s\n", kChunkCounts[k], median(slurm[k]));
    }
    std::fflush(stdout);
    return sshDown.isEmpty() && slurmDown.isEmpty() ? 0 : 1;
}
