#include "tts/ttscache.h"

#include "common/hashing.h"

#include <QDir>
#include <QFile>
#include <QtEndian>

#include <cstring>

namespace greenlight {

namespace {

constexpr const char *kFormat = "greenlight-tts-cache/1";

// A fast 64-bit checksum of the audio bytes (xxHash64's round and avalanche): sha256 of a
// 10 s clip costs ~10 ms, more than the whole hit may take. It guards against damage, not
// against an adversary; the entry's name is the sha256 of its key.
quint64 checksum64(const char *data, qsizetype size)
{
    constexpr quint64 P1 = 0x9E3779B185EBCA87ull, P2 = 0xC2B2AE3D27D4EB4Full, P3 = 0x165667B19E3779F9ull,
                      P4 = 0x85EBCA77C2B2AE63ull, P5 = 0x27D4EB2F165667C5ull;
    auto rotl = [](quint64 x, int r) { return (x << r) | (x >> (64 - r)); };
    auto round = [&](quint64 acc, quint64 in) { return rotl(acc + in * P2, 31) * P1; };
    auto merge = [&](quint64 acc, quint64 v) { return (acc ^ round(0, v)) * P1 + P4; };
    const auto *p = reinterpret_cast<const uchar *>(data);
    const uchar *end = p + size;
    quint64 h;
    if (size >= 32) {
        quint64 v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;
        for (; p + 32 <= end; p += 32) {
            v1 = round(v1, qFromLittleEndian<quint64>(p));
            v2 = round(v2, qFromLittleEndian<quint64>(p + 8));
            v3 = round(v3, qFromLittleEndian<quint64>(p + 16));
            v4 = round(v4, qFromLittleEndian<quint64>(p + 24));
        }
        h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
        h = merge(merge(merge(merge(h, v1), v2), v3), v4);
    } else {
        h = P5;
    }
    h += quint64(size);
    for (; p + 8 <= end; p += 8)
        h = rotl(h ^ round(0, qFromLittleEndian<quint64>(p)), 27) * P1 + P4;
    for (; p < end; ++p)
        h = rotl(h ^ (quint64(*p) * P5), 11) * P1;
    h ^= h >> 33;
    h *= P2;
    h ^= h >> 29;
    h *= P3;
    h ^= h >> 32;
    return h;
}

QString checksumText(const char *data, qsizetype size)
{
    return QStringLiteral("xxh64:") + QString::number(checksum64(data, size), 16).rightJustified(16, QLatin1Char('0'));
}

// Mono IEEE-float WAV: RIFF, fmt (18 bytes, format 3), fact, data.
constexpr int kWavHeader = 12 + 8 + 18 + 8 + 4 + 8;

QByteArray wavHeader(int sampleRate, qint64 sampleCount)
{
    QByteArray h(kWavHeader, '\0');
    char *p = h.data();
    const quint32 dataBytes = quint32(sampleCount * 4);
    auto put32 = [&](int at, quint32 v) { qToLittleEndian<quint32>(v, p + at); };
    auto put16 = [&](int at, quint16 v) { qToLittleEndian<quint16>(v, p + at); };
    std::memcpy(p, "RIFF", 4);
    put32(4, quint32(kWavHeader - 8) + dataBytes);
    std::memcpy(p + 8, "WAVEfmt ", 8);
    put32(16, 18);
    put16(20, 3); // WAVE_FORMAT_IEEE_FLOAT
    put16(22, 1);
    put32(24, quint32(sampleRate));
    put32(28, quint32(sampleRate) * 4);
    put16(32, 4);
    put16(34, 32);
    put16(36, 0);
    std::memcpy(p + 38, "fact", 4);
    put32(42, 4);
    put32(46, quint32(sampleCount));
    std::memcpy(p + 50, "data", 4);
    put32(54, dataBytes);
    return h;
}

Json wordsToJson(const QList<SynthesizedWord> &words)
{
    Json list = Json::array();
    for (const SynthesizedWord &w : words)
        list.push_back(Json{{"text", toStd(w.text)},
                            {"charStart", w.charStart},
                            {"charEnd", w.charEnd},
                            {"startSample", w.startSample},
                            {"endSample", w.endSample},
                            {"source", toStd(toString(w.source))}});
    return list;
}

std::optional<QList<SynthesizedWord>> wordsFromJson(const Json &list)
{
    if (!list.is_array())
        return std::nullopt;
    QList<SynthesizedWord> words;
    for (const Json &j : list) {
        if (!j.is_object() || !j.value("text", Json()).is_string() || !j.value("source", Json()).is_string())
            return std::nullopt;
        SynthesizedWord w;
        w.text = toQString(j.at("text").get<std::string>());
        w.charStart = j.value("charStart", -1);
        w.charEnd = j.value("charEnd", -1);
        w.startSample = j.value("startSample", qint64(-1));
        w.endSample = j.value("endSample", qint64(-1));
        const QString source = toQString(j.at("source").get<std::string>());
        if (source == QLatin1String("engine"))
            w.source = TimingSource::Engine;
        else if (source == QLatin1String("forced-alignment"))
            w.source = TimingSource::ForcedAlignment;
        else if (source == QLatin1String("estimate"))
            w.source = TimingSource::Estimate;
        else
            return std::nullopt;
        if (w.charStart < 0 || w.charEnd < w.charStart || w.startSample < 0 || w.endSample < w.startSample)
            return std::nullopt;
        words.append(w);
    }
    return words;
}

Json sortedCopy(const Json &j)
{
    // nlohmann::json (std::map) orders keys by their UTF-8 bytes.
    return nlohmann::json::parse(j.dump());
}

} // namespace

TtsCacheKey TtsCacheKey::from(const TtsEngine &engine, const SynthesisRequest &request, const QString &endpoint,
                              const QString &pronunciationSetHash)
{
    TtsCacheKey k;
    k.text = request.text;
    k.ssml = request.ssml;
    k.voice = request.voice;
    k.engine = engine.name();
    k.model = request.model;
    k.language = request.language;
    k.speed = request.speed;
    k.settings = request.settings.is_null() ? Json::object() : request.settings;
    k.runtimeClass = engine.runtimeClass();
    k.endpoint = endpoint;
    k.outputFormat = request.outputFormat;
    k.engineVersion = engine.version();
    k.pronunciationSetHash = pronunciationSetHash;
    return k;
}

Json TtsCacheKey::toJson() const
{
    return Json{{"format", kFormat},
                {"text", toStd(text)},
                {"ssml", ssml},
                {"voice", toStd(voice)},
                {"engine", toStd(engine)},
                {"model", toStd(model)},
                {"language", toStd(language)},
                {"speed", speed},
                {"settings", settings},
                {"runtimeClass", toStd(runtimeClass)},
                {"endpoint", toStd(endpoint)},
                {"outputFormat", toStd(outputFormat)},
                {"engineVersion", toStd(engineVersion)},
                {"pronunciationSetHash", toStd(pronunciationSetHash)}};
}

QByteArray TtsCacheKey::canonicalJson() const
{
    const std::string s = sortedCopy(toJson()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return QByteArray(s.data(), qsizetype(s.size()));
}

QString TtsCacheKey::hash() const
{
    return sha256Hex(canonicalJson());
}

TtsCache::TtsCache(const QString &projectDir) : m_dir(QDir(projectDir).filePath(QStringLiteral("cache/tts"))) {}

TtsCache::TtsCache(Tag, const QString &cacheDir) : m_dir(cacheDir) {}

TtsCache TtsCache::inDirectory(const QString &cacheDir)
{
    return TtsCache(Tag{}, cacheDir);
}

QString TtsCache::audioPath(const QString &hash) const
{
    return m_dir + QLatin1Char('/') + hash.left(2) + QLatin1Char('/') + hash + QStringLiteral(".wav");
}

QString TtsCache::metaPath(const QString &hash) const
{
    return m_dir + QLatin1Char('/') + hash.left(2) + QLatin1Char('/') + hash + QStringLiteral(".json");
}

std::optional<SynthesisResult> TtsCache::find(const TtsCacheKey &key) const
{
    const QString hash = key.hash();
    QFile metaFile(metaPath(hash));
    if (!metaFile.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray metaText = metaFile.readAll();
    Json meta;
    try {
        meta = Json::parse(metaText.constData(), metaText.constData() + metaText.size());
    } catch (const Json::exception &) {
        return std::nullopt;
    }
    if (!meta.is_object() || meta.value("format", std::string()) != kFormat || !meta.contains("key")
        || sortedCopy(meta.at("key")) != sortedCopy(key.toJson()))
        return std::nullopt;
    const int sampleRate = meta.value("sampleRate", 0);
    const qint64 sampleCount = meta.value("sampleCount", qint64(-1));
    const QString checksum = toQString(meta.value("audioChecksum", std::string()));
    auto words = wordsFromJson(meta.value("words", Json::array()));
    if (sampleRate <= 0 || sampleCount < 0 || checksum.isEmpty() || !words)
        return std::nullopt;

    QFile audio(audioPath(hash));
    if (!audio.open(QIODevice::ReadOnly) || audio.size() != kWavHeader + sampleCount * 4)
        return std::nullopt;
    const QByteArray header = audio.read(kWavHeader);
    if (header != wavHeader(sampleRate, sampleCount))
        return std::nullopt;
    SynthesisResult r;
    r.samples.resize(size_t(sampleCount));
    auto *dst = reinterpret_cast<char *>(r.samples.data());
    if (audio.read(dst, sampleCount * 4) != sampleCount * 4 || checksumText(dst, sampleCount * 4) != checksum)
        return std::nullopt;
    if constexpr (Q_BYTE_ORDER == Q_BIG_ENDIAN)
        for (float &s : r.samples)
            s = qFromLittleEndian(s);
    r.sampleRate = sampleRate;
    r.words = *words;
    r.hasTimings = meta.value("hasTimings", false);
    r.engineName = toQString(meta.value("engineName", std::string()));
    r.engineVersion = toQString(meta.value("engineVersion", std::string()));
    r.details = meta.value("details", Json::object());
    return r;
}

Status TtsCache::store(const TtsCacheKey &key, const SynthesisResult &result) const
{
    if (result.sampleRate <= 0)
        return makeError(QStringLiteral("tts.cache"), QStringLiteral("a result without a sample rate cannot be cached"));
    const QString hash = key.hash();
    if (!QDir().mkpath(m_dir + QLatin1Char('/') + hash.left(2)))
        return makeError(QStringLiteral("io.write"), QStringLiteral("cannot create the cache folder"), m_dir);
    QFile::remove(metaPath(hash)); // the entry is a miss until both files are new

    const qint64 count = qint64(result.samples.size());
    QByteArray audio = wavHeader(result.sampleRate, count);
    audio.resize(kWavHeader + count * 4);
    char *data = audio.data() + kWavHeader;
    for (qint64 i = 0; i < count; ++i)
        qToLittleEndian<float>(result.samples[size_t(i)], data + 4 * i);
    if (Status s = writeFileAtomically(audioPath(hash), audio); !s)
        return s;

    Json meta = Json::object();
    meta["format"] = kFormat;
    meta["key"] = key.toJson();
    meta["sampleRate"] = result.sampleRate;
    meta["sampleCount"] = count;
    meta["audioChecksum"] = toStd(checksumText(data, count * 4));
    meta["hasTimings"] = result.hasTimings;
    meta["words"] = wordsToJson(result.words);
    meta["engineName"] = toStd(result.engineName);
    meta["engineVersion"] = toStd(result.engineVersion);
    meta["details"] = result.details;
    return writeJsonFile(metaPath(hash), meta);
}

Result<SynthesisResult> TtsCache::synthesize(TtsEngine &engine, const SynthesisRequest &request,
                                             const TtsCacheKey &key, const CancelToken &cancel, bool *hit) const
{
    if (auto cached = find(key)) {
        if (hit)
            *hit = true;
        return std::move(*cached);
    }
    if (hit)
        *hit = false;
    auto result = engine.synthesize(request, cancel);
    if (result.ok())
        (void)store(key, *result); // a cache that cannot be written only costs time
    return result;
}

} // namespace greenlight
