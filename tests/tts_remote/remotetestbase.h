#pragma once

// Shared by the remote engine suites: audio fixtures, engine settings pointing at a loopback
// server, and engines whose retry waits are recorded instead of slept.
#include "fakespeechservers.h"
#include "loopbackserver.h"
#include "testsupport.h"

#include "tts/engineconfig.h"
#include "tts/remotettsengine.h"

#include <QObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <memory>

namespace greenlight::test {

inline const QString kKey = QStringLiteral("sk-test-0123456789abcdef");
inline const QByteArray kKeyBytes = kKey.toUtf8();

inline QString why(const Result<SynthesisResult> &r)
{
    return r.ok() ? QStringLiteral("ok") : r.error().code + QStringLiteral(": ") + r.error().message;
}

inline SynthesisRequest request(const QString &text)
{
    SynthesisRequest r;
    r.text = text;
    return r;
}

inline void checkAudio(const SynthesisResult &r, int rate, double seconds)
{
    QCOMPARE(r.sampleRate, rate);
    const double got = double(r.samples.size()) / rate;
    QVERIFY2(std::abs(got - seconds) < 0.08, qPrintable(QString::number(got)));
}

class RemoteEngineTestBase : public QObject
{
protected:
    // Call from initTestCase().
    void makeFixtures()
    {
        QVERIFY(m_dir.isValid());
        m_wav = makeAudio(m_dir.path(), QStringLiteral("wav"));
        m_pcm = makeAudio(m_dir.path(), QStringLiteral("pcm"));
        m_pcm22 = makeAudio(m_dir.path(), QStringLiteral("pcm_22050"));
        m_mp3_44 = makeAudio(m_dir.path(), QStringLiteral("mp3_44100_128"));
        QVERIFY(!m_wav.bytes.isEmpty() && !m_pcm.bytes.isEmpty() && !m_pcm22.bytes.isEmpty()
                && !m_mp3_44.bytes.isEmpty());
    }

    RemoteEngineSettings settings(const QString &engine, const LoopbackServer &server) const
    {
        RemoteEngineSettings s = *EngineConfig::defaults(engine);
        s.baseUrl = server.url();
        s.timeouts = {2000, 2000, 10000};
        s.retry.maxAttempts = 3;
        s.retry.budget_ms = 60000;
        if (engine == QLatin1String("openai-speech")) {
            s.runtimeClass = QStringLiteral("remote-self-hosted");
            s.requireKey = false;
        }
        return s;
    }

    FakeServerConfig serverConfig(const QByteArray &key = {}) const
    {
        FakeServerConfig c;
        c.expectedKey = key;
        c.audioByFormat = {{QStringLiteral("wav"), m_wav},
                           {QStringLiteral("pcm"), m_pcm},
                           {QStringLiteral("pcm_22050"), m_pcm22},
                           {QStringLiteral("mp3_44100_128"), m_mp3_44}};
        return c;
    }

    // Retry waits go to m_slept (no real sleeping); jitter is off.
    template<typename Engine>
    std::unique_ptr<Engine> engine(const RemoteEngineSettings &s, const QString &key = {})
    {
        auto e = std::make_unique<Engine>(s, key);
        m_slept.clear();
        e->setSleepFunction([this](qint64 ms, const CancelToken &) {
            m_slept.append(ms);
            return true;
        });
        e->setRandomFunction([] { return 0.0; });
        return e;
    }

    QTemporaryDir m_dir;
    FakeAudio m_wav, m_pcm, m_pcm22, m_mp3_44;
    QList<qint64> m_slept;
};

} // namespace greenlight::test
