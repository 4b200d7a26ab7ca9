#include "review/transport.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace greenlight {

namespace {
constexpr int kMaxShuttle = 16;
}

Transport::Transport(QObject *parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &Transport::tick);
}

void Transport::setFrameCount(qint64 frames)
{
    m_frameCount = std::max<qint64>(0, frames);
    if (m_frame >= m_frameCount)
        seek(m_frameCount - 1);
}

void Transport::setFps(double fps)
{
    m_fps = fps > 0 ? fps : 30.0;
}

void Transport::setExternalClock(std::function<double()> seconds)
{
    m_externalClock = std::move(seconds);
}

void Transport::seek(qint64 frame)
{
    const qint64 clamped = m_frameCount > 0 ? std::clamp<qint64>(frame, 0, m_frameCount - 1) : 0;
    const bool jump = isPlaying() && clamped != m_frame;
    if (isPlaying()) { // keep playing from the new place
        m_anchorFrame = clamped;
        m_clock.restart();
    }
    if (clamped == m_frame)
        return;
    m_frame = clamped;
    Q_EMIT frameChanged(m_frame);
    if (jump)
        Q_EMIT jumped(m_frame);
}

void Transport::step(qint64 delta)
{
    pause();
    seek(m_frame + delta);
}

void Transport::togglePlay()
{
    if (isPlaying())
        pause();
    else
        play();
}

void Transport::play()
{
    if (m_frame >= rangeEnd() && !m_loop)
        seek(rangeStart() == m_frame ? 0 : rangeStart());
    setRate(1);
}

void Transport::pause()
{
    setRate(0);
}

void Transport::shuttleForward()
{
    if (m_holdStop) {
        step(1);
        return;
    }
    setRate(m_rate <= 0 ? 1 : std::min(m_rate * 2, kMaxShuttle));
}

void Transport::shuttleBackward()
{
    if (m_holdStop) {
        step(-1);
        return;
    }
    setRate(m_rate >= 0 ? -1 : std::max(m_rate * 2, -kMaxShuttle));
}

void Transport::setHoldStop(bool held)
{
    m_holdStop = held;
    if (held)
        pause();
}

void Transport::goToStart()
{
    pause();
    seek(0);
}

void Transport::goToEnd()
{
    pause();
    seek(m_frameCount - 1);
}

void Transport::markIn()
{
    m_in = m_frame;
    if (m_out && *m_out < *m_in)
        m_out.reset();
    Q_EMIT marksChanged();
}

void Transport::markOut()
{
    m_out = m_frame;
    if (m_in && *m_in > *m_out)
        m_in.reset();
    Q_EMIT marksChanged();
}

void Transport::clearMarks()
{
    m_in.reset();
    m_out.reset();
    Q_EMIT marksChanged();
}

void Transport::setLoop(bool loop)
{
    m_loop = loop;
    Q_EMIT marksChanged();
}

qint64 Transport::rangeStart() const
{
    return m_loop && m_in ? *m_in : 0;
}

qint64 Transport::rangeEnd() const
{
    return m_loop && m_out ? *m_out : m_frameCount - 1;
}

void Transport::setRate(int rate)
{
    if (rate == m_rate)
        return;
    m_rate = rate;
    if (m_rate == 0) {
        m_timer.stop();
    } else {
        m_anchorFrame = m_frame;
        m_clock.restart();
        // Tick at least once per displayed frame; the clock decides which frame is due.
        m_timer.start(std::max(4, int(1000.0 / (m_fps * std::min(std::abs(m_rate), 4)))));
    }
    Q_EMIT playingChanged(m_rate != 0, m_rate);
}

void Transport::tick()
{
    if (m_rate == 0 || m_frameCount <= 0)
        return;
    const double elapsed = m_externalClock && m_rate == 1 ? m_externalClock() : m_clock.nsecsElapsed() / 1e9;
    qint64 due = m_anchorFrame + qint64(std::floor(elapsed * m_fps * m_rate));
    const qint64 first = rangeStart();
    const qint64 last = rangeEnd();
    if (due > last || due < first) {
        if (m_loop) {
            const qint64 span = last - first + 1;
            due = m_rate > 0 ? first + (due - first) % span : last - ((last - due) % span);
            m_anchorFrame = due;
            m_clock.restart();
            if (due != m_frame) {
                m_frame = due;
                Q_EMIT frameChanged(m_frame);
            }
            Q_EMIT jumped(m_frame);
            return;
        } else {
            due = std::clamp(due, qint64(0), m_frameCount - 1);
            if (due != m_frame) {
                m_frame = due;
                Q_EMIT frameChanged(m_frame);
            }
            pause();
            return;
        }
    }
    if (due != m_frame) {
        m_frame = due;
        Q_EMIT frameChanged(m_frame);
    }
}

} // namespace greenlight
