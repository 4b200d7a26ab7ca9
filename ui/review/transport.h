#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace greenlight {

// Where the playhead is and how it moves: play/pause, J/K/L shuttle (each J or L press doubles
// the speed in its direction up to 16x; K stops; with K held, J and L step one frame), single
// and ten-frame steps, in/out marks and looping over them. Playback follows a clock: the wall
// clock by default, or an external one (the audio device's position) when one is set, and
// drops frames rather than drifting when decoding falls behind.
class Transport : public QObject
{
    Q_OBJECT

public:
    explicit Transport(QObject *parent = nullptr);

    void setFrameCount(qint64 frames);
    qint64 frameCount() const { return m_frameCount; }
    void setFps(double fps);
    double fps() const { return m_fps; }

    qint64 frame() const { return m_frame; }
    bool isPlaying() const { return m_rate != 0; }
    int rate() const { return m_rate; } // frames of video per frame of time; negative = backward

    std::optional<qint64> inPoint() const { return m_in; }
    std::optional<qint64> outPoint() const { return m_out; } // inclusive last frame
    bool loop() const { return m_loop; }

    // Seconds of media time since playback started, when an external clock drives playback
    // (rate 1 only); nullptr returns to the wall clock.
    void setExternalClock(std::function<double()> seconds);

public Q_SLOTS:
    void seek(qint64 frame);
    void step(qint64 delta); // pauses
    void togglePlay();
    void play();
    void pause();
    void shuttleForward();  // L
    void shuttleBackward(); // J
    void setHoldStop(bool held); // K held down
    void goToStart();
    void goToEnd();
    void markIn();
    void markOut();
    void clearMarks();
    void setLoop(bool loop);

Q_SIGNALS:
    void frameChanged(qint64 frame);
    // Playback continues from another place (a seek while playing, a loop wrapping round):
    // whatever follows the clock (the sound) must start again from `frame`.
    void jumped(qint64 frame);
    void playingChanged(bool playing, int rate);
    void marksChanged();

private:
    void setRate(int rate);
    void tick();
    qint64 rangeStart() const;
    qint64 rangeEnd() const; // inclusive

    qint64 m_frameCount = 0;
    double m_fps = 30.0;
    qint64 m_frame = 0;
    int m_rate = 0;
    bool m_holdStop = false;
    std::optional<qint64> m_in;
    std::optional<qint64> m_out;
    bool m_loop = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_anchorFrame = 0;
    std::function<double()> m_externalClock;
};

} // namespace greenlight
