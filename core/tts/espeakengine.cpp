#include "tts/espeakengine.h"

#include "tts/wordeventmapper.h"

#include <espeak-ng/speak_lib.h>

#include <QByteArray>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>

namespace greenlight {

namespace {

// Everything espeak-ng touches is process-global; all of it lives behind this lock.
struct EspeakState
{
    std::mutex mutex;
    bool initialized = false;
    int sampleRate = 0;
    QString version;
    QString initError;
};

EspeakState &state()
{
    static EspeakState s;
    return s;
}

// What the synth callback collects for the one synthesis in flight (guarded by the lock).
struct Collector
{
    std::vector<short> pcm;
    QList<WordEvent> words;
    QList<qint64> clauseEnds;
    const CancelToken *cancel = nullptr;
    bool cancelled = false;
};
Collector *g_collector = nullptr;

int synthCallback(short *wav, int numSamples, espeak_EVENT *events)
{
    Collector *c = g_collector;
    if (!c)
        return 1;
    if (wav && numSamples > 0)
        c->pcm.insert(c->pcm.end(), wav, wav + numSamples);
    for (espeak_EVENT *e = events; e && e->type != espeakEVENT_LIST_TERMINATED; ++e) {
        if (e->type == espeakEVENT_WORD)
            c->words.append({e->text_position, qint64(e->sample)});
        else if (e->type == espeakEVENT_END)
            c->clauseEnds.append(qint64(e->sample));
    }
    if (c->cancel && c->cancel->isCancelled()) {
        c->cancelled = true;
        return 1;
    }
    return 0;
}

// Call with the lock held.
bool ensureInitialized(EspeakState &s)
{
    if (s.initialized)
        return s.sampleRate > 0;
    s.initialized = true;
    const int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, espeakINITIALIZE_DONT_EXIT);
    if (rate <= 0) {
        s.initError = QStringLiteral("espeak-ng could not initialize (is espeak-ng-data installed?)");
        return false;
    }
    s.sampleRate = rate;
    const char *dataPath = nullptr;
    const char *version = espeak_Info(&dataPath);
    s.version = version ? QString::fromUtf8(version) : QString();
    espeak_SetSynthCallback(synthCallback);
    return true;
}

// Selects a voice by name or file ("en-us", "en+f3", "gmw/en-GB-x-rp"), else by language
// ("en-gb", "de", "fr"); a language match must really be that language (espeak otherwise
// picks whatever shares a prefix). Call with the lock held.
bool selectVoice(const QString &voice)
{
    const QByteArray name = voice.toUtf8();
    if (espeak_SetVoiceByName(name.constData()) == EE_OK)
        return true;
    espeak_VOICE spec;
    std::memset(&spec, 0, sizeof spec);
    spec.languages = name.constData();
    if (espeak_SetVoiceByProperties(&spec) != EE_OK)
        return false;
    const espeak_VOICE *current = espeak_GetCurrentVoice();
    if (!current || !current->languages)
        return false;
    const QString chosen = QString::fromUtf8(current->languages + 1).toLower();
    const QString wanted = voice.toLower();
    return chosen == wanted || chosen.startsWith(wanted + QLatin1Char('-'))
           || wanted.startsWith(chosen + QLatin1Char('-'));
}

} // namespace

QString EspeakEngine::name() const { return QStringLiteral("espeak-ng"); }
QString EspeakEngine::runtimeClass() const { return QStringLiteral("local"); }

QString EspeakEngine::version() const
{
    EspeakState &s = state();
    std::lock_guard lock(s.mutex);
    ensureInitialized(s);
    return s.version;
}

Result<int> EspeakEngine::sampleRate()
{
    EspeakState &s = state();
    std::lock_guard lock(s.mutex);
    if (!ensureInitialized(s))
        return makeError(QStringLiteral("tts.engine"), s.initError);
    return s.sampleRate;
}

QStringList EspeakEngine::voices()
{
    EspeakState &s = state();
    std::lock_guard lock(s.mutex);
    QStringList out;
    if (!ensureInitialized(s))
        return out;
    const espeak_VOICE **list = espeak_ListVoices(nullptr);
    for (int i = 0; list && list[i]; ++i) {
        // languages: a priority byte, then a NUL-terminated name, repeated; first is the main one.
        const char *langs = list[i]->languages;
        if (langs && langs[0] && langs[1])
            out.append(QString::fromUtf8(langs + 1));
    }
    out.removeDuplicates();
    out.sort();
    return out;
}

int EspeakEngine::wordsPerMinute(double speed)
{
    const double s = std::isfinite(speed) && speed > 0 ? speed : 1.0;
    return std::clamp(int(std::lround(espeakRATE_NORMAL * s)), int(espeakRATE_MINIMUM), int(espeakRATE_MAXIMUM));
}

Result<SynthesisResult> EspeakEngine::synthesize(const SynthesisRequest &request, const CancelToken &cancel)
{
    if (request.text.trimmed().isEmpty())
        return makeError(QStringLiteral("tts.bad-request"), QStringLiteral("nothing to say: the text is empty"));
    if (cancel.isCancelled())
        return makeError(QStringLiteral("tts.cancelled"), QStringLiteral("synthesis cancelled"));

    const QString voice = !request.voice.isEmpty()      ? request.voice
                          : !request.language.isEmpty() ? request.language
                                                        : QStringLiteral("en");
    const int rate = wordsPerMinute(request.speed);
    const Json &settings = request.settings;
    const int pitch = settings.is_object() && settings.contains("pitch") && settings.at("pitch").is_number()
                          ? std::clamp(settings.at("pitch").get<int>(), 0, 100)
                          : 50;
    const int wordGap = settings.is_object() && settings.contains("wordGap_ms") && settings.at("wordGap_ms").is_number()
                            ? std::max(0, settings.at("wordGap_ms").get<int>() / 10)
                            : 0;

    Collector collector;
    collector.cancel = &cancel;
    int sampleRate = 0;
    QString version;
    {
        EspeakState &s = state();
        std::lock_guard lock(s.mutex);
        if (!ensureInitialized(s))
            return makeError(QStringLiteral("tts.engine"), s.initError);
        sampleRate = s.sampleRate;
        version = s.version;
        if (!selectVoice(voice))
            return makeError(QStringLiteral("tts.bad-request"),
                             QStringLiteral("espeak-ng has no voice \"%1\" (try en, en-us, en-gb, de, fr)").arg(voice));
        espeak_SetParameter(espeakRATE, rate, 0);
        espeak_SetParameter(espeakPITCH, pitch, 0);
        espeak_SetParameter(espeakWORDGAP, wordGap, 0);

        const QByteArray utf8 = request.text.toUtf8();
        unsigned int flags = espeakCHARS_UTF8 | espeakPHONEMES;
        if (request.ssml)
            flags |= espeakSSML;
        g_collector = &collector;
        const espeak_ERROR rc =
            espeak_Synth(utf8.constData(), size_t(utf8.size()) + 1, 0, POS_CHARACTER, 0, flags, nullptr, nullptr);
        const espeak_ERROR sync = espeak_Synchronize();
        g_collector = nullptr;
        if (collector.cancelled)
            return makeError(QStringLiteral("tts.cancelled"), QStringLiteral("synthesis cancelled"));
        if (rc != EE_OK || sync != EE_OK)
            return makeError(QStringLiteral("tts.engine"),
                             QStringLiteral("espeak-ng failed to synthesize (error %1)").arg(int(rc != EE_OK ? rc : sync)));
    }

    SynthesisResult result;
    result.sampleRate = sampleRate;
    result.samples.resize(collector.pcm.size());
    std::transform(collector.pcm.begin(), collector.pcm.end(), result.samples.begin(),
                   [](short v) { return float(v) / 32768.0f; });

    WordEventMapper::Input in;
    in.text = request.text;
    in.ssml = request.ssml;
    in.words = collector.words;
    in.clauseEndSamples = collector.clauseEnds;
    in.totalSamples = qint64(result.samples.size());
    in.samples = &result.samples;
    in.sampleRate = sampleRate;
    result.words = WordEventMapper::map(in);
    result.hasTimings = !result.words.isEmpty();
    result.engineName = name();
    result.engineVersion = version;
    result.details = Json{{"voice", toStd(voice)},
                          {"wordsPerMinute", rate},
                          {"pitch", pitch},
                          {"wordEvents", collector.words.size()}};
    return result;
}

} // namespace greenlight
