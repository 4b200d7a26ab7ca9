#include "command.h"

#include "common/jsonio.h"
#include "tts/espeakengine.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QtEndian>

#include <algorithm>
#include <cmath>

namespace greenlight::cli {

namespace {

// 16-bit PCM mono WAV.
QByteArray toWav(const std::vector<float> &samples, int sampleRate)
{
    QByteArray pcm;
    pcm.resize(qsizetype(samples.size() * 2));
    for (size_t i = 0; i < samples.size(); ++i) {
        const auto v = qint16(std::lround(std::clamp(samples[i], -1.0f, 1.0f) * 32767.0f));
        qToLittleEndian(v, pcm.data() + i * 2);
    }
    QByteArray h(44, '\0');
    auto put32 = [&](int at, quint32 v) { qToLittleEndian(v, h.data() + at); };
    auto put16 = [&](int at, quint16 v) { qToLittleEndian(v, h.data() + at); };
    h.replace(0, 4, "RIFF");
    put32(4, quint32(36 + pcm.size()));
    h.replace(8, 8, "WAVEfmt ");
    put32(16, 16);
    put16(20, 1);
    put16(22, 1);
    put32(24, quint32(sampleRate));
    put32(28, quint32(sampleRate * 2));
    put16(32, 2);
    put16(34, 16);
    h.replace(36, 4, "data");
    put32(40, quint32(pcm.size()));
    return h + pcm;
}

void describeSpeak(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Speak text with the local engine (espeak-ng) and print its word timings: a smoke test of local TTS."));
    parser.addOption({QStringLiteral("voice"), QStringLiteral("espeak-ng voice (default en-us)."), QStringLiteral("voice"),
                      QStringLiteral("en-us")});
    parser.addOption({QStringLiteral("speed"), QStringLiteral("Speed factor (1.0 = 175 words per minute)."),
                      QStringLiteral("factor"), QStringLiteral("1.0")});
    parser.addOption({QStringLiteral("ssml"), QStringLiteral("The text is SSML.")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Write the audio as WAV."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the result as JSON.")});
    parser.addPositionalArgument(QStringLiteral("text"), QStringLiteral("What to say."));
}

int runSpeak(const QStringList &args)
{
    QCommandLineParser parser;
    if (const std::optional<int> exit = parseCommandLine(parser, args, QStringLiteral("speak")))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << "greenlight-cli speak: give the text as one argument\n";
        return ExitUsage;
    }
    SynthesisRequest request;
    request.text = parser.positionalArguments().first();
    request.voice = parser.value(QStringLiteral("voice"));
    request.speed = parser.value(QStringLiteral("speed")).toDouble();
    request.ssml = parser.isSet(QStringLiteral("ssml"));

    EspeakEngine engine;
    QElapsedTimer timer;
    timer.start();
    Result<SynthesisResult> result = engine.synthesize(request, CancelToken());
    const double elapsed_s = double(timer.nsecsElapsed()) / 1e9;
    if (!result) {
        err() << "greenlight-cli speak: " << result.error().toString() << " (" << result.error().code << ")\n";
        return result.error().code == QLatin1String("tts.bad-request") ? ExitUsage : ExitFailed;
    }
    const QString output = parser.value(QStringLiteral("output"));
    if (!output.isEmpty()) {
        if (const Status st = writeFileAtomically(output, toWav(result->samples, result->sampleRate)); !st) {
            err() << "greenlight-cli speak: " << st.error().toString() << "\n";
            return ExitFailed;
        }
    }
    const double audio_s = double(result->samples.size()) / result->sampleRate;
    if (parser.isSet(QStringLiteral("json"))) {
        Json words = Json::array();
        for (const SynthesizedWord &w : result->words)
            words.push_back(Json{{"text", toStd(w.text)},
                                 {"charStart", w.charStart},
                                 {"charEnd", w.charEnd},
                                 {"startSample", w.startSample},
                                 {"endSample", w.endSample},
                                 {"source", toStd(toString(w.source))}});
        const Json j{{"engine", toStd(result->engineName)},
                     {"version", toStd(result->engineVersion)},
                     {"runtimeClass", toStd(engine.runtimeClass())},
                     {"sampleRate", result->sampleRate},
                     {"samples", result->samples.size()},
                     {"words", words}};
        out() << QString::fromUtf8(toJsonText(j));
        return ExitOk;
    }
    out() << result->engineName << " " << result->engineVersion << ", " << result->sampleRate << " Hz, "
          << QString::number(audio_s, 'f', 2) << " s of audio in " << QString::number(elapsed_s * 1000, 'f', 0)
          << " ms\n";
    for (const SynthesizedWord &w : result->words)
        out() << QStringLiteral("  %1 - %2  %3  [%4]\n")
                     .arg(double(w.startSample) / result->sampleRate, 7, 'f', 3)
                     .arg(double(w.endSample) / result->sampleRate, 7, 'f', 3)
                     .arg(w.text.leftJustified(18), toString(w.source));
    return ExitOk;
}

} // namespace

GREENLIGHT_CLI_COMMAND(speak, "speak", "Speak text with the local engine (espeak-ng) and print word timings.", describeSpeak, runSpeak);

} // namespace greenlight::cli
