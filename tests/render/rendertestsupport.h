#pragma once

// Helpers for render suites: demo project copies, running a RenderRunner to the end,
// facts about a rendered file from ffprobe, schema checks of run sidecars.

// GCC 12 at -O3 reports a false -Wrestrict inside std::string for valijson's code (GCC bug
// 105651); it is noise in these test programs.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ == 12
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include "testsupport.h"

#include "common/jsonio.h"
#include "render/renderrunner.h"
#include "run/manifest.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include <QEventLoop>
#include <QFile>
#include <QSignalSpy>
#include <QTimer>

#include <csignal>
#include <cerrno>

namespace greenlight::test {

inline QString copyDemo(const QString &tempRoot, const QString &name = QStringLiteral("demo"))
{
    const QString dst = tempRoot + QLatin1Char('/') + name;
    if (!copyTree(sourceDir() + QStringLiteral("/resources/demo"), dst))
        return {};
    return dst;
}

// Runs a render to its end (or the timeout) and returns the final record.
inline RunRecord renderToEnd(RenderRunner &runner, const RenderRequest &request, int timeout_ms = 300000)
{
    QEventLoop loop;
    RunRecord result;
    QObject::connect(&runner, &RenderRunner::finished, &loop, [&](const RunRecord &r) {
        result = r;
        loop.quit();
    });
    QTimer::singleShot(timeout_ms, &loop, &QEventLoop::quit);
    const Status started = runner.start(request);
    if (!started) {
        qWarning("render did not start: %s", qPrintable(started.error().toString()));
        return result;
    }
    loop.exec();
    return result;
}

inline RunRecord renderSpec(const QString &specPath, const QString &variant = {}, int chunks = 1)
{
    RenderRunner runner;
    RenderRequest request;
    request.specPath = specPath;
    request.variant = variant;
    request.options.chunks = chunks;
    RunRecord r = renderToEnd(runner, request);
    return r;
}

struct VideoFacts
{
    int width = 0;
    int height = 0;
    QString frameRate;    // r_frame_rate
    QString avgFrameRate; // avg_frame_rate
    qint64 frames = -1;   // decoded frame count
    double duration_s = 0;
    int audioSampleRate = 0;
    int audioChannels = 0;
    QString pixelFormat;
};

inline VideoFacts probeVideo(const QString &path)
{
    VideoFacts f;
    const ProcessResult r = run(QStringLiteral("ffprobe"),
                                {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-count_frames"),
                                 QStringLiteral("-show_entries"),
                                 QStringLiteral("stream=codec_type,width,height,r_frame_rate,avg_frame_rate,nb_read_frames,"
                                                "sample_rate,channels,pix_fmt,duration"),
                                 QStringLiteral("-of"), QStringLiteral("json"), path});
    Result<Json> json = parseJson(r.out, path);
    if (!json || !json->contains("streams"))
        return f;
    for (const Json &s : (*json)["streams"]) {
        const std::string type = s.value("codec_type", "");
        if (type == "video") {
            f.width = s.value("width", 0);
            f.height = s.value("height", 0);
            f.frameRate = toQString(s.value("r_frame_rate", ""));
            f.avgFrameRate = toQString(s.value("avg_frame_rate", ""));
            f.frames = toQString(s.value("nb_read_frames", "-1")).toLongLong();
            f.duration_s = toQString(s.value("duration", "0")).toDouble();
            f.pixelFormat = toQString(s.value("pix_fmt", ""));
        } else if (type == "audio") {
            f.audioSampleRate = toQString(s.value("sample_rate", "0")).toInt();
            f.audioChannels = s.value("channels", 0);
        }
    }
    return f;
}

// Per-frame hashes of the decoded video: equal lists mean identical pictures.
inline QByteArray decodedFrameHashes(const QString &path)
{
    const ProcessResult r = run(QStringLiteral("ffmpeg"),
                                {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"), path,
                                 QStringLiteral("-map"), QStringLiteral("0:v"), QStringLiteral("-f"),
                                 QStringLiteral("framemd5"), QStringLiteral("-")});
    QByteArray out;
    for (const QByteArray &line : r.out.split('\n'))
        if (!line.startsWith('#') && !line.isEmpty())
            out += line + '\n';
    return out;
}

// Mean SSIM ("All:") of b against a, frame by frame.
inline double ssimAll(const QString &a, const QString &b)
{
    const ProcessResult r = run(QStringLiteral("ffmpeg"),
                                {QStringLiteral("-hide_banner"), QStringLiteral("-i"), a, QStringLiteral("-i"), b,
                                 QStringLiteral("-lavfi"), QStringLiteral("[0:v][1:v]ssim"), QStringLiteral("-f"),
                                 QStringLiteral("null"), QStringLiteral("-")});
    const QString text = QString::fromUtf8(r.err);
    const qsizetype at = text.lastIndexOf(QLatin1String("All:"));
    return at < 0 ? -1.0 : text.mid(at + 4).section(QLatin1Char(' '), 0, 0).toDouble();
}

inline nlohmann::json toPlainJson(const Json &j)
{
    return nlohmann::json::parse(j.dump());
}

// Schema errors of a document against schemas/<schemaFile>; empty when it validates.
inline QStringList schemaErrors(const Json &document, const QString &schemaFile)
{
    Result<Json> schemaJson = readJsonFile(sourceDir() + QStringLiteral("/schemas/") + schemaFile);
    if (!schemaJson)
        return {schemaJson.error().toString()};
    const nlohmann::json plainSchema = toPlainJson(*schemaJson);
    valijson::Schema schema;
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter schemaAdapter(plainSchema);
    parser.populateSchema(schemaAdapter, schema);
    const nlohmann::json plain = toPlainJson(document);
    valijson::adapters::NlohmannJsonAdapter adapter(plain);
    valijson::Validator validator;
    valijson::ValidationResults results;
    QStringList errors;
    if (!validator.validate(schema, adapter, &results)) {
        valijson::ValidationResults::Error e;
        while (results.popError(e)) {
            QString where;
            for (const std::string &c : e.context)
                where += toQString(c);
            errors.append(where + QStringLiteral(": ") + toQString(e.description));
        }
    }
    return errors;
}

inline bool processExists(qint64 pid)
{
    if (pid <= 0)
        return false;
    return ::kill(pid_t(pid), 0) == 0 || errno != ESRCH;
}

} // namespace greenlight::test

// Enum comparisons that print the contract's names on failure. (greenlight::toString
// returns QString, which ADL prefers over QTest::toString, so plain QCOMPARE cannot be used.)
#define GL_COMPARE_ENUM(actual, expected) QCOMPARE(greenlight::toString(actual), greenlight::toString(expected))
