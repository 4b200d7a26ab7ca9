#pragma once

#include <QObject>
#include <QPalette>
#include <QString>

#include <optional>

class QApplication;
class QDBusVariant;
class QWidget;

namespace greenlight {

// The app's look: the Fusion style with a light or a dark palette. "Follow desktop" asks the
// freedesktop settings portal for org.freedesktop.appearance color-scheme (the cross-desktop
// standard GNOME, KDE and others publish) and follows its SettingChanged signal while the app
// runs. Without a session bus or portal it falls back to GTK_THEME ending in ":dark", then to
// the lightness of the platform's own palette. One Theme lives on the application.
class Theme : public QObject
{
    Q_OBJECT
public:
    enum class Mode { FollowDesktop, Light, Dark };

    // Applies the theme AppSettings names to the application and returns the application's
    // Theme (created on the first call).
    static Theme *applyFromSettings(QApplication &app);
    // The application's Theme, or nullptr before applyFromSettings.
    static Theme *instance();

    static Mode modeFromString(const QString &text); // "desktop" | "light" | "dark"
    static QString toString(Mode mode);
    static QPalette lightPalette();
    static QPalette darkPalette();
    // The portal's color-scheme: 0 no preference, 1 prefer dark, 2 prefer light; nullopt
    // when no portal answers on the session bus.
    static std::optional<uint> portalColorScheme();

    // Text colours that read well on the palette a widget uses, light or dark.
    enum class Tone { Problem, Good, Caution };
    static QColor toneColor(const QWidget *widget, Tone tone);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    bool isDark() const { return m_dark; }
    // Whether the desktop prefers dark, by the portal and then the fallbacks.
    bool desktopPrefersDark() const;

Q_SIGNALS:
    void changed(bool dark);

private Q_SLOTS:
    void portalSettingChanged(const QString &ns, const QString &key, const QDBusVariant &value);

private:
    explicit Theme(QApplication &app);
    void apply();

    QApplication &m_app;
    QPalette m_platformPalette; // the platform's palette, before any of ours
    Mode m_mode = Mode::FollowDesktop;
    bool m_dark = false;
    std::optional<uint> m_portalScheme; // last value the portal reported
};

} // namespace greenlight
