#pragma once

#include "spec/videospec.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QStackedWidget;

namespace greenlight {

// A duration typed in frames or in seconds (a unit switch). In seconds the hint shows the
// whole frame count the value rounds to at the canvas frame rate; in frames, the seconds.
// Emits framesEdited only when the user commits a value (Enter, leaving the field, arrows).
class DurationEdit : public QWidget
{
    Q_OBJECT
public:
    enum class Unit { Frames, Seconds };

    explicit DurationEdit(QWidget *parent = nullptr);

    void setFps(const Rational &fps);
    Rational fps() const { return m_fps; }
    // Shows a value without emitting framesEdited.
    void setFrames(qint64 frames);
    qint64 frames() const { return m_frames; }
    void setUnit(Unit unit);
    Unit unit() const;

    QSpinBox *framesBox() const { return m_framesBox; }
    QDoubleSpinBox *secondsBox() const { return m_secondsBox; }
    QComboBox *unitBox() const { return m_unitBox; }
    QLabel *hintLabel() const { return m_hint; }

Q_SIGNALS:
    void framesEdited(qint64 frames);

private:
    void show(qint64 frames);
    void updateHint();
    qint64 framesForSecondsText(const QString &text) const;

    QStackedWidget *m_stack;
    QSpinBox *m_framesBox;
    QDoubleSpinBox *m_secondsBox;
    QComboBox *m_unitBox;
    QLabel *m_hint;
    Rational m_fps;
    qint64 m_frames = 0;
    bool m_updating = false;
};

} // namespace greenlight
