#pragma once

#include "common/canceltoken.h"
#include "common/jsonio.h"
#include "common/result.h"
#include "tts/ttsengine.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace greenlight {

// Everything that decides what a synthesis sounds like. Equal keys, equal audio.
struct TtsCacheKey
{
    QString text;
    bool ssml = false;
    QString voice;
    QString engine;
    QString model;
    QString language;
    double speed = 1.0;
    Json settings = Json::object();
    QString runtimeClass;
    QString endpoint;     // base URL without credentials; empty for local engines
    QString outputFormat;
    QString engineVersion;
    QString pronunciationSetHash;

    // From an engine and the request it will get (fill in the engine's defaults first).
    static TtsCacheKey from(const TtsEngine &engine, const SynthesisRequest &request, const QString &endpoint,
                            const QString &pronunciationSetHash);

    Json toJson() const;
    // Keys sorted, no whitespace: the bytes that are hashed.
    QByteArray canonicalJson() const;
    // sha256 (hex) of canonicalJson().
    QString hash() const;
};

// Content-addressed store of synthesized speech under <project>/cache/tts/: for each key,
// <hh>/<hash>.wav (mono 32-bit float WAV, the exact samples) and <hh>/<hash>.json (key,
// rate, sample count, audio checksum, timings, engine, details). The JSON is written last
// and is the entry's commit mark; both files are saved atomically. An entry whose files are
// missing, unreadable, for another key or failing the checksum is a miss, and the next store
// replaces it. Thread-safe for concurrent readers and writers of different keys; two writers
// of one key leave one consistent entry or a miss.
class TtsCache
{
public:
    explicit TtsCache(const QString &projectDir);
    static TtsCache inDirectory(const QString &cacheDir);

    QString directory() const { return m_dir; }
    QString audioPath(const QString &hash) const;
    QString metaPath(const QString &hash) const;

    std::optional<SynthesisResult> find(const TtsCacheKey &key) const;
    Status store(const TtsCacheKey &key, const SynthesisResult &result) const;

    // A hit returns the stored result without calling the engine; a miss synthesizes and
    // stores (a failed store does not fail the synthesis). `hit` tells which happened.
    Result<SynthesisResult> synthesize(TtsEngine &engine, const SynthesisRequest &request, const TtsCacheKey &key,
                                       const CancelToken &cancel, bool *hit = nullptr) const;

private:
    struct Tag
    {
    };
    TtsCache(Tag, const QString &cacheDir);
    QString m_dir;
};

} // namespace greenlight
