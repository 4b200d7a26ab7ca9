#include "review/audioplayer.h"

#include "tts/audiodecoder.h"

#include <QAudioFormat>
#include <QAudioSink>
#include <QBuffer>
#include <QFile>
#include <QFutureWatcher>
#include <QMediaDevices>
#include <QtConcurrent>

namespace greenlight {

AudioPlayer::AudioPlayer(QObject *parent) : QObject(parent) {}

AudioPlayer::~AudioPlayer()
{
    stop();
}

bool AudioPlayer::deviceAvailable()
{
    return !QMediaDevices::audioOutputs().isEmpty();
}

void AudioPlayer::load(const QString &mediaPath)
{
    m_samples.clear();
    if (!deviceAvailable())
        return;
    auto *watcher = new QFutureWatcher<Result<DecodedAudio>>(this);
    connect(watcher, &QFutureWatcher<Result<DecodedAudio>>::finished, this, [this, watcher] {
        Result<DecodedAudio> audio = watcher->result();
        watcher->deleteLater();
        if (!audio || audio->samples.empty())
            return;
        m_samples = std::move(audio->samples);
        m_rate = audio->sampleRate;
        Q_EMIT ready();
    });
    watcher->setFuture(QtConcurrent::run([mediaPath]() -> Result<DecodedAudio> {
        QFile f(mediaPath);
        if (!f.open(QIODevice::ReadOnly))
            return makeError(QStringLiteral("io.read"), f.errorString(), mediaPath);
        return AudioDecoder::decode(f.readAll(), {});
    }));
}

bool AudioPlayer::start(double seconds)
{
    stop();
    if (m_samples.empty() || !deviceAvailable())
        return false;
    QAudioFormat format;
    format.setSampleRate(m_rate);
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Float);
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (!device.isFormatSupported(format))
        return false;
    const qsizetype from = std::clamp<qsizetype>(qsizetype(seconds * m_rate), 0, qsizetype(m_samples.size()));
    m_bytes = QByteArray(reinterpret_cast<const char *>(m_samples.data() + from),
                         (qsizetype(m_samples.size()) - from) * qsizetype(sizeof(float)));
    m_buffer = std::make_unique<QBuffer>(&m_bytes);
    m_buffer->open(QIODevice::ReadOnly);
    m_sink = new QAudioSink(device, format, this);
    m_sink->start(m_buffer.get());
    return true;
}

void AudioPlayer::stop()
{
    if (m_sink) {
        m_sink->stop();
        delete m_sink;
        m_sink = nullptr;
    }
    m_buffer.reset();
}

double AudioPlayer::elapsed() const
{
    return m_sink ? double(m_sink->processedUSecs()) / 1e6 : 0.0;
}

} // namespace greenlight
