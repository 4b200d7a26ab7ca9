#pragma once

// Helpers shared by test suites: paths, fixture generation with real ffmpeg, running the CLI.
#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtTest>

namespace greenlight::test {

inline QString sourceDir() { return QString::fromUtf8(GREENLIGHT_SOURCE_DIR); }
inline QString cliPath() { return QString::fromUtf8(GREENLIGHT_CLI); }

// Where tests leave screenshots and artifacts worth looking at after a run.
inline QString outputDir(const QString &sub = {})
{
    QString dir = qEnvironmentVariable("GREENLIGHT_TEST_OUTPUT",
                                       QString::fromUtf8(GREENLIGHT_BINARY_DIR) + QStringLiteral("/test-output"));
    if (!sub.isEmpty())
        dir += QLatin1Char('/') + sub;
    QDir().mkpath(dir);
    return dir;
}

struct ProcessResult
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline ProcessResult run(const QString &program, const QStringList &args, int timeout_ms = 300000,
                         const QString &workingDir = {})
{
    QProcess p;
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    p.start(program, args);
    ProcessResult r;
    if (!p.waitForStarted(10000)) {
        r.err = p.errorString().toUtf8();
        return r;
    }
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "timed out";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline ProcessResult runCli(const QStringList &args, int timeout_ms = 300000)
{
    return run(cliPath(), args, timeout_ms);
}

// Runs ffmpeg to generate a fixture; fails the test if ffmpeg fails.
inline bool ffmpeg(const QStringList &args)
{
    const ProcessResult r = run(QStringLiteral("ffmpeg"),
                                QStringList{QStringLiteral("-hide_banner"), QStringLiteral("-loglevel"),
                                            QStringLiteral("error"), QStringLiteral("-y")}
                                    + args);
    if (r.exitCode != 0)
        qWarning("ffmpeg failed: %s", r.err.constData());
    return r.exitCode == 0;
}

// Copies a folder tree (for tests that modify a copy of the demo project).
inline bool copyTree(const QString &from, const QString &to)
{
    QDir src(from);
    if (!QDir().mkpath(to))
        return false;
    for (const QFileInfo &fi : src.entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)) {
        const QString dst = to + QLatin1Char('/') + fi.fileName();
        if (fi.isDir() && !fi.isSymLink()) {
            if (!copyTree(fi.filePath(), dst))
                return false;
        } else if (!QFile::copy(fi.filePath(), dst)) {
            return false;
        }
    }
    return true;
}

// The run of `kind` (render | tts) the demo made for the spec without a variant, in a project
// made by `greenlight-cli demo` (which also voices and renders a variant for A/B).
inline QString demoBaseRun(const QString &project, const QString &kind)
{
    const QDir runs(project + QStringLiteral("/runs"));
    for (const QString &name : runs.entryList({QStringLiteral("*-") + kind + QStringLiteral("-*")}, QDir::Dirs)) {
        QFile f(runs.filePath(name) + QStringLiteral("/run.json"));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject run = QJsonDocument::fromJson(f.readAll()).object();
        if (run.value(QStringLiteral("kind")).toString() == kind
            && run.value(QStringLiteral("inputs")).toObject().value(QStringLiteral("spec")).toObject()
                   .value(QStringLiteral("variant")).toString().isEmpty())
            return runs.filePath(name);
    }
    return {};
}

} // namespace greenlight::test
