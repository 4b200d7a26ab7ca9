#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QAudioSink;
class QBuffer;

namespace greenlight {

// Plays a run's sound with the picture when the machine has an audio output. Without one
// (servers, CI, a muted seat) it stays silent and the review desk runs on the wall clock:
// Qt Multimedia must not open an audio sink when no device exists (see PROTOCOLS.md).
// The track is decoded once, in the background, to mono float PCM.
class AudioPlayer : public QObject
{
    Q_OBJECT

public:
    explicit AudioPlayer(QObject *parent = nullptr);
    ~AudioPlayer() override;

    static bool deviceAvailable();

    // Starts decoding the sound of `mediaPath`; ready() follows when it can play.
    void load(const QString &mediaPath);
    bool isReady() const { return !m_samples.empty(); }

    // Plays from `seconds`; stop() halts. elapsed() is the seconds played since start(),
    // from the device's own position, for the transport's clock.
    bool start(double seconds);
    void stop();
    double elapsed() const;

Q_SIGNALS:
    void ready();

private:
    std::vector<float> m_samples;
    int m_rate = 0;
    std::unique_ptr<QBuffer> m_buffer;
    QAudioSink *m_sink = nullptr;
    QByteArray m_bytes;
};

} // namespace greenlight
