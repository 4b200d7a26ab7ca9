// The same demo spec rendered from the command line three ways — on this machine, over SSH
// on a self-hosted box (the test sshd on 127.0.0.1) and on the Slurm farm (the one-node test
// cluster, 4 chunks) — all with the same narration run. The three run folders verify, have
// the same frame count and duration, and the deterministic QA stage gives the same findings.
#include "slurmtestcluster.h"
#include "sshtestdaemon.h"
#include "testsupport.h"

#include "common/jsonio.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

using namespace greenlight;

namespace {

constexpr int kRender_ms = 600000;
const QString kSpec = QStringLiteral("specs/feature-explainer.greenlight.json");

// The run folder a `render --json` printed in its finished event.
QString finishedRunDir(const QByteArray &out)
{
    for (const QByteArray &line : out.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.value(QStringLiteral("event")).toString() == QLatin1String("finished"))
            return e.value(QStringLiteral("runDir")).toString();
    }
    return {};
}

} // namespace

class TestRenderThreeWays : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void localSshAndSlurmAgree();

private:
    QTemporaryDir m_tmp;
};

void TestRenderThreeWays::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    const QString ssh = test::ensureSshdUp();
    QVERIFY2(ssh.isEmpty(), qPrintable(ssh));
    const QString slurm = test::ensureSlurmCluster();
    QVERIFY2(slurm.isEmpty(), qPrintable(slurm));
}

void TestRenderThreeWays::localSshAndSlurmAgree()
{
    // The farm needs a path every node sees: this machine is the only node.
    const QString project = m_tmp.filePath(QStringLiteral("demo"));
    QVERIFY(test::copyTree(test::sourceDir() + QStringLiteral("/resources/demo"), project));
    const QString spec = project + QLatin1Char('/') + kSpec;
    const test::ProcessResult tts = test::runCli({QStringLiteral("tts"), spec, QStringLiteral("--json")}, kRender_ms);
    QVERIFY2(tts.exitCode == 0, tts.err.constData());
    const QString narration = finishedRunDir(tts.out);
    QVERIFY(!narration.isEmpty());

    const QStringList common{QStringLiteral("render"), spec, QStringLiteral("--narration"), narration, QStringLiteral("--json")};
    const QString remoteRoot = m_tmp.filePath(QStringLiteral("box"));
    QVERIFY(QDir().mkpath(remoteRoot));
    const QList<QPair<QString, QStringList>> ways{
        {QStringLiteral("local"), {}},
        {QStringLiteral("ssh"),
         {QStringLiteral("--ssh"), QStringLiteral("greenlight-test"), QStringLiteral("--ssh-config"),
          test::sshdStateDir() + QStringLiteral("/ssh_config"), QStringLiteral("--remote-root"), remoteRoot,
          QStringLiteral("--remote-cli"), test::cliPath()}},
        {QStringLiteral("slurm"),
         {QStringLiteral("--slurm"), QStringLiteral("--chunks"), QStringLiteral("4"), QStringLiteral("--slurm-conf"),
          test::slurmConf()}}};

    QMap<QString, QSet<QString>> findingsByWay;
    QMap<QString, QJsonObject> streamByWay;
    for (const auto &[way, extra] : ways) {
        const test::ProcessResult r = test::runCli(common + extra, kRender_ms);
        QVERIFY2(r.exitCode == 0, qPrintable(way + QStringLiteral(": ") + QString::fromUtf8(r.err + r.out)));
        const QString runDir = finishedRunDir(r.out);
        QVERIFY2(!runDir.isEmpty(), qPrintable(way));
        Result<Json> record = readJsonFile(runDir + QStringLiteral("/run.json"));
        QVERIFY(record);
        QCOMPARE(toQString((*record)["runtimeClass"]), way == QLatin1String("local") ? QStringLiteral("local")
                                                                                       : QStringLiteral("remote-self-hosted"));
        const test::ProcessResult verify = test::runCli({QStringLiteral("render"), QStringLiteral("--verify"), runDir});
        QVERIFY2(verify.exitCode == 0, qPrintable(way + QStringLiteral(": ") + QString::fromUtf8(verify.out)));

        const test::ProcessResult qa = test::runCli({QStringLiteral("qa"), runDir, QStringLiteral("--json")}, kRender_ms);
        QVERIFY2(qa.exitCode == 0 || qa.exitCode == 1, qPrintable(way + QStringLiteral(": ") + QString::fromUtf8(qa.err)));
        Result<Json> findings = readJsonFile(runDir + QStringLiteral("/findings.json"));
        QVERIFY2(findings, qPrintable(way));
        QSet<QString> codes;
        for (const Json &f : (*findings)["findings"])
            codes.insert(toQString(f.value("code", std::string())) + QLatin1Char('@')
                         + toQString(f.value("frames", Json::object()).dump()));
        findingsByWay.insert(way, codes);

        const test::ProcessResult probe =
            test::runCli({QStringLiteral("probe"), runDir + QStringLiteral("/output.mp4"), QStringLiteral("--json")});
        QVERIFY2(probe.exitCode == 0, probe.err.constData());
        streamByWay.insert(way, QJsonDocument::fromJson(probe.out).object());
        qInfo("%s: %s, %lld findings", qPrintable(way), qPrintable(runDir), qlonglong(codes.size()));
    }
    QCOMPARE(findingsByWay.value(QStringLiteral("ssh")), findingsByWay.value(QStringLiteral("local")));
    QCOMPARE(findingsByWay.value(QStringLiteral("slurm")), findingsByWay.value(QStringLiteral("local")));
    // Same frame count and duration, as the probe reads them.
    const QJsonObject local = streamByWay.value(QStringLiteral("local"));
    for (const QString &way : {QStringLiteral("ssh"), QStringLiteral("slurm")}) {
        const QJsonObject other = streamByWay.value(way);
        const QJsonObject a = local.value(QStringLiteral("video")).toArray().first().toObject();
        const QJsonObject b = other.value(QStringLiteral("video")).toArray().first().toObject();
        for (const QString &key : {QStringLiteral("frameCount"), QStringLiteral("width"), QStringLiteral("height"),
                                   QStringLiteral("durationSeconds")})
            QVERIFY2(a.value(key) == b.value(key), qPrintable(QStringLiteral("%1 %2: %3 vs %4").arg(way, key,
                     QString::number(b.value(key).toDouble()), QString::number(a.value(key).toDouble()))));
        QCOMPARE(b.value(QStringLiteral("fps")).toObject(), a.value(QStringLiteral("fps")).toObject());
    }
}

QTEST_MAIN(TestRenderThreeWays)
#include "tst_renderthreeways.moc"
