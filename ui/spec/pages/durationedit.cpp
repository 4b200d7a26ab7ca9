#include "durationedit.h"

#include "sceneedits.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QStackedWidget>

namespace greenlight {

namespace {
constexpr int kMaxFrames = 10'000'000;
}

DurationEdit::DurationEdit(QWidget *parent)
    : QWidget(parent), m_stack(new QStackedWidget(this)), m_framesBox(new QSpinBox(m_stack)),
      m_secondsBox(new QDoubleSpinBox(m_stack)), m_unitBox(new QComboBox(this)), m_hint(new QLabel(this))
{
    m_framesBox->setObjectName(QStringLiteral("durationFrames"));
    m_framesBox->setRange(1, kMaxFrames);
    m_framesBox->setKeyboardTracking(false);
    m_framesBox->setAccessibleName(tr("Duration in frames"));
    m_secondsBox->setObjectName(QStringLiteral("durationSeconds"));
    m_secondsBox->setDecimals(3);
    m_secondsBox->setRange(0.001, 100000.0);
    m_secondsBox->setSingleStep(0.5);
    m_secondsBox->setKeyboardTracking(false);
    m_secondsBox->setAccessibleName(tr("Duration in seconds"));
    m_stack->addWidget(m_framesBox);
    m_stack->addWidget(m_secondsBox);
    m_unitBox->setObjectName(QStringLiteral("durationUnit"));
    m_unitBox->addItem(tr("frames"));
    m_unitBox->addItem(tr("seconds"));
    m_unitBox->setAccessibleName(tr("Duration unit"));
    m_hint->setObjectName(QStringLiteral("durationHint"));
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setMinimumWidth(m_hint->fontMetrics().horizontalAdvance(QStringLiteral("= 00000 frames")));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_unitBox);
    layout->addWidget(m_hint);
    setFocusProxy(m_framesBox);

    connect(m_framesBox, &QSpinBox::valueChanged, this, [this](int value) {
        if (m_updating)
            return;
        show(value);
        Q_EMIT framesEdited(value);
    });
    connect(m_secondsBox, &QDoubleSpinBox::valueChanged, this, [this](double seconds) {
        if (m_updating)
            return;
        const qint64 frames = std::max<qint64>(1, SceneEdits::framesForSeconds(seconds, m_fps));
        show(frames);
        Q_EMIT framesEdited(frames);
    });
    // While typing seconds, the hint already says which frame count they round to.
    connect(m_secondsBox->findChild<QLineEdit *>(), &QLineEdit::textEdited, this, [this] { updateHint(); });
    connect(m_unitBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_stack->setCurrentIndex(index);
        setFocusProxy(index == 0 ? static_cast<QWidget *>(m_framesBox) : m_secondsBox);
        show(m_frames);
    });
    show(0);
}

void DurationEdit::setFps(const Rational &fps)
{
    if (fps == m_fps || fps.num <= 0 || fps.den <= 0)
        return;
    m_fps = fps;
    show(m_frames);
}

void DurationEdit::setFrames(qint64 frames)
{
    if (frames == m_frames)
        return;
    show(frames);
}

void DurationEdit::setUnit(Unit unit)
{
    m_unitBox->setCurrentIndex(unit == Unit::Frames ? 0 : 1);
}

DurationEdit::Unit DurationEdit::unit() const
{
    return m_unitBox->currentIndex() == 0 ? Unit::Frames : Unit::Seconds;
}

void DurationEdit::show(qint64 frames)
{
    m_frames = frames;
    m_updating = true;
    if (m_framesBox->value() != frames)
        m_framesBox->setValue(int(std::clamp<qint64>(frames, 1, kMaxFrames)));
    const double seconds = SceneEdits::secondsForFrames(frames, m_fps);
    // Leave the seconds the user typed alone when they round to the frames shown.
    if (SceneEdits::framesForSeconds(m_secondsBox->value(), m_fps) != frames)
        m_secondsBox->setValue(seconds);
    m_updating = false;
    updateHint();
}

qint64 DurationEdit::framesForSecondsText(const QString &text) const
{
    bool ok = false;
    const double seconds = locale().toDouble(text.trimmed(), &ok);
    return ok ? SceneEdits::framesForSeconds(seconds, m_fps) : m_frames;
}

void DurationEdit::updateHint()
{
    const QString fps = QString::number(m_fps.toDouble(), 'f', m_fps.den == 1 ? 0 : 3);
    if (unit() == Unit::Seconds) {
        const qint64 frames = framesForSecondsText(m_secondsBox->cleanText());
        const QString count = frames == 1 ? tr("1 frame") : tr("%1 frames").arg(frames);
        m_hint->setText(tr("= %1").arg(count));
        m_hint->setToolTip(tr("Scenes last whole frames: at %1 fps the seconds round to %2.").arg(fps, count));
    } else {
        const double seconds = SceneEdits::secondsForFrames(m_frames, m_fps);
        m_hint->setText(tr("= %1 s").arg(QLocale().toString(seconds, 'f', 2)));
        m_hint->setToolTip(tr("At %1 fps.").arg(fps));
    }
}

} // namespace greenlight
