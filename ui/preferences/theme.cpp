#include "preferences/theme.h"

#include "settings.h"

#include <QApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QPointer>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

#include <memory>
#include <utility>

namespace greenlight {

namespace {

const QString kPortalService = QStringLiteral("org.freedesktop.portal.Desktop");
const QString kPortalPath = QStringLiteral("/org/freedesktop/portal/desktop");
const QString kPortalInterface = QStringLiteral("org.freedesktop.portal.Settings");
const QString kAppearance = QStringLiteral("org.freedesktop.appearance");
const QString kColorScheme = QStringLiteral("color-scheme");
// Startup waits this long at most for a portal that does not answer.
constexpr int kPortalTimeout_ms = 1000;
constexpr uint kPreferDark = 1;
constexpr uint kPreferLight = 2;

QPointer<Theme> s_instance;

// Read(ss) wraps the value in a second variant; ReadOne and the signal wrap it once.
QVariant unwrap(QVariant value)
{
    while (value.userType() == qMetaTypeId<QDBusVariant>())
        value = qvariant_cast<QDBusVariant>(value).variant();
    return value;
}

} // namespace

Theme::Theme(QApplication &app) : QObject(&app), m_app(app), m_platformPalette(QApplication::palette())
{
    qRegisterMetaType<QDBusVariant>();
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected())
        bus.connect(kPortalService, kPortalPath, kPortalInterface, QStringLiteral("SettingChanged"), this,
                    SLOT(portalSettingChanged(QString, QString, QDBusVariant)));
}

Theme *Theme::applyFromSettings(QApplication &app)
{
    if (!s_instance)
        s_instance = new Theme(app);
    s_instance->m_portalScheme = portalColorScheme();
    s_instance->m_mode = modeFromString(AppSettings().theme());
    s_instance->apply();
    return s_instance;
}

Theme *Theme::instance()
{
    return s_instance;
}

Theme::Mode Theme::modeFromString(const QString &text)
{
    if (text == QLatin1String("light"))
        return Mode::Light;
    if (text == QLatin1String("dark"))
        return Mode::Dark;
    return Mode::FollowDesktop;
}

QString Theme::toString(Mode mode)
{
    switch (mode) {
    case Mode::Light:
        return QStringLiteral("light");
    case Mode::Dark:
        return QStringLiteral("dark");
    case Mode::FollowDesktop:
        break;
    }
    return QStringLiteral("desktop");
}

void Theme::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    apply();
}

std::optional<uint> Theme::portalColorScheme()
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (!bus.isConnected())
        return std::nullopt;
    // ReadOne is the current method; portals before version 2 only have Read.
    for (const QString &method : {QStringLiteral("ReadOne"), QStringLiteral("Read")}) {
        QDBusMessage call = QDBusMessage::createMethodCall(kPortalService, kPortalPath, kPortalInterface, method);
        call << kAppearance << kColorScheme;
        const QDBusMessage reply = bus.call(call, QDBus::Block, kPortalTimeout_ms);
        if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty()) {
            bool ok = false;
            const uint scheme = unwrap(reply.arguments().constFirst()).toUInt(&ok);
            if (ok)
                return scheme;
        }
        if (reply.type() == QDBusMessage::ErrorMessage
            && reply.errorName() != QLatin1String("org.freedesktop.DBus.Error.UnknownMethod"))
            break; // no portal, or it does not know the setting: Read would not either
    }
    return std::nullopt;
}

bool Theme::desktopPrefersDark() const
{
    if (m_portalScheme == kPreferDark)
        return true;
    if (m_portalScheme == kPreferLight)
        return false;
    if (qEnvironmentVariable("GTK_THEME").endsWith(QLatin1String(":dark"), Qt::CaseInsensitive))
        return true;
    return m_platformPalette.color(QPalette::Window).lightness() < 128;
}

void Theme::portalSettingChanged(const QString &ns, const QString &key, const QDBusVariant &value)
{
    if (ns != kAppearance || key != kColorScheme)
        return;
    bool ok = false;
    const uint scheme = unwrap(value.variant()).toUInt(&ok);
    m_portalScheme = ok ? std::optional<uint>(scheme) : std::nullopt;
    if (m_mode == Mode::FollowDesktop)
        apply();
}

void Theme::apply()
{
    const bool dark = m_mode == Mode::Dark || (m_mode == Mode::FollowDesktop && desktopPrefersDark());
    if (!m_app.style() || m_app.style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        m_app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
    const bool was = std::exchange(m_dark, dark);
    if (was != dark)
        Q_EMIT changed(dark);
}

QColor Theme::toneColor(const QWidget *widget, Tone tone)
{
    const bool dark = widget->palette().color(QPalette::Window).lightness() < 128;
    switch (tone) {
    case Tone::Good:
        return dark ? QColor(0x7d, 0xd8, 0x96) : QColor(0x1b, 0x6e, 0x3a);
    case Tone::Caution:
        return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0x8a, 0x53, 0x00);
    case Tone::Problem:
        break;
    }
    return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
}

QPalette Theme::lightPalette()
{
    static const QPalette palette = [] {
        std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        QPalette p = fusion->standardPalette();
        p.setColor(QPalette::PlaceholderText, QColor(0x76, 0x76, 0x76));
        p.setColor(QPalette::Link, QColor(0x1a, 0x5f, 0xb4));
        return p;
    }();
    return palette;
}

QPalette Theme::darkPalette()
{
    static const QPalette palette = [] {
        const QColor window(0x30, 0x30, 0x30), base(0x24, 0x24, 0x24), text(0xe8, 0xe8, 0xe8);
        const QColor disabledText(0x80, 0x80, 0x80);
        QPalette p;
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor(0x2c, 0x2c, 0x2c));
        p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x3c, 0x3c));
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
        p.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
        p.setColor(QPalette::Midlight, QColor(0x44, 0x44, 0x44));
        p.setColor(QPalette::Mid, QColor(0x2a, 0x2a, 0x2a));
        p.setColor(QPalette::Dark, QColor(0x1c, 0x1c, 0x1c));
        p.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xc4));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x78, 0xb4, 0xff));
        p.setColor(QPalette::LinkVisited, QColor(0xb8, 0x9c, 0xf0));
        for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText,
                                         QPalette::ToolTipText, QPalette::PlaceholderText})
            p.setColor(QPalette::Disabled, role, disabledText);
        p.setColor(QPalette::Disabled, QPalette::Base, window);
        p.setColor(QPalette::Disabled, QPalette::Button, QColor(0x34, 0x34, 0x34));
        p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x50, 0x50, 0x50));
        p.setColor(QPalette::Disabled, QPalette::HighlightedText, disabledText);
        return p;
    }();
    return palette;
}

} // namespace greenlight
